"""Signaleringen: work items computed from the data (ZOU-M2, MATCH-N, DRE-O1/O2, ZOU-P2, ZOU-K3).

``bereken`` runs in the in-process job and on demand. For every kind it finds the current
causes, opens a signal for a new cause (at most one open per kind and subject — a partial
unique index), refreshes the diagnosis of an open one, and closes it automatically when the
cause is gone (the kandidaat is placed, the evaluation was held, ...). People move a signal to
``in-behandeling`` or ``afgehandeld`` with a note; every step is kept in the history.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, or_, select

from service import audit, region
from service.auth import Actor
from service.clock import datum_van, nu, vandaag
from service.db import session_scope
from service.diagnose import diagnose
from service.errors import Conflict
from service.models import (
    ACTIEVE_PLEKKEN,
    OPEN_TRAJECT,
    Aanbieding,
    AanbiedingStatus,
    Evaluatie,
    Gebeurtenis,
    Kandidaat,
    KandidaatStatus,
    Maatwerktraject,
    Organisatie,
    OrganisatieSoort,
    Plaatsing,
    Signalering,
    SignaleringSoort,
    SignaleringStap,
    SignaleringStatus,
    Voordracht,
    VoordrachtPlek,
    VoordrachtStatus,
)
from service.plaatsingen.actions import add_months
from service.queries import one_visible, page
from service.region import grenzen_ontbreken_kort, grenzen_ontbreken_tekst
from service.signaleringen import nazorg
from service.signaleringen.oorzaak import Oorzaak
from service.signaleringen.schemas import (
    Behandeling,
    Berekening,
    SignaleringStapUit,
    SignaleringUit,
)

OPEN = (SignaleringStatus.open, SignaleringStatus.in_behandeling)
WERKDAGEN = 14  # due date of a new signal


# --- reading -------------------------------------------------------------------------------


def visible(query: Any, actor: Actor) -> Any:
    if actor.soort == OrganisatieSoort.bemiddelaar:
        return query
    return query.where(
        or_(
            Signalering.eigenaar_id == actor.organisatie_id,
            Signalering.zichtbaar_voor_id == actor.organisatie_id,
        )
    )


def get_signalering(
    session: Session, signalering_id: uuid.UUID, actor: Actor, *, for_update: bool = False
) -> Signalering:
    return one_visible(
        session,
        visible(select(Signalering).where(Signalering.id == signalering_id), actor),
        melding="Deze signalering bestaat niet, of u mag die niet zien.",
        for_update=for_update,
    )


def list_signaleringen(
    session: Session,
    actor: Actor,
    *,
    soort: SignaleringSoort | None,
    status: SignaleringStatus | None,
    offset: int,
    limit: int,
) -> tuple[list[Signalering], int]:
    query = visible(select(Signalering), actor)
    if soort is not None:
        query = query.where(Signalering.soort == soort)
    if status is not None:
        query = query.where(Signalering.status == status)
    return page(session, query, Signalering.vervaldatum, Signalering.id, offset=offset, limit=limit)


def public(session: Session, s: Signalering) -> SignaleringUit:
    stappen = session.exec(
        select(SignaleringStap)
        .where(SignaleringStap.signalering_id == s.id)
        .order_by(SignaleringStap.tijdstip)
    ).all()
    return SignaleringUit.model_validate(
        {**s.model_dump(), "historie": [SignaleringStapUit.model_validate(x) for x in stappen]}
    )


def behandel(
    session: Session, *, signalering_id: uuid.UUID, data: Behandeling, by: Actor
) -> Signalering:
    s = get_signalering(session, signalering_id, by, for_update=True)
    if s.eigenaar_id != by.organisatie_id and by.soort != OrganisatieSoort.bemiddelaar:
        raise Conflict("Alleen de eigenaar van deze signalering kan die behandelen.")
    if s.status == SignaleringStatus.afgehandeld:
        raise Conflict("Deze signalering is al afgehandeld.")
    voor = audit.snapshot(s)
    _step(session, s, data.status, by.organisatie_id, data.notitie)
    if data.notitie:
        s.notitie = data.notitie
    session.flush()
    audit.record(
        session,
        by,
        f"signalering-{data.status.value}",
        "signalering",
        s.id,
        voor=voor,
        na=audit.snapshot(s),
        toelichting=data.notitie,
    )
    return s


def _step(
    session: Session,
    s: Signalering,
    status: SignaleringStatus,
    org: uuid.UUID | None,
    notitie: str | None,
) -> None:
    s.status = status
    s.gewijzigd_op = nu()
    session.add(s)
    session.add(
        SignaleringStap(signalering_id=s.id, status=status, organisatie_id=org, notitie=notitie)
    )


# --- causes --------------------------------------------------------------------------------


def gepauzeerde_dagen(session: Session, kandidaat_id: uuid.UUID, tot: date) -> int:
    """Days spent paused, from the audit trail (ZOU-M2: paused time does not count)."""
    events = session.exec(
        select(Gebeurtenis.actie, Gebeurtenis.tijdstip)
        .where(
            Gebeurtenis.object_id == str(kandidaat_id),
            col(Gebeurtenis.actie).in_(
                ("kandidaat-gepauzeerd", "kandidaat-wachtend", "kandidaat-uitgeschreven")
            ),
        )
        .order_by(Gebeurtenis.tijdstip)
    ).all()
    dagen, sinds = 0, None
    for actie, tijdstip in events:
        if actie == "kandidaat-gepauzeerd" and sinds is None:
            sinds = datum_van(tijdstip)
        elif actie != "kandidaat-gepauzeerd" and sinds is not None:
            dagen += (datum_van(tijdstip) - sinds).days
            sinds = None
    if sinds is not None:
        dagen += (tot - sinds).days
    return max(0, dagen)


def bemiddelaar_id(session: Session) -> uuid.UUID:
    return _bemiddelaar(session)


def _bemiddelaar(session: Session) -> uuid.UUID:
    org = session.exec(
        select(Organisatie.id).where(Organisatie.soort == OrganisatieSoort.bemiddelaar)
    ).first()
    assert org is not None
    return org


def _regiobeheer(session: Session) -> uuid.UUID:
    org = session.exec(
        select(Organisatie.id).where(Organisatie.soort == OrganisatieSoort.regiobeheer)
    ).first()
    assert org is not None
    return org


def _langwachtend(session: Session, today: date) -> Iterator[Oorzaak]:
    maanden = region.active().termijnen.langwachtend_maanden
    grens = add_months(today, -maanden)
    hvh = _bemiddelaar(session)
    rows = session.exec(
        select(Kandidaat).where(
            col(Kandidaat.status).in_(
                (KandidaatStatus.wachtend, KandidaatStatus.gepauzeerd, KandidaatStatus.aangeboden)
            ),
            Kandidaat.aanmelddatum <= grens,
        )
    ).all()
    for k in rows:
        wacht = (today - k.aanmelddatum).days - gepauzeerde_dagen(session, k.id, today)
        if wacht <= (today - grens).days:
            continue
        d = diagnose(session, k)
        yield Oorzaak(
            SignaleringSoort.langwachtend,
            "kandidaat",
            k.id,
            hvh,
            k.zorgaanbieder_id,
            f"Wacht {wacht // 30} maanden (langer dan {maanden}): {d.bindende_beperking}",
            {"wachttijdDagen": wacht, **d.as_json()},
        )


def _woning_zonder_kandidaten(session: Session, _today: date) -> Iterator[Oorzaak]:
    hvh = _bemiddelaar(session)
    for vd in session.exec(
        select(Voordracht).where(
            col(Voordracht.status).in_(
                (VoordrachtStatus.te_beoordelen, VoordrachtStatus.goedgekeurd)
            ),
            col(Voordracht.volledig).is_(False),
        )
    ).all():
        actief = session.exec(
            select(VoordrachtPlek.id).where(
                VoordrachtPlek.voordracht_id == vd.id,
                col(VoordrachtPlek.status).in_(ACTIEVE_PLEKKEN),
            )
        ).all()
        counts = {r: n for r, n in vd.uitleg.get("uitgeslotenPerRegel", {}).items() if n}
        yield Oorzaak(
            SignaleringSoort.woning_zonder_kandidaten,
            "woning",
            vd.woning_id,
            hvh,
            vd.corporatie_id,
            f"Voordracht met {len(actief)} van de {vd.gevraagd} kandidaten (MATCH-N).",
            {"voordrachtId": str(vd.id), "gevonden": len(actief), "uitgeslotenPerRegel": counts},
        )


def _aanbieding_termijn(session: Session, _today: date) -> Iterator[Oorzaak]:
    hvh = _bemiddelaar(session)
    moment = nu()
    for a in session.exec(
        select(Aanbieding).where(
            or_(
                (Aanbieding.status == AanbiedingStatus.open)
                & (Aanbieding.reactie_deadline < moment),
                (Aanbieding.status == AanbiedingStatus.bezichtiging)
                & (Aanbieding.acceptatie_deadline < moment),
            )
        )
    ).all():
        yield Oorzaak(
            SignaleringSoort.aanbieding_termijn,
            "aanbieding",
            a.id,
            hvh,
            a.zorgaanbieder_id,
            "De termijn voor het antwoord op een aanbieding is verstreken (DRE-O1/O2).",
            {"status": a.status},
        )


def _traject_te_laat(session: Session, today: date) -> Iterator[Oorzaak]:
    hvh = _bemiddelaar(session)
    for t in session.exec(
        select(Maatwerktraject).where(
            col(Maatwerktraject.status).in_(OPEN_TRAJECT),
            Maatwerktraject.volgende_stap_voor < today,
        )
    ).all():
        yield Oorzaak(
            SignaleringSoort.traject_te_laat,
            "maatwerktraject",
            t.id,
            hvh,
            t.eigenaar_id,
            f"Maatwerktraject zonder voortgang sinds {t.volgende_stap_voor.isoformat()} ({t.status}).",
            {"status": t.status, "volgendeStapVoor": t.volgende_stap_voor.isoformat()},
        )


def _evaluatie(session: Session, today: date) -> Iterator[Oorzaak]:
    rows = session.exec(
        select(Evaluatie, Plaatsing)
        .join(Plaatsing, Plaatsing.id == Evaluatie.plaatsing_id)
        .where(
            col(Evaluatie.uitgevoerd_op).is_(None),
            Evaluatie.gepland_op <= today + timedelta(days=WERKDAGEN),
        )
    ).all()
    for e, p in rows:
        te_laat = e.gepland_op < today
        # ZOU-P2: the party the region names organises it; the other one can read along.
        begeleidend = p.begeleidende_organisatie_id or p.zorgaanbieder_id
        eigenaar, ook = (
            (p.corporatie_id, begeleidend)
            if e.verantwoordelijke == "corporatie"
            else (begeleidend, p.corporatie_id)
        )
        yield Oorzaak(
            SignaleringSoort.evaluatie,
            "evaluatie",
            e.id,
            eigenaar,
            ook,
            f"{e.omschrijving} {'is te laat' if te_laat else 'komt eraan'}: gepland op "
            f"{e.gepland_op.isoformat()} (ZOU-P2).",
            {"plaatsingId": str(p.id), "geplandOp": e.gepland_op.isoformat(), "teLaat": te_laat},
        )


def _overgebruik(session: Session, today: date) -> Iterator[Oorzaak]:
    from service.contingenten.actions import usage

    rb = _regiobeheer(session)
    actor = Actor(organisatie_id=rb, code="", naam="", soort=OrganisatieSoort.regiobeheer)
    for g in usage(session, actor, jaar=today.year):
        if g.overgebruik > 0:
            yield Oorzaak(
                SignaleringSoort.contingent_overgebruik,
                "organisatie",
                g.zorgaanbieder_id,
                rb,
                g.zorgaanbieder_id,
                f"{g.zorgaanbieder} gebruikt {g.gebruikt} woningen, {g.overgebruik} meer dan toegewezen "
                f"in {today.year} (ZOU-K3).",
                {"jaar": today.year, "toegewezen": g.toegewezen, "gebruikt": g.gebruikt},
            )


def _afwijzingen(session: Session, _today: date) -> Iterator[Oorzaak]:
    """DRE-O3: a kandidaat who declined or let lapse N offers needs a conversation.

    A signal that was dealt with is not reopened for the same count: only a further decline
    or lapse brings a new one.
    """
    drempel = region.active().termijnen.afwijzingen_gesprek_na
    hvh = _bemiddelaar(session)
    besproken: dict[uuid.UUID, int] = {}
    for onderwerp, diag in session.exec(
        select(Signalering.onderwerp_id, Signalering.diagnose).where(
            Signalering.soort == SignaleringSoort.gesprek_over_afwijzingen,
            Signalering.status == SignaleringStatus.afgehandeld,
        )
    ).all():
        besproken[onderwerp] = max(besproken.get(onderwerp, 0), int(diag.get("aantal", 0)))
    for k in session.exec(
        select(Kandidaat).where(
            Kandidaat.afwijzingen_en_verlopen >= drempel,
            col(Kandidaat.status).in_(
                (KandidaatStatus.wachtend, KandidaatStatus.gepauzeerd, KandidaatStatus.aangeboden)
            ),
        )
    ).all():
        if k.afwijzingen_en_verlopen <= besproken.get(k.id, 0):
            continue
        yield Oorzaak(
            SignaleringSoort.gesprek_over_afwijzingen,
            "kandidaat",
            k.id,
            hvh,
            k.zorgaanbieder_id,
            f"Gesprek over afwijzingen: {k.afwijzingen_en_verlopen} aanbiedingen afgewezen of "
            f"verlopen (DRE-O3).",
            {"aantal": k.afwijzingen_en_verlopen, "drempel": drempel},
        )


def _aanmelddatum_verzoeken(session: Session, _today: date) -> Iterator[Oorzaak]:
    """Open requests for a correction of an aanmelddatum stay open signals for the bemiddelaar."""
    from service.kandidaten.actions import verzoek_oorzaak
    from service.models import AanmelddatumWijziging

    for w, k in session.exec(
        select(AanmelddatumWijziging, Kandidaat)
        .join(Kandidaat, Kandidaat.id == AanmelddatumWijziging.kandidaat_id)
        .where(AanmelddatumWijziging.soort == "verzoek", AanmelddatumWijziging.status == "open")
    ).all():
        yield verzoek_oorzaak(session, w, k)


def grensjaar_id(jaar: int) -> uuid.UUID:
    """The subject of the signal for one year without limits: one open signal per year."""
    return uuid.uuid5(uuid.NAMESPACE_URL, f"woonroute:inkomensgrenzen:{jaar}")


def _grenzen_oorzaak(session: Session, jaar: int) -> Oorzaak:
    return Oorzaak(
        SignaleringSoort.grenzen_ontbreken,
        "regio",
        grensjaar_id(jaar),
        _regiobeheer(session),
        _bemiddelaar(session),
        grenzen_ontbreken_kort(jaar),
        {"jaar": jaar, "uitleg": grenzen_ontbreken_tekst(jaar)},
    )


def _grenzen_ontbreken(session: Session, today: date) -> Iterator[Oorzaak]:
    """MATCH-E4: every year up to today without income and rent limits (a configuration
    problem for regiobeheer; voordrachten in that year are refused)."""
    for jaar in region.active().ontbrekende_grensjaren(today):
        yield _grenzen_oorzaak(session, jaar)


def meld_grenzen_ontbreken(engine: Engine, jaar: int) -> None:
    """A voordracht was refused for want of ``jaar``'s limits: make sure regiobeheer has an open
    signal for that year, in a transaction of its own (the refused request writes nothing)."""
    with session_scope(engine) as session:
        bestaand = session.exec(
            select(Signalering.id).where(
                Signalering.soort == SignaleringSoort.grenzen_ontbreken,
                Signalering.onderwerp_id == grensjaar_id(jaar),
                col(Signalering.status).in_(OPEN),
            )
        ).first()
        if bestaand is None:
            try:
                with session.begin_nested():
                    open_signaal(session, _grenzen_oorzaak(session, jaar), by=None)
            except IntegrityError:  # a simultaneous refusal opened it first
                pass


def open_signaal(session: Session, o: Oorzaak, *, by: Actor | None) -> Signalering:
    """Open a signal for a cause right away (the next ``bereken`` keeps it while it lasts)."""
    today = vandaag()
    s = Signalering(
        soort=o.soort,
        onderwerp_type=o.onderwerp_type,
        onderwerp_id=o.onderwerp_id,
        eigenaar_id=o.eigenaar_id,
        zichtbaar_voor_id=o.zichtbaar_voor_id,
        titel=o.titel,
        vervaldatum=today + timedelta(days=WERKDAGEN),
        diagnose=o.diagnose,
    )
    session.add(s)
    session.flush()
    session.add(
        SignaleringStap(signalering_id=s.id, status=SignaleringStatus.open, notitie=o.titel)
    )
    audit.record(session, by, "signalering-geopend", "signalering", s.id, toelichting=o.titel)
    return s


BRONNEN = {
    SignaleringSoort.langwachtend: _langwachtend,
    SignaleringSoort.woning_zonder_kandidaten: _woning_zonder_kandidaten,
    SignaleringSoort.aanbieding_termijn: _aanbieding_termijn,
    SignaleringSoort.traject_te_laat: _traject_te_laat,
    SignaleringSoort.evaluatie: _evaluatie,
    SignaleringSoort.contingent_overgebruik: _overgebruik,
    **nazorg.BRONNEN,
    SignaleringSoort.gesprek_over_afwijzingen: _afwijzingen,
    SignaleringSoort.aanmelddatum_correctie: _aanmelddatum_verzoeken,
    SignaleringSoort.grenzen_ontbreken: _grenzen_ontbreken,
}


def _vanzelf_opgelost(session: Session, s: Signalering, notitie: str, *, by: Actor | None) -> None:
    s.automatisch_afgehandeld = True
    _step(session, s, SignaleringStatus.afgehandeld, None, notitie)
    audit.record(session, by, "signalering-opgelost", "signalering", s.id)


#: Signals about a kandidaat who waits; a placement ends their cause (ZOU-M2, DRE-O3).
WACHTSIGNALEN = (SignaleringSoort.langwachtend, SignaleringSoort.gesprek_over_afwijzingen)


def sluit_wachtsignalen(session: Session, kandidaat_id: uuid.UUID, *, by: Actor | None) -> None:
    """The kandidaat is placed: its open waiting signals close now, not at the next run."""
    for s in session.exec(
        select(Signalering).where(
            Signalering.onderwerp_id == kandidaat_id,
            col(Signalering.soort).in_(WACHTSIGNALEN),
            col(Signalering.status).in_(OPEN),
        )
    ).all():
        _vanzelf_opgelost(session, s, "Vanzelf opgelost: de kandidaat is geplaatst.", by=by)


def bereken(session: Session, *, by: Actor | None = None) -> Berekening:
    today = vandaag()
    nieuw = bijgewerkt = opgelost = 0
    for soort, bron in BRONNEN.items():
        open_ = {
            s.onderwerp_id: s
            for s in session.exec(
                select(Signalering).where(
                    Signalering.soort == soort, col(Signalering.status).in_(OPEN)
                )
            ).all()
        }
        gezien = set()
        for o in bron(session, today):
            gezien.add(o.onderwerp_id)
            s = open_.get(o.onderwerp_id)
            if s is None:
                open_signaal(session, o, by=by)
                nieuw += 1
            elif s.diagnose != o.diagnose or s.titel != o.titel:
                s.diagnose, s.titel, s.gewijzigd_op = o.diagnose, o.titel, nu()
                session.add(s)
                bijgewerkt += 1
        for onderwerp, s in open_.items():
            if onderwerp not in gezien:
                _vanzelf_opgelost(session, s, "Vanzelf opgelost: de oorzaak is weg.", by=by)
                opgelost += 1
    session.flush()
    totaal_open = len(
        session.exec(select(Signalering.id).where(col(Signalering.status).in_(OPEN))).all()
    )
    return Berekening(nieuw=nieuw, bijgewerkt=bijgewerkt, opgelost=opgelost, open=totaal_open)
