"""Printable pages and PDFs of the forms and notifications: one HTML, two outputs.

The HTML carries its own print stylesheet (A4, page numbers, no navigation), so the browser's
print dialog and WeasyPrint produce the same document. WeasyPrint is imported only when a PDF
is asked for: it loads Pango and friends, which the idle server does not need.
"""

from __future__ import annotations

from datetime import date
from datetime import datetime
from pathlib import Path
from typing import Any

from jinja2 import Environment
from jinja2 import FileSystemLoader
from jinja2 import select_autoescape

from matching.formatting import format_datum
from service.clock import NL
from service.formulieren.definities import Definitie

#: The print stylesheet: linked from the web page (the CSP allows no inline style there),
#: inlined into the HTML that WeasyPrint renders.
CSS = Path(__file__).parents[1] / "web" / "static" / "afdruk.css"

_env = Environment(
    loader=FileSystemLoader(Path(__file__).parent / "templates"),
    autoescape=select_autoescape(["html"]),
    trim_blocks=True,
    lstrip_blocks=True,
)


def datum(waarde: Any) -> str:
    """A date as Dutch words: 3 maart 2026 (moments in Dutch local time)."""
    if waarde in (None, ""):
        return ""
    if isinstance(waarde, str):
        try:
            waarde = (
                date.fromisoformat(waarde[:10])
                if len(waarde) <= 10
                else datetime.fromisoformat(waarde)
            )
        except ValueError:
            return waarde
    if isinstance(waarde, datetime):
        moment = waarde.astimezone(NL)
        return f"{format_datum(moment.date())}, {moment:%H:%M}"
    return format_datum(waarde)


_env.filters["datum"] = datum


def waarde(veld: Any, inhoud: dict[str, Any]) -> str:
    v = inhoud.get(veld.naam)
    if veld.type == "vink":
        return "☒" if v else "☐"
    if veld.type == "keuze":
        return dict(veld.keuzes).get(v, "") if v else ""
    if veld.type == "datum":
        return datum(v)
    return "" if v is None else str(v)


_env.globals["waarde"] = waarde


def formulier_html(
    definitie: Definitie,
    *,
    inhoud: dict[str, Any],
    versie: int,
    opgeslagen_op: datetime,
    opgeslagen_door: str,
    client: dict[str, Any],
    bijlage: dict[str, Any] | None = None,
    voor_pdf: bool = False,
) -> str:
    """The printable form; ``bijlage`` attaches another form (the preventie-actieplan, ZOU-B4)."""
    return _env.get_template("formulier.html").render(
        d=definitie,
        inhoud=inhoud,
        versie=versie,
        opgeslagen_op=opgeslagen_op,
        opgeslagen_door=opgeslagen_door,
        client=client,
        bijlage=bijlage,
        css=CSS.read_text(encoding="utf-8") if voor_pdf else None,
    )


def kennisgeving_html(*, voor_pdf: bool = False, **context: Any) -> str:
    """ZOU-P4: the ready, printable notification to the gemeente and the sociaal wijkteam."""
    css = CSS.read_text(encoding="utf-8") if voor_pdf else None
    return _env.get_template("kennisgeving.html").render(css=css, **context)


def pdf(html: str) -> bytes:
    # Imported here on purpose: WeasyPrint loads Pango/cairo-like libraries that an idle
    # server does not need (keeps the idle memory low).
    from weasyprint import HTML  # lazy: heavy library

    return HTML(string=html).write_pdf()
