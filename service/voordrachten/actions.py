"""Voordrachten as a resource: who may see which, the lists, and the requests to review
(MATCH-V1) and choose (MATCH-V2). The steps themselves, and the refill that follows every lost
place, are the lifecycle's (``service.levensloop.overgangen``)."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import case
from sqlmodel import Session
from sqlmodel import col
from sqlmodel import func
from sqlmodel import select

from service import zichtbaar
from service.auth import Actor
from service.levensloop import overgangen
from service.levensloop import pool
from service.models import Aanbieding
from service.models import Gemeentevoorkeur
from service.models import Kandidaat
from service.models import KandidaatStatus
from service.models import Organisatie
from service.models import OrganisatieSoort
from service.models import PlekStatus
from service.models import Voordracht
from service.models import Voordrachtplek
from service.models import VoordrachtStatus
from service.queries import page
from service.voordrachten.schemas import Beoordeling
from service.voordrachten.schemas import Besluit
from service.voordrachten.schemas import Keuze

ZICHTBAAR_VOOR_CORPORATIE = (VoordrachtStatus.goedgekeurd, VoordrachtStatus.afgerond)
PLEKKEN_VOOR_CORPORATIE = (PlekStatus.goedgekeurd, PlekStatus.gekozen, PlekStatus.afgewezen)


# --- reading -----------------------------------------------------------------------------


def visible(query: Any, actor: Actor) -> Any:
    if actor.soort == OrganisatieSoort.bemiddelaar:
        return query
    if actor.soort == OrganisatieSoort.corporatie:
        # A voordracht it chose from stays readable after it closes (the woning withdrawn).
        gekozen = select(Aanbieding.voordracht_id).where(
            Aanbieding.corporatie_id == actor.organisatie_id,
            col(Aanbieding.voordracht_id).is_not(None),
        )
        return query.where(
            Voordracht.corporatie_id == actor.organisatie_id,
            col(Voordracht.status).in_(ZICHTBAAR_VOOR_CORPORATIE)
            | (
                (col(Voordracht.status) == VoordrachtStatus.gesloten)
                & col(Voordracht.id).in_(gekozen)
            ),
        )
    return query.where(False)


def get_voordracht(
    session: Session, voordracht_id: uuid.UUID, actor: Actor, *, for_update: bool = False
) -> Voordracht:
    return zichtbaar.een(
        session,
        Voordracht,
        voordracht_id,
        visible,
        actor,
        melding="Deze voordracht bestaat niet, of u mag deze (nog) niet zien.",
        for_update=for_update,
    )


def list_voordrachten(
    session: Session,
    actor: Actor,
    *,
    status: VoordrachtStatus | None,
    te_beoordelen: bool | None,
    woning_id: uuid.UUID | None,
    offset: int,
    limit: int,
) -> tuple[list[Voordracht], int]:
    query = visible(select(Voordracht), actor)
    if status is not None:
        query = query.where(Voordracht.status == status)
    if woning_id is not None:
        query = query.where(Voordracht.woning_id == woning_id)
    if te_beoordelen is not None:
        pending = select(Voordrachtplek.voordracht_id).where(
            Voordrachtplek.status == PlekStatus.te_beoordelen
        )
        cond = col(Voordracht.id).in_(pending)
        query = query.where(cond if te_beoordelen else ~cond)
    return page(session, query, Voordracht.aangemaakt_op, Voordracht.id, offset=offset, limit=limit)


def pool_counts(session: Session, gemeente: str) -> tuple[int, int]:
    """Waiting kandidaten in the pool who want ``gemeente``, and how many as first choice."""
    gv = Gemeentevoorkeur
    eerste = func.coalesce(func.sum(case((col(gv.rangklasse) == 0, 1), else_=0)), 0)
    alle, eerste_n = session.exec(
        select(func.count(), eerste).where(gv.gemeente == gemeente, pool.IN_POOL)
    ).one()
    return int(alle), int(eerste_n)


def maatwerk_count(session: Session, gemeente: str) -> int:
    """Waiting kandidaten who want ``gemeente`` but go through maatwerk (left out of voordrachten)."""
    return session.exec(
        select(func.count())
        .select_from(Kandidaat)
        .join(Gemeentevoorkeur, col(Gemeentevoorkeur.kandidaat_id) == col(Kandidaat.id))
        .where(
            Gemeentevoorkeur.gemeente == gemeente,
            Kandidaat.status == KandidaatStatus.wachtend,
            Kandidaat.route == "maatwerk",
        )
    ).one()


# --- review (MATCH-V1) -------------------------------------------------------------------


def review(
    session: Session, *, voordracht_id: uuid.UUID, data: Beoordeling, by: Actor
) -> Voordracht:
    vd = get_voordracht(session, voordracht_id, by, for_update=True)
    if data.besluit == Besluit.goedkeuren:
        overgangen.keur_goed(session, vd, by=by)
    else:
        assert data.plek_id is not None and data.reden is not None  # the schema requires both
        overgangen.schrap(session, vd, data.plek_id, reden=data.reden, by=by)
    return vd


# --- choice (MATCH-V2) -------------------------------------------------------------------


def choose(session: Session, *, voordracht_id: uuid.UUID, data: Keuze, by: Actor) -> Aanbieding:
    vd = get_voordracht(session, voordracht_id, by)
    overgangen.vergrendel_keuze(session, vd, data.plek_id)
    vd = get_voordracht(session, voordracht_id, by, for_update=True)
    session.refresh(vd)
    return overgangen.kies(
        session,
        vd,
        data.plek_id,
        reden=(data.reden or "").strip(),
        reden_soort=data.reden_soort,
        by=by,
    )


def zorgaanbieder_namen(session: Session, ids: set[uuid.UUID]) -> dict[uuid.UUID, str]:
    if not ids:
        return {}
    return dict(
        session.exec(
            select(Organisatie.id, Organisatie.naam).where(col(Organisatie.id).in_(ids))
        ).all()
    )
