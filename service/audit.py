"""Writing the audit trail (gebeurtenissen) inside the caller's transaction.

``record`` adds the row to the same session as the change, so both commit or neither does.
Rows already written cannot be changed or removed through the ORM: a flush that tries raises.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date
from datetime import datetime
from decimal import Decimal
from enum import Enum
from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import UOWTransaction
from sqlmodel import Session
from sqlmodel import SQLModel

from service.auth import Actor
from service.db import snel_invoegen
from service.models import Gebeurtenis
from service.models.types import tabel
from service.models.types import utcnow

#: The transactional outbox, hooked in by ``service.webhooks`` (which sits above every resource,
#: as its payloads are their views): ``publiceer`` writes a row's berichten in the same
#: transaction, ``luistert`` says whether any subscription hears of a kind of record.
_publiceer: Callable[[Session, Gebeurtenis], int] | None = None
_luistert: Callable[[Session, str, str], bool] | None = None


def koppel_outbox(
    publiceer: Callable[[Session, Gebeurtenis], int], luistert: Callable[[Session, str, str], bool]
) -> None:
    global _publiceer, _luistert
    _publiceer, _luistert = publiceer, luistert


#: Columns derived from others (the name search columns): never recorded, so the trail holds a
#: name only where retention can find and remove it.
AFGELEID = frozenset({"zoeknaam", "zoekachternaam"})


def snapshot(obj: SQLModel | None, *, skip: tuple[str, ...] = ()) -> dict[str, Any] | None:
    """A JSON-safe copy of a row's columns, for ``voor``/``na``."""
    if obj is None:
        return None
    return {k: _json(v) for k, v in obj.model_dump().items() if k not in skip and k not in AFGELEID}


def _json(value: Any) -> Any:
    if isinstance(value, uuid.UUID | Decimal):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dict):
        return {k: _json(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_json(v) for v in value]
    return value


def record(
    session: Session,
    actor: Actor | None,
    actie: str,
    objecttype: str,
    object_id: uuid.UUID | str | None,
    *,
    voor: dict[str, Any] | None = None,
    na: dict[str, Any] | None = None,
    toelichting: str | None = None,
) -> Gebeurtenis:
    row = Gebeurtenis(
        organisatie_id=str(actor.organisatie_id) if actor else None,
        gebruiker_id=str(actor.gebruiker_id) if actor and actor.gebruiker_id else None,
        actie=actie,
        objecttype=objecttype,
        object_id=str(object_id) if object_id is not None else None,
        voor=_json(voor) if voor is not None else None,
        na=_json(na) if na is not None else None,
        toelichting=toelichting,
    )
    session.add(row)
    if _publiceer is not None:
        _publiceer(session, row)
    return row


def record_many(
    session: Session,
    actor: Actor | None,
    actie: str,
    objecttype: str,
    items: list[tuple[uuid.UUID, str | None]],
) -> None:
    """``record`` for many objects of one kind at once (object id, toelichting): one insert
    when no webhook subscription hears of this kind; else ``record`` each, so the outbox gets
    its berichten in the same transaction."""
    if not items:
        return
    if _luistert is not None and _luistert(session, actie, objecttype):
        for object_id, toelichting in items:
            record(session, actor, actie, objecttype, object_id, toelichting=toelichting)
        return
    snel_invoegen(
        session.connection(),
        tabel(Gebeurtenis),
        [
            {"object_id": str(object_id), "toelichting": toelichting}
            for object_id, toelichting in items
        ],
        vast={
            "tijdstip": utcnow(),
            "organisatie_id": str(actor.organisatie_id) if actor else None,
            "gebruiker_id": str(actor.gebruiker_id) if actor and actor.gebruiker_id else None,
            "actie": actie,
            "objecttype": objecttype,
        },
    )


@event.listens_for(Session, "before_flush")
def _append_only(session: Session, _ctx: UOWTransaction, _instances: object) -> None:
    for obj in list(session.dirty) + list(session.deleted):
        if isinstance(obj, Gebeurtenis) and (obj in session.deleted or session.is_modified(obj)):
            raise RuntimeError("gebeurtenissen are append-only")
