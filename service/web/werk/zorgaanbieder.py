"""Pages for the zorgaanbieder: its kandidaten (list, detail with waarom-niet, register, edit),
the open aanbiedingen to answer on the candidate's behalf, and its contingent usage.

Every handler checks the kind with ``mag`` (the API's ``vereis``) and calls the same actions as
the API with ``persoon.actor``; the actions' scoped queries do the object checks, so a foreign
kandidaat or aanbieding is a 404 page, exactly as in the API. Form input is validated by the
API's own pydantic models: the messages next to the fields are the API's messages. The form
fields carry the API's field names (``huishouden.volwassenen``, ``behoeften.minimumKamers``,
``gemeentevoorkeuren.0``), so an error finds its field without a translation table.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from collections.abc import Mapping
from datetime import datetime
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter
from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.responses import Response
from sqlmodel import Session
from sqlmodel import col
from sqlmodel import select

from service.aanbiedingen import actions as aanbiedingen
from service.aanbiedingen.schemas import Antwoord
from service.aanbiedingen.schemas import AntwoordBesluit
from service.clock import NL
from service.clock import vandaag
from service.contingenten import actions as contingenten
from service.deps import Leeslog
from service.deps import LeeslogDep
from service.deps import SessionDep
from service.diagnose import diagnose
from service.errors import Conflict
from service.kandidaten import actions as kandidaten
from service.kandidaten.schemas import KandidaatInvoer
from service.kandidaten.schemas import KandidaatUit
from service.kandidaten.schemas import KandidaatWijziging
from service.kandidaten.schemas import Statuswijziging
from service.levensloop.toestanden import KANDIDAAT_HANDMATIG as HANDMATIG
from service.models import Aanbieding
from service.models import AanbiedingStatus
from service.models import AanmelddatumHerkomst
from service.models import Afwijsreden
from service.models import Doelgroep
from service.models import Kandidaat
from service.models import KandidaatRoute
from service.models import KandidaatStatus
from service.models import Plaatsing
from service.models import Signalering
from service.models import Uitschrijfreden
from service.models import Woning
from service.plaatsingen import actions as plaatsingen
from service.rapportages.actions import hele_maanden
from service.regio import regio_van
from service.signaleringen import actions as signaleringen
from service.web import woorden
from service.web import zoeken
from service.web.formulier import MET_CONFLICT
from service.web.formulier import Formulier
from service.web.formulier import formulier_post
from service.web.formulier import foutstatus
from service.web.formulier import id_uit
from service.web.formulier import ingevuld
from service.web.formulier import jaar_uit
from service.web.formulier import pagina_uit
from service.web.formulier import paginafouten
from service.web.formulier import veldfouten
from service.web.pages import Persoon
from service.web.pages import PersoonDep
from service.web.pages import mag
from service.web.pages import render
from service.web.pages import terug
from service.web.soorten import B
from service.web.soorten import Z
from service.web.soorten import organisaties

router = APIRouter()
PAGINA = 50
#: At least this many gemeente choices on the form (1st, 2nd, 3rd choice); the API allows 10.
KEUZES = 3
#: Open aanbiedingen shown per status (a zorgaanbieder has a handful at a time).
LIMIET = 200
#: An aanbieding id in the address that is not one, or not one this organisation may see.
ONBEKENDE_AANBIEDING = "Deze aanbieding bestaat niet, of u mag deze niet zien."
#: The same for a kandidaat.
ONBEKENDE_KANDIDAAT = "Deze kandidaat bestaat niet, of u mag deze kandidaat niet zien."

DOELGROEP_TEKST = {
    Doelgroep.ambulante_begeleiding: "Ambulante begeleiding",
    Doelgroep.beschermd_thuis: "Beschermd thuis",
    Doelgroep.living_lab: "Living Lab",
    Doelgroep.wlz_ambulant: "Wlz ambulant",
    Doelgroep.regulier_ontraden: "Reguliere uitstroom, ontraden",
    Doelgroep.regulier_zonder_urgentie: "Reguliere uitstroom zonder urgentie",
    Doelgroep.uitstroom_zvw: "Uitstroom Zvw (GGZ)",
    Doelgroep.forensische_zorg: "Uitstroom forensische zorg",
}
ROUTE_TEKST = {
    KandidaatRoute.omgekeerde_plaatsing: "Omgekeerde plaatsing",
    KandidaatRoute.maatwerk: "Maatwerk",
}
AFWIJSREDEN_TEKST = {
    Afwijsreden.locatie: "De plek past niet",
    Afwijsreden.woning_past_niet: "De woning past niet",
    Afwijsreden.huur_te_hoog: "De huur is te hoog",
    Afwijsreden.toegankelijkheid: "De woning is niet toegankelijk genoeg",
    Afwijsreden.persoonlijke_omstandigheden: "Persoonlijke omstandigheden",
    Afwijsreden.niet_meer_beschikbaar: "De kandidaat zoekt niet meer",
    Afwijsreden.anders: "Anders (leg uit in de toelichting)",
}
STATUS_TEKST = {
    KandidaatStatus.wachtend: "wachtend",
    KandidaatStatus.aangeboden: "aangeboden",
    KandidaatStatus.gepauzeerd: "gepauzeerd",
    KandidaatStatus.geplaatst: "geplaatst",
    KandidaatStatus.uitgeschreven: "uitgeschreven",
}
#: The status changes a person may ask for (``service.levensloop.toestanden.KANDIDAAT_HANDMATIG``).
ACTIE_TEKST = {
    KandidaatStatus.gepauzeerd: "Pauzeren",
    KandidaatStatus.wachtend: "Hervatten: weer laten wachten",
    KandidaatStatus.uitgeschreven: "Uitschrijven",
}
UITSCHRIJFREDEN_TEKST = {
    Uitschrijfreden.eigen_netwerk: "Woont (ook tijdelijk) bij het eigen netwerk",
    Uitschrijfreden.zelf_woning_gevonden: "Heeft zelf een woning gevonden",
    Uitschrijfreden.niet_meer_gereed: "Is niet meer klaar om zelfstandig te wonen",
    Uitschrijfreden.verhuisd_buiten_regio: "Is verhuisd buiten de regio",
    Uitschrijfreden.overleden: "Is overleden",
    Uitschrijfreden.op_eigen_verzoek: "Op eigen verzoek",
    Uitschrijfreden.anders: "Anders (leg uit in de toelichting)",
}
#: The state of a correction request of the aanmelddatum, as the history shows it.
VERZOEK_STATUS = {
    "open": "nog niet beantwoord",
    "goedgekeurd": "goedgekeurd",
    "afgewezen": "afgewezen",
    "afgehandeld": "afgehandeld met een andere correctie",
}
UITKOMST_TEKST = {
    "voorgedragen": "voorgedragen",
    "niet-geschikt": "niet geschikt",
    "geschikt-niet-voorgedragen": "geschikt, maar anderen gingen voor",
}


# --- helpers (also used by the regiobeheer pages) ------------------------------------------------


def moment(d: datetime | None) -> str:
    """A moment in Dutch local time, as people read it."""
    return d.astimezone(NL).strftime("%d-%m-%Y %H:%M") if d else ""


def wachttijd(k: KandidaatUit) -> str:
    maanden = hele_maanden(k.aanmelddatum, vandaag())
    dagen = "1 dag" if k.wachttijd_dagen == 1 else f"{k.wachttijd_dagen} dagen"
    if maanden < 1:
        return dagen
    return f"{dagen} ({maanden} {'maand' if maanden == 1 else 'maanden'})"


# --- kandidaten ----------------------------------------------------------------------------------


def _zoekvraag(
    q: Mapping[str, str], gemeenten: Iterable[str], zorgaanbieders: Mapping[str, str]
) -> zoeken.Zoekvraag:
    """The search of the address; a value outside its choices counts as not given."""

    def keuze(naam: str, toegestaan: Iterable[str], anders: str = "") -> str:
        waarde = q.get(naam)
        return waarde if waarde is not None and waarde in toegestaan else anders

    zorgaanbieder = keuze("zorgaanbieder", zorgaanbieders)
    return zoeken.Zoekvraag(
        zoek=(q.get("zoek") or "").strip()[:100],
        gemeente=keuze("gemeente", gemeenten),
        zorgaanbieder=uuid.UUID(zorgaanbieder) if zorgaanbieder else None,
        status=keuze("status", set(KandidaatStatus)),
        doelgroep=keuze("doelgroep", set(Doelgroep)),
        wachttijd=keuze("wachttijd", zoeken.WACHTTIJD_KLASSEN),
        sorteer=keuze("sorteer", zoeken.KOLOMMEN, "aanmelddatum"),
        # "volgorde=nieuwst" (older links): the newest registration first
        oplopend=q.get("richting") != "af" and q.get("volgorde") != "nieuwst",
        pagina=pagina_uit(q.get("pagina"), 100_000),
    )


@router.get("/kandidaten", response_class=HTMLResponse)
def kandidaten_lijst(
    request: Request, persoon: PersoonDep, session: SessionDep, leeslog: LeeslogDep
) -> HTMLResponse:
    """Search, filter, sort and page through the kandidaten (a zorgaanbieder: its own)."""
    mag(persoon, Z, B)
    q = request.query_params
    regio = regio_van(session)
    zorgaanbieders = (
        {str(o.id): o.naam for o in organisaties(session, Z)} if persoon.actor.soort == B else {}
    )
    vraag = _zoekvraag(q, regio.gemeenten, zorgaanbieders)
    rows, totaal = zoeken.zoek(session, persoon.actor, vraag, vandaag())
    meer = totaal > zoeken.TELLEN_TOT
    paginas = zoeken.aantal_paginas(min(totaal, zoeken.TELLEN_TOT))
    if meer:  # past the counted bound: at least one page more while pages come back full
        paginas = max(paginas, vraag.pagina + (1 if len(rows) == zoeken.PAGINA else 0))
    leeslog(persoon.actor, "kandidaten (web)", (k.id for k in rows), "wachtlijst gelezen")
    filters = {
        k: v
        for k, v in {
            "zoek": vraag.zoek,
            "gemeente": vraag.gemeente,
            "zorgaanbieder": str(vraag.zorgaanbieder) if vraag.zorgaanbieder else "",
            "status": vraag.status,
            "doelgroep": vraag.doelgroep,
            "wachttijd": vraag.wachttijd,
        }.items()
        if v
    }

    def adres(**extra: Any) -> str:
        return "/werk/kandidaten?" + urlencode({**filters, **extra})

    return render(
        request,
        "zorgaanbieder_kandidaten.html",
        persoon,
        kandidaten=rows,
        totaal=min(totaal, zoeken.TELLEN_TOT),
        meer=meer,
        vraag=vraag,
        **zoeken.paginering(vraag.pagina, paginas),
        adres=adres,
        sorteer=vraag.sorteer,
        oplopend=vraag.oplopend,
        code=zoeken.code,
        gemeente_keuzes=[(g, g) for g in regio.gemeenten],
        zorgaanbieders=zorgaanbieders,
        statussen=[(s.value, STATUS_TEKST.get(s, s.value)) for s in KandidaatStatus],
        doelgroepen=[(d.value, DOELGROEP_TEKST[d]) for d in Doelgroep],
        klassen=[(k, f"{k} maanden") for k in zoeken.WACHTTIJD_KLASSEN],
        wachttijd=wachttijd,
        doelgroep_tekst=DOELGROEP_TEKST,
        status_tekst=STATUS_TEKST,
        mag_aanmelden=persoon.actor.soort == Z,
    )


@router.get("/kandidaten/nieuw", response_class=HTMLResponse)
def kandidaat_nieuw(request: Request, persoon: PersoonDep) -> HTMLResponse:
    mag(persoon, Z)
    waarden = {
        "aanmelddatum": vandaag().isoformat(),
        "huishouden.volwassenen": "1",
        "huishouden.kinderen": "0",
        "behoeften.minimumKamers": "1",
    }
    return _formulier(request, persoon, None, waarden, {})


@router.post("/kandidaten/nieuw", response_model=None)
def kandidaat_aanmelden(
    request: Request, persoon: PersoonDep, session: SessionDep, form: Formulier
) -> Response:
    mag(persoon, Z)

    def meld_aan() -> Kandidaat:
        data = KandidaatInvoer.model_validate(kandidaat_invoer(form, nieuw=True))
        kandidaten.check_aanmelddatum(session, data, persoon.actor)
        return kandidaten.create_kandidaat(session, data=data, by=persoon.actor)

    def opnieuw(exc: Exception) -> Response:
        fouten = paginafouten(
            exc,
            lambda naam: naam.replace("aanmelddatumHerkomst.", "herkomst.").replace(
                "aanmelddatumHerkomst", "herkomst.soort"
            ),
        )
        return _formulier(request, persoon, None, form, fouten, 400)

    return formulier_post(
        session,
        persoon,
        form,
        meld_aan,
        opnieuw,
        lambda k: terug(
            persoon,
            f"/werk/kandidaten/{k.id}",
            f"{k.voornaam} {k.achternaam} staat nu op de wachtlijst.",
        ),
    )


@router.get("/kandidaten/{kandidaat_id}", response_class=HTMLResponse)
def kandidaat_detail(
    kandidaat_id: str,
    request: Request,
    persoon: PersoonDep,
    session: SessionDep,
    leeslog: LeeslogDep,
) -> HTMLResponse:
    mag(persoon, Z, B)
    k = _kandidaat(session, persoon, kandidaat_id)
    pagina = _detail(request, session, persoon, k)
    leeslog(persoon.actor, "kandidaat (web)", k.id, "kandidaat gelezen")
    return pagina


def _lopende_aanbieding(session: Session, k: Kandidaat, persoon: Persoon) -> dict[str, Any] | None:
    """The kandidaat's running offer (the latest) with its woning."""
    a = session.exec(
        aanbiedingen.visible(
            select(Aanbieding).where(
                Aanbieding.kandidaat_id == k.id, col(Aanbieding.status).in_(LOPEND)
            ),
            persoon.actor,
        ).order_by(col(Aanbieding.aangemaakt_op).desc())
    ).first()
    return None if a is None else {"a": a, "woning": session.get(Woning, a.woning_id)}


def _plaatsing_van(session: Session, k: Kandidaat, persoon: Persoon) -> dict[str, Any] | None:
    """The kandidaat's plaatsing (the latest contract) with its woning."""
    p = session.exec(
        plaatsingen.visible(
            select(Plaatsing).where(Plaatsing.kandidaat_id == k.id), persoon.actor
        ).order_by(col(Plaatsing.contractdatum).desc())
    ).first()
    if p is None:
        return None
    return {"p": plaatsingen.public(session, p), "woning": session.get(Woning, p.woning_id)}


def _detail(
    request: Request,
    session: Session,
    persoon: Persoon,
    k: Kandidaat,
    fouten: dict[str, str] | None = None,
    waarden: dict[str, str] | None = None,
    status_code: int = 200,
    correctie_fouten: dict[str, str] | None = None,
    correctie_waarden: dict[str, str] | None = None,
) -> HTMLResponse:
    """The page matches the state: a running aanbieding with its deadline, a plaatsing with its
    evaluations, or — while the kandidaat waits — why there is no woning yet."""
    uit = kandidaten.public(session, k)
    status = KandidaatStatus(k.status)
    lopend = (
        _lopende_aanbieding(session, k, persoon) if status == KandidaatStatus.aangeboden else None
    )
    plaatsing = _plaatsing_van(session, k, persoon) if status == KandidaatStatus.geplaatst else None
    signalen = session.exec(
        signaleringen.visible(
            select(Signalering).where(
                Signalering.onderwerp_id == k.id,
                col(Signalering.status).in_(signaleringen.OPEN),
            ),
            persoon.actor,
        ).order_by(col(Signalering.vervaldatum))
    ).all()
    d = (
        diagnose(session, k, limit=10)
        if status in (KandidaatStatus.wachtend, KandidaatStatus.gepauzeerd)
        else None
    )
    return render(
        request,
        "zorgaanbieder_kandidaat.html",
        persoon,
        status_code=status_code,
        k=uit,
        code=zoeken.code(k.id),
        diagnose=d,
        voorstellen=[woorden.zonder_api(s) for s in d.voorstellen] if d else [],
        lopend=lopend,
        plaatsing=plaatsing,
        signalen=signalen,
        signaal_soort=woorden.SIGNALERING_SOORT,
        moment=moment,
        vandaag=vandaag(),
        wachttijd=wachttijd(uit),
        doelgroep_tekst=DOELGROEP_TEKST,
        route_tekst=ROUTE_TEKST,
        uitkomst_tekst=UITKOMST_TEKST,
        status_tekst=STATUS_TEKST,
        acties=[(s.value, ACTIE_TEKST[s]) for s in sorted(HANDMATIG[status]) if s in ACTIE_TEKST],
        redenen=[(r.value, t) for r, t in UITSCHRIJFREDEN_TEKST.items()],
        is_bemiddelaar=persoon.actor.soort == B,
        afwijzingen_drempel=request.app.state.regio.termijnen.afwijzingen_gesprek_na,
        aanmelddatum_historie=kandidaten.wijzigingen_aanmelddatum(session, k),
        # the bemiddelaar corrects, the zorgaanbieder asks; not once the file is closed
        mag_aanmelddatum=uit.status
        not in (KandidaatStatus.geplaatst, KandidaatStatus.uitgeschreven),
        correctie_fouten=correctie_fouten or {},
        correctie_waarden=correctie_waarden or {},
        verzoek_status=VERZOEK_STATUS,
        mag_wijzigen=persoon.actor.soort == Z
        and uit.status not in (KandidaatStatus.geplaatst, KandidaatStatus.uitgeschreven),
        fouten=fouten or {},
        waarden=waarden or {},
        fout=(fouten or {}).get(""),
    )


#: The confirmation after a change of status, by the new status.
STATUS_GEWIJZIGD = {
    KandidaatStatus.gepauzeerd: "De kandidaat is gepauzeerd: niet voorgedragen, de wachttijd "
    "loopt niet door.",
    KandidaatStatus.wachtend: "De kandidaat wacht weer en kan weer worden voorgedragen.",
    KandidaatStatus.uitgeschreven: "De kandidaat is uitgeschreven.",
}


@router.post("/kandidaten/{kandidaat_id}/status", response_model=None)
def kandidaat_status(
    kandidaat_id: str, request: Request, persoon: PersoonDep, session: SessionDep, form: Formulier
) -> Response:
    """Pause, resume or withdraw (with the reason; ZOU-C4: living with one's own network)."""
    mag(persoon, Z, B)
    k = _kandidaat(session, persoon, kandidaat_id)
    waarden = {x: form.get(x, "") for x in ("status", "reden", "toelichting")}

    def wijzig() -> Statuswijziging:
        data = Statuswijziging.model_validate(ingevuld(waarden))
        kandidaten.change_status(session, kandidaat_id=k.id, data=data, by=persoon.actor)
        return data

    return formulier_post(
        session,
        persoon,
        form,
        wijzig,
        lambda exc: _detail(
            request, session, persoon, k, paginafouten(exc), waarden, foutstatus(exc)
        ),
        lambda data: terug(persoon, f"/werk/kandidaten/{k.id}", STATUS_GEWIJZIGD[data.status]),
        vang=MET_CONFLICT,
    )


@router.get("/kandidaten/{kandidaat_id}/wijzigen", response_class=HTMLResponse)
def kandidaat_wijzigen(
    kandidaat_id: str, request: Request, persoon: PersoonDep, session: SessionDep
) -> HTMLResponse:
    mag(persoon, Z)
    k = _kandidaat(session, persoon, kandidaat_id)
    return _formulier(request, persoon, k, formulier_van(kandidaten.public(session, k)), {})


@router.post("/kandidaten/{kandidaat_id}/wijzigen", response_model=None)
def kandidaat_wijzigen_opslaan(
    kandidaat_id: str, request: Request, persoon: PersoonDep, session: SessionDep, form: Formulier
) -> Response:
    mag(persoon, Z)
    k = _kandidaat(session, persoon, kandidaat_id)
    return formulier_post(
        session,
        persoon,
        form,
        lambda: kandidaten.update_kandidaat(
            session,
            kandidaat_id=k.id,
            data=wijziging(kandidaat_invoer(form, nieuw=False), k),
            by=persoon.actor,
        ),
        lambda exc: _formulier(request, persoon, k, form, paginafouten(exc), foutstatus(exc)),
        lambda gewijzigd: terug(
            persoon, f"/werk/kandidaten/{gewijzigd.id}", "De wijzigingen zijn opgeslagen."
        ),
        vang=MET_CONFLICT,
    )


def _kandidaat(session: Session, persoon: Persoon, kandidaat_id: str) -> Kandidaat:
    kid = id_uit(kandidaat_id, ONBEKENDE_KANDIDAAT)
    return kandidaten.get_kandidaat(session, kid, persoon.actor)


def kandidaat_invoer(form: dict[str, str], *, nieuw: bool) -> dict[str, Any]:
    """The flat form as the API's nested body (camelCase). An empty optional field is left out,
    so the API's own message ("Vul … in.") appears where something is missing."""

    def waarde(naam: str) -> str | None:
        return form.get(naam) or None

    def zonder_leeg(d: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in d.items() if v is not None}

    aantal = max([KEUZES, *(_index(n) + 1 for n in form if n.startswith("gemeentevoorkeuren."))])
    body: dict[str, Any] = zonder_leeg(
        {
            "voornaam": form.get("voornaam", ""),
            "achternaam": form.get("achternaam", ""),
            "geboortedatum": waarde("geboortedatum"),
            "doelgroep": waarde("doelgroep"),
            "jaarinkomen": waarde("jaarinkomen"),
            "route": waarde("route"),
            "aanmelddatum": waarde("aanmelddatum") if nieuw else None,
        }
    )
    if nieuw and waarde("herkomst.soort"):
        body["aanmelddatumHerkomst"] = zonder_leeg(
            {v: waarde(f"herkomst.{v}") for v in ("soort", "datum", "toelichting")}
        )
    body["casushouder"] = zonder_leeg(
        {v: waarde(f"casushouder.{v}") for v in ("organisatie", "naam", "telefoon", "email")}
    )
    body["gemeentevoorkeuren"] = [
        g for i in range(aantal) if (g := waarde(f"gemeentevoorkeuren.{i}"))
    ]
    body["huishouden"] = zonder_leeg(
        {
            "volwassenen": waarde("huishouden.volwassenen"),
            "kinderen": waarde("huishouden.kinderen"),
        }
    )
    body["behoeften"] = zonder_leeg(
        {
            "rolstoel": form.get("behoeften.rolstoel") == "ja",
            "trapvrij": form.get("behoeften.trapvrij") == "ja",
            "hoogsteVerdieping": waarde("behoeften.hoogsteVerdieping"),
            "minimumKamers": waarde("behoeften.minimumKamers"),
        }
    )
    body["gereedVerklaard"] = form.get("gereedVerklaard") == "ja"
    body["begeleidingAkkoord"] = form.get("begeleidingAkkoord") == "ja"
    return body


def _index(naam: str) -> int:
    try:
        return min(int(naam.rsplit(".", 1)[1]), 9)
    except ValueError:
        return 0


def wijziging(invoer: dict[str, Any], k: Kandidaat) -> KandidaatWijziging:
    """The edit form shows every field, so it is checked as a whole (an emptied required field
    gets the API's message for a new kandidaat), then sent as the API's change."""
    volledig = KandidaatInvoer.model_validate({**invoer, "aanmelddatum": k.aanmelddatum})
    return KandidaatWijziging.model_validate(
        volledig.model_dump(exclude={"aanmelddatum"}, exclude_none=True)
    )


def formulier_van(k: KandidaatUit) -> dict[str, str]:
    """The stored kandidaat as form values."""
    waarden = {
        "voornaam": k.voornaam,
        "achternaam": k.achternaam,
        "geboortedatum": k.geboortedatum.isoformat(),
        "doelgroep": k.doelgroep.value,
        "aanmelddatum": k.aanmelddatum.isoformat(),
        "jaarinkomen": str(k.jaarinkomen),
        "route": k.route.value,
        "huishouden.volwassenen": str(k.huishouden.volwassenen),
        "huishouden.kinderen": str(k.huishouden.kinderen),
        "behoeften.minimumKamers": str(k.behoeften.minimum_kamers),
        "behoeften.hoogsteVerdieping": (
            "" if k.behoeften.hoogste_verdieping is None else str(k.behoeften.hoogste_verdieping)
        ),
        "behoeften.rolstoel": "ja" if k.behoeften.rolstoel else "",
        "behoeften.trapvrij": "ja" if k.behoeften.trapvrij else "",
        "gereedVerklaard": "ja" if k.gereed_verklaard else "",
        "begeleidingAkkoord": "ja" if k.begeleiding_akkoord else "",
    }
    for v in ("organisatie", "naam", "telefoon", "email"):
        waarden[f"casushouder.{v}"] = getattr(k.casushouder, v) or ""
    for i, g in enumerate(k.gemeentevoorkeuren):
        waarden[f"gemeentevoorkeuren.{i}"] = g
    return waarden


def _formulier(
    request: Request,
    persoon: Persoon,
    k: Kandidaat | None,
    waarden: dict[str, str],
    fouten: dict[str, str],
    status_code: int = 200,
) -> HTMLResponse:
    regio = request.app.state.regio
    aantal = max([KEUZES, *(_index(n) + 1 for n in waarden if n.startswith("gemeentevoorkeuren."))])
    # a value that is not a gemeente of the region stays visible, next to its message
    gemeenten = list(regio.gemeenten)
    for i in range(aantal):
        g = waarden.get(f"gemeentevoorkeuren.{i}")
        if g and g not in gemeenten:
            gemeenten.append(g)
    return render(
        request,
        "zorgaanbieder_kandidaat_formulier.html",
        persoon,
        status_code=status_code,
        samenvatting=True,
        k=k,
        w=waarden,
        fouten=fouten,
        fout=fouten.get(""),
        keuzes=aantal,
        gemeenten=[(g, g) for g in gemeenten],
        doelgroepen=[(d.value, DOELGROEP_TEKST[d]) for d in Doelgroep],
        routes=[(r.value, ROUTE_TEKST[r]) for r in KandidaatRoute],
        herkomsten=[(h.value, HERKOMST_TEKST[h]) for h in AanmelddatumHerkomst],
        aanmelddatum_venster=regio.termijnen.aanmelddatum_venster_dagen,
    )


HERKOMST_TEKST = {
    AanmelddatumHerkomst.vorige_wachtlijst: "Overgenomen van de vorige wachtlijst",
    AanmelddatumHerkomst.eerdere_aanmelding: "Eerder aangemeld bij Het Vierde Huis",
    AanmelddatumHerkomst.anders: "Anders (licht toe)",
}


# --- aanbiedingen --------------------------------------------------------------------------------

LOPEND = (AanbiedingStatus.open, AanbiedingStatus.bezichtiging, AanbiedingStatus.geaccepteerd)


@router.get("/aanbiedingen", response_class=HTMLResponse)
def aanbiedingen_lijst(
    request: Request, persoon: PersoonDep, session: SessionDep, leeslog: LeeslogDep
) -> HTMLResponse:
    return _aanbiedingen(request, persoon, session, leeslog=leeslog)


def _aanbiedingen(
    request: Request,
    persoon: Persoon,
    session: Session,
    *,
    fouten: dict[str, dict[str, str]] | None = None,
    waarden: dict[str, dict[str, str]] | None = None,
    status_code: int = 200,
    leeslog: Leeslog | None = None,
) -> HTMLResponse:
    mag(persoon, Z, B)
    rijen: list[dict[str, Any]] = []
    for status in LOPEND:
        rows, _ = aanbiedingen.list_aanbiedingen(
            session, persoon.actor, status=status, offset=0, limit=LIMIET
        )
        for a in rows:
            uit = aanbiedingen.public(session, a)
            # The woning of an aanbieding the person may see (the scoped list above): its
            # address is what the kandidaat needs to go and look.
            woning = session.get(Woning, a.woning_id)
            rijen.append({"a": uit, "woning": woning})
    rijen.sort(key=lambda r: r["a"].reactie_deadline)
    if leeslog is not None:
        leeslog(persoon.actor, "aanbiedingen (web)", (r["a"].kandidaat_id for r in rijen), "")
    return render(
        request,
        "zorgaanbieder_aanbiedingen.html",
        persoon,
        status_code=status_code,
        rijen=rijen,
        fouten=fouten or {},
        waarden=waarden or {},
        fout=next((f.get("") for f in (fouten or {}).values() if f.get("")), None),
        moment=moment,
        redenen=[(r.value, t) for r, t in AFWIJSREDEN_TEKST.items()],
        Status=AanbiedingStatus,
    )


def antwoord_invoer(form: dict[str, str]) -> dict[str, Any]:
    """A ``datetime-local`` field has no time zone: it is Dutch local time."""
    body: dict[str, Any] = {k: v for k in ("besluit", "reden", "toelichting") if (v := form.get(k))}
    if op := form.get("bezichtigingOp"):
        try:
            d = datetime.fromisoformat(op)
            body["bezichtigingOp"] = d if d.tzinfo else d.replace(tzinfo=NL)
        except ValueError:
            body["bezichtigingOp"] = op  # the API's message says what is wrong
    return body


#: A message about the answer as a whole goes next to the field the chosen besluit needs.
_VELD_BIJ_BESLUIT = {
    AntwoordBesluit.bezichtigen.value: "bezichtigingOp",
    AntwoordBesluit.afwijzen.value: "reden",
    AntwoordBesluit.accepteren.value: "reden",
}


@router.post("/aanbiedingen/{aanbieding_id}/antwoord", response_model=None)
def aanbieding_beantwoorden(
    aanbieding_id: str, request: Request, persoon: PersoonDep, session: SessionDep, form: Formulier
) -> Response:
    mag(persoon, Z, B)
    a_id = id_uit(aanbieding_id, ONBEKENDE_AANBIEDING)

    def opnieuw(exc: Exception) -> Response:
        if isinstance(exc, Conflict):
            return _aanbiedingen(
                request, persoon, session, fouten={str(a_id): {"": exc.detail}}, status_code=409
            )
        return _aanbiedingen(
            request,
            persoon,
            session,
            fouten={str(a_id): _antwoordfouten(exc, form.get("besluit", ""))},
            waarden={str(a_id): form},
            status_code=400,
        )

    return formulier_post(
        session,
        persoon,
        form,
        lambda: aanbiedingen.answer(
            session,
            aanbieding_id=a_id,
            data=Antwoord.model_validate(antwoord_invoer(form)),
            by=persoon.actor,
        ),
        opnieuw,
        lambda a: terug(
            persoon,
            "/werk/aanbiedingen",
            ANTWOORD_VASTGELEGD.get(AanbiedingStatus(a.status), "Het antwoord is opgeslagen."),
        ),
        vang=MET_CONFLICT,
    )


#: The confirmation after an answer, by the offer's new status.
ANTWOORD_VASTGELEGD = {
    AanbiedingStatus.bezichtiging: "De bezichtiging is vastgelegd.",
    AanbiedingStatus.geaccepteerd: "De kandidaat accepteert de woning. De corporatie maakt "
    "het huurcontract.",
    AanbiedingStatus.afgewezen: "De afwijzing is vastgelegd. De kandidaat wacht weer.",
}


def _antwoordfouten(exc: Exception, besluit: str) -> dict[str, str]:
    """The messages at one offer: one about the answer as a whole goes next to the field the
    chosen besluit needs."""
    fouten: dict[str, str] = {}
    for naam, reden in veldfouten(exc).items():
        fouten.setdefault(
            _VELD_BIJ_BESLUIT.get(besluit, "besluit") if naam in ("", "body") else naam, reden
        )
    fouten[""] = "Het antwoord is niet opgeslagen. Kijk bij de aanbieding wat er mis is."
    return fouten


# --- contingent ----------------------------------------------------------------------------------


@router.get("/contingent", response_class=HTMLResponse)
def contingent_pagina(request: Request, persoon: PersoonDep, session: SessionDep) -> HTMLResponse:
    mag(persoon, Z)
    jaar = jaar_uit(request.query_params.get("jaar"))
    gebruik = next(iter(contingenten.gebruik(session, persoon.actor, jaar=jaar)), None)
    cijfers = {
        "toegewezen": gebruik.toegewezen if gebruik else 0,
        "gebruikt": gebruik.gebruikt if gebruik else 0,
        "in_behandeling": gebruik.in_behandeling if gebruik else 0,
        "resterend": gebruik.resterend if gebruik else 0,
        "overgebruik": gebruik.overgebruik if gebruik else 0,
    }
    reeksen = [
        ("Toegewezen", cijfers["toegewezen"]),
        ("Gebruikt", cijfers["gebruikt"]),
        ("In behandeling", cijfers["in_behandeling"]),
        ("Resterend", cijfers["resterend"]),
    ]
    return render(
        request,
        "zorgaanbieder_contingent.html",
        persoon,
        jaar=jaar,
        gebruik=gebruik,
        cijfers=cijfers,
        reeksen=reeksen,
        verdeeld=contingenten.current(session, jaar) is not None,
    )
