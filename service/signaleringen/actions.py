"""Signaleringen: work items computed from the data (ZOU-M2, MATCH-N, DRE-O1/O2, ZOU-P2, ZOU-K3).

``bereken`` runs in the in-process job and on demand. For every kind it finds the current
causes, opens a signal for a new cause (at most one open per kind and subject — a partial
unique index), refreshes the diagnosis of an open one, and closes it automatically when the
cause is gone (the kandidaat is placed, the evaluation was held, ...). People move a signal to
``in-behandeling`` or ``afgehandeld`` with a note; every step is kept in the history.
"""

from __future__ import annotations

import contextlib
import gc
import threading
import uuid
from collections.abc import Iterator
from datetime import date
from datetime import timedelta
from typing import Any

from sqlalchemy import Engine
from sqlalchemy import func
from sqlalchemy import text
from sqlalchemy import update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session
from sqlmodel import col
from sqlmodel import or_
from sqlmodel import select

from service import audit
from service import zichtbaar
from service.auth import Actor
from service.clock import nu
from service.clock import vandaag
from service.contingenten.actions import gebruik
from service.db import session_scope
from service.db import snel_invoegen
from service.errors import Conflict
from service.errors import GrenzenOntbreken
from service.errors import grenzen_ontbreken_kort
from service.errors import grenzen_ontbreken_tekst
from service.models import OPEN_TRAJECT
from service.models import Aanbieding
from service.models import AanbiedingStatus
from service.models import AanmelddatumWijziging
from service.models import Evaluatie
from service.models import Kandidaat
from service.models import Maatwerktraject
from service.models import OrganisatieSoort
from service.models import Plaatsing
from service.models import Signalering
from service.models import SignaleringSoort
from service.models import SignaleringStap
from service.models import SignaleringStatus
from service.models.types import new_id
from service.models.types import tabel
from service.models.types import utcnow
from service.queries import bemiddelaar_id
from service.queries import page
from service.queries import regiobeheer_id
from service.regio import Regio
from service.regio import regio_van
from service.signaleringen import langwachtend
from service.signaleringen import nazorg
from service.signaleringen import woning_zonder_kandidaten
from service.signaleringen.oorzaak import Oorzaak
from service.signaleringen.schemas import Behandeling
from service.signaleringen.schemas import Berekening
from service.signaleringen.schemas import SignaleringStapUit
from service.signaleringen.schemas import SignaleringUit

OPEN = (SignaleringStatus.open, SignaleringStatus.in_behandeling)
OPEN_SQL = "signalering.status IN ('open', 'in-behandeling')"  # as the partial index says
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
    return zichtbaar.een(
        session,
        Signalering,
        signalering_id,
        visible,
        actor,
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
    query = zichtbaar.gefilterd(
        visible(select(Signalering), actor),
        (Signalering.soort, soort),
        (Signalering.status, status),
    )
    return page(session, query, Signalering.vervaldatum, Signalering.id, offset=offset, limit=limit)


def public(session: Session, s: Signalering) -> SignaleringUit:
    stappen = session.exec(
        select(SignaleringStap)
        .where(SignaleringStap.signalering_id == s.id)
        .order_by(col(SignaleringStap.tijdstip))
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
    return langwachtend.pauzedagen(
        langwachtend.pauze_events(session, [kandidaat_id]).get(str(kandidaat_id), []), tot
    )


def _aanbieding_termijn(session: Session, _today: date) -> Iterator[Oorzaak]:
    hvh = bemiddelaar_id(session)
    moment = nu()
    for a in session.exec(
        select(Aanbieding).where(
            or_(
                (col(Aanbieding.status) == AanbiedingStatus.open)
                & (col(Aanbieding.reactie_deadline) < moment),
                (col(Aanbieding.status) == AanbiedingStatus.bezichtiging)
                & (col(Aanbieding.acceptatie_deadline) < moment),
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
    hvh = bemiddelaar_id(session)
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
        .join(Plaatsing, col(Plaatsing.id) == col(Evaluatie.plaatsing_id))
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
    rb = regiobeheer_id(session)
    actor = Actor(organisatie_id=rb, code="", naam="", soort=OrganisatieSoort.regiobeheer)
    for g in gebruik(session, actor, jaar=today.year):
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
    drempel = regio_van(session).termijnen.afwijzingen_gesprek_na
    hvh = bemiddelaar_id(session)
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
            col(Kandidaat.status).in_(langwachtend.WACHTEND),
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


def verzoek_oorzaak(session: Session, w: AanmelddatumWijziging, k: Kandidaat) -> Oorzaak:
    """The signal of an open request to correct an aanmelddatum (one definition, used when the
    request is made and by every run)."""
    return Oorzaak(
        SignaleringSoort.aanmelddatum_correctie,
        "aanmelddatum-verzoek",
        w.id,
        bemiddelaar_id(session),
        k.zorgaanbieder_id,
        f"Correctie van de aanmelddatum gevraagd: van {w.van.strftime('%d-%m-%Y')} naar "
        f"{w.naar.strftime('%d-%m-%Y')}.",
        {
            "kandidaatId": str(k.id),
            "van": w.van.isoformat(),
            "naar": w.naar.isoformat(),
            "reden": w.reden,
        },
    )


def _aanmelddatum_verzoeken(session: Session, _today: date) -> Iterator[Oorzaak]:
    """Open requests for a correction of an aanmelddatum stay open signals for the bemiddelaar."""
    for w, k in session.exec(
        select(AanmelddatumWijziging, Kandidaat)
        .join(Kandidaat, col(Kandidaat.id) == col(AanmelddatumWijziging.kandidaat_id))
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
        regiobeheer_id(session),
        bemiddelaar_id(session),
        grenzen_ontbreken_kort(jaar),
        {"jaar": jaar, "uitleg": grenzen_ontbreken_tekst(jaar)},
    )


def _grenzen_ontbreken(session: Session, today: date) -> Iterator[Oorzaak]:
    """MATCH-E4: every year up to today without income and rent limits (a configuration
    problem for regiobeheer; voordrachten in that year are refused)."""
    for jaar in regio_van(session).ontbrekende_grensjaren(today):
        yield _grenzen_oorzaak(session, jaar)


def meld_grenzen_ontbreken(engine: Engine, regio: Regio, jaar: int) -> None:
    """A voordracht was refused for want of ``jaar``'s limits: make sure regiobeheer has an open
    signal for that year, in a transaction of its own (the refused request writes nothing)."""
    with session_scope(engine, regio) as session:
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
    s = _nieuw(session, o, vandaag(), by)
    session.flush()
    return s


def sluit_signalen(
    session: Session, soort: SignaleringSoort, onderwerp_id: uuid.UUID, notitie: str, by: Actor
) -> None:
    """Close the open signals of one cause at once, when the action that removes the cause is
    taken (the next ``bereken`` would find it gone anyway)."""
    for s in session.exec(
        select(Signalering).where(
            Signalering.soort == soort,
            Signalering.onderwerp_id == onderwerp_id,
            col(Signalering.status).in_(OPEN),
        )
    ).all():
        _step(session, s, SignaleringStatus.afgehandeld, by.organisatie_id, notitie)
        audit.record(
            session, by, "signalering-afgehandeld", "signalering", s.id, toelichting=notitie
        )


#: Signals about a kandidaat who waits; a placement ends their cause (ZOU-M2, DRE-O3).
WACHTSIGNALEN = (SignaleringSoort.langwachtend, SignaleringSoort.gesprek_over_afwijzingen)


def sluit_wachtsignalen(session: Session, kandidaat_id: uuid.UUID, *, by: Actor | None) -> None:
    """The kandidaat is placed: its open waiting signals close now, not at the next run."""
    for s in session.exec(
        select(Signalering.id).where(
            Signalering.onderwerp_id == kandidaat_id,
            col(Signalering.soort).in_(WACHTSIGNALEN),
            col(Signalering.status).in_(OPEN),
        )
    ).all():
        _sluit(session, s, by, "Vanzelf opgelost: de kandidaat is geplaatst.")


BRONNEN = {
    SignaleringSoort.woning_zonder_kandidaten: woning_zonder_kandidaten.oorzaken,
    SignaleringSoort.aanbieding_termijn: _aanbieding_termijn,
    SignaleringSoort.traject_te_laat: _traject_te_laat,
    SignaleringSoort.evaluatie: _evaluatie,
    SignaleringSoort.contingent_overgebruik: _overgebruik,
    **nazorg.BRONNEN,
    SignaleringSoort.gesprek_over_afwijzingen: _afwijzingen,
    SignaleringSoort.aanmelddatum_correctie: _aanmelddatum_verzoeken,
    SignaleringSoort.grenzen_ontbreken: _grenzen_ontbreken,
}


def _langwachtend_oorzaak(hvh: uuid.UUID, maanden: int, w: langwachtend.Langwachter) -> Oorzaak:
    return Oorzaak(
        SignaleringSoort.langwachtend,
        "kandidaat",
        w.kandidaat_id,
        hvh,
        w.zorgaanbieder_id,
        f"Wacht {w.wacht // 30} maanden (langer dan {maanden}): {w.diagnose.bindende_beperking}",
        {"wachttijdDagen": w.wacht, **w.diagnose.as_json()},
    )


def _verwerk(
    session: Session,
    soort: SignaleringSoort,
    oorzaken: list[Oorzaak],
    open_: dict[uuid.UUID, Any],
    by: Actor | None,
    telling: dict[str, int],
) -> None:
    """Open a signal for each new cause (one insert per table for the lot), refresh the
    diagnosis of an open one."""
    nieuw = []
    for o in oorzaken:
        s = open_.get(o.onderwerp_id)
        if s is None:
            nieuw.append(o)
        elif s.diagnose != o.diagnose or s.titel != o.titel:
            session.execute(
                update(Signalering)
                .where(col(Signalering.id) == s.id)
                .values(diagnose=o.diagnose, titel=o.titel, gewijzigd_op=nu())
            )
            telling["bijgewerkt"] += 1
    if nieuw:
        session.flush()
        _open_alle(session, nieuw, by)
        telling["nieuw"] += len(nieuw)


def _open_alle(session: Session, nieuw: list[Oorzaak], by: Actor | None) -> None:
    """Open a signal for each cause: one insert per table for the lot, and the audit events."""
    moment, verval = utcnow(), vandaag() + timedelta(days=WERKDAGEN)
    ids = [new_id() for _ in nieuw]
    conn = session.connection()
    snel_invoegen(
        conn,
        tabel(Signalering),
        [
            {
                "id": i,
                "soort": o.soort,
                "onderwerp_type": o.onderwerp_type,
                "onderwerp_id": o.onderwerp_id,
                "eigenaar_id": o.eigenaar_id,
                "zichtbaar_voor_id": o.zichtbaar_voor_id,
                "titel": o.titel,
                "diagnose": o.diagnose,
            }
            for i, o in zip(ids, nieuw, strict=True)
        ],
        vast={
            "status": SignaleringStatus.open,
            "vervaldatum": verval,
            "automatisch_afgehandeld": False,
            "aangemaakt_op": moment,
            "gewijzigd_op": moment,
        },
    )
    snel_invoegen(
        conn,
        tabel(SignaleringStap),
        [
            {"id": new_id(), "signalering_id": i, "notitie": o.titel}
            for i, o in zip(ids, nieuw, strict=True)
        ],
        vast={"status": SignaleringStatus.open, "tijdstip": moment},
    )
    audit.record_many(
        session,
        by,
        "signalering-geopend",
        "signalering",
        [(i, o.titel) for i, o in zip(ids, nieuw, strict=True)],
    )


def _nieuw(session: Session, o: Oorzaak, today: date, by: Actor | None) -> Signalering:
    """A new open signal, its first step and its audit event, without a flush of its own."""
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
    session.add(
        SignaleringStap(signalering_id=s.id, status=SignaleringStatus.open, notitie=o.titel)
    )
    audit.record(session, by, "signalering-geopend", "signalering", s.id, toelichting=o.titel)
    return s


def _sluit(
    session: Session,
    signalering_id: uuid.UUID,
    by: Actor | None,
    notitie: str = "Vanzelf opgelost: de oorzaak is weg.",
) -> None:
    s = session.get_one(Signalering, signalering_id)
    s.automatisch_afgehandeld = True
    _step(session, s, SignaleringStatus.afgehandeld, None, notitie)
    audit.record(session, by, "signalering-opgelost", "signalering", s.id)


def _sluit_opgeloste(
    session: Session,
    open_: dict[uuid.UUID, Any],
    oorzaken: list[Oorzaak],
    by: Actor | None,
    telling: dict[str, int],
) -> None:
    """Close the open signals whose cause is gone."""
    gezien = {o.onderwerp_id for o in oorzaken}
    for onderwerp, s in open_.items():
        if onderwerp not in gezien:
            _sluit(session, s.id, by)
            telling["opgelost"] += 1


def _open_signalen(
    session: Session, soort: SignaleringSoort, onderwerpen: list[uuid.UUID] | None = None
) -> dict[uuid.UUID, Any]:
    """The open signals of a kind by subject: (id, titel, diagnose) rows."""
    query = _OPEN_RIJ.where(Signalering.soort == soort, col(Signalering.status).in_(OPEN))
    if onderwerpen is not None:
        query = query.where(col(Signalering.onderwerp_id).in_(onderwerpen))
    return _per_onderwerp(session, query)


#: The columns ``_verwerk`` needs of an open signal.
_OPEN_RIJ = select(
    col(Signalering.id),
    col(Signalering.onderwerp_id),
    col(Signalering.titel),
    col(Signalering.diagnose),
)


def _per_onderwerp(session: Session, query: Any) -> dict[uuid.UUID, Any]:
    return {r.onderwerp_id: r for r in session.exec(query).all()}


BATCH = 500  # long waiters per transaction: a write lock is never held longer than one batch
#: On SQLite one writer holds the whole database: a batch of 120 holds it ≈ 10 ms, so a request
#: that writes meanwhile waits about that long (500: ≈ 40 ms, its p95 4.7× idle while the job
#: runs; 120: 1.7×, for a run 20 % longer). PostgreSQL locks rows, so its batches stay large.
BATCH_SQLITE = 120


def _open_langwachtend(
    session: Session, na: uuid.UUID | None, tot: uuid.UUID | None, limit: int | None = None
) -> dict[uuid.UUID, Any]:
    """The open ``langwachtend`` signals for kandidaten with an id in (na, tot], in id order
    (the range read of the partial index ``uq_signalering_open_onderwerp``)."""
    query = _OPEN_RIJ.where(Signalering.soort == SignaleringSoort.langwachtend, text(OPEN_SQL))
    if na is not None:
        query = query.where(col(Signalering.onderwerp_id) > na)
    if tot is not None:
        query = query.where(col(Signalering.onderwerp_id) <= tot)
    return _per_onderwerp(session, query.order_by(col(Signalering.onderwerp_id)).limit(limit))


def _bereken_langwachtend(
    session: Session,
    today: date,
    by: Actor | None,
    telling: dict[str, int],
    stop: threading.Event | None,
) -> bool:
    """ZOU-M2 for the whole waiting list, in short transactions of ``BATCH`` (SQLite:
    ``BATCH_SQLITE``) long waiters each (see ``langwachtend``), walking the kandidaten and
    their open signals together in id order. Returns False when ``stop`` was set before the
    end: the batches written so far stay, the rest waits for the next run."""
    maanden, tot = langwachtend.grens(regio_van(session), today)
    try:
        regio_van(session).context(today)
    except GrenzenOntbreken:
        # MATCH-E4: without this year's limits no woning can be judged, so the diagnoses are
        # left as they stand; the grenzen-ontbreken signal tells regiobeheer what to add.
        return True
    grootte = BATCH_SQLITE if session.get_bind().dialect.name == "sqlite" else BATCH
    with _leessessie(session) as lees, _zonder_volle_gc():
        hvh = bemiddelaar_id(lees)
        eerst = langwachtend.vroegste(lees, tot)
        doorloop = (
            langwachtend.Doorloop(lees, regio_van(session).context(today), eerst)
            if eerst is not None
            else None
        )
        lees.commit()
        session.commit()
        gc.freeze()  # the woningen of the pass stay to the end: no full collection walks them
        na = None
        while True:
            if stop is not None and stop.is_set():
                return False
            rijen: list[langwachtend.Langwachter] = []
            laatste: uuid.UUID | None = None
            if doorloop is not None:
                rijen, laatste = langwachtend.batch(lees, doorloop, today, na, grootte)
                lees.commit()  # a fresh snapshot for the next batch
            oorzaken = [_langwachtend_oorzaak(hvh, maanden, w) for w in rijen]
            # The write transaction (on SQLite the write lock) begins here. After the last
            # long waiter: the open signals left, a batch at a time.
            open_ = _open_langwachtend(session, na, laatste, None if laatste else grootte)
            _verwerk(session, SignaleringSoort.langwachtend, oorzaken, open_, by, telling)
            _sluit_opgeloste(session, open_, oorzaken, by, telling)
            session.commit()
            if laatste is None and not open_:
                return True
            na = laatste or max(open_)
            doorloop = doorloop if laatste is not None else None


@contextlib.contextmanager
def _zonder_volle_gc() -> Iterator[None]:
    """The objects that exist now (the application, and what is frozen later in the run) are
    left out of the garbage collector's full collections until the run ends: the pass makes
    many short-lived objects, and each full collection would walk the whole heap again (a third
    of the run's time with 30,000 long waiters)."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


@contextlib.contextmanager
def _leessessie(session: Session) -> Iterator[Session]:
    """Where the long waiters are read and diagnosed: on SQLite a read-only session (a deferred
    BEGIN), so the write lock is taken only for writing a batch; elsewhere the session itself."""
    bind = session.get_bind()
    if isinstance(bind, Engine) and bind.dialect.name == "sqlite":
        with Session(bind.execution_options(alleen_lezen=True), info=session.info) as lees:
            yield lees
    else:
        yield session


def bereken(
    session: Session, *, by: Actor | None = None, stop: threading.Event | None = None
) -> Berekening:
    """Compute every kind of signal. Commits as it goes (the caller's pending work first), in
    short transactions, so a long run never holds the write lock; ``stop`` ends the run
    between two batches."""
    today = vandaag()
    telling = {"nieuw": 0, "bijgewerkt": 0, "opgelost": 0}
    session.commit()
    if _bereken_langwachtend(session, today, by, telling, stop):
        for soort, bron in BRONNEN.items():
            if stop is not None and stop.is_set():
                break
            open_ = _open_signalen(session, soort)
            oorzaken = list(bron(session, today))
            _verwerk(session, soort, oorzaken, open_, by, telling)
            _sluit_opgeloste(session, open_, oorzaken, by, telling)
            session.commit()
    totaal_open = session.exec(
        select(func.count()).select_from(Signalering).where(col(Signalering.status).in_(OPEN))
    ).one()
    session.commit()
    return Berekening(open=totaal_open, **telling)


def bereken_apart(engine: Engine, regio: Regio, *, by: Actor | None) -> Berekening:
    """``bereken`` on demand (the API, the page's button), in a session of its own on the write
    engine, as the scheduled job runs it. A request's own session reads on the read engine after
    its first commit, and ``bereken`` commits batch by batch: a later batch written in such a
    deferred transaction could find the database changed under it (SQLite: busy, a 503)."""
    with session_scope(engine, regio) as session:
        return bereken(session, by=by)
