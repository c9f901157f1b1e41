"""Pages for the corporatie: its woningen (report one), the choice on an approved voordracht,
the lease, and the monthly report.

The voordracht pages themselves are shared with the bemiddelaar and live in
``service.web.werk.bemiddelaar`` (one handler per path, the view decides what each kind sees);
the choice posts here. Every handler checks the kind with ``mag`` and calls the same actions as
the API with ``persoon.actor``; the actions' scoped queries do the object checks.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from fastapi import APIRouter
from fastapi import Request
from fastapi import Response
from fastapi.responses import HTMLResponse
from pydantic import BaseModel
from pydantic import Field
from pydantic import ValidationError
from sqlmodel import Session

from service.aanbiedingen import actions as aanbiedingen
from service.clock import vandaag
from service.deps import SessionDep
from service.errors import Conflict
from service.errors import OngeldigeInvoer
from service.errors import Veldfout
from service.models import AanbiedingStatus
from service.models import Contractvorm
from service.models import Plaatsing
from service.models import Voordracht
from service.models import Woning
from service.plaatsingen import actions as plaatsingen
from service.plaatsingen.schemas import PlaatsingInvoer
from service.rapportages import actions as rapportages
from service.rapportages import verzending
from service.rapportages.schemas import VerzendingInvoer
from service.regio import regio_van
from service.schemas import Paging
from service.voordrachten import actions as voordrachten
from service.voordrachten.schemas import Keuze
from service.web import woorden
from service.web.formulier import MET_CONFLICT
from service.web.formulier import Formulier
from service.web.formulier import formulier_post
from service.web.formulier import formulierfouten
from service.web.formulier import foutstatus
from service.web.formulier import id_uit
from service.web.formulier import ingevuld
from service.web.formulier import veldfouten
from service.web.pages import Persoon
from service.web.pages import PersoonDep
from service.web.pages import formulierpagina
from service.web.pages import mag
from service.web.pages import render
from service.web.pages import terug
from service.web.soorten import C
from service.web.werk.bemiddelaar import LIMIET
from service.web.werk.bemiddelaar import adres
from service.web.werk.bemiddelaar import voordracht_post
from service.web.werk.bemiddelaar import woningen_van
from service.web.werk.zorgaanbieder import ONBEKENDE_AANBIEDING
from service.web.werk.zorgaanbieder import moment
from service.woningen import actions as woningen
from service.woningen.schemas import WoningInvoer

router = APIRouter()

CONTRACTVORMEN = [
    (
        Contractvorm.driepartijen.value,
        "Driepartijenovereenkomst (huurder, corporatie, zorgaanbieder)",
    ),
    (Contractvorm.tweepartijen.value, "Tweepartijenovereenkomst (huurder en corporatie)"),
    (Contractvorm.intermediair.value, "Intermediaire verhuur (via de zorgaanbieder)"),
]

#: The fields of the woning form, in the order of the page (names as in ``WoningInvoer``).
WONING_VELDEN = (
    "straat",
    "huisnummer",
    "postcode",
    "plaats",
    "gemeente",
    "kale_huur",
    "servicekosten",
    "kamers",
    "oppervlakte",
    "max_bewoners",
    "verdieping",
    "minimumleeftijd",
    "beschikbaar_per",
    "opmerkingen",
)
WONING_VINKJES = ("lift", "gelijkvloers", "rolstoeltoegankelijk")


# --- woningen --------------------------------------------------------------------------------


@router.get("/woningen", response_class=HTMLResponse)
def woningen_lijst(request: Request, persoon: PersoonDep, session: SessionDep) -> HTMLResponse:
    mag(persoon, C)
    actor = persoon.actor
    rows, totaal = woningen.list_woningen(
        session, actor, status=None, gemeente=None, paging=Paging(pagina=1, pagina_grootte=LIMIET)
    )
    # The voordrachten this corporatie may open (approved or done), by woning: the latest wins.
    zichtbaar, _ = voordrachten.list_voordrachten(
        session, actor, status=None, te_beoordelen=None, woning_id=None, offset=0, limit=1000
    )
    per_woning = {vd.woning_id: vd for vd in zichtbaar}
    lopend, n_aanbiedingen = aanbiedingen.list_aanbiedingen(
        session, actor, status=None, offset=0, limit=LIMIET
    )
    return render(
        request,
        "corporatie_woningen.html",
        persoon,
        woningen=rows,
        totaal=totaal,
        voordrachten=per_woning,
        aanbiedingen=[aanbiedingen.public(session, a) for a in lopend],
        n_aanbiedingen=n_aanbiedingen,
        adressen={
            w.id: adres(w)
            for w in woningen_van(session, persoon, (a.woning_id for a in lopend)).values()
        },
        AanbiedingStatus=AanbiedingStatus,
    )


def _woning_formulier(
    request: Request,
    persoon: Persoon,
    *,
    waarden: dict[str, Any],
    fouten: dict[str, str] | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    return formulierpagina(
        request,
        "corporatie_woning_nieuw.html",
        persoon,
        fouten,
        status_code,
        waarden=waarden,
        gemeenten=request.app.state.regio.gemeenten,
    )


@router.get("/woningen/nieuw", response_class=HTMLResponse)
def woning_nieuw(request: Request, persoon: PersoonDep) -> HTMLResponse:
    mag(persoon, C)
    return _woning_formulier(request, persoon, waarden={"verdieping": "0", "servicekosten": "0"})


def woning_invoer(form: dict[str, str]) -> dict[str, Any]:
    """The form as the API's ``WoningInvoer`` body: empty fields are left out (so a required one
    says "Vul … in." and an optional one takes its default), a comma in an amount
    is read as the decimal point, a ticked box is true."""
    velden = {k: form.get(k, "") for k in WONING_VELDEN}
    if velden["postcode"]:
        velden["postcode"] = velden["postcode"].upper()
    for bedrag in ("kale_huur", "servicekosten"):
        velden[bedrag] = velden[bedrag].replace(",", ".")
    adres_ = {k: velden.pop(k) for k in ("straat", "huisnummer", "postcode", "plaats") if velden[k]}
    data: dict[str, Any] = {k: v for k, v in velden.items() if v}
    data["adres"] = adres_
    for vinkje in WONING_VINKJES:
        data[vinkje] = vinkje in form
    return data


@router.post("/woningen/nieuw", response_model=None)
def woning_melden(
    request: Request, persoon: PersoonDep, session: SessionDep, form: Formulier
) -> Response:
    mag(persoon, C)
    return formulier_post(
        session,
        persoon,
        form,
        lambda: woningen.report_woning(
            session, data=WoningInvoer.model_validate(woning_invoer(form)), by=persoon.actor
        ),
        lambda exc: _woning_formulier(
            request, persoon, waarden=form, fouten=formulierfouten(exc), status_code=400
        ),
        lambda gemeld: terug(persoon, "/werk/woningen", _woning_gemeld(*gemeld)),
        # Only the form's own checks show the form again (the action's errors are pages).
        vang=(ValidationError,),
    )


def _woning_gemeld(w: Woning, vd: Voordracht | None) -> str:
    """The confirmation after reporting a woning: whether a voordracht was made, and whole."""
    if vd is None:
        return f"De woning {adres(w)} is gemeld."
    if vd.volledig:
        return (
            f"De woning {adres(w)} is gemeld. Het Vierde Huis beoordeelt nu de voordracht; "
            "daarna kunt u een kandidaat kiezen."
        )
    return (
        f"De woning {adres(w)} is gemeld. Er zijn minder geschikte kandidaten dan gevraagd; "
        "Het Vierde Huis beoordeelt de voordracht."
    )


# --- the choice on a voordracht ----------------------------------------------------------------


@router.post("/voordrachten/{voordracht_id}/kiezen", response_model=None)
def voordracht_kiezen(
    voordracht_id: str, request: Request, persoon: PersoonDep, session: SessionDep, form: Formulier
) -> Response:
    mag(persoon, C)
    return voordracht_post(
        request, session, persoon, form, voordracht_id, "kiezen",
        ("plek_id", "reden_soort", "reden"),
        lambda vid, ingevuld: voordrachten.choose(
            session, voordracht_id=vid, data=Keuze.model_validate(ingevuld), by=persoon.actor
        ),
        "U heeft een kandidaat gekozen. De zorgaanbieder krijgt de aanbieding; "
        "hieronder staan de naam en de contactgegevens van de casushouder.",
    )  # fmt: skip


# --- the lease ---------------------------------------------------------------------------------


def _plaatsing_formulier(
    request: Request,
    session: Session,
    persoon: Persoon,
    aanbieding_id: uuid.UUID,
    *,
    waarden: dict[str, str] | None = None,
    fouten: dict[str, str] | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    a = aanbiedingen.get_aanbieding(session, aanbieding_id, persoon.actor)
    w = woningen.get_woning(session, a.woning_id, persoon.actor)
    return formulierpagina(
        request,
        "corporatie_plaatsing.html",
        persoon,
        fouten,
        status_code,
        aanbieding=aanbiedingen.public(session, a),
        adres=adres(w),
        contractvormen=CONTRACTVORMEN,
        waarden=waarden or {"contractvorm": Contractvorm.driepartijen.value},
        vandaag=vandaag(),
    )


@router.get("/aanbiedingen/{aanbieding_id}/plaatsing", response_class=HTMLResponse)
def plaatsing_formulier(
    aanbieding_id: str, request: Request, persoon: PersoonDep, session: SessionDep
) -> HTMLResponse:
    mag(persoon, C)
    aid = id_uit(aanbieding_id, ONBEKENDE_AANBIEDING)
    return _plaatsing_formulier(request, session, persoon, aid)


@router.post("/aanbiedingen/{aanbieding_id}/plaatsing", response_model=None)
def plaatsing_vastleggen(
    aanbieding_id: str, request: Request, persoon: PersoonDep, session: SessionDep, form: Formulier
) -> Response:
    mag(persoon, C)
    aid = id_uit(aanbieding_id, ONBEKENDE_AANBIEDING)
    waarden = {
        "contractdatum": form.get("contractdatum", ""),
        "contractvorm": form.get("contractvorm", ""),
        "casushouder.soort": form.get("casushouder.soort", ""),
        "casushouder.naam": form.get("casushouder.naam", ""),
    }

    def leg_vast() -> Plaatsing:
        casushouder = {
            k.split(".")[1]: v for k, v in waarden.items() if k.startswith("casushouder.") and v
        }
        data = PlaatsingInvoer.model_validate(
            {
                "aanbieding_id": aid,
                "casushouder": casushouder,
                **{k: v for k, v in waarden.items() if v and not k.startswith("casushouder.")},
            }
        )
        return plaatsingen.create_plaatsing(session, data=data, by=persoon.actor)

    return formulier_post(
        session,
        persoon,
        form,
        leg_vast,
        lambda exc: _plaatsing_formulier(
            request,
            session,
            persoon,
            aid,
            waarden=waarden,
            fouten=formulierfouten(exc, waarden),
            status_code=400,
        ),
        lambda p: terug(
            persoon,
            f"/werk/plaatsingen/{p.id}",
            "Het huurcontract is vastgelegd. De begeleiding loopt tot "
            f"{p.begeleiding_tot:%d-%m-%Y}; de evaluaties zijn ingepland. "
            "Vergeet niet de gemeente en het wijkteam te informeren.",
        ),
    )


# --- the monthly report ------------------------------------------------------------------------


class Periode(BaseModel):
    """The same limits as the API's query parameters, so the same messages."""

    jaar: int = Field(ge=2000, le=2100)
    maand: int = Field(ge=1, le=12)


def _periode(jaar: str | None, maand: str | None) -> Periode:
    data = {k: v for k, v in (("jaar", jaar), ("maand", maand)) if v}
    return Periode.model_validate(data)


@router.get("/maandrapportage", response_class=HTMLResponse)
def maandrapportage_pagina(
    request: Request,
    persoon: PersoonDep,
    session: SessionDep,
    jaar: str | None = None,
    maand: str | None = None,
) -> HTMLResponse:
    mag(persoon, C)
    vorige = date(vandaag().year, vandaag().month, 1)
    vorige = (
        date(vorige.year - 1, 12, 1)
        if vorige.month == 1
        else date(vorige.year, vorige.month - 1, 1)
    )
    waarden = {"jaar": jaar or str(vorige.year), "maand": maand or str(vorige.month)}
    if jaar is None and maand is None:
        return render(
            request,
            "corporatie_maandrapportage.html",
            persoon,
            waarden=waarden,
            fouten={},
            uiterlijk=verzending.uiterlijk(regio_van(session), vorige.year, vorige.month),
        )
    try:
        periode = _periode(jaar, maand)
    except ValidationError as exc:
        fouten = formulierfouten(exc)
        return render(
            request,
            "corporatie_maandrapportage.html",
            persoon,
            status_code=400,
            waarden=waarden,
            fouten=fouten,
            fout=fouten.get(""),
            uiterlijk=verzending.uiterlijk(regio_van(session), vorige.year, vorige.month),
        )
    return _maandrapportage(request, session, persoon, periode, waarden)


def _maandrapportage(
    request: Request,
    session: Session,
    persoon: Persoon,
    periode: Periode,
    waarden: dict[str, str],
    fout: str | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    """The report of one month, whether it was sent (who, when) and, for a finished month not
    yet sent, the button that sends it (ZOU-M1)."""
    rapport = rapportages.maandrapportage(
        session, persoon.actor, jaar=periode.jaar, maand=periode.maand, corporatie_id=None
    )
    today = vandaag()
    return render(
        request,
        "corporatie_maandrapportage.html",
        persoon,
        status_code=status_code,
        waarden=waarden,
        fouten={"": fout} if fout else {},
        fout=fout,
        rapport=rapport,
        verzonden=verzending.verzending(
            session, persoon.actor.organisatie_id, periode.jaar, periode.maand
        ),
        afgelopen=(periode.jaar, periode.maand) < (today.year, today.month),
        uiterlijk=verzending.uiterlijk(regio_van(session), periode.jaar, periode.maand),
        moment=moment,
    )


@router.post("/maandrapportage/verzending", response_model=None)
def maandrapportage_verzenden(
    request: Request, persoon: PersoonDep, session: SessionDep, form: Formulier
) -> Response:
    """Send the month's report: the same action as ``POST /v1/maandrapportage-verzendingen``."""
    mag(persoon, C)
    waarden = {"jaar": form.get("jaar", ""), "maand": form.get("maand", "")}

    def opnieuw(exc: Exception) -> Response:
        try:
            periode = _periode(waarden["jaar"], waarden["maand"])
        except ValidationError:
            raise OngeldigeInvoer("Kies een jaar en een maand.") from None
        tekst = exc.detail if isinstance(exc, OngeldigeInvoer | Conflict) else str(exc)
        return _maandrapportage(request, session, persoon, periode, waarden, tekst, foutstatus(exc))

    return formulier_post(
        session,
        persoon,
        form,
        lambda: verzending.verzend(
            session,
            data=VerzendingInvoer.model_validate(ingevuld(waarden)),
            by=persoon.actor,
        ),
        opnieuw,
        lambda uit: terug(
            persoon,
            "/werk/maandrapportage",
            f"De maandrapportage van {woorden.maand(uit.jaar, uit.maand)} is verzonden aan "
            "Het Vierde Huis.",
            jaar=uit.jaar,
            maand=uit.maand,
        ),
        vang=MET_CONFLICT,
    )


@router.get("/maandrapportage.xlsx", response_model=None)
def maandrapportage_xlsx(
    persoon: PersoonDep,
    session: SessionDep,
    jaar: str | None = None,
    maand: str | None = None,
) -> Response:
    """The same file as ``GET /v1/maandrapportages?formaat=xlsx`` for this corporatie."""
    mag(persoon, C)
    try:
        periode = _periode(jaar, maand)
    except ValidationError as exc:
        fouten = veldfouten(exc)
        raise OngeldigeInvoer(
            "Kies een jaar en een maand.", [Veldfout(k, v) for k, v in fouten.items()]
        ) from None
    rapport = rapportages.maandrapportage(
        session, persoon.actor, jaar=periode.jaar, maand=periode.maand, corporatie_id=None
    )
    return rapportages.export_maandrapportage(rapport, formaat="xlsx")
