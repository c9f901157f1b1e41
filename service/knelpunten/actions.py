"""Knelpunten (ZOU-M3): providers, corporaties and Het Vierde Huis report a bottleneck or ask a
question in one place; Het Vierde Huis answers and closes. Every change is audited, and the
audit trail of a knelpunt is also its history (the table keeps no steps of its own)."""

from __future__ import annotations

import uuid
from typing import Any

from sqlmodel import Session
from sqlmodel import col
from sqlmodel import select

from service import audit
from service import zichtbaar
from service.auth import Actor
from service.clock import nu
from service.errors import Conflict
from service.kandidaten.schemas import OrganisatieVerwijzing
from service.knelpunten.schemas import KnelpuntAntwoord
from service.knelpunten.schemas import KnelpuntInvoer
from service.knelpunten.schemas import KnelpuntSluiting
from service.knelpunten.schemas import KnelpuntStap
from service.knelpunten.schemas import KnelpuntUit
from service.models import Gebeurtenis
from service.models import Knelpunt
from service.models import KnelpuntStatus
from service.models import Organisatie
from service.models import OrganisatieSoort
from service.queries import page

OBJECTTYPE = "knelpunt"

#: Allowed status changes; answering again is allowed, everything after closing is a 409.
OVERGANGEN: dict[KnelpuntStatus, frozenset[KnelpuntStatus]] = {
    KnelpuntStatus.open: frozenset({KnelpuntStatus.beantwoord, KnelpuntStatus.gesloten}),
    KnelpuntStatus.beantwoord: frozenset({KnelpuntStatus.beantwoord, KnelpuntStatus.gesloten}),
    KnelpuntStatus.gesloten: frozenset(),
}

#: Why a change cannot happen, by the status asked for (only a closed knelpunt refuses).
_WAAROM_NIET = {
    KnelpuntStatus.beantwoord: "Dit knelpunt is al gesloten, dus beantwoorden kan niet meer. "
    "Speelt er nog iets? Meld dan een nieuw knelpunt.",
    KnelpuntStatus.gesloten: "Dit knelpunt is al gesloten.",
}

#: Audit action per status: the history is read back from these.
ACTIE = {
    KnelpuntStatus.open: "knelpunt-gemeld",
    KnelpuntStatus.beantwoord: "knelpunt-beantwoord",
    KnelpuntStatus.gesloten: "knelpunt-gesloten",
}
_STATUS_VAN = {actie: status for status, actie in ACTIE.items()}


def visible(query: Any, actor: Actor) -> Any:
    """Het Vierde Huis and Beter Wonen see every knelpunt; others only what they reported."""
    if actor.soort in (OrganisatieSoort.bemiddelaar, OrganisatieSoort.regiobeheer):
        return query
    return query.where(Knelpunt.gemeld_door == actor.organisatie_id)


def get_knelpunt(
    session: Session, knelpunt_id: uuid.UUID, actor: Actor, *, for_update: bool = False
) -> Knelpunt:
    return zichtbaar.een(
        session,
        Knelpunt,
        knelpunt_id,
        visible,
        actor,
        melding="Dit knelpunt bestaat niet, of u mag het niet zien.",
        for_update=for_update,
    )


def list_knelpunten(
    session: Session,
    actor: Actor,
    *,
    status: KnelpuntStatus | None,
    offset: int,
    limit: int,
) -> tuple[list[Knelpunt], int]:
    query = zichtbaar.gefilterd(visible(select(Knelpunt), actor), (Knelpunt.status, status))
    return page(
        session,
        query,
        col(Knelpunt.aangemaakt_op).desc(),
        Knelpunt.id,
        offset=offset,
        limit=limit,
    )


def report(session: Session, *, data: KnelpuntInvoer, by: Actor) -> Knelpunt:
    """ZOU-M3: a zorgaanbieder, corporatie or Het Vierde Huis reports a knelpunt or question."""
    k = Knelpunt(
        gemeld_door=by.organisatie_id, onderwerp=data.onderwerp, beschrijving=data.beschrijving
    )
    session.add(k)
    session.flush()
    audit.record(session, by, ACTIE[KnelpuntStatus.open], OBJECTTYPE, k.id, na=audit.snapshot(k))
    return k


def _move(
    session: Session,
    k: Knelpunt,
    nieuw: KnelpuntStatus,
    *,
    by: Actor,
    toelichting: str | None = None,
    **wijzigingen: Any,
) -> None:
    huidig = KnelpuntStatus(k.status)
    if nieuw not in OVERGANGEN[huidig]:
        raise Conflict(_WAAROM_NIET[nieuw])
    voor = audit.snapshot(k)
    for veld, waarde in wijzigingen.items():
        setattr(k, veld, waarde)
    k.status = nieuw
    k.gewijzigd_op = nu()
    session.add(k)
    session.flush()
    audit.record(
        session,
        by,
        ACTIE[nieuw],
        OBJECTTYPE,
        k.id,
        voor=voor,
        na=audit.snapshot(k),
        toelichting=toelichting,
    )


def answer(
    session: Session, *, knelpunt_id: uuid.UUID, data: KnelpuntAntwoord, by: Actor
) -> Knelpunt:
    """Het Vierde Huis answers; answering again replaces the answer (the old one stays in the
    audit trail)."""
    k = get_knelpunt(session, knelpunt_id, by, for_update=True)
    _move(
        session,
        k,
        KnelpuntStatus.beantwoord,
        by=by,
        antwoord=data.antwoord,
        beantwoord_door=by.organisatie_id,
    )
    return k


def close(
    session: Session, *, knelpunt_id: uuid.UUID, data: KnelpuntSluiting, by: Actor
) -> Knelpunt:
    k = get_knelpunt(session, knelpunt_id, by, for_update=True)
    toelichting = (data.toelichting or "").strip() or None
    _move(session, k, KnelpuntStatus.gesloten, by=by, toelichting=toelichting)
    return k


# --- views ---------------------------------------------------------------------------------


def _org(session: Session, org_id: uuid.UUID | None) -> OrganisatieVerwijzing | None:
    if org_id is None:
        return None
    org = session.get(Organisatie, org_id)
    assert org is not None
    return OrganisatieVerwijzing(id=org.id, naam=org.naam)


def historie(session: Session, knelpunt_id: uuid.UUID) -> list[KnelpuntStap]:
    rows = session.exec(
        select(Gebeurtenis)
        .where(
            Gebeurtenis.objecttype == OBJECTTYPE,
            Gebeurtenis.object_id == str(knelpunt_id),
            col(Gebeurtenis.actie).in_(_STATUS_VAN),
        )
        .order_by(col(Gebeurtenis.id))
    ).all()
    return [
        KnelpuntStap(
            status=_STATUS_VAN[g.actie],
            tijdstip=g.tijdstip,
            organisatie_id=uuid.UUID(g.organisatie_id) if g.organisatie_id else None,
            toelichting=g.toelichting,
        )
        for g in rows
    ]


def public(session: Session, k: Knelpunt) -> KnelpuntUit:
    gemeld_door = _org(session, k.gemeld_door)
    assert gemeld_door is not None
    return KnelpuntUit(
        id=k.id,
        onderwerp=k.onderwerp,
        beschrijving=k.beschrijving,
        status=KnelpuntStatus(k.status),
        gemeld_door=gemeld_door,
        antwoord=k.antwoord,
        beantwoord_door=_org(session, k.beantwoord_door),
        historie=historie(session, k.id),
        aangemaakt_op=k.aangemaakt_op,
        gewijzigd_op=k.gewijzigd_op,
    )
