"""The append-only audit trail (gebeurtenissen): who did what, when, to which object.

Written in the same transaction as the change it records. Rows are never updated or deleted:
``service.audit`` refuses to flush such a change.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON
from sqlalchemy import BigInteger
from sqlalchemy import Column
from sqlalchemy import Integer
from sqlmodel import Field
from sqlmodel import SQLModel

from service.models.types import UTCDateTime
from service.models.types import utcnow

_BIGINT = BigInteger().with_variant(Integer(), "sqlite")


class Gebeurtenis(SQLModel, table=True):
    __tablename__ = "gebeurtenis"

    id: int | None = Field(
        default=None, sa_column=Column(_BIGINT, primary_key=True, autoincrement=True)
    )
    tijdstip: datetime = Field(
        default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False)
    )
    organisatie_id: str | None = Field(default=None, max_length=36, index=True)
    #: The person (web account) who made the change through a page; empty for an API key.
    gebruiker_id: str | None = Field(default=None, max_length=36)
    actie: str = Field(max_length=60)
    objecttype: str = Field(max_length=40)
    object_id: str | None = Field(default=None, max_length=36, index=True)
    voor: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    na: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    toelichting: str | None = Field(default=None, max_length=1000)
