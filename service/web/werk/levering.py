"""Commitments and what was delivered (ZOU-K1, ZOU-M1, ZOU-K3): the corporatie's placements
outside woonroute (a form, or a CSV/XLSX file), its commitment against what it delivered; the
regiobeheer's delivery per corporatie and the reallocation (herverdeling) of the contingent,
with the over-use per zorgaanbieder. The same actions as the API.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.responses import Response
from sqlmodel import Session

from service.clock import plus_maanden
from service.clock import vandaag
from service.contingenten import actions as contingenten
from service.contingenten.schemas import HerverdelingInvoer
from service.deps import SessionDep
from service.errors import OngeldigeInvoer
from service.errors import Veldfout
from service.grenzen import Bestandsgrenzen
from service.rapportages import actions as rapportages
from service.rapportages import upload as invoerbestand
from service.rapportages import verzending
from service.rapportages.schemas import ExternePlaatsingInvoer
from service.regio import regio_van
from service.web.formulier import MET_CONFLICT
from service.web.formulier import Formulier
from service.web.formulier import formulier_post
from service.web.formulier import foutstatus
from service.web.formulier import ingevuld
from service.web.formulier import jaar_uit
from service.web.formulier import lees_upload
from service.web.formulier import paginafouten
from service.web.pages import Persoon
from service.web.pages import PersoonDep
from service.web.pages import formulierpagina
from service.web.pages import mag
from service.web.pages import render
from service.web.pages import terug
from service.web.soorten import B
from service.web.soorten import C
from service.web.soorten import R
from service.web.soorten import Z
from service.web.soorten import organisaties
from service.web.werk.corporatie import CONTRACTVORMEN

router = APIRouter()


def _zorgaanbieders(session: Session) -> list[tuple[str, str]]:
    return [(str(o.id), o.naam) for o in organisaties(session, Z)]


# --- toezegging en levering ----------------------------------------------------------------------


@router.get("/levering", response_class=HTMLResponse)
def levering_pagina(request: Request, persoon: PersoonDep, session: SessionDep) -> HTMLResponse:
    """A corporatie: its own commitment against what it delivered; the regiobeheer and the
    bemiddelaar: every corporatie."""
    mag(persoon, C, R, B)
    jaar = jaar_uit(request.query_params.get("jaar"))
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
    jaar = jaar_uit(request.query_params.get("jaar"))
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
        gemeenten=[(g, g) for g in regio_van(session).gemeenten],
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
) -> Response:
    mag(persoon, C)
    velden = ("gemeente", "contractdatum", "contractvorm", "zorgaanbiederId", "omschrijving")
    waarden = {k: form.get(k, "") for k in (*velden, "binnenContingent")}
    body: dict[str, Any] = {k: waarden[k] for k in velden if waarden[k]}
    body["binnenContingent"] = waarden["binnenContingent"] == "ja"
    return formulier_post(
        session,
        persoon,
        form,
        lambda: rapportages.create_extern(
            session, data=ExternePlaatsingInvoer.model_validate(body), by=persoon.actor
        ),
        lambda exc: _extern(
            request,
            session,
            persoon,
            waarden=waarden,
            fouten=paginafouten(exc),
            status_code=400,
        ),
        lambda _: terug(
            persoon, "/werk/externe-plaatsingen", "De plaatsing buiten woonroute is gemeld."
        ),
    )


@router.post("/externe-plaatsingen/upload", response_model=None)
async def extern_uploaden(request: Request, persoon: PersoonDep, session: SessionDep) -> Response:
    upload = await lees_upload(request, "bestand", invoerbestand.MAX_BYTES)
    mag(persoon, C)

    def lees_en_meld() -> int:
        if upload.inhoud is None:
            raise OngeldigeInvoer("", [Veldfout(name="bestand", reason=GEEN_BESTAND)])
        grenzen = Bestandsgrenzen.uit(request.app.state.settings)
        df = invoerbestand.lees(upload.inhoud, upload.naam, upload.soort, grenzen)
        rijen = rapportages.controleer_bestand(
            request.app.state.read_engine, regio_van(session), df, grenzen
        )
        result = rapportages.upload_extern(
            session, rijen=rijen, bestandsnaam=upload.naam, by=persoon.actor
        )
        return len(result)

    return formulier_post(
        session,
        persoon,
        upload.velden,
        lees_en_meld,
        lambda exc: _extern(request, session, persoon, problemen=_problemen(exc), status_code=400),
        lambda aantal: terug(
            persoon,
            "/werk/externe-plaatsingen",
            f"{aantal} plaatsingen buiten woonroute zijn gemeld uit {upload.naam}.",
        ),
        vang=(OngeldigeInvoer,),
    )


#: The message when the upload form is sent without a file.
GEEN_BESTAND = "Kies een bestand (.csv of .xlsx)."


def _problemen(exc: Exception) -> list[tuple[str, str]]:
    """The rows of a refused file: per field, or the file as a whole."""
    assert isinstance(exc, OngeldigeInvoer)
    return [(f.name, f.reason) for f in exc.fouten] or [("bestand", exc.detail)]


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
    return formulierpagina(
        request,
        "regiobeheer_herverdeling.html",
        persoon,
        fouten,
        status_code,
        jaar=jaar,
        gebruik=contingenten.gebruik(session, persoon.actor, jaar=jaar),
        verdeeld=contingenten.current(session, jaar) is not None,
        zorgaanbieders=_zorgaanbieders(session),
        mag_herverdelen=persoon.actor.soort == R,
        waarden=waarden or {},
    )


@router.get("/herverdeling", response_class=HTMLResponse)
def herverdeling_pagina(request: Request, persoon: PersoonDep, session: SessionDep) -> HTMLResponse:
    mag(persoon, R, B)
    return _herverdeling(request, session, persoon, jaar_uit(request.query_params.get("jaar")))


@router.post("/herverdeling", response_model=None)
def herverdelen(
    request: Request, persoon: PersoonDep, session: SessionDep, form: Formulier
) -> Response:
    mag(persoon, R)
    jaar = jaar_uit(form.get("jaar"))
    waarden = {k: form.get(k, "") for k in ("vanId", "naarId", "aantal", "reden")}

    def herverdeel() -> HerverdelingInvoer:
        data = HerverdelingInvoer.model_validate({"jaar": jaar, **ingevuld(waarden)})
        contingenten.herverdeel(session, data=data, by=persoon.actor)
        return data

    return formulier_post(
        session,
        persoon,
        form,
        herverdeel,
        lambda exc: _herverdeling(
            request,
            session,
            persoon,
            jaar,
            waarden=waarden,
            fouten=paginafouten(exc),
            status_code=foutstatus(exc),
        ),
        lambda data: terug(
            persoon,
            "/werk/herverdeling",
            f"{data.aantal} {'woning is' if data.aantal == 1 else 'woningen zijn'} herverdeeld.",
            jaar=jaar,
        ),
        vang=MET_CONFLICT,
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
    corporaties = organisaties(session, C, alleen_actief=True)
    return render(
        request,
        "maandrapportages.html",
        persoon,
        maanden=[(m, verzending.uiterlijk(regio_van(session), m.year, m.month)) for m in maanden],
        corporaties=corporaties,
        begin={c.id: verzending.begin_maand(session, c.id) for c in corporaties},
        verzonden=verzonden,
        vandaag=vandaag(),
    )
