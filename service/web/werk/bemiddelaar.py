"""Pages for the bemiddelaar (Het Vierde Huis): the voordrachten to review, signaleringen,
maatwerktrajecten and knelpunten.

The voordracht pages (``/werk/voordrachten`` and ``/werk/voordrachten/{id}``) are shared with the
corporatie: one handler each, which shows what ``service.voordrachten.views.view`` gives the
logged-in organisation (the full view with names and the explanation for the bemiddelaar, the
minimal one for a corporatie). Every handler checks the kind with ``mag`` and calls the same
actions as the API with ``persoon.actor``; the actions' scoped queries do the object checks.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from collections.abc import Iterable
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from typing import Unpack
from urllib.parse import urlencode

from fastapi import APIRouter
from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.responses import RedirectResponse
from fastapi.responses import Response
from sqlmodel import Session
from sqlmodel import col
from sqlmodel import select

from service import inzage
from service.aanbiedingen import actions as aanbiedingen
from service.clock import vandaag
from service.deps import Leeslog
from service.deps import LeeslogDep
from service.deps import SessionDep
from service.diagnose import REGEL_TEKST
from service.kandidaten.actions import get_kandidaat
from service.knelpunten import actions as knelpunten
from service.knelpunten.schemas import KnelpuntAntwoord
from service.knelpunten.schemas import KnelpuntInvoer
from service.knelpunten.schemas import KnelpuntSluiting
from service.models import Aanbieding
from service.models import Evaluatie
from service.models import Kandidaat
from service.models import KnelpuntStatus
from service.models import Maatwerktraject
from service.models import Plaatsing
from service.models import PlekStatus
from service.models import Signalering
from service.models import SignaleringSoort
from service.models import SignaleringStatus
from service.models import VoordrachtStatus
from service.models import Woning
from service.queries import page
from service.rapportages.actions import hele_maanden
from service.signaleringen import actions as signaleringen
from service.signaleringen.schemas import Behandeling
from service.teksten import KEUZE_REDEN_TEKST
from service.teksten import KEUZEREGEL
from service.voordrachten import actions as voordrachten
from service.voordrachten.schemas import Beoordeling
from service.voordrachten.schemas import Besluit
from service.voordrachten.schemas import VoordrachtVolledig
from service.voordrachten.views import view
from service.web import woorden
from service.web.formulier import Formulier
from service.web.formulier import Formulierstaat
from service.web.formulier import formulier_post
from service.web.formulier import formulierfouten
from service.web.formulier import formulierstaat
from service.web.formulier import id_uit
from service.web.formulier import ingevuld
from service.web.formulier import pagina_uit
from service.web.pages import Persoon
from service.web.pages import PersoonDep
from service.web.pages import check_csrf
from service.web.pages import mag
from service.web.pages import render
from service.web.pages import terug
from service.web.soorten import B
from service.web.soorten import C
from service.web.soorten import Z
from service.web.zoeken import aantal_paginas
from service.web.zoeken import code
from service.web.zoeken import paginering
from service.woningen import actions as woningen

router = APIRouter()
#: How many rows a work list shows at most (the region is small; the page says when there are more).
LIMIET = 200
#: The answer for a voordracht that does not exist or is not (yet) the person's to see.
ONBEKENDE_VOORDRACHT = "Deze voordracht bestaat niet, of u mag deze (nog) niet zien."


# --- helpers shared with the corporatie pages -------------------------------------------------


def leeg(waarde: str | None) -> str | None:
    return waarde if waarde else None


def adres(w: Woning) -> str:
    return f"{w.straat} {w.huisnummer}, {w.plaats}"


def woningen_van(
    session: Session, persoon: Persoon, ids: Iterable[uuid.UUID]
) -> dict[uuid.UUID, Woning]:
    """Woningen by id, through the same scoped query as the API (own woningen for a corporatie)."""
    ids = list(set(ids))
    if not ids:
        return {}
    rows = session.exec(
        woningen.visible(select(Woning).where(col(Woning.id).in_(ids)), persoon.actor)
    ).all()
    return {w.id: w for w in rows}


def _namen(session: Session, ids: Iterable[uuid.UUID | None]) -> dict[uuid.UUID, str]:
    """Organisation names by id (any kind: the voordracht's query for the zorgaanbieders)."""
    return voordrachten.zorgaanbieder_namen(session, {i for i in ids if i is not None})


# --- voordrachten (shared: bemiddelaar and corporatie) ------------------------------------------


@router.get("/voordrachten", response_class=HTMLResponse)
def voordrachten_lijst(
    request: Request, persoon: PersoonDep, session: SessionDep, leeslog: LeeslogDep
) -> HTMLResponse:
    mag(persoon, B, C)
    actor = persoon.actor
    secret = request.app.state.pseudoniem_sleutel

    def lijst(status: VoordrachtStatus, te_beoordelen: bool | None) -> tuple[list[Any], int]:
        rows, totaal = voordrachten.list_voordrachten(
            session,
            actor,
            status=status,
            te_beoordelen=te_beoordelen,
            woning_id=None,
            offset=0,
            limit=LIMIET,
        )
        return [view(session, vd, actor, secret) for vd in rows], totaal

    if actor.soort == B:
        a, na = lijst(VoordrachtStatus.te_beoordelen, True)
        b, nb = lijst(VoordrachtStatus.goedgekeurd, True)
        c, nc = lijst(VoordrachtStatus.goedgekeurd, False)
        groepen = [
            ("te-beoordelen", "Te beoordelen", a + b, na + nb),
            ("wacht-op-keuze", "Goedgekeurd: de corporatie kiest", c, nc),
        ]
    else:
        a, na = lijst(VoordrachtStatus.goedgekeurd, None)
        b, nb = lijst(VoordrachtStatus.afgerond, None)
        groepen = [
            ("goedgekeurd", "Goedgekeurd: u kunt kiezen", a, na),
            ("afgerond", "Afgerond", b, nb),
        ]
    alle = [vd for _, _, rows, _ in groepen for vd in rows]
    leeslog(
        actor,
        "voordrachten (web)",
        inzage.van_voordrachten(session, (vd.id for vd in alle)),
        "voordrachtenlijst gelezen",
    )
    return render(
        request,
        "bemiddelaar_voordrachten.html",
        persoon,
        groepen=groepen,
        woningen=woningen_van(session, persoon, (vd.woning_id for vd in alle)),
        PlekStatus=PlekStatus,
    )


def toon_voordracht(
    request: Request,
    session: Session,
    persoon: Persoon,
    voordracht_id: uuid.UUID,
    *,
    status_code: int = 200,
    **staat: Unpack[Formulierstaat],
) -> HTMLResponse:
    """The voordracht page as the logged-in organisation may see it (also after a form error)."""
    actor = persoon.actor
    vd = voordrachten.get_voordracht(session, voordracht_id, actor)
    weergave = view(session, vd, actor, request.app.state.pseudoniem_sleutel)
    woning = woningen.get_woning(session, vd.woning_id, actor)
    context: dict[str, Any] = {
        "vd": weergave,
        "woning": woning,
        "adres": adres(woning),
        **formulierstaat(**staat),
        "PlekStatus": PlekStatus,
        "VoordrachtStatus": VoordrachtStatus,
        "keuzeregel": KEUZEREGEL,
        "langst_wachtend": next((p for p in weergave.plekken if p.langst_wachtend), None),
    }
    if isinstance(weergave, VoordrachtVolledig):
        template = "bemiddelaar_voordracht.html"
        context["regel_tekst"] = REGEL_TEKST
        context["schrapbaar"] = [
            p
            for p in weergave.plekken
            if p.status in (PlekStatus.te_beoordelen, PlekStatus.goedgekeurd)
        ]
        context["te_beoordelen"] = [
            p for p in weergave.plekken if p.status == PlekStatus.te_beoordelen
        ]
    else:
        template = "corporatie_voordracht.html"
        goedgekeurd = [p for p in weergave.plekken if p.status == PlekStatus.goedgekeurd]
        context["kiesbaar"] = (
            []
            if vd.status != VoordrachtStatus.goedgekeurd
            or any(p.status == PlekStatus.gekozen for p in weergave.plekken)
            else goedgekeurd
        )
        context["reden_keuzes"] = [(k.value, t) for k, t in KEUZE_REDEN_TEKST.items()]
        context["aanbiedingen"] = session.exec(
            aanbiedingen.visible(
                select(Aanbieding).where(Aanbieding.voordracht_id == vd.id), actor
            ).order_by(col(Aanbieding.aangemaakt_op).desc())
        ).all()
    return render(request, template, persoon, status_code=status_code, **context)


@router.get("/voordrachten/{voordracht_id}", response_class=HTMLResponse)
def voordracht_pagina(
    voordracht_id: str,
    request: Request,
    persoon: PersoonDep,
    session: SessionDep,
    leeslog: LeeslogDep,
) -> HTMLResponse:
    mag(persoon, B, C)
    vid = id_uit(voordracht_id, ONBEKENDE_VOORDRACHT)
    pagina = toon_voordracht(request, session, persoon, vid)
    leeslog(persoon.actor, "voordracht (web)", inzage.van_voordrachten(session, [vid]), "gelezen")
    return pagina


@router.post("/voordrachten/{voordracht_id}/goedkeuren", response_model=None)
def voordracht_goedkeuren(
    voordracht_id: str, persoon: PersoonDep, session: SessionDep, form: Formulier
) -> Response:
    mag(persoon, B)
    vid = id_uit(voordracht_id, ONBEKENDE_VOORDRACHT)
    return formulier_post(
        session,
        persoon,
        form,
        lambda: voordrachten.review(
            session,
            voordracht_id=vid,
            data=Beoordeling(besluit=Besluit.goedkeuren),
            by=persoon.actor,
        ),
        None,
        lambda _: terug(
            persoon,
            f"/werk/voordrachten/{vid}",
            "De voordracht is goedgekeurd. De corporatie kan nu een kandidaat kiezen.",
        ),
    )


def voordracht_post(
    request: Request,
    session: Session,
    persoon: Persoon,
    form: Mapping[str, str],
    voordracht_id: str,
    formulier: str,
    velden: tuple[str, ...],
    doe: Callable[[uuid.UUID, dict[str, str]], object],
    gelukt: str,
) -> Response:
    """A form on the voordracht page (strike here, choose on the corporatie's side): ``doe``
    gets the voordracht's id and the filled-in ``velden``; on bad input the page again with
    the messages at that form."""
    vid = id_uit(voordracht_id, ONBEKENDE_VOORDRACHT)
    waarden = {k: form.get(k, "") for k in velden}
    return formulier_post(
        session,
        persoon,
        form,
        lambda: doe(vid, ingevuld(waarden)),
        lambda exc: toon_voordracht(
            request,
            session,
            persoon,
            vid,
            fouten=formulierfouten(exc, waarden, ("plek_id", "reden")),
            waarden=waarden,
            formulier=formulier,
            status_code=400,
        ),
        lambda _: terug(persoon, f"/werk/voordrachten/{vid}", gelukt),
    )


@router.post("/voordrachten/{voordracht_id}/schrappen", response_model=None)
def voordracht_schrappen(
    voordracht_id: str, request: Request, persoon: PersoonDep, session: SessionDep, form: Formulier
) -> Response:
    mag(persoon, B)
    return voordracht_post(
        request, session, persoon, form, voordracht_id, "schrappen", ("plek_id", "reden"),
        lambda vid, ingevuld: voordrachten.review(
            session,
            voordracht_id=vid,
            data=Beoordeling.model_validate({"besluit": Besluit.schrappen, **ingevuld}),
            by=persoon.actor,
        ),
        "De kandidaat is geschrapt. De volgende geschikte kandidaat is aangevuld, als die er is.",
    )  # fmt: skip


# --- signaleringen ---------------------------------------------------------------------------


SIGNALEN_PAGINA = 20


def _kandidaat_per_signaal(session: Session, rijen: list[Any]) -> dict[uuid.UUID, Kandidaat]:
    """The kandidaat each signal is about (directly, or through its aanbieding, traject or
    evaluation); a signal about a woning or a zorgaanbieder has none."""
    via: dict[str, Any] = {
        "aanbieding": select(Aanbieding.id, Aanbieding.kandidaat_id),
        "maatwerktraject": select(Maatwerktraject.id, Maatwerktraject.kandidaat_id),
        "evaluatie": select(Evaluatie.id, Plaatsing.kandidaat_id).join(
            Plaatsing, col(Plaatsing.id) == Evaluatie.plaatsing_id
        ),
    }
    kandidaat_van: dict[uuid.UUID, uuid.UUID] = {}
    for soort, query in via.items():
        ids = [s.onderwerp_id for s in rijen if s.onderwerp_type == soort]
        if ids:
            kolom = query.selected_columns[0]
            kandidaat_van.update(dict(session.exec(query.where(kolom.in_(ids))).all()))
    for s in rijen:
        if s.onderwerp_type == "kandidaat":
            kandidaat_van[s.onderwerp_id] = s.onderwerp_id
    ks = {
        k.id: k
        for k in session.exec(
            select(Kandidaat).where(col(Kandidaat.id).in_(set(kandidaat_van.values())))
        ).all()
    }
    return {
        s.id: ks[kandidaat_van[s.onderwerp_id]]
        for s in rijen
        if s.onderwerp_id in kandidaat_van and kandidaat_van[s.onderwerp_id] in ks
    }


@dataclass(frozen=True)
class _Signaalfilter:
    """The signal list's filter, sort and page from the address ("" is no filter)."""

    soort: str
    status: str
    eigenaar: str
    oplopend: bool
    pagina: int


def _signaalfilter(q: Mapping[str, str], eigenaren: set[str]) -> _Signaalfilter:
    """A value outside its choices counts as not given."""

    def keuze(naam: str, toegestaan: Iterable[str]) -> str:
        waarde = q.get(naam)
        return waarde if waarde is not None and waarde in toegestaan else ""

    return _Signaalfilter(
        soort=keuze("soort", set(SignaleringSoort)),
        status=keuze("status", set(SignaleringStatus)),
        eigenaar=keuze("eigenaar", eigenaren),
        oplopend=q.get("volgorde") != "laatst",
        pagina=pagina_uit(q.get("pagina")),
    )


def _signalen(
    session: Session, persoon: Persoon, f: _Signaalfilter
) -> tuple[list[Signalering], int]:
    """One page of the signals ``persoon`` may see, by due date (open ones unless a status)."""
    query = signaleringen.visible(select(Signalering), persoon.actor)
    if f.soort:
        query = query.where(Signalering.soort == f.soort)
    query = query.where(
        Signalering.status == f.status
        if f.status
        else col(Signalering.status).in_(signaleringen.OPEN)
    )
    if f.eigenaar:
        query = query.where(Signalering.eigenaar_id == uuid.UUID(f.eigenaar))
    richting = (lambda c: col(c).asc()) if f.oplopend else (lambda c: col(c).desc())
    rijen, totaal = page(
        session,
        query,
        richting(Signalering.vervaldatum),
        richting(Signalering.id),
        offset=(f.pagina - 1) * SIGNALEN_PAGINA,
        limit=SIGNALEN_PAGINA,
    )
    return list(rijen), totaal


def _signaleringen_pagina(
    request: Request,
    session: Session,
    persoon: Persoon,
    *,
    status_code: int = 200,
    leeslog: Leeslog | None = None,
    **staat: Unpack[Formulierstaat],
) -> HTMLResponse:
    """Filter by kind, status and owner, sort by due date, one page of cards."""
    eigenaren = _namen(session, session.exec(select(Signalering.eigenaar_id).distinct()).all())
    f = _signaalfilter(request.query_params, {str(i) for i in eigenaren})
    rijen, totaal = _signalen(session, persoon, f)
    if leeslog is not None:
        leeslog(persoon.actor, "signaleringen (web)", inzage.van_signaleringen(session, rijen), "")
    kandidaat_bij = _kandidaat_per_signaal(session, rijen)
    paginas = aantal_paginas(totaal, SIGNALEN_PAGINA)
    filters = {
        k: v
        for k, v in {
            "soort": f.soort,
            "status": f.status,
            "eigenaar": f.eigenaar,
            "volgorde": "" if f.oplopend else "laatst",
        }.items()
        if v
    }
    today = vandaag()
    return render(
        request,
        "bemiddelaar_signaleringen.html",
        persoon,
        status_code=status_code,
        signaleringen=[signaleringen.public(session, s) for s in rijen],
        kandidaat_bij=kandidaat_bij,
        totaal=totaal,
        namen=_namen(
            session,
            [x for s in rijen for x in (s.eigenaar_id, s.zichtbaar_voor_id)]
            + [k.zorgaanbieder_id for k in kandidaat_bij.values()],
        ),
        vandaag=today,
        regel_tekst=REGEL_TEKST,
        code=code,
        wachttijd_maanden=lambda k: hele_maanden(k.aanmelddatum, today),
        soorten=[
            (s.value, woorden.SIGNALERING_SOORT.get(s, s.value.replace("-", " ")))
            for s in SignaleringSoort
        ],
        statussen=[(str(k), v) for k, v in woorden.SIGNALERING_STATUS.items()],
        soort_tekst=woorden.SIGNALERING_SOORT,
        status_tekst=woorden.SIGNALERING_STATUS,
        eigenaren=sorted(((str(i), n) for i, n in eigenaren.items()), key=lambda x: x[1]),
        filter={"soort": f.soort, "status": f.status, "eigenaar": f.eigenaar},
        oplopend=f.oplopend,
        **paginering(f.pagina, paginas),
        adres=lambda **extra: "/werk/signaleringen?" + urlencode({**filters, **extra}),
        zonder_api=woorden.zonder_api,
        **formulierstaat(**staat),
    )


@router.get("/signaleringen", response_class=HTMLResponse)
def signaleringen_lijst(
    request: Request, persoon: PersoonDep, session: SessionDep, leeslog: LeeslogDep
) -> HTMLResponse:
    mag(persoon, B)
    return _signaleringen_pagina(request, session, persoon, leeslog=leeslog)


@router.post("/signaleringen/berekening", response_model=None)
def signaleringen_berekenen(
    request: Request, persoon: PersoonDep, session: SessionDep, form: Formulier
) -> RedirectResponse:
    """ "Nu opnieuw berekenen": the same recomputation as the scheduled job and the API."""
    # Not ``formulier_post``: the run commits in a session of its own, after this one ends.
    check_csrf(persoon, form.get("csrf"))
    mag(persoon, B)
    session.commit()  # the request's own transaction ends: the run takes the writer itself
    uitkomst = signaleringen.bereken_apart(
        request.app.state.engine, request.app.state.regio, by=persoon.actor
    )
    return terug(
        persoon,
        "/werk/signaleringen",
        f"De signaleringen zijn opnieuw berekend: {uitkomst.nieuw} nieuw, "
        f"{uitkomst.opgelost} vanzelf afgehandeld, {uitkomst.open} open.",
    )


@router.post("/signaleringen/{signalering_id}/behandeling", response_model=None)
def signalering_behandelen(
    signalering_id: str,
    request: Request,
    persoon: PersoonDep,
    session: SessionDep,
    form: Formulier,
) -> Response:
    mag(persoon, B)
    sid = id_uit(signalering_id, "Deze signalering bestaat niet, of u mag die niet zien.")
    waarden = {"status": form.get("status", ""), "notitie": form.get("notitie", "")}
    naar = ("notitie",) if waarden["status"] == SignaleringStatus.afgehandeld else ("status",)

    def behandel() -> Behandeling:
        data = Behandeling.model_validate(ingevuld(waarden))
        signaleringen.behandel(session, signalering_id=sid, data=data, by=persoon.actor)
        return data

    return formulier_post(
        session,
        persoon,
        form,
        behandel,
        lambda exc: _signaleringen_pagina(
            request,
            session,
            persoon,
            fout_voor=sid,
            fouten=formulierfouten(exc, waarden, naar),
            waarden=waarden,
            status_code=400,
        ),
        lambda data: terug(
            persoon,
            "/werk/signaleringen",
            "De signalering is afgehandeld."
            if data.status == SignaleringStatus.afgehandeld
            else "De signalering staat nu in behandeling.",
        ),
    )


# --- knelpunten ------------------------------------------------------------------------------


def _knelpunten_pagina(
    request: Request,
    session: Session,
    persoon: Persoon,
    *,
    status_code: int = 200,
    **staat: Unpack[Formulierstaat],
) -> HTMLResponse:
    def lijst(status: KnelpuntStatus, limit: int = LIMIET) -> tuple[list[Any], int]:
        rows, n = knelpunten.list_knelpunten(
            session, persoon.actor, status=status, offset=0, limit=limit
        )
        return [knelpunten.public(session, k) for k in rows], n

    open_, n_open = lijst(KnelpuntStatus.open)
    beantwoord, n_beantwoord = lijst(KnelpuntStatus.beantwoord)
    gesloten, n_gesloten = lijst(KnelpuntStatus.gesloten, 50)
    return render(
        request,
        "bemiddelaar_knelpunten.html",
        persoon,
        status_code=status_code,
        lopend=open_ + beantwoord,
        n_lopend=n_open + n_beantwoord,
        gesloten=gesloten,
        n_gesloten=n_gesloten,
        **formulierstaat(**staat),
        beantwoorder=persoon.actor.soort == B,
    )


@router.get("/knelpunten", response_class=HTMLResponse)
def knelpunten_lijst(request: Request, persoon: PersoonDep, session: SessionDep) -> HTMLResponse:
    """Het Vierde Huis answers and closes; a corporatie or zorgaanbieder reports and follows its
    own (the action's ``visible`` query)."""
    mag(persoon, B, C, Z)
    return _knelpunten_pagina(request, session, persoon)


@router.post("/knelpunten", response_model=None)
def knelpunt_melden(
    request: Request, persoon: PersoonDep, session: SessionDep, form: Formulier
) -> Response:
    mag(persoon, B, C, Z)
    waarden = {"onderwerp": form.get("onderwerp", ""), "beschrijving": form.get("beschrijving", "")}
    return formulier_post(
        session,
        persoon,
        form,
        lambda: knelpunten.report(
            session, data=KnelpuntInvoer.model_validate(waarden), by=persoon.actor
        ),
        lambda exc: _knelpunten_pagina(
            request,
            session,
            persoon,
            formulier="melden",
            fouten=formulierfouten(exc, waarden, ("onderwerp", "beschrijving")),
            waarden=waarden,
            status_code=400,
        ),
        lambda _: terug(
            persoon, "/werk/knelpunten", "Het knelpunt is gemeld. Het Vierde Huis ziet het nu."
        ),
    )


def _knelpunt_post(
    request: Request,
    session: Session,
    persoon: Persoon,
    form: Mapping[str, str],
    knelpunt_id: str,
    veld: str,
    formulier: str,
    doe: Callable[[uuid.UUID, str], object],
    gelukt: str,
) -> Response:
    """Het Vierde Huis's form on one knelpunt (one text field ``veld``): on bad input the list
    again with the message at that knelpunt."""
    mag(persoon, B)
    kid = id_uit(knelpunt_id, "Dit knelpunt bestaat niet, of u mag het niet zien.")
    waarden = {veld: form.get(veld, "")}
    return formulier_post(
        session,
        persoon,
        form,
        lambda: doe(kid, waarden[veld]),
        lambda exc: _knelpunten_pagina(
            request,
            session,
            persoon,
            fout_voor=kid,
            formulier=formulier,
            fouten=formulierfouten(exc, waarden, (veld,)),
            waarden=waarden,
            status_code=400,
        ),
        lambda _: terug(persoon, "/werk/knelpunten", gelukt),
    )


@router.post("/knelpunten/{knelpunt_id}/antwoord", response_model=None)
def knelpunt_beantwoorden(
    knelpunt_id: str, request: Request, persoon: PersoonDep, session: SessionDep, form: Formulier
) -> Response:
    return _knelpunt_post(
        request, session, persoon, form, knelpunt_id, "antwoord", "antwoord",
        lambda kid, tekst: knelpunten.answer(
            session, knelpunt_id=kid, data=KnelpuntAntwoord(antwoord=tekst), by=persoon.actor
        ),
        "Het antwoord is opgeslagen. De melder ziet het nu.",
    )  # fmt: skip


@router.post("/knelpunten/{knelpunt_id}/sluiting", response_model=None)
def knelpunt_sluiten(
    knelpunt_id: str, request: Request, persoon: PersoonDep, session: SessionDep, form: Formulier
) -> Response:
    return _knelpunt_post(
        request, session, persoon, form, knelpunt_id, "toelichting", "sluiting",
        lambda kid, tekst: knelpunten.close(
            session,
            knelpunt_id=kid,
            data=KnelpuntSluiting(toelichting=leeg(tekst)),
            by=persoon.actor,
        ),
        "Het knelpunt is gesloten.",
    )  # fmt: skip


# --- wie zag deze kandidaat (NEN 7513) -----------------------------------------------------------


@router.get("/kandidaten/{kandidaat_id}/inzagen", response_class=HTMLResponse)
def kandidaat_inzagen(
    kandidaat_id: str,
    request: Request,
    persoon: PersoonDep,
    session: SessionDep,
    leeslog: LeeslogDep,
) -> HTMLResponse:
    mag(persoon, B)
    kid = id_uit(kandidaat_id, "Deze kandidaat bestaat niet.")
    k = get_kandidaat(session, kid, persoon.actor)
    regels, totaal = inzage.wie_zag(session, k.id, offset=0, limit=LIMIET)
    leeslog(persoon.actor, "inzagen (web)", k.id, "wie zag deze kandidaat gelezen")
    return render(
        request,
        "bemiddelaar_inzagen.html",
        persoon,
        k=k,
        regels=regels,
        totaal=totaal,
    )
