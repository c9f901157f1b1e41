"""Column types shared by the tables."""

from __future__ import annotations

import uuid
from datetime import UTC
from datetime import datetime
from typing import Any

from sqlalchemy import DateTime
from sqlalchemy import Dialect
from sqlalchemy import Table
from sqlalchemy import inspect
from sqlalchemy.types import TypeDecorator
from sqlmodel import SQLModel

from service.clock import nu


def utcnow() -> datetime:
    """Default of every ``*_op`` column: the service clock (``service.clock.nu``)."""

    return nu()


def new_id() -> uuid.UUID:
    return uuid.uuid4()


class UTCDateTime(TypeDecorator[datetime]):
    """Stores moments as naive UTC and always returns timezone-aware UTC (SQLite drops zones)."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; woonroute stores moments in UTC")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: Any | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC)


def tabel(model: type[SQLModel]) -> Table:
    """The Core table of a table model, for bulk inserts and updates (SQLModel sets
    ``__table__`` when the class is made, but its type stubs do not declare it)."""
    table = inspect(model).local_table
    if not isinstance(table, Table):
        raise TypeError(f"{model.__name__} is not a table model")
    return table
