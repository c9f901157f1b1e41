"""Commitments and what was delivered (ZOU-K1, ZOU-M1, ZOU-K3): the corporatie's placements
outside woonroute (a form, or a CSV/XLSX file), its commitment against what it delivered; the
regiobeheer's delivery per corporatie and the reallocation (herverdeling) of the contingent,
with the over-use per zorgaanbieder. The same actions as the API.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import ValidationError
from sqlmodel import Session, col, select
from starlette.datastructures import UploadFile

from service.clock import plus_maanden, vandaag
from service.contingenten import actions as contingenten
from service.contingenten.schemas import HerverdelingInvoer
from service.deps import SessionDep
from service.errors import Conflict, OngeldigeInvoer
from service.grenzen import Bestandsgrenzen
from service.models import Organisatie, OrganisatieSoort
from service.rapportages import actions as rapportages
from service.rapportages import upload as invoerbestand
from service.rapportages import verzending
from service.rapportages.schemas import ExternePlaatsingNieuw
from service.region import active
from service.web.pages import (
    Formulier,
    Persoon,
    PersoonDep,
    check_csrf,
    getal,
    mag,
    render,
    terug,
    veldfouten,
)
from service.web.werk.corporatie import CONTRACTVORMEN
from service.web.werk.zorgaanbieder import samenvatting

router = APIRouter()
B, C, R = OrganisatieSoort.bemiddelaar, OrganisatieSoort.corporatie, OrganisatieSoort.regiobeheer


def _jaar(request: Request) -> int:
    return getal(request.query_params.get("jaar"), vandaag().year, 2000, 2100)


def _zorgaanbieders(session: Session) -> list[tuple[str, str]]:
    return [
        (str(o.id), o.naam)
        for o in session.exec(
            select(Organisatie)
            .where(Organisatie.soort == OrganisatieSoort.zorgaanbieder)
            .order_by(Organisatie.naam)
        ).all()
    ]


# --- toezegging en levering ----------------------------------------------------------------------


@router.get("/levering", response_class=HTMLResponse)
def levering_pagina(request: Request, persoon: PersoonDep, session: SessionDep) -> HTMLResponse:
    """A corporatie: its own commitment against what it delivered; the regiobeheer and the
    bemiddelaar: every corporatie."""
    mag(persoon, C, R, B)
    jaar = _jaar(request)
    rijen = contingenten.leveringen(session, persoon.actor, jaar=jaar)
    if persoon.actor.soort == C:
        rijen = [r for r in rijen if r.corporatie_id == persoon.actor.organisatie_id]
    return render(request, "levering.html", persoon, jaar=jaar, rijen=rijen)


# --- externe plaatsingen (corporatie) ------------------------------------------------------------


def _extern(
    request: Request,
    session: Session,
    persoon: Persoon,
    *,
    waarden: dict[str, str] | None = None,
    fouten: dict[str, str] | None = None,
    problemen: list[tuple[str, str]] | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    jaar = _jaar(request)
    rijen, totaal = rapportages.list_extern(
        session, persoon.actor, jaar=jaar, corporatie_id=None, offset=0, limit=200
    )
    fouten = fouten or {}
    return render(
        request,
        "corporatie_extern.html",
        persoon,
        status_code=status_code,
        jaar=jaar,
        rijen=rijen,
        totaal=totaal,
        gemeenten=[(g, g) for g in active().gemeenten],
        zorgaanbieders=_zorgaanbieders(session),
        contractvormen=CONTRACTVORMEN,
        waarden=waarden or {"contractvorm": CONTRACTVORMEN[0][0]},
        fouten=fouten,
        fout=fouten.get("") or ("Het bestand is niet ingelezen." if problemen else None),
        samenvatting=True,
        problemen=problemen or [],
    )


@router.get("/externe-plaatsingen", response_class=HTMLResponse)
def extern_pagina(request: Request, persoon: PersoonDep, session: SessionDep) -> HTMLResponse:
    mag(persoon, C)
    return _extern(request, session, persoon)


@router.post("/externe-plaatsingen", response_model=None)
def extern_melden(
    request: Request, persoon: PersoonDep, session: SessionDep, form: Formulier
) -> HTMLResponse | RedirectResponse:
    check_csrf(persoon, form.get("csrf"))
    mag(persoon, C)
    velden = ("gemeente", "contractdatum", "contractvorm", "zorgaanbiederId", "omschrijving")
    waarden = {k: form.get(k, "") for k in (*velden, "binnenContingent")}
    body: dict[str, Any] = {k: waarden[k] for k in velden if waarden[k]}
    body["binnenContingent"] = waarden["binnenContingent"] == "ja"
    try:
        data = ExternePlaatsingNieuw.model_validate(body)
        rapportages.create_extern(session, data=data, by=persoon.actor)
    except (ValidationError, OngeldigeInvoer) as exc:
        session.rollback()
        fouten = samenvatting(veldfouten(exc))
        return _extern(request, session, persoon, waarden=waarden, fouten=fouten, status_code=400)
    session.commit()
    return terug(persoon, "/werk/externe-plaatsingen", "De plaatsing buiten woonroute is gemeld.")


@router.post("/externe-plaatsingen/upload", response_model=None)
async def extern_uploaden(
    request: Request, persoon: PersoonDep, session: SessionDep
) -> HTMLResponse | RedirectResponse:
    async with request.form() as form:
        csrf = form.get("csrf")
        check_csrf(persoon, csrf if isinstance(csrf, str) else None)
        mag(persoon, C)
        bestand = form.get("bestand")
        if not isinstance(bestand, UploadFile) or not bestand.filename:
            return _extern(
                request,
                session,
                persoon,
                problemen=[("bestand", "Kies een bestand (.csv of .xlsx).")],
                status_code=400,
            )
        naam, soort = bestand.filename, bestand.content_type
        inhoud = await bestand.read(invoerbestand.MAX_BYTES + 1)
    try:
        grenzen = Bestandsgrenzen.uit(request.app.state.settings)
        df = invoerbestand.lees(inhoud, naam, soort, grenzen)
        rijen = rapportages.controleer_bestand(request.app.state.read_engine, df, grenzen)
        result = rapportages.upload_extern(
            session, rijen=rijen, bestandsnaam=naam, by=persoon.actor
        )
    except OngeldigeInvoer as exc:
        session.rollback()
        problemen = [(f.name, f.reason) for f in exc.fouten] or [("bestand", exc.detail)]
        return _extern(request, session, persoon, problemen=problemen, status_code=400)
    session.commit()
    return terug(
        persoon,
        "/werk/externe-plaatsingen",
        f"{len(result)} plaatsingen buiten woonroute zijn gemeld uit {naam}.",
    )


# --- herverdeling (regiobeheer) ------------------------------------------------------------------


def _herverdeling(
    request: Request,
    session: Session,
    persoon: Persoon,
    jaar: int,
    *,
    waarden: dict[str, str] | None = None,
    fouten: dict[str, str] | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    fouten = fouten or {}
    return render(
        request,
        "regiobeheer_herverdeling.html",
        persoon,
        status_code=status_code,
        jaar=jaar,
        gebruik=contingenten.usage(session, persoon.actor, jaar=jaar),
        verdeeld=contingenten.current(session, jaar) is not None,
        zorgaanbieders=_zorgaanbieders(session),
        mag_herverdelen=persoon.actor.soort == R,
        waarden=waarden or {},
        fouten=fouten,
        fout=fouten.get(""),
        samenvatting=True,
    )


@router.get("/herverdeling", response_class=HTMLResponse)
def herverdeling_pagina(request: Request, persoon: PersoonDep, session: SessionDep) -> HTMLResponse:
    mag(persoon, R, B)
    return _herverdeling(request, session, persoon, _jaar(request))


@router.post("/herverdeling", response_model=None)
def herverdelen(
    request: Request, persoon: PersoonDep, session: SessionDep, form: Formulier
) -> HTMLResponse | RedirectResponse:
    check_csrf(persoon, form.get("csrf"))
    mag(persoon, R)
    jaar = getal(form.get("jaar"), vandaag().year, 2000, 2100)
    waarden = {k: form.get(k, "") for k in ("vanId", "naarId", "aantal", "reden")}
    try:
        data = HerverdelingInvoer.model_validate(
            {"jaar": jaar, **{k: v for k, v in waarden.items() if v}}
        )
        contingenten.reallocate(session, data=data, by=persoon.actor)
    except (ValidationError, OngeldigeInvoer) as exc:
        session.rollback()
        fouten = samenvatting(veldfouten(exc))
        return _herverdeling(
            request, session, persoon, jaar, waarden=waarden, fouten=fouten, status_code=400
        )
    except Conflict as exc:
        session.rollback()
        return _herverdeling(
            request,
            session,
            persoon,
            jaar,
            waarden=waarden,
            fouten={"": exc.detail},
            status_code=409,
        )
    session.commit()
    return terug(
        persoon,
        "/werk/herverdeling",
        f"{data.aantal} {'woning is' if data.aantal == 1 else 'woningen zijn'} herverdeeld.",
        jaar=jaar,
    )


# --- which corporaties sent their month report (ZOU-M1) ---------------------------------------

#: Finished months shown in the overview of sent month reports.
OVERZICHT_MAANDEN = 6


@router.get("/maandrapportages", response_class=HTMLResponse)
def maandrapportages_overzicht(
    request: Request, persoon: PersoonDep, session: SessionDep
) -> HTMLResponse:
    """Per corporatie the last finished months: sent (when, by whom) or not yet, and late when
    past the due day. The same data as ``GET /v1/maandrapportage-verzendingen``."""
    mag(persoon, B, R)
    eerste = vandaag().replace(day=1)
    maanden = [plus_maanden(eerste, -i) for i in range(OVERZICHT_MAANDEN, 0, -1)]
    verzonden = {
        (v.corporatie_id, v.jaar, v.maand): v
        for jaar in sorted({m.year for m in maanden})
        for v in verzending.verzendingen(session, persoon.actor, jaar=jaar, corporatie_id=None)
    }
    corporaties = session.exec(
        select(Organisatie)
        .where(Organisatie.soort == OrganisatieSoort.corporatie, col(Organisatie.actief))
        .order_by(Organisatie.naam)
    ).all()
    return render(
        request,
        "maandrapportages.html",
        persoon,
        maanden=[(m, verzending.uiterlijk(m.year, m.month)) for m in maanden],
        corporaties=corporaties,
        begin={c.id: verzending.begin_maand(session, c.id) for c in corporaties},
        verzonden=verzonden,
        vandaag=vandaag(),
    )
