"""Use cases for woningen: report, read (own only for a corporatie), change, withdraw."""

from __future__ import annotations

import functools
import uuid
from typing import Any

from sqlalchemy import bindparam
from sqlalchemy import false
from sqlalchemy import select as core_select
from sqlalchemy import true
from sqlmodel import Session
from sqlmodel import col
from sqlmodel import select

from service import audit
from service import zichtbaar
from service.auth import Actor
from service.clock import nu
from service.errors import Conflict
from service.errors import NietGevonden
from service.errors import OngeldigeInvoer
from service.errors import Veldfout
from service.levensloop.overgangen import close_for_woning
from service.levensloop.overgangen import create_for_woning
from service.models import OPEN_VOORDRACHT
from service.models import CorporatieRoute
from service.models import OrganisatieSoort
from service.models import Voordracht
from service.models import Woning
from service.models import WoningStatus
from service.models.types import tabel
from service.queries import page
from service.schemas import Paging
from service.woningen.schemas import AdresUit
from service.woningen.schemas import WoningInvoer
from service.woningen.schemas import WoningUit
from service.woningen.schemas import WoningWijziging

#: Foreign and unknown look the same (a 404 either way).
ONBEKENDE_WONING = "Deze woning bestaat niet, of het is niet uw woning."


def visible(query: Any, actor: Actor) -> Any:
    return query.where(_zichtbaar(actor.soort, actor.organisatie_id))


def _zichtbaar(soort: OrganisatieSoort, eigen: Any) -> Any:
    """Which woningen an organisation of ``soort`` sees: a corporatie its own (``eigen``, its
    id or a bound parameter), the bemiddelaar and regiobeheer all, nobody else any."""
    if soort == OrganisatieSoort.corporatie:
        return col(Woning.corporatie_id) == eigen
    if soort in (OrganisatieSoort.bemiddelaar, OrganisatieSoort.regiobeheer):
        return true()
    return false()


def get_woning(
    session: Session, woning_id: uuid.UUID, actor: Actor, *, for_update: bool = False
) -> Woning:
    return zichtbaar.een(
        session,
        Woning,
        woning_id,
        visible,
        actor,
        melding=ONBEKENDE_WONING,
        for_update=for_update,
    )


def to_public(w: Woning, voordracht_id: uuid.UUID | None) -> WoningUit:
    return _uit(w.model_dump(), voordracht_id)


_ADRES = tuple(AdresUit.model_fields)


def _uit(velden: dict[str, Any], voordracht_id: uuid.UUID | None) -> WoningUit:
    """A woning's fields (a model's dump or a row of its columns) as the API shows them."""
    velden["adres"] = {k: velden[k] for k in _ADRES}
    velden["voordracht_id"] = voordracht_id
    return WoningUit.model_validate(velden)


def open_voordrachten(session: Session, woning_ids: list[uuid.UUID]) -> dict[uuid.UUID, uuid.UUID]:
    if not woning_ids:
        return {}
    rows = session.exec(
        select(Voordracht.woning_id, Voordracht.id).where(
            col(Voordracht.woning_id).in_(woning_ids), col(Voordracht.status).in_(OPEN_VOORDRACHT)
        )
    ).all()
    return dict(rows)


def public(session: Session, w: Woning) -> WoningUit:
    return to_public(w, open_voordrachten(session, [w.id]).get(w.id))


def lees_woning(session: Session, woning_id: uuid.UUID, actor: Actor) -> WoningUit:
    """One woning as the API shows it (own only for a corporatie), as ``public`` gives it: a
    plain row with its open voordracht (at most one: ``uq_voordracht_open_per_woning``) in one
    statement built once per kind of caller, outside the session (no identity map, no ORM
    loading)."""
    params = {"woning_id": woning_id, "eigen": actor.organisatie_id}
    row = session.connection().execute(_een(actor.soort), params).first()
    if row is None:
        raise NietGevonden(ONBEKENDE_WONING)
    velden = dict(row._mapping)
    return _uit(velden, velden.pop("open_voordracht_id"))


@functools.cache
def _een(soort: OrganisatieSoort) -> Any:
    """``lees_woning``'s statement for callers of ``soort``, its values bound (``woning_id``,
    ``eigen``): built and compiled once, not at every request."""
    wt = tabel(Woning)
    open_vd = (
        select(Voordracht.id)
        .where(Voordracht.woning_id == wt.c.id, col(Voordracht.status).in_(OPEN_VOORDRACHT))
        .scalar_subquery()
        .label("open_voordracht_id")
    )
    return core_select(wt, open_vd).where(
        wt.c.id == bindparam("woning_id", type_=wt.c.id.type),
        _zichtbaar(soort, bindparam("eigen", type_=wt.c.corporatie_id.type)),
    )


def list_woningen(
    session: Session,
    actor: Actor,
    *,
    status: WoningStatus | None,
    gemeente: str | None,
    paging: Paging,
) -> tuple[list[WoningUit], int]:
    query = visible(select(Woning), actor)
    if status is not None:
        query = query.where(Woning.status == status)
    if gemeente is not None:
        query = query.where(Woning.gemeente == gemeente)
    rows, totaal = page(
        session,
        query,
        col(Woning.aangemaakt_op).desc(),
        Woning.id,
        offset=paging.offset,
        limit=paging.pagina_grootte,
    )
    vd = open_voordrachten(session, [w.id for w in rows])
    return [to_public(w, vd.get(w.id)) for w in rows], totaal


def check_toegankelijkheid(w: Woning) -> None:
    """MATCH-E5 at input: a wheelchair-accessible woning above the ground floor needs a lift."""
    if w.rolstoeltoegankelijk and w.verdieping >= 1 and not w.lift:
        melding = (
            f"Een rolstoeltoegankelijke woning op verdieping {w.verdieping} heeft een lift nodig. "
            "Zet 'lift' aan, of zet 'rolstoeltoegankelijk' uit."
        )
        raise OngeldigeInvoer(
            "Rolstoeltoegankelijk en lift spreken elkaar tegen: " + melding,
            [Veldfout("rolstoeltoegankelijk", melding), Veldfout("lift", melding)],
        )


def create_woning(session: Session, *, data: WoningInvoer, by: Actor) -> Woning:
    fields = data.model_dump(exclude={"adres"})
    w = Woning(corporatie_id=by.organisatie_id, **data.adres.model_dump(), **fields)
    check_toegankelijkheid(w)
    w.postcode = w.postcode.replace(" ", "")
    session.add(w)
    session.flush()
    audit.record(session, by, "woning-gemeld", "woning", w.id, na=audit.snapshot(w))
    return w


def report_woning(session: Session, *, data: WoningInvoer, by: Actor) -> tuple[Woning, Any]:
    """ZOU-R1/R3: a reported woning; a corporatie on the omgekeerde-plaatsing route gets its
    voordracht at once. Returns (woning, voordracht or None). Used by the API and the pages."""

    w = create_woning(session, data=data, by=by)
    vd = None
    if by.route in (CorporatieRoute.omgekeerde_plaatsing, CorporatieRoute.beide):
        vd = create_for_woning(session, w, by=by)
    return w, vd


def update_woning(
    session: Session, *, woning_id: uuid.UUID, data: WoningWijziging, by: Actor
) -> Woning:
    w = get_woning(session, woning_id, by, for_update=True)
    if w.status != WoningStatus.beschikbaar:
        raise Conflict(
            f"Deze woning is {w.status}; wijzigen kan alleen zolang de woning beschikbaar is."
        )
    voor = audit.snapshot(w)
    for key, value in data.model_dump(exclude_unset=True).items():
        setattr(w, key, value)
    check_toegankelijkheid(w)
    w.gewijzigd_op = nu()
    session.add(w)
    session.flush()
    audit.record(session, by, "woning-gewijzigd", "woning", w.id, voor=voor, na=audit.snapshot(w))
    return w


def withdraw_woning(session: Session, *, woning_id: uuid.UUID, reden: str, by: Actor) -> Woning:
    w = get_woning(session, woning_id, by, for_update=True)
    if w.status != WoningStatus.beschikbaar:
        raise Conflict(
            f"Deze woning is {w.status}; intrekken kan alleen zolang er geen aanbieding loopt."
        )
    voor = audit.snapshot(w)
    w.status = WoningStatus.ingetrokken
    w.gewijzigd_op = nu()
    session.add(w)

    close_for_woning(session, w.id, by=by, reden=f"Woning ingetrokken: {reden}")
    session.flush()
    audit.record(
        session,
        by,
        "woning-ingetrokken",
        "woning",
        w.id,
        voor=voor,
        na=audit.snapshot(w),
        toelichting=reden,
    )
    return w
