"""Query shapes every resource shares: one visible object, and one page of a list."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, func, select

from service.errors import NietGevonden


def one_visible(session: Session, query: Any, *, melding: str, for_update: bool = False) -> Any:
    """The single row of an access-scoped ``query``, or 404 (foreign and unknown look the same)."""
    if for_update:
        query = query.with_for_update()
    row = session.exec(query).first()
    if row is None:
        raise NietGevonden(melding)
    return row


def page(
    session: Session, query: Any, *order: Any, offset: int, limit: int
) -> tuple[list[Any], int]:
    """One page of ``query`` in ``order``, and the total number of rows."""
    totaal = session.exec(select(func.count()).select_from(query.subquery())).one()
    rows = session.exec(query.order_by(*order).offset(offset).limit(limit)).all()
    return list(rows), totaal
