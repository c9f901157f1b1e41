"""Shared plumbing of the web pages: templates, the logged-in person, CSRF, confirmations and
error pages. The form helpers live beside it, in ``service.web.formulier``."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated
from typing import Any
from urllib.parse import urlencode

from fastapi import Depends
from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.responses import RedirectResponse
from fastapi.templating import Jinja2Templates
from sqlalchemy import Engine
from sqlalchemy import update
from sqlmodel import Session
from sqlmodel import col

from service.auth import Actor
from service.deps import SessionDep
from service.deps import vereis
from service.errors import NietAangemeld
from service.errors import Verboden
from service.models import Gebruiker
from service.models import OrganisatieSoort
from service.models import WebSessie
from service.models.gebruiker import MELDING_MAX
from service.web import charts
from service.web import menu
from service.web import woorden
from service.web.sessies import COOKIE
from service.web.sessies import sessie

HERE = Path(__file__).parent
templates = Jinja2Templates(directory=HERE / "templates")
templates.env.globals["staafdiagram"] = charts.staafdiagram
templates.env.globals["DATUM_HINT"] = woorden.DATUM_HINT
templates.env.filters["datum"] = woorden.datum
templates.env.filters["procent"] = woorden.procent
templates.env.filters["getal"] = woorden.getal
templates.env.globals["maandnaam"] = woorden.maand
templates.env.globals["zonder_api"] = woorden.zonder_api

SOORT_TITEL = {
    OrganisatieSoort.bemiddelaar: "Het Vierde Huis",
    OrganisatieSoort.zorgaanbieder: "Zorgaanbieder",
    OrganisatieSoort.corporatie: "Corporatie",
    OrganisatieSoort.regiobeheer: "Regiobeheer",
}


class NietIngelogd(Exception):
    """No valid session: the page handler redirects to the login page."""


@dataclass(frozen=True)
class Persoon:
    gebruiker: Gebruiker
    actor: Actor
    sessie: WebSessie
    #: The confirmation left by the previous action (read once from the server-side session).
    melding: str | None = None
    #: The write engine, for storing the next confirmation in the session.
    engine: Engine | None = None


def huidige_persoon(request: Request, session: SessionDep) -> Persoon:
    gevonden = sessie(session, request.cookies.get(COOKIE))
    if gevonden is None:
        raise NietIngelogd()
    row, g, actor = gevonden
    engine = request.app.state.engine
    # A page (GET) shows the waiting confirmation once; a form post (which holds the write
    # transaction) leaves it for the page it leads to.
    melding = neem_melding(engine, row) if request.method in ("GET", "HEAD") else None
    return Persoon(gebruiker=g, actor=actor, sessie=row, melding=melding, engine=engine)


PersoonDep = Annotated[Persoon, Depends(huidige_persoon)]


def mag(persoon: Persoon, *soorten: OrganisatieSoort) -> None:
    """The same kind check as the API (``service.deps.vereis``)."""
    vereis(persoon.actor, tuple(soorten))


def check_csrf(persoon: Persoon, token: str | None) -> None:
    if not token or not secrets.compare_digest(token, persoon.sessie.csrf):
        raise Verboden("Dit formulier is verlopen of niet van deze site. Laad de pagina opnieuw.")


def render(
    request: Request, template: str, persoon: Persoon | None, status_code: int = 200, **context: Any
) -> HTMLResponse:
    """A page; the confirmation of the previous action comes from the server-side session (a
    page that answers a form with messages shows none)."""
    return templates.TemplateResponse(
        request,
        template,
        {
            "persoon": persoon,
            "csrf": persoon.sessie.csrf if persoon else "",
            "soort_titel": SOORT_TITEL,
            "menu_items": menu.items(persoon.actor.soort) if persoon else (),
            "menu_actief": menu.actief(persoon.actor.soort, request.url.path) if persoon else None,
            "melding": persoon.melding if persoon and status_code == 200 else None,
            "foutlinks": foutlinks(context.get("fouten")) if context.get("samenvatting") else [],
            **context,
        },
        status_code=status_code,
    )


def formulierpagina(
    request: Request,
    template: str,
    persoon: Persoon,
    fouten: dict[str, str] | None,
    status_code: int = 200,
    **context: Any,
) -> HTMLResponse:
    """A page with one form: the messages by field, the one about the whole form at the top
    (``fout``) and the summary with a link to each field."""
    fouten = fouten or {}
    return render(
        request,
        template,
        persoon,
        status_code=status_code,
        fouten=fouten,
        fout=fouten.get(""),
        samenvatting=True,
        **context,
    )


def foutlinks(fouten: Any) -> list[tuple[str, str]]:
    """The error summary at the top of a one-form page: a link to each field with a message
    (the field ids of ``_velden.html``: the name with dots as dashes)."""
    if not isinstance(fouten, dict):
        return []
    return [
        (naam.replace(".", "-"), tekst)
        for naam, tekst in sorted(fouten.items())
        if naam and isinstance(tekst, str)
    ]


def neem_melding(engine: Engine, row: WebSessie) -> str | None:
    """Take the waiting confirmation out of the session (shown once)."""
    if not row.melding:
        return None
    with engine.begin() as conn:
        conn.execute(update(WebSessie).where(col(WebSessie.id) == row.id).values(melding=None))
    return row.melding


def terug(
    persoon: Persoon, url: str, melding: str | None = None, **params: Any
) -> RedirectResponse:
    """303 to ``url`` (with query parameters); the confirmation waits in the server-side session,
    never in the address, so nobody can put text on a page through a link."""
    if melding and persoon.engine is not None:
        with persoon.engine.begin() as conn:
            conn.execute(
                update(WebSessie)
                .where(col(WebSessie.id) == persoon.sessie.id)
                .values(melding=melding[:MELDING_MAX])
            )
    query = {k: v for k, v in params.items() if v is not None}
    return RedirectResponse(url + (f"?{urlencode(query)}" if query else ""), status_code=303)


def pagina_fout(request: Request, status: int, titel: str, detail: str) -> HTMLResponse:
    """An error as a page, for a person in a browser (the API answers problem+json instead)."""
    return templates.TemplateResponse(
        request,
        "fout.html",
        {"persoon": None, "csrf": "", "titel": titel, "detail": detail, "soort_titel": SOORT_TITEL},
        status_code=status,
    )


#: The paths of the pages: an error there is shown as a page, elsewhere as problem+json.
WEB_PREFIXES: tuple[str, ...] = ("/werk", "/inloggen", "/uitloggen", "/start")


def _foutpagina(request: Request, status: int, titel: str, detail: str) -> HTMLResponse | None:
    if request.url.path.startswith(WEB_PREFIXES):
        return pagina_fout(request, status, titel, detail)
    return None


def installeer_foutpagina(app: Any) -> None:
    """Errors on the pages become pages (``service.errors`` asks ``app.state.foutpagina``)."""
    app.state.foutpagina = _foutpagina


__all__ = ["NietAangemeld", "Session"]
