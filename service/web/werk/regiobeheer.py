"""Pages for the regiobeheer (Beter Wonen): commitments per corporatie, the distribution over the
zorgaanbieders, and the regional figures as charts.

The same actions and kind checks as the API: reading is open to the kinds the API lets read
(regiobeheer and the bemiddelaar), changing only to the regiobeheer. Every chart has a table
with the same numbers next to it.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.responses import RedirectResponse
from fastapi.responses import Response
from sqlmodel import Session
from sqlmodel import func
from sqlmodel import select

from service.contingenten import actions as contingenten
from service.contingenten.schemas import ToezeggingInvoer
from service.contingenten.schemas import VerdelingInvoer
from service.deps import SessionDep
from service.models import Organisatie
from service.models import OrganisatieSoort
from service.models import Toezegging
from service.organisaties.actions import list_organisaties
from service.rapportages.actions import regiocijfers
from service.schemas import Paging
from service.web.cijfers import cijferblokken
from service.web.formulier import Formulier
from service.web.formulier import formulier_post
from service.web.formulier import jaar_uit
from service.web.formulier import paginafouten
from service.web.formulier import samenvatting
from service.web.formulier import veldfouten
from service.web.pages import Persoon
from service.web.pages import PersoonDep
from service.web.pages import mag
from service.web.pages import render
from service.web.pages import terug
from service.web.soorten import B
from service.web.soorten import R

router = APIRouter()


def _organisaties(session: Session, soort: OrganisatieSoort) -> list[Organisatie]:
    rows, _ = list_organisaties(session, soort=soort, paging=Paging(pagina=1, pagina_grootte=200))
    return [o for o in rows if o.actief]


# --- toezeggingen --------------------------------------------------------------------------------


@router.get("/toezeggingen", response_class=HTMLResponse)
def toezeggingen(request: Request, persoon: PersoonDep, session: SessionDep) -> HTMLResponse:
    mag(persoon, R, B)
    jaar = jaar_uit(request.query_params.get("jaar"))
    return _toezeggingen(request, persoon, session, jaar, {"jaar": str(jaar)}, {})


def _toezeggingen(
    request: Request,
    persoon: Persoon,
    session: Session,
    jaar: int,
    waarden: dict[str, str],
    fouten: dict[str, str],
    status_code: int = 200,
) -> HTMLResponse:
    rows = {
        t.corporatie_id: t
        for t in contingenten.list_toezeggingen(session, persoon.actor, jaar=jaar)
    }
    corporaties = _organisaties(session, OrganisatieSoort.corporatie)
    return render(
        request,
        "regiobeheer_toezeggingen.html",
        persoon,
        status_code=status_code,
        fout=fouten.get(""),
        jaar=jaar,
        rijen=[(c, rows.get(c.id)) for c in corporaties],
        totaal=sum(t.aantal for t in rows.values()),
        keuzes=[(str(c.id), c.naam) for c in corporaties],
        w=waarden,
        fouten=fouten,
        mag_wijzigen=persoon.actor.soort == R,
    )


@router.post("/toezeggingen", response_model=None)
def toezegging_vastleggen(
    request: Request, persoon: PersoonDep, session: SessionDep, form: Formulier
) -> Response:
    mag(persoon, R)
    invoer = {k: v for k in ("corporatieId", "jaar", "aantal", "toelichting") if (v := form.get(k))}

    def klaar(uit: Any) -> RedirectResponse:
        woningen = "woning" if uit.aantal == 1 else "woningen"
        return terug(
            persoon,
            "/werk/toezeggingen",
            f"De toezegging van {uit.corporatie} voor {uit.jaar} is vastgelegd: "
            f"{uit.aantal} {woningen}.",
            jaar=uit.jaar,
        )

    return formulier_post(
        session,
        persoon,
        form,
        lambda: contingenten.set_toezegging(
            session, data=ToezeggingInvoer.model_validate(invoer), by=persoon.actor
        ),
        lambda exc: _toezeggingen(
            request,
            persoon,
            session,
            jaar_uit(form.get("jaar")),
            form,
            paginafouten(exc),
            400,
        ),
        klaar,
    )


# --- verdeling -----------------------------------------------------------------------------------


@router.get("/verdeling", response_class=HTMLResponse)
def verdeling(request: Request, persoon: PersoonDep, session: SessionDep) -> HTMLResponse:
    mag(persoon, R, B)
    jaar = jaar_uit(request.query_params.get("jaar"))
    zorg = _organisaties(session, OrganisatieSoort.zorgaanbieder)
    waarden: dict[str, str] = {"jaar": str(jaar)}
    huidig = contingenten.current(session, jaar)
    if huidig is not None:  # start the next version from the current one
        regels = {
            r.zorgaanbieder_id: r
            for r in contingenten.public_verdeling(session, huidig, persoon.actor).regels
        }
        for i, z in enumerate(zorg):
            if (r := regels.get(z.id)) is not None:
                waarden[f"aandelen.{i}.gewicht"] = r.gewicht
                waarden[f"aandelen.{i}.minimum"] = "" if r.minimum is None else str(r.minimum)
                waarden[f"aandelen.{i}.maximum"] = "" if r.maximum is None else str(r.maximum)
    return _verdeling(request, persoon, session, jaar, zorg, waarden, {})


def _verdeling(
    request: Request,
    persoon: Persoon,
    session: Session,
    jaar: int,
    zorg: list[Organisatie],
    waarden: dict[str, str],
    fouten: dict[str, str],
    status_code: int = 200,
) -> HTMLResponse:
    huidig = contingenten.current(session, jaar)
    toegezegd = session.exec(
        select(func.coalesce(func.sum(Toezegging.aantal), 0)).where(Toezegging.jaar == jaar)
    ).one()
    return render(
        request,
        "regiobeheer_verdeling.html",
        persoon,
        status_code=status_code,
        fout=fouten.get(""),
        jaar=jaar,
        vd=contingenten.public_verdeling(session, huidig, persoon.actor) if huidig else None,
        versies=contingenten.list_verdelingen(session, jaar=jaar),
        toegezegd=int(toegezegd),
        zorgaanbieders=zorg,
        w=waarden,
        fouten=fouten,
        mag_wijzigen=persoon.actor.soort == R,
    )


@router.post("/verdeling", response_model=None)
def verdeling_maken(
    request: Request, persoon: PersoonDep, session: SessionDep, form: Formulier
) -> Response:
    mag(persoon, R)
    zorg = _organisaties(session, OrganisatieSoort.zorgaanbieder)
    invoer, rijen = verdeling_invoer(form)
    return formulier_post(
        session,
        persoon,
        form,
        lambda: contingenten.create_verdeling(
            session, data=VerdelingInvoer.model_validate(invoer), by=persoon.actor
        ),
        lambda exc: _verdeling(
            request,
            persoon,
            session,
            jaar_uit(form.get("jaar")),
            zorg,
            form,
            samenvatting(_per_rij(veldfouten(exc), rijen)),
            400,
        ),
        lambda v: terug(
            persoon,
            "/werk/verdeling",
            f"Versie {v.versie} van de verdeling voor {v.jaar} is gemaakt: {v.totaal} woningen.",
            jaar=v.jaar,
        ),
    )


def verdeling_invoer(form: dict[str, str]) -> tuple[dict[str, Any], list[int]]:
    """The API's body from the form: one share per zorgaanbieder with a weight (or a bound)
    filled in. Returns the body and, per share, the form row it came from."""
    aantal = len([k for k in form if k.startswith("aandelen.") and k.endswith(".zorgaanbiederId")])
    rijen: list[int] = []
    aandelen: list[dict[str, Any]] = []
    for i in range(aantal):
        velden = {
            v: form.get(f"aandelen.{i}.{v}", "").replace(",", ".")
            for v in ("gewicht", "minimum", "maximum")
        }
        if not any(velden.values()):
            continue  # this zorgaanbieder does not take part
        rijen.append(i)
        aandelen.append(
            {
                "zorgaanbiederId": form.get(f"aandelen.{i}.zorgaanbiederId"),
                **{k: v for k, v in velden.items() if v},
            }
        )
    body: dict[str, Any] = {k: v for k in ("jaar", "totaal", "reden") if (v := form.get(k))}
    body["aandelen"] = aandelen
    return body, rijen


def _per_rij(fouten: dict[str, str], rijen: list[int]) -> dict[str, str]:
    """``aandelen.2.gewicht`` is the third share sent, which is a row of the form."""
    out: dict[str, str] = {}
    for naam, reden in fouten.items():
        delen = naam.split(".")
        if len(delen) >= 3 and delen[0] == "aandelen" and delen[1].isdigit():
            j = int(delen[1])
            if j < len(rijen):
                naam = ".".join(["aandelen", str(rijen[j]), *delen[2:]])
        out.setdefault(naam, reden)
    return out


# --- regiocijfers --------------------------------------------------------------------------------


@router.get("/cijfers", response_class=HTMLResponse)
def cijfers(request: Request, persoon: PersoonDep, session: SessionDep) -> HTMLResponse:
    mag(persoon, R, B)
    jaar = jaar_uit(request.query_params.get("jaar"))
    c = regiocijfers(session, persoon.actor, jaar=jaar)
    return render(
        request,
        "regiobeheer_cijfers.html",
        persoon,
        jaar=jaar,
        c=c,
        blokken=cijferblokken(c),
    )


__all__ = ["router"]
