"""Pages for before and after the keys (issue 13): the preparation of a kandidaat (readiness,
forms with print page and PDF, the timeline's dates, contacts), the plaatsing (contract and
parties, 3 -> 2, warm handover, informing the gemeente with a printable notification,
evaluations with outcomes, ZOU-B5), the client experience questionnaire in plain Dutch, and the
regional nazorg figures.

Like the other page modules: the kind check is ``mag`` (the API's ``vereis``), the object checks
are the actions' own scoped queries, and the form input goes through the API's models, so the
messages next to the fields are the API's.
"""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter
from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.responses import Response
from pydantic import ValidationError
from pydantic.alias_generators import to_camel
from sqlmodel import Session
from sqlmodel import col
from sqlmodel import or_
from sqlmodel import select

from service import models
from service.clientervaringen import actions as clientervaringen
from service.clientervaringen.schemas import ClientervaringInvoer
from service.clientervaringen.vragenlijst import BIJ_EVALUATIE
from service.clientervaringen.vragenlijst import DELEN
from service.clientervaringen.vragenlijst import SCHAAL_TEKST
from service.clock import vandaag
from service.deps import Leeslog
from service.deps import LeeslogDep
from service.deps import SessionDep
from service.errors import NietGevonden
from service.errors import OngeldigeInvoer
from service.formulieren import actions as formulieren
from service.formulieren.definities import DEFINITIES
from service.formulieren.definities import Definitie
from service.formulieren.definities import inhoud_model
from service.formulieren.router import afdruk_html
from service.formulieren.router import pdf_response
from service.formulieren.schemas import VoorbereidingInvoer
from service.models import FormulierSoort
from service.models import Gemeentevoorkeur
from service.models import Kandidaat
from service.models import Organisatie
from service.models import OrganisatieSoort
from service.models import Plaatsing
from service.models import Routeadvies
from service.models import Signalering
from service.models import SignaleringSoort
from service.models import SignaleringStatus
from service.models import Woning
from service.plaatsingen import actions as plaatsingen
from service.plaatsingen import evaluaties
from service.plaatsingen import nazorg
from service.plaatsingen.brief import kennisgevingsbrief
from service.plaatsingen.schemas import EvaluatieUitgevoerd
from service.plaatsingen.schemas import KennisgevingInvoer
from service.plaatsingen.schemas import MeldingInvoer
from service.plaatsingen.schemas import OmzettingInvoer
from service.plaatsingen.schemas import OverdrachtInvoer
from service.regio import regio_van
from service.routeadvies import opslag as routeadviezen
from service.routeadvies.router import bereken
from service.routeadvies.schemas import RouteadviesAanvraag
from service.routeadvies.schemas import RouteadviesUit
from service.web.formulier import MET_CONFLICT
from service.web.formulier import Formulier
from service.web.formulier import formulier_post
from service.web.formulier import foutstatus
from service.web.formulier import id_uit
from service.web.formulier import jaar_uit
from service.web.formulier import pagina_uit
from service.web.formulier import paginafouten
from service.web.pages import Persoon
from service.web.pages import PersoonDep
from service.web.pages import mag
from service.web.pages import render
from service.web.pages import terug
from service.web.soorten import B
from service.web.soorten import C
from service.web.soorten import R
from service.web.soorten import Z

router = APIRouter()
ONDERWERPEN = (
    ("wonen", "Wonen"),
    ("financien", "Financiën"),
    ("netwerk", "Netwerk"),
    ("begeleiding", "Begeleiding"),
    ("overlast", "Overlast"),
)
OORDELEN = (("goed", "Goed"), ("aandacht-nodig", "Aandacht nodig"), ("zorgelijk", "Zorgelijk"))
BESLUITEN = (
    ("voortzetten", "Begeleiding gaat door"),
    ("verlengen-3-maanden", "Begeleiding 3 maanden verlengen"),
    ("beeindigen", "Begeleiding stopt"),
)


def _soort(tekst: str) -> FormulierSoort:
    try:
        soort = FormulierSoort(tekst)
    except ValueError:
        raise NietGevonden("Dit formulier bestaat niet.") from None
    if soort not in formulieren.VOORBEREIDING:
        raise NietGevonden("Dit formulier bestaat niet.")
    return soort


def _kandidaat(session: Session, actor: Any, kandidaat_id: str, soort: Any) -> Kandidaat:
    return formulieren.kandidaat_voor(
        session, id_uit(kandidaat_id, formulieren.ONBEKEND), actor, soort
    )


def _eigen_kandidaat(session: Session, persoon: Persoon, kandidaat_id: str) -> Kandidaat:
    """A kandidaat of the logged-in zorgaanbieder itself, from the address."""
    return formulieren.eigen_kandidaat(
        session, id_uit(kandidaat_id, formulieren.ONBEKEND), persoon.actor
    )


# --- preparation --------------------------------------------------------------------------


@router.get("/kandidaten/{kandidaat_id}/voorbereiding", response_class=HTMLResponse)
def voorbereiding(
    kandidaat_id: str, request: Request, persoon: PersoonDep, session: SessionDep
) -> HTMLResponse:
    mag(persoon, Z, B)
    k = _kandidaat(session, persoon.actor, kandidaat_id, None)
    return _voorbereiding(request, persoon, session, k, {}, None)


def _voorbereiding(
    request: Request,
    persoon: Any,
    session: Session,
    k: Kandidaat,
    fouten: dict[str, str],
    waarden: dict[str, Any] | None,
    status_code: int = 200,
) -> HTMLResponse:
    v = formulieren.voorbereiding(session, k.id)
    regio = regio_van(session)
    eerste = session.exec(
        select(Gemeentevoorkeur.gemeente)
        .where(Gemeentevoorkeur.kandidaat_id == k.id)
        .order_by(col(Gemeentevoorkeur.rangorde))
    ).first()
    return render(
        request,
        "nazorg_voorbereiding.html",
        persoon,
        status_code=status_code,
        k=k,
        gereedheid=formulieren.gereedheid(session, k),
        v=waarden
        or {
            to_camel(n): getattr(v, n)
            for n in VoorbereidingInvoer.model_fields
            if getattr(v, n) is not None
        },
        velden=[(to_camel(n), f.description) for n, f in VoorbereidingInvoer.model_fields.items()],
        fouten=fouten,
        gemeente=eerste,
        contacten=regio.contacten_voor(gemeente=eerste) if eerste else [],
        routeadviezen=routeadviezen.lijst(session, k.id),
        mag_wijzigen=persoon.actor.soort == Z,
    )


@router.post("/kandidaten/{kandidaat_id}/voorbereiding", response_model=None)
def voorbereiding_opslaan(
    kandidaat_id: str, request: Request, persoon: PersoonDep, session: SessionDep, form: Formulier
) -> Response:
    mag(persoon, Z)
    k = _eigen_kandidaat(session, persoon, kandidaat_id)
    waarden = {n: form.get(n) or None for n, _ in _datumvelden()}
    return formulier_post(
        session,
        persoon,
        form,
        lambda: formulieren.voorbereiding_opslaan(
            session,
            kandidaat=k,
            data=VoorbereidingInvoer.model_validate(waarden).model_dump(),
            by=persoon.actor,
        ),
        lambda exc: _voorbereiding(request, persoon, session, k, paginafouten(exc), waarden, 400),
        lambda _: terug(
            persoon, f"/werk/kandidaten/{k.id}/voorbereiding", "De data zijn opgeslagen."
        ),
    )


def _datumvelden() -> list[tuple[str, str]]:
    return [(to_camel(n), f.description or n) for n, f in VoorbereidingInvoer.model_fields.items()]


@router.get("/kandidaten/{kandidaat_id}/formulieren/{soort}", response_class=HTMLResponse)
def formulier(
    kandidaat_id: str, soort: str, request: Request, persoon: PersoonDep, session: SessionDep
) -> HTMLResponse:
    mag(persoon, Z)
    s = _soort(soort)
    k = _eigen_kandidaat(session, persoon, kandidaat_id)
    f = formulieren.laatste(session, k.id, s)
    return _formulier(request, persoon, k, s, f.inhoud if f else {}, {}, f.versie if f else None)


def _formulier(
    request: Request,
    persoon: Any,
    k: Kandidaat,
    soort: FormulierSoort,
    inhoud: dict[str, Any],
    fouten: dict[str, str],
    versie: int | None,
    status_code: int = 200,
) -> HTMLResponse:
    return render(
        request,
        "nazorg_formulier.html",
        persoon,
        status_code=status_code,
        k=k,
        d=DEFINITIES[soort],
        inhoud=inhoud,
        fouten=fouten,
        versie=versie,
    )


@router.post("/kandidaten/{kandidaat_id}/formulieren/{soort}", response_model=None)
def formulier_opslaan(
    kandidaat_id: str,
    soort: str,
    request: Request,
    persoon: PersoonDep,
    session: SessionDep,
    form: Formulier,
) -> Response:
    mag(persoon, Z)
    s = _soort(soort)
    k = _eigen_kandidaat(session, persoon, kandidaat_id)
    d = DEFINITIES[s]
    inhoud = _inhoud(d, form)

    def opnieuw(exc: Exception) -> Response:
        fouten = paginafouten(exc, lambda n: _veldnaam(d, n))
        return _formulier(request, persoon, k, s, inhoud, fouten, None, 400)

    def klaar(f: models.Formulier) -> Response:
        staat = "compleet" if f.compleet else "nog niet compleet"
        return terug(
            persoon,
            f"/werk/kandidaten/{k.id}/voorbereiding",
            f"Versie {f.versie} van het {d.kort} is opgeslagen ({staat}).",
        )

    return formulier_post(
        session,
        persoon,
        form,
        lambda: formulieren.save(
            session,
            kandidaat=k,
            soort=s,
            inhoud=inhoud_model(s).model_validate(inhoud),
            by=persoon.actor,
            door_naam=persoon.gebruiker.naam,
        ),
        opnieuw,
        klaar,
        vang=(ValidationError,),
    )


def _veldnaam(d: Definitie, naam: str, anders: str | None = None) -> str:
    """The form definition's field name of an API message's (camelCase) name; ``anders`` (or
    the name itself) for a name outside the definition."""
    return {to_camel(v.naam): v.naam for v in d.velden}.get(
        naam, naam if anders is None else anders
    )


def _laatste_versie(
    session: Session, persoon: Persoon, kandidaat_id: str, soort: str, leeslog: Leeslog, hoe: str
) -> tuple[Kandidaat, FormulierSoort, models.Formulier]:
    """The last version of a kandidaat's form, logged as read (``hoe``: web or pdf)."""
    mag(persoon, Z, B)
    s = _soort(soort)
    k = _kandidaat(session, persoon.actor, kandidaat_id, s)
    f = formulieren.versie(session, k.id, s, None)
    leeslog(
        persoon.actor, "kandidaat", k.id, f"{DEFINITIES[s].kort} versie {f.versie} gelezen ({hoe})"
    )
    return k, s, f


@router.get("/kandidaten/{kandidaat_id}/formulieren/{soort}/afdruk", response_class=HTMLResponse)
def formulier_afdruk(
    kandidaat_id: str, soort: str, persoon: PersoonDep, session: SessionDep, leeslog: LeeslogDep
) -> HTMLResponse:
    k, _, f = _laatste_versie(session, persoon, kandidaat_id, soort, leeslog, "web")
    return HTMLResponse(afdruk_html(session, k, f, voor_pdf=False))


@router.get("/kandidaten/{kandidaat_id}/formulieren/{soort}/pdf")
def formulier_pdf(
    kandidaat_id: str, soort: str, persoon: PersoonDep, session: SessionDep, leeslog: LeeslogDep
) -> Response:
    k, s, f = _laatste_versie(session, persoon, kandidaat_id, soort, leeslog, "pdf")
    return pdf_response(afdruk_html(session, k, f, voor_pdf=True), f"{s.value}-v{f.versie}")


#: The decision tree's questions (DRE-R2) as the API names them, with their text.
BESLISBOOM = (
    (
        "uitstroomdeadline",
        "1. Moet de cliënt vóór een bepaalde datum uit de instelling vertrekken?",
    ),
    ("zelfstandigGewoondInRegio", "2a. Woonde de cliënt vóór de opname zelfstandig in de regio?"),
    (
        "terugkeerOnveiligOfOnhaalbaar",
        "2b. Is teruggaan naar de plaats van herkomst gevaarlijk of niet haalbaar?",
    ),
    (
        "bindingAaneengesloten",
        "3a. Woont de cliënt al de ingestelde jaren onafgebroken in de regio?",
    ),
    (
        "bindingJarenVanVenster",
        "3a. Woonde de cliënt genoeg jaren van de laatste jaren in de regio?",
    ),
    ("andereRedenen", "3b. Zijn er andere redenen waarom voorrang in deze regio nodig is?"),
)


@router.get("/kandidaten/{kandidaat_id}/routeadvies", response_class=HTMLResponse)
def routeadvies(
    kandidaat_id: str, request: Request, persoon: PersoonDep, session: SessionDep
) -> HTMLResponse:
    mag(persoon, Z)
    k = _eigen_kandidaat(session, persoon, kandidaat_id)
    vorige = formulieren.laatste(session, k.id, FormulierSoort.voorrangsaanvraag)
    return _routeadvies(request, persoon, k, vorige.inhoud if vorige else {}, {}, {})


def _routeadvies(
    request: Request,
    persoon: Any,
    k: Kandidaat,
    inhoud: dict[str, Any],
    waarden: dict[str, str],
    fouten: dict[str, str],
    status_code: int = 200,
) -> HTMLResponse:
    return render(
        request,
        "nazorg_routeadvies.html",
        persoon,
        status_code=status_code,
        k=k,
        d=DEFINITIES[FormulierSoort.voorrangsaanvraag],
        vragen=BESLISBOOM,
        inhoud=inhoud,
        waarden=waarden,
        fouten=fouten,
    )


@router.post("/kandidaten/{kandidaat_id}/routeadvies", response_model=None)
def routeadvies_opslaan(
    kandidaat_id: str, request: Request, persoon: PersoonDep, session: SessionDep, form: Formulier
) -> Response:
    mag(persoon, Z)
    k = _eigen_kandidaat(session, persoon, kandidaat_id)
    d = DEFINITIES[FormulierSoort.voorrangsaanvraag]
    inhoud = _inhoud(d, form)
    vragen = {n: form[n] == "ja" for n, _ in BESLISBOOM if form.get(n) in ("ja", "nee")}

    def leg_vast() -> RouteadviesUit:
        data = RouteadviesAanvraag.model_validate({"vragen": vragen, "aanvraag": inhoud})
        uitkomst = bereken(data.vragen, regio_van(session))
        routeadviezen.vastleggen(
            session,
            kandidaat=k,
            aanvraag=data.aanvraag,
            vragen=data.vragen.model_dump(mode="json", by_alias=True),
            uitkomst=uitkomst,
            by=persoon.actor,
        )
        return uitkomst

    def opnieuw(exc: Exception) -> Response:
        fouten = paginafouten(
            exc,
            lambda n: _veldnaam(
                d,
                n.removeprefix("aanvraag."),
                n.removeprefix("vragen.").removeprefix("aanvraag."),
            ),
        )
        return _routeadvies(request, persoon, k, inhoud, form, fouten, 400)

    return formulier_post(
        session,
        persoon,
        form,
        leg_vast,
        opnieuw,
        lambda uitkomst: terug(
            persoon,
            f"/werk/kandidaten/{k.id}/voorbereiding",
            f"Het advies is bewaard: {uitkomst.toelichting}",
        ),
    )


@router.post("/routeadviezen/{routeadvies_id}/routekeuze", response_model=None)
def routekeuze(
    routeadvies_id: str, persoon: PersoonDep, session: SessionDep, form: Formulier
) -> Response:
    mag(persoon, Z)
    rid = id_uit(routeadvies_id, "Dit routeadvies bestaat niet.")
    route = form.get("route") or ""

    def kies() -> Routeadvies:
        if route not in ("regulier", "voorrang-en-directe-bemiddeling"):
            raise OngeldigeInvoer("Kies een route.")
        return routeadviezen.kies(
            session,
            routeadvies_id=rid,
            route=route,
            toelichting=form.get("toelichting") or None,
            by=persoon.actor,
        )

    return formulier_post(
        session,
        persoon,
        form,
        kies,
        None,
        lambda r: terug(
            persoon,
            f"/werk/kandidaten/{r.kandidaat_id}/voorbereiding",
            "De gekozen route is gemeld.",
        ),
    )


def _inhoud(d: Any, form: dict[str, str]) -> dict[str, Any]:
    """A form definition's fields from the posted form: a box is ticked or not, empty is None."""
    return {
        v.naam: (form.get(v.naam) == "ja") if v.type == "vink" else (form.get(v.naam) or None)
        for v in d.velden
    }


# --- the plaatsing ------------------------------------------------------------------------


@router.get("/plaatsingen", response_class=HTMLResponse)
def plaatsingen_lijst(request: Request, persoon: PersoonDep, session: SessionDep) -> HTMLResponse:
    mag(persoon, Z, C, B)
    pagina = pagina_uit(request.query_params.get("pagina"))
    rows, totaal = plaatsingen.list_plaatsingen(
        session, persoon.actor, offset=(pagina - 1) * 50, limit=50
    )
    return render(
        request,
        "nazorg_plaatsingen.html",
        persoon,
        rijen=[plaatsingen.public(session, p, persoon.actor) for p in rows],
        totaal=totaal,
        pagina=pagina,
    )


def _plaatsing(session: Session, persoon: Any, plaatsing_id: str) -> Plaatsing:
    melding = "Deze plaatsing bestaat niet, of u mag deze niet zien."
    return plaatsingen.get_plaatsing(session, id_uit(plaatsing_id, melding), persoon.actor)


@router.get("/plaatsingen/{plaatsing_id}", response_class=HTMLResponse)
def plaatsing(
    plaatsing_id: str, request: Request, persoon: PersoonDep, session: SessionDep
) -> HTMLResponse:
    mag(persoon, Z, C, B)
    p = _plaatsing(session, persoon, plaatsing_id)
    return _plaatsing_pagina(request, persoon, session, p, {}, {}, None)


def _plaatsing_pagina(
    request: Request,
    persoon: Any,
    session: Session,
    p: Plaatsing,
    fouten: dict[str, str],
    waarden: dict[str, str],
    formulier: str | None,
    status_code: int = 200,
) -> HTMLResponse:
    uit = plaatsingen.public(session, p, persoon.actor)
    w = session.get(Woning, p.woning_id)
    zorg = session.exec(
        select(Organisatie).where(Organisatie.soort == OrganisatieSoort.zorgaanbieder)
    ).all()
    soort = persoon.actor.soort
    return render(
        request,
        "nazorg_plaatsing.html",
        persoon,
        status_code=status_code,
        p=uit,
        woning=w,
        contacten=regio_van(session).contacten_voor(gemeente=w.gemeente) if w else [],
        open_evaluaties=[e for e in uit.evaluaties if e.uitgevoerd_op is None],
        zorgaanbieders=[(str(o.id), o.naam) for o in zorg if o.id != p.begeleidende_organisatie_id],
        fouten=fouten,
        ff={formulier: fouten} if formulier else {},
        waarden=waarden,
        formulier=formulier,
        vandaag=vandaag().isoformat(),
        onderwerpen=ONDERWERPEN,
        oordelen=OORDELEN,
        besluiten=BESLUITEN,
        mag_evalueren=soort == Z,
        mag_overdragen=soort == Z and p.begeleiding_beeindigd_op is None,
        mag_omzetten=soort in (Z, C) and p.contractvorm == "3-partijenovereenkomst",
    )


def _leeg(form: Mapping[str, str], *namen: str) -> dict[str, Any]:
    return {n: form.get(n) or None for n in namen}


def _evaluatie(f: Mapping[str, str]) -> EvaluatieUitgevoerd:
    return EvaluatieUitgevoerd.model_validate(
        {
            **_leeg(f, "volgnummer", "uitgevoerdOp", "besluit", "volgendeStap"),
            "positief": f.get("positief") == "ja" if f.get("positief") else None,
            "uitkomsten": {
                o: {
                    "oordeel": f.get(f"{o}.oordeel") or None,
                    "toelichting": f.get(f"{o}.toelichting") or None,
                }
                for o, _ in ONDERWERPEN
            },
        }
    )


def _overdracht(f: Mapping[str, str]) -> OverdrachtInvoer:
    return OverdrachtInvoer.model_validate(
        _leeg(f, "datum", "naarOrganisatieId", "naarNaam", "naarSoort", "toelichting")
    )


def _omzetting(f: Mapping[str, str]) -> OmzettingInvoer:
    body = _leeg(f, "datum", "beslotenDoor", "reden", "begeleiding", "vervolgafspraak")
    if f.get("begeleiding") == "overdragen":
        body["overdracht"] = {
            "datum": f.get("datum") or None,
            "naarNaam": f.get("naarNaam") or None,
            "naarSoort": "sociaal-wijkteam",
        }
    return OmzettingInvoer.model_validate(body)


def _kennisgeving(f: Mapping[str, str]) -> KennisgevingInvoer:
    return KennisgevingInvoer.model_validate(
        _leeg(f, "ontvangerSoort", "ontvanger", "geinformeerdOp", "wijze")
    )


def _melding(f: Mapping[str, str]) -> MeldingInvoer:
    return MeldingInvoer.model_validate(_leeg(f, "toelichting"))


@dataclass(frozen=True)
class Plaatsingformulier:
    """One form on the plaatsing page: posted to ``/plaatsingen/{id}/<naam>``."""

    naam: str
    soorten: tuple[OrganisatieSoort, ...]
    #: The API's body from the posted form (its checks are the messages next to the fields).
    bouw: Callable[[Mapping[str, str]], Any]
    #: The use case, as the API calls it: ``actie(session, plaatsing_id=…, data=…, by=…)``.
    actie: Callable[..., Any]
    gelukt: str


PLAATSINGFORMULIEREN = (
    Plaatsingformulier(
        "evaluatie", (Z,), _evaluatie, evaluaties.record_evaluatie, "De evaluatie is vastgelegd."
    ),
    Plaatsingformulier(
        "overdracht", (Z,), _overdracht, nazorg.overdragen, "De warme overdracht is vastgelegd."
    ),
    Plaatsingformulier(
        "omzetting",
        (Z, C),
        _omzetting,
        nazorg.omzetten,
        "Het contract is omgezet naar 2 partijen.",
    ),
    Plaatsingformulier(
        "kennisgeving",
        (Z, C, B),
        _kennisgeving,
        nazorg.kennisgeving,
        "Vastgelegd wie is geïnformeerd.",
    ),
    Plaatsingformulier(
        "melding",
        (Z, C, B),
        _melding,
        nazorg.melden,
        "De melding is gedaan. De verwijzende organisatie pakt dit op.",
    ),
)


def _plaatsingformulier_route(pf: Plaatsingformulier) -> None:
    """The POST handler of one plaatsing form: build the API's body, run the action, or show
    the page again with the messages next to the fields of that form (a conflict as the form's
    message)."""

    def posten(
        plaatsing_id: str,
        request: Request,
        persoon: PersoonDep,
        session: SessionDep,
        form: Formulier,
    ) -> Response:
        mag(persoon, *pf.soorten)
        p = _plaatsing(session, persoon, plaatsing_id)

        def opnieuw(exc: Exception) -> Response:
            fouten = paginafouten(exc)
            opnieuw_gelezen = _plaatsing(session, persoon, plaatsing_id)
            return _plaatsing_pagina(
                request, persoon, session, opnieuw_gelezen, fouten, form, pf.naam, foutstatus(exc)
            )

        return formulier_post(
            session,
            persoon,
            form,
            lambda: pf.actie(session, plaatsing_id=p.id, data=pf.bouw(form), by=persoon.actor),
            opnieuw,
            lambda _: terug(persoon, f"/werk/plaatsingen/{p.id}", pf.gelukt),
            vang=MET_CONFLICT,
        )

    posten.__name__ = posten.__qualname__ = pf.naam
    router.post(f"/plaatsingen/{{plaatsing_id}}/{pf.naam}", response_model=None)(posten)


for _pf in PLAATSINGFORMULIEREN:
    _plaatsingformulier_route(_pf)


@router.get("/plaatsingen/{plaatsing_id}/kennisgeving", response_class=HTMLResponse)
def kennisgeving_afdruk(
    plaatsing_id: str, persoon: PersoonDep, session: SessionDep, leeslog: LeeslogDep
) -> HTMLResponse:
    mag(persoon, Z, C, B)
    p = _plaatsing(session, persoon, plaatsing_id)
    leeslog(persoon.actor, "plaatsing", p.id, "kennisgevingsbrief gelezen (web)")
    return HTMLResponse(kennisgevingsbrief(session, p))


# --- client experience and figures -------------------------------------------------------


@router.get("/clientervaring", response_class=HTMLResponse)
def clientervaring(request: Request, persoon: PersoonDep) -> HTMLResponse:
    mag(persoon, Z)
    moment = "evaluatie" if request.query_params.get("moment") == "evaluatie" else "kennismaking"
    return _vragenlijst(request, persoon, moment, {}, {})


def _vragenlijst(
    request: Request,
    persoon: Any,
    moment: str,
    waarden: dict[str, str],
    fouten: dict[str, str],
    status_code: int = 200,
) -> HTMLResponse:
    delen = [d for d in DELEN if moment == "kennismaking" or d.nummer in BIJ_EVALUATIE]
    return render(
        request,
        "nazorg_clientervaring.html",
        persoon,
        status_code=status_code,
        moment=moment,
        delen=delen,
        schaal=SCHAAL_TEKST,
        waarden=waarden,
        fouten=fouten,
    )


@router.post("/clientervaring", response_model=None)
def clientervaring_opslaan(
    request: Request, persoon: PersoonDep, session: SessionDep, form: Formulier
) -> Response:
    mag(persoon, Z)
    moment = form.get("moment") or "kennismaking"
    antwoorden = {k: v for k, v in form.items() if k.startswith("vraag") and v}

    def opnieuw(exc: Exception) -> Response:
        fouten = paginafouten(exc, lambda n: n.removeprefix("antwoorden."))
        gekozen = moment if moment in ("kennismaking", "evaluatie") else "kennismaking"
        return _vragenlijst(request, persoon, gekozen, form, fouten, 400)

    return formulier_post(
        session,
        persoon,
        form,
        lambda: clientervaringen.vastleggen(
            session,
            data=ClientervaringInvoer.model_validate({"moment": moment, "antwoorden": antwoorden}),
            by=persoon.actor,
        ),
        opnieuw,
        lambda _: terug(
            persoon,
            "/werk/clientervaring",
            "Dank je wel. De antwoorden zijn bewaard, zonder naam.",
        ),
    )


@router.get("/nazorgcijfers", response_class=HTMLResponse)
def nazorgcijfers(request: Request, persoon: PersoonDep, session: SessionDep) -> HTMLResponse:
    mag(persoon, R, B)
    jaar = jaar_uit(request.query_params.get("jaar"))
    return render(
        request,
        "nazorg_cijfers.html",
        persoon,
        c=clientervaringen.cijfers(session, jaar=jaar),
        jaar=jaar,
        schaal=SCHAAL_TEKST,
    )


def mijn_taken(session: Session, actor: Any) -> list[dict[str, str]]:
    """The nazorg items due for ``actor``'s organisation, for the to-do list on /start: open
    nazorg signaleringen (ZOU-L1..L5, ZOU-P2..P4, ZOU-B5) it owns or may read, each with a
    sentence and the page to open. Empty for a kind with no nazorg work."""
    soorten = (
        SignaleringSoort.voorbereiding,
        SignaleringSoort.partijen_betrekken,
        SignaleringSoort.wijkteam_betrekken,
        SignaleringSoort.gemeente_informeren,
        SignaleringSoort.warme_overdracht,
        SignaleringSoort.dip_na_verhuizing,
        SignaleringSoort.begeleiding_beeindigd,
        SignaleringSoort.dreigt_te_mislukken,
        SignaleringSoort.evaluatie,
    )
    query = select(Signalering).where(
        col(Signalering.soort).in_(soorten),
        col(Signalering.status).in_((SignaleringStatus.open, SignaleringStatus.in_behandeling)),
    )
    if actor.soort != B:
        query = query.where(
            or_(
                Signalering.eigenaar_id == actor.organisatie_id,
                Signalering.zichtbaar_voor_id == actor.organisatie_id,
            )
        )
    taken = []
    for s in session.exec(query.order_by(col(Signalering.vervaldatum)).limit(50)).all():
        if s.onderwerp_type == "kandidaat":
            url = f"/werk/kandidaten/{s.onderwerp_id}/voorbereiding"
        elif s.onderwerp_type == "plaatsing":
            url = f"/werk/plaatsingen/{s.onderwerp_id}"
        else:
            url = f"/werk/plaatsingen/{s.diagnose.get('plaatsingId', '')}"
        taken.append({"tekst": s.titel, "url": url, "voor": s.vervaldatum.isoformat()})
    return taken


__all__ = ["mijn_taken", "router"]
