"""Shared plumbing of the web pages: templates, the logged-in person, CSRF, messages."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.templating import Jinja2Templates
from sqlmodel import Session

from service.auth import Actor
from service.deps import SessionDep, vereis
from service.errors import NietAangemeld, Verboden
from service.models import Gebruiker, OrganisatieSoort, WebSessie
from service.web import charts
from service.web.sessies import COOKIE, sessie

HERE = Path(__file__).parent
templates = Jinja2Templates(directory=HERE / "templates")
templates.env.globals["staafdiagram"] = charts.staafdiagram

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


def huidige_persoon(request: Request, session: SessionDep) -> Persoon:
    gevonden = sessie(session, request.cookies.get(COOKIE))
    if gevonden is None:
        raise NietIngelogd()
    row, g, actor = gevonden
    return Persoon(gebruiker=g, actor=actor, sessie=row)


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
    return templates.TemplateResponse(
        request,
        template,
        {
            "persoon": persoon,
            "csrf": persoon.sessie.csrf if persoon else "",
            "soort_titel": SOORT_TITEL,
            **context,
        },
        status_code=status_code,
    )


def terug(url: str, melding: str | None = None) -> RedirectResponse:
    from urllib.parse import quote

    return RedirectResponse(
        url + (f"?melding={quote(melding)}" if melding else ""), status_code=303
    )


def veldfouten(exc: Exception) -> dict[str, str]:
    """Field errors of a pydantic ValidationError or an OngeldigeInvoer, by field name (camelCase)."""
    from pydantic import ValidationError

    from service.errors import OngeldigeInvoer
    from service.errors import veldfouten as api_veldfouten

    if isinstance(exc, ValidationError):
        return {f.name: f.reason for f in api_veldfouten(list(exc.errors()))}
    if isinstance(exc, OngeldigeInvoer):
        return {f.name: f.reason for f in exc.fouten} or {"": exc.detail}
    return {"": str(exc)}


def pagina_fout(request: Request, status: int, titel: str, detail: str) -> HTMLResponse:
    """An error as a page, for a person in a browser (the API answers problem+json instead)."""
    return templates.TemplateResponse(
        request,
        "fout.html",
        {"persoon": None, "csrf": "", "titel": titel, "detail": detail, "soort_titel": SOORT_TITEL},
        status_code=status,
    )


__all__ = ["NietAangemeld", "Session"]
