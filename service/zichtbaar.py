"""Reading what an actor may see, as every resource's actions do: one row by id (or a 404 that
does not tell foreign from unknown) and a list narrowed by the filters the caller gave.

A resource passes its own ``visible(query, actor)`` scope; the scope stays with the resource.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any
from typing import TypeVar

from sqlmodel import Session
from sqlmodel import SQLModel
from sqlmodel import select

from service.auth import Actor
from service.models import OrganisatieSoort
from service.queries import one_visible

M = TypeVar("M", bound=SQLModel)
Scope = Callable[[Any, Actor], Any]


def een(
    session: Session,
    model: type[M],
    object_id: uuid.UUID,
    scope: Scope,
    actor: Actor,
    *,
    melding: str,
    for_update: bool = False,
) -> M:
    """The ``model`` row with ``object_id`` if ``actor`` may see it, else ``NietGevonden``."""
    query = scope(select(model).where(model.id == object_id), actor)  # type: ignore[attr-defined]
    row: M = one_visible(session, query, melding=melding, for_update=for_update)
    return row


def gefilterd(query: Any, *filters: tuple[Any, object | None]) -> Any:
    """``query`` narrowed to ``column == value`` for every (column, value) whose value is given."""
    for column, value in filters:
        if value is not None:
            query = query.where(column == value)
    return query


def van_partijen(model: type[SQLModel]) -> Scope:
    """The usual scope of a row between a corporatie and a zorgaanbieder: the bemiddelaar sees
    every row, each party its own (``corporatie_id``, ``zorgaanbieder_id``), anyone else none."""

    def scope(query: Any, actor: Actor) -> Any:
        if actor.soort == OrganisatieSoort.bemiddelaar:
            return query
        if actor.soort == OrganisatieSoort.corporatie:
            return query.where(model.corporatie_id == actor.organisatie_id)  # type: ignore[attr-defined]
        if actor.soort == OrganisatieSoort.zorgaanbieder:
            return query.where(model.zorgaanbieder_id == actor.organisatie_id)  # type: ignore[attr-defined]
        return query.where(False)

    return scope
