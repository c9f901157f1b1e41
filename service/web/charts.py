"""Small server-side SVG charts: nothing is fetched from the internet at run time."""

from __future__ import annotations

import secrets
from html import escape

from markupsafe import Markup


def _getal(waarde: float) -> str:
    """Dutch decimals in a chart: 8,3 (not 8.3)."""
    return f"{waarde:g}".replace(".", ",")


KLEUREN = ("#1f5f8b", "#2e8540", "#b65c00", "#6b6b6b", "#7a3e9d")


def staafdiagram(titel: str, reeksen: list[tuple[str, float]], *, eenheid: str = "") -> Markup:
    """A horizontal bar chart with a text alternative (accessible: role=img + title + desc).
    Each chart gets its own element ids, so several on one page keep their own description."""
    uid = secrets.token_hex(4)
    hoogte = 28 * max(1, len(reeksen)) + 10
    breedte, label_breedte = 560, 180
    maximum = max((v for _, v in reeksen), default=0) or 1
    desc = (
        "; ".join(f"{label}: {_getal(waarde)}{eenheid}" for label, waarde in reeksen)
        or "geen gegevens"
    )
    regels = [
        f'<svg role="img" aria-labelledby="t{uid} d{uid}" viewBox="0 0 {breedte + 80} {hoogte}" width="100%" '
        f'xmlns="http://www.w3.org/2000/svg"><title id="t{uid}">{escape(titel)}</title>'
        f'<desc id="d{uid}">{escape(desc)}</desc>'
    ]
    for i, (label, waarde) in enumerate(reeksen):
        y = 5 + i * 28
        w = (breedte - label_breedte - 60) * (waarde / maximum)
        kleur = KLEUREN[i % len(KLEUREN)]
        regels.append(
            f'<text x="0" y="{y + 16}" font-size="13">{escape(label)}</text>'
            f'<rect x="{label_breedte}" y="{y}" width="{w:.1f}" height="20" fill="{kleur}"/>'
            f'<text x="{label_breedte + w + 6:.1f}" y="{y + 15}" font-size="13">{_getal(waarde)}{escape(eenheid)}</text>'
        )
    regels.append("</svg>")
    return Markup("".join(regels))


def grafiek(
    sleutel: str, titel: str, reeksen: list[tuple[str, float]], eenheid: str = ""
) -> Markup | None:
    """``staafdiagram`` (its own element ids per chart); no data: no chart (the table says so).
    ``sleutel`` names the chart for the reader of the code (the ids are random)."""
    if not reeksen:
        return None
    return staafdiagram(titel, reeksen, eenheid=eenheid)
