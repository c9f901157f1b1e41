"""Maatwerktrajecten (ZOU-R2): forward, accept or decline, report a found woning, stop.

From the found woning on, the traject uses the one aanbieding → plaatsing lifecycle of
``service.aanbiedingen`` (``open_aanbieding``); that lifecycle calls back into
``on_aanbieding_closed`` and ``on_geplaatst`` so the traject follows along.
"""

from __future__ import annotations

import uuid
from datetime import timedelta
from decimal import Decimal
from typing import Any

from sqlmodel import Session, col, select

import matching
from service import audit, region
from service.auth import Actor
from service.clock import nu, vandaag
from service.errors import Conflict, NietGevonden, OngeldigeInvoer, Veldfout
from service.kandidaten.actions import sync_pool, voorkeuren
from service.maatwerk.schemas import (
    GevondenWoning,
    KandidaatProfiel,
    Stap,
    Stopzetting,
    TrajectBesluit,
    TrajectBesluitKeuze,
    TrajectNieuw,
    TrajectUit,
)
from service.mapping import kandidaat_input
from service.models import (
    OPEN_TRAJECT,
    Aanbieding,
    Kandidaat,
    KandidaatRoute,
    KandidaatStatus,
    Maatwerktraject,
    Organisatie,
    OrganisatieSoort,
    TrajectStap,
    TrajectStatus,
    Woning,
    WoningStatus,
)
from service.queries import bemiddelaar_id, one_visible, page

#: Allowed status changes; everything else is a 409 that says why.
OVERGANGEN: dict[TrajectStatus, frozenset[TrajectStatus]] = {
    TrajectStatus.doorgestuurd: frozenset(
        {TrajectStatus.zoekend, TrajectStatus.afgewezen, TrajectStatus.gestopt}
    ),
    TrajectStatus.zoekend: frozenset({TrajectStatus.woning_gevonden, TrajectStatus.gestopt}),
    TrajectStatus.woning_gevonden: frozenset({TrajectStatus.geplaatst, TrajectStatus.zoekend}),
    TrajectStatus.geplaatst: frozenset(),
    TrajectStatus.afgewezen: frozenset(),
    TrajectStatus.gestopt: frozenset(),
}

_WAT_NU = {
    TrajectStatus.doorgestuurd: "de corporatie moet het traject eerst accepteren",
    TrajectStatus.zoekend: "de corporatie zoekt een woning",
    TrajectStatus.woning_gevonden: "er loopt een aanbieding; wacht op het antwoord van de kandidaat",
    TrajectStatus.geplaatst: "het traject is afgerond met een plaatsing",
    TrajectStatus.afgewezen: "de corporatie heeft het traject afgewezen",
    TrajectStatus.gestopt: "het traject is gestopt",
}


def visible(query: Any, actor: Actor) -> Any:
    if actor.soort == OrganisatieSoort.bemiddelaar:
        return query
    if actor.soort == OrganisatieSoort.corporatie:
        return query.where(Maatwerktraject.corporatie_id == actor.organisatie_id)
    if actor.soort == OrganisatieSoort.zorgaanbieder:
        return query.where(Maatwerktraject.zorgaanbieder_id == actor.organisatie_id)
    return query.where(False)


def get_traject(
    session: Session, traject_id: uuid.UUID, actor: Actor, *, for_update: bool = False
) -> Maatwerktraject:
    return one_visible(
        session,
        visible(select(Maatwerktraject).where(Maatwerktraject.id == traject_id), actor),
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


def _due() -> Any:
    return vandaag() + timedelta(days=region.active().termijnen.maatwerk_stap_dagen)


def _move(
    session: Session,
    t: Maatwerktraject,
    nieuw: TrajectStatus,
    *,
    by: Actor | None,
    toelichting: str | None,
    eigenaar: uuid.UUID,
) -> None:
    huidig = TrajectStatus(t.status)
    if nieuw not in OVERGANGEN[huidig]:
        raise Conflict(f"Dit kan niet meer: {_WAT_NU[huidig]}.")
    voor = audit.snapshot(t)
    t.status = nieuw
    t.eigenaar_id = eigenaar
    t.volgende_stap_voor = _due()
    t.gewijzigd_op = nu()
    session.add(t)
    session.add(
        TrajectStap(
            traject_id=t.id,
            status=nieuw,
            organisatie_id=by.organisatie_id if by else None,
            toelichting=toelichting,
        )
    )
    session.flush()
    audit.record(
        session,
        by,
        f"traject-{nieuw.value}",
        "maatwerktraject",
        t.id,
        voor=voor,
        na=audit.snapshot(t),
        toelichting=toelichting,
    )


def forward(session: Session, *, data: TrajectNieuw, by: Actor) -> Maatwerktraject:
    """The bemiddelaar forwards a waiting kandidaat to a corporatie (ZOU-R2)."""
    from service.voordrachten.actions import release_kandidaat

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
    if k.status != KandidaatStatus.wachtend:
        raise Conflict(f"Alleen een wachtende kandidaat kan naar maatwerk (status nu: {k.status}).")
    if session.exec(
        select(Maatwerktraject.id).where(
            Maatwerktraject.kandidaat_id == k.id, col(Maatwerktraject.status).in_(OPEN_TRAJECT)
        )
    ).first():
        raise Conflict("Voor deze kandidaat loopt al een maatwerktraject.")
    t = Maatwerktraject(
        kandidaat_id=k.id,
        corporatie_id=corp.id,
        zorgaanbieder_id=k.zorgaanbieder_id,
        aanleiding=data.aanleiding,
        wensen=data.wensen,
        contingent=data.contingent,
        eigenaar_id=corp.id,
        volgende_stap_voor=_due(),
    )
    session.add(t)
    session.flush()
    session.add(
        TrajectStap(
            traject_id=t.id,
            status=TrajectStatus.doorgestuurd,
            organisatie_id=by.organisatie_id,
            toelichting=f"Doorgestuurd naar {corp.naam}",
        )
    )
    if k.route != KandidaatRoute.maatwerk:
        k.route = KandidaatRoute.maatwerk
        k.gewijzigd_op = nu()
        session.add(k)
        sync_pool(session, k)
        release_kandidaat(session, k.id, by=by, reden="doorgestuurd naar maatwerk")
    session.flush()
    audit.record(session, by, "traject-doorgestuurd", "maatwerktraject", t.id, na=audit.snapshot(t))
    return t


def decide(
    session: Session, *, traject_id: uuid.UUID, data: TrajectBesluit, by: Actor
) -> Maatwerktraject:
    t = get_traject(session, traject_id, by, for_update=True)
    if data.besluit == TrajectBesluitKeuze.accepteren:
        _move(
            session,
            t,
            TrajectStatus.zoekend,
            by=by,
            toelichting=data.reden,
            eigenaar=t.corporatie_id,
        )
    else:
        t.reden = data.reden
        _move(
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
    _move(
        session, t, TrajectStatus.gestopt, by=by, toelichting=data.reden, eigenaar=by.organisatie_id
    )
    return t


def report_woning(
    session: Session, *, traject_id: uuid.UUID, data: GevondenWoning, by: Actor
) -> Aanbieding:
    """The corporatie found a woning for this kandidaat: the shared aanbieding lifecycle starts."""
    from service.aanbiedingen.actions import open_aanbieding
    from service.voordrachten.actions import close_for_woning

    t = get_traject(session, traject_id, by, for_update=True)
    if TrajectStatus(t.status) != TrajectStatus.zoekend:
        raise Conflict(f"Een woning melden kan niet: {_WAT_NU[TrajectStatus(t.status)]}.")
    w = session.exec(
        select(Woning).where(Woning.id == data.woning_id, Woning.corporatie_id == by.organisatie_id)
    ).first()
    if w is None:
        raise OngeldigeInvoer(
            "Deze woning is niet van u.",
            [Veldfout("woningId", "Kies een eigen, beschikbare woning.")],
        )
    if w.status != WoningStatus.beschikbaar:
        raise Conflict(f"Deze woning is {w.status}; kies een beschikbare woning.")
    close_for_woning(session, w.id, by=by, reden="De woning ging via maatwerk naar een kandidaat.")
    a = open_aanbieding(
        session,
        woning_id=w.id,
        kandidaat_id=t.kandidaat_id,
        voordracht_id=None,
        keuze_reden="Maatwerk: gevonden woning voor deze kandidaat.",
        by=by,
        maatwerktraject_id=t.id,
    )
    _move(
        session,
        t,
        TrajectStatus.woning_gevonden,
        by=by,
        toelichting=f"Woning {w.straat} {w.huisnummer}",
        eigenaar=t.zorgaanbieder_id,
    )
    return a


def on_aanbieding_closed(session: Session, a: Aanbieding, *, by: Actor | None, reden: str) -> None:
    """The kandidaat declined or let the aanbieding lapse: the corporatie searches again."""
    if a.maatwerktraject_id is None:
        return
    t = session.get(Maatwerktraject, a.maatwerktraject_id)
    if t is not None and t.status == TrajectStatus.woning_gevonden:
        _move(session, t, TrajectStatus.zoekend, by=by, toelichting=reden, eigenaar=t.corporatie_id)


def on_geplaatst(
    session: Session, kandidaat_id: uuid.UUID, a: Aanbieding | None, *, by: Actor, reden: str
) -> None:
    """The kandidaat is placed: the traject that led to it (``a``'s) is geplaatst; any other
    open traject of the kandidaat stops with ``reden`` (placed elsewhere)."""
    for t in session.exec(
        select(Maatwerktraject).where(
            Maatwerktraject.kandidaat_id == kandidaat_id,
            col(Maatwerktraject.status).in_(OPEN_TRAJECT),
        )
    ).all():
        if a is not None and t.id == a.maatwerktraject_id:
            nieuw, toelichting = TrajectStatus.geplaatst, "Huurcontract getekend."
        else:
            nieuw, toelichting = TrajectStatus.gestopt, reden
        _move(session, t, nieuw, by=by, toelichting=toelichting, eigenaar=t.corporatie_id)


# --- views ---------------------------------------------------------------------------------


def public(session: Session, t: Maatwerktraject, actor: Actor, secret: str) -> TrajectUit:
    from service.voordrachten.pseudoniem import pseudoniem
    from service.voordrachten.views import behoeften

    k = session.get(Kandidaat, t.kandidaat_id)
    assert k is not None
    prefs = voorkeuren(session, [k.id])[k.id]
    today = vandaag()
    try:
        context = region.active().context(today)
        plafond = matching.maximale_kale_huur(kandidaat_input(k, prefs), context) or Decimal(0)
    except region.GrenzenOntbreken:  # MATCH-E4 cannot be judged this year: unknown
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
        select(TrajectStap).where(TrajectStap.traject_id == t.id).order_by(TrajectStap.tijdstip)
    ).all()
    return TrajectUit(
        id=t.id,
        status=TrajectStatus(t.status),
        aanleiding=t.aanleiding,
        wensen=t.wensen,
        contingent=t.contingent,
        corporatie_id=t.corporatie_id,
        eigenaar_id=t.eigenaar_id,
        volgende_stap_voor=t.volgende_stap_voor,
        reden=t.reden,
        kandidaat=profiel,
        historie=[Stap.model_validate(s) for s in stappen],
        aangemaakt_op=t.aangemaakt_op,
        gewijzigd_op=t.gewijzigd_op,
    )


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
