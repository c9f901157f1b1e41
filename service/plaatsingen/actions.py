"""Plaatsingen: the lease is signed (ZOU-P1); evaluations are planned (ZOU-P2)."""

from __future__ import annotations

import calendar
import uuid
from datetime import date
from typing import Any

from sqlmodel import Session, col, select

from service import audit, region
from service.auth import Actor
from service.clock import nu, vandaag
from service.errors import Conflict, NietGevonden, OngeldigeInvoer, Veldfout
from service.kandidaten.actions import set_flow_status
from service.models import (
    Aanbieding,
    AanbiedingStatus,
    Evaluatie,
    Kandidaat,
    KandidaatStatus,
    Maatwerktraject,
    OrganisatieSoort,
    Plaatsing,
    PlekStatus,
    Voordracht,
    VoordrachtPlek,
    VoordrachtStatus,
    Woning,
    WoningStatus,
)
from service.plaatsingen.schemas import (
    EvaluatieUit,
    EvaluatieUitgevoerd,
    PlaatsingNieuw,
    PlaatsingUit,
)
from service.queries import one_visible, page


def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _omschrijving(maanden: int, laatste: bool) -> str:
    periode = f"{maanden // 12} jaar" if maanden % 12 == 0 else f"{maanden} maanden"
    return f"Eindevaluatie na {periode}" if laatste else f"Evaluatie na {periode}"


def visible(query: Any, actor: Actor) -> Any:
    if actor.soort in (OrganisatieSoort.bemiddelaar, OrganisatieSoort.regiobeheer):
        return query
    if actor.soort == OrganisatieSoort.corporatie:
        return query.where(Plaatsing.corporatie_id == actor.organisatie_id)
    return query.where(Plaatsing.zorgaanbieder_id == actor.organisatie_id)


def get_plaatsing(session: Session, plaatsing_id: uuid.UUID, actor: Actor) -> Plaatsing:
    return one_visible(
        session,
        visible(select(Plaatsing).where(Plaatsing.id == plaatsing_id), actor),
        melding="Deze plaatsing bestaat niet, of u mag deze niet zien.",
    )


def public(session: Session, p: Plaatsing) -> PlaatsingUit:
    evaluaties = session.exec(
        select(Evaluatie).where(Evaluatie.plaatsing_id == p.id).order_by(Evaluatie.volgnummer)
    ).all()
    return PlaatsingUit.model_validate(
        {**p.model_dump(), "evaluaties": [EvaluatieUit.model_validate(e) for e in evaluaties]}
    )


def list_plaatsingen(
    session: Session, actor: Actor, *, offset: int, limit: int
) -> tuple[list[Plaatsing], int]:
    query = visible(select(Plaatsing), actor)
    rows, totaal = page(
        session,
        query,
        col(Plaatsing.contractdatum).desc(),
        Plaatsing.id,
        offset=offset,
        limit=limit,
    )
    return list(rows), totaal


def create_plaatsing(session: Session, *, data: PlaatsingNieuw, by: Actor) -> Plaatsing:
    a = session.exec(
        select(Aanbieding)
        .where(Aanbieding.id == data.aanbieding_id, Aanbieding.corporatie_id == by.organisatie_id)
        .with_for_update()
    ).first()
    if a is None:
        raise NietGevonden("Deze aanbieding bestaat niet, of het is niet uw aanbieding.")
    if a.status == AanbiedingStatus.geplaatst:
        raise Conflict("Voor deze aanbieding is de plaatsing al vastgelegd.")
    if a.status != AanbiedingStatus.geaccepteerd:
        raise Conflict(
            f"Plaatsen kan pas als de kandidaat de woning heeft geaccepteerd (nu: {a.status})."
        )
    if data.contractdatum > add_months(vandaag(), 3):
        raise OngeldigeInvoer(
            "De contractdatum ligt te ver in de toekomst.",
            [Veldfout("contractdatum", "Vul de datum van het getekende contract in.")],
        )
    termijnen = region.active().termijnen
    kandidaat = session.get(Kandidaat, a.kandidaat_id)
    woning = session.get(Woning, a.woning_id)
    assert kandidaat is not None and woning is not None
    p = Plaatsing(
        aanbieding_id=a.id,
        kandidaat_id=a.kandidaat_id,
        woning_id=a.woning_id,
        corporatie_id=a.corporatie_id,
        zorgaanbieder_id=a.zorgaanbieder_id,
        contractdatum=data.contractdatum,
        contractvorm=data.contractvorm,
        begeleiding_tot=add_months(data.contractdatum, termijnen.begeleiding_maanden),
    )
    session.add(p)
    session.flush()
    n = len(termijnen.evaluaties_maanden)
    for i, maanden in enumerate(termijnen.evaluaties_maanden, start=1):
        session.add(
            Evaluatie(
                plaatsing_id=p.id,
                volgnummer=i,
                omschrijving=_omschrijving(maanden, i == n),
                gepland_op=add_months(data.contractdatum, maanden),
            )
        )
    a.status = AanbiedingStatus.geplaatst
    session.add(a)
    set_flow_status(session, kandidaat, KandidaatStatus.geplaatst)
    woning.status = WoningStatus.verhuurd
    woning.gewijzigd_op = nu()
    session.add(woning)
    if a.voordracht_id is not None:
        vd = session.get(Voordracht, a.voordracht_id)
        assert vd is not None
        vd.status = VoordrachtStatus.afgerond
        vd.gewijzigd_op = nu()
        session.add(vd)
        for plek in session.exec(
            select(VoordrachtPlek).where(
                VoordrachtPlek.voordracht_id == vd.id,
                col(VoordrachtPlek.status).in_((PlekStatus.te_beoordelen, PlekStatus.goedgekeurd)),
            )
        ).all():
            plek.status = PlekStatus.vervallen
            plek.reden = "De woning is verhuurd."
            session.add(plek)
    from service.contingenten.actions import on_plaatsing
    from service.maatwerk.actions import on_geplaatst

    on_geplaatst(session, a, by=by)
    traject = session.get(Maatwerktraject, a.maatwerktraject_id) if a.maatwerktraject_id else None
    on_plaatsing(session, p, binnen=traject.contingent if traject is not None else True, by=by)
    session.flush()
    audit.record(session, by, "plaatsing-vastgelegd", "plaatsing", p.id, na=audit.snapshot(p))
    return p


def record_evaluatie(
    session: Session, *, plaatsing_id: uuid.UUID, data: EvaluatieUitgevoerd, by: Actor
) -> Plaatsing:
    p = get_plaatsing(session, plaatsing_id, by)
    e = session.exec(
        select(Evaluatie).where(
            Evaluatie.plaatsing_id == p.id, Evaluatie.volgnummer == data.volgnummer
        )
    ).first()
    if e is None:
        raise OngeldigeInvoer(
            "Deze evaluatie bestaat niet.", [Veldfout("volgnummer", "Kies een geplande evaluatie.")]
        )
    if e.uitgevoerd_op is not None:
        raise Conflict(f"Deze evaluatie is al vastgelegd op {e.uitgevoerd_op.isoformat()}.")
    if data.uitgevoerd_op > vandaag() or data.uitgevoerd_op < p.contractdatum:
        raise OngeldigeInvoer(
            "Deze datum kan niet.",
            [Veldfout("uitgevoerdOp", "Kies een datum tussen het contract en vandaag.")],
        )
    voor = audit.snapshot(e)
    e.uitgevoerd_op = data.uitgevoerd_op
    session.add(e)
    session.flush()
    audit.record(
        session, by, "evaluatie-gehouden", "plaatsing", p.id, voor=voor, na=audit.snapshot(e)
    )
    return p
