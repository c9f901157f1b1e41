"""Service-level state: generated secrets and idempotent POST results."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import JSON
from sqlalchemy import Column
from sqlalchemy import UniqueConstraint
from sqlmodel import Field
from sqlmodel import SQLModel

from service.models.types import UTCDateTime
from service.models.types import new_id
from service.models.types import utcnow


class Systeemwaarde(SQLModel, table=True):
    __tablename__ = "systeemwaarde"

    naam: str = Field(primary_key=True, max_length=60)
    waarde: str = Field(max_length=200)


class IdempotentVerzoek(SQLModel, table=True):
    """The stored answer to a POST sent with an ``Idempotency-Key`` header."""

    __tablename__ = "idempotent_verzoek"
    __table_args__ = (UniqueConstraint("organisatie_id", "sleutel", name="uq_idempotent_sleutel"),)

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    organisatie_id: uuid.UUID = Field(foreign_key="organisatie.id")
    sleutel: str = Field(max_length=200)
    pad: str = Field(max_length=300)
    #: SHA-256 of the request body: the same key with another body is refused (422).
    verzoek_hash: str | None = Field(default=None, max_length=64)
    status_code: int
    body: Any = Field(default=None, sa_column=Column(JSON, nullable=True))
    aangemaakt_op: datetime = Field(
        default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False)
    )


class Taakclaim(SQLModel, table=True):
    """The lease of one scheduled job (``service.taken``): who runs it now, until when, and when
    it is due again. Shared by every process on the database, so each job runs in one at a time,
    once per interval; a lease that is not renewed (a process that died) lapses."""

    __tablename__ = "taakclaim"

    naam: str = Field(primary_key=True, max_length=60)
    #: The process holding the lease (host, pid and a random part), or None when free.
    houder: str | None = Field(default=None, max_length=120)
    geldig_tot: datetime | None = Field(
        default=None, sa_column=Column(UTCDateTime(), nullable=True)
    )
    #: The job is not due before this moment (None: due at once).
    volgende_run: datetime | None = Field(
        default=None, sa_column=Column(UTCDateTime(), nullable=True)
    )
    laatst_gestart: datetime | None = Field(
        default=None, sa_column=Column(UTCDateTime(), nullable=True)
    )
    laatst_klaar: datetime | None = Field(
        default=None, sa_column=Column(UTCDateTime(), nullable=True)
    )
    laatste_uitkomst: str | None = Field(default=None, max_length=300)
