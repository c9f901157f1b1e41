"""Maatwerktrajecten (ZOU-R2) as a resource: forward, accept or decline, report a found woning,
stop. The steps are the lifecycle's (``service.levensloop.overgangen``); from the found woning
on, the traject follows the one aanbieding → plaatsing flow there.
"""

from __future__ import annotations

import uuid
from decimal import Decimal

from sqlmodel import Session
from sqlmodel import col
from sqlmodel import select

import matching
from service import zichtbaar
from service.auth import Actor
from service.clock import vandaag
from service.errors import GrenzenOntbreken
from service.errors import NietGevonden
from service.errors import OngeldigeInvoer
from service.errors import Veldfout
from service.levensloop import overgangen
from service.maatwerk.schemas import GevondenWoning
from service.maatwerk.schemas import KandidaatProfiel
from service.maatwerk.schemas import Stap
from service.maatwerk.schemas import Stopzetting
from service.maatwerk.schemas import TrajectBesluit
from service.maatwerk.schemas import TrajectBesluitKeuze
from service.maatwerk.schemas import TrajectInvoer
from service.maatwerk.schemas import TrajectUit
from service.mapping import kandidaat_input
from service.models import OPEN_TRAJECT
from service.models import Aanbieding
from service.models import Kandidaat
from service.models import KandidaatRoute
from service.models import KandidaatStatus
from service.models import Maatwerktraject
from service.models import Organisatie
from service.models import OrganisatieSoort
from service.models import TrajectStap
from service.models import TrajectStatus
from service.models import Woning
from service.pseudoniem import pseudoniem
from service.queries import bemiddelaar_id
from service.queries import page
from service.queries import voorkeuren
from service.regio import regio_van
from service.voordrachten.views import behoeften

visible = zichtbaar.van_partijen(Maatwerktraject)


def get_traject(
    session: Session, traject_id: uuid.UUID, actor: Actor, *, for_update: bool = False
) -> Maatwerktraject:
    return zichtbaar.een(
        session,
        Maatwerktraject,
        traject_id,
        visible,
        actor,
        melding="Dit maatwerktraject bestaat niet, of u mag het niet zien.",
        for_update=for_update,
    )


def list_trajecten(
    session: Session,
    actor: Actor,
    *,
    status: TrajectStatus | None,
    te_laat: bool | None = None,
    offset: int,
    limit: int,
) -> tuple[list[Maatwerktraject], int]:
    query = visible(select(Maatwerktraject), actor)
    if status is not None:
        query = query.where(Maatwerktraject.status == status)
    if te_laat is not None:
        # An open traject without progress past its due date (the signal of issue 6 builds on this).
        late = col(Maatwerktraject.status).in_(OPEN_TRAJECT) & (
            Maatwerktraject.volgende_stap_voor < vandaag()
        )
        query = query.where(late if te_laat else ~late)
    return page(
        session,
        query,
        Maatwerktraject.volgende_stap_voor,
        Maatwerktraject.id,
        offset=offset,
        limit=limit,
    )


def forward(session: Session, *, data: TrajectInvoer, by: Actor) -> Maatwerktraject:
    """The bemiddelaar forwards a waiting kandidaat to a corporatie (ZOU-R2)."""
    # An id that exists nowhere is an unknown object (404), as for every other reference; an
    # organisation that exists but cannot take a traject is invalid input (400).
    k = session.exec(
        select(Kandidaat).where(Kandidaat.id == data.kandidaat_id).with_for_update()
    ).first()
    if k is None:
        raise NietGevonden("Deze kandidaat bestaat niet.")
    corp = session.get(Organisatie, data.corporatie_id)
    if corp is None:
        raise NietGevonden("Deze corporatie bestaat niet.")
    if corp.soort != OrganisatieSoort.corporatie or not corp.actief:
        raise OngeldigeInvoer(
            "Het traject kan zo niet starten.",
            [Veldfout("corporatieId", "Kies een actieve corporatie.")],
        )
    return overgangen.stuur_door(
        session,
        k,
        naar=corp,
        aanleiding=data.aanleiding,
        wensen=data.wensen,
        contingent=data.contingent,
        by=by,
    )


def decide(
    session: Session, *, traject_id: uuid.UUID, data: TrajectBesluit, by: Actor
) -> Maatwerktraject:
    t = get_traject(session, traject_id, by, for_update=True)
    if data.besluit == TrajectBesluitKeuze.accepteren:
        overgangen.traject_stap(
            session,
            t,
            TrajectStatus.zoekend,
            by=by,
            toelichting=data.reden,
            eigenaar=t.corporatie_id,
        )
    else:
        t.reden = data.reden
        overgangen.traject_stap(
            session,
            t,
            TrajectStatus.afgewezen,
            by=by,
            toelichting=data.reden,
            eigenaar=bemiddelaar_id(session),
        )
    return t


def stop(
    session: Session, *, traject_id: uuid.UUID, data: Stopzetting, by: Actor
) -> Maatwerktraject:
    t = get_traject(session, traject_id, by, for_update=True)
    t.reden = data.reden
    overgangen.traject_stap(
        session, t, TrajectStatus.gestopt, by=by, toelichting=data.reden, eigenaar=by.organisatie_id
    )
    return t


def report_woning(
    session: Session, *, traject_id: uuid.UUID, data: GevondenWoning, by: Actor
) -> Aanbieding:
    """The corporatie found a woning for this kandidaat: the shared aanbieding lifecycle starts."""
    t = get_traject(session, traject_id, by, for_update=True)
    overgangen.check_woning_melden(t)
    w = session.exec(
        select(Woning).where(Woning.id == data.woning_id, Woning.corporatie_id == by.organisatie_id)
    ).first()
    if w is None:
        raise OngeldigeInvoer(
            "Deze woning is niet van u.",
            [Veldfout("woningId", "Kies een eigen, beschikbare woning.")],
        )
    return overgangen.woning_gevonden(session, t, w, by=by)


# --- views ---------------------------------------------------------------------------------


def public(session: Session, t: Maatwerktraject, actor: Actor, secret: str) -> TrajectUit:
    k = session.get(Kandidaat, t.kandidaat_id)
    assert k is not None
    prefs = voorkeuren(session, [k.id])[k.id]
    today = vandaag()
    try:
        context = regio_van(session).context(today)
        plafond = matching.maximale_kale_huur(kandidaat_input(k, prefs), context) or Decimal(0)
    except GrenzenOntbreken:  # MATCH-E4 cannot be judged this year: unknown
        plafond = None
    zorg = session.get(Organisatie, k.zorgaanbieder_id)
    assert zorg is not None
    sees_name = actor.soort != OrganisatieSoort.corporatie or t.status not in (
        TrajectStatus.doorgestuurd,
        TrajectStatus.afgewezen,
    )
    profiel = KandidaatProfiel(
        pseudoniem=pseudoniem(secret, t.corporatie_id, k.id),
        huishoudgrootte=k.volwassenen + k.kinderen,
        wachttijd_dagen=(today - k.aanmelddatum).days,
        gemeentevoorkeuren=prefs,
        minimum_kamers=k.minimum_kamers,
        toegankelijkheidsbehoeften=behoeften(k),
        maximale_kale_huur=plafond,
        begeleiding_door=zorg.naam,
        naam=f"{k.voornaam} {k.achternaam}" if sees_name else None,
        casushouder_naam=k.casushouder_naam if sees_name else None,
        casushouder_telefoon=k.casushouder_telefoon if sees_name else None,
        casushouder_email=k.casushouder_email if sees_name else None,
        kandidaat_id=k.id if actor.soort != OrganisatieSoort.corporatie else None,
    )
    stappen = session.exec(
        select(TrajectStap)
        .where(TrajectStap.traject_id == t.id)
        .order_by(col(TrajectStap.tijdstip))
    ).all()
    historie = [Stap.model_validate(s) for s in stappen]
    return TrajectUit.model_validate({**t.model_dump(), "kandidaat": profiel, "historie": historie})


def werklijst(session: Session, *, offset: int, limit: int) -> tuple[list[Kandidaat], int]:
    """Kandidaten on the maatwerk route who wait without an open traject (ZOU-R2)."""
    open_ = select(Maatwerktraject.kandidaat_id).where(
        col(Maatwerktraject.status).in_(OPEN_TRAJECT)
    )
    query = select(Kandidaat).where(
        Kandidaat.route == KandidaatRoute.maatwerk,
        Kandidaat.status == KandidaatStatus.wachtend,
        col(Kandidaat.id).not_in(open_),
    )
    return page(
        session,
        query,
        Kandidaat.aanmelddatum,
        Kandidaat.volgnummer,
        Kandidaat.id,
        offset=offset,
        limit=limit,
    )
