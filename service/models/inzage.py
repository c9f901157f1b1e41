"""Who saw which kandidaat, when (NEN 7513 read log), and failed sign-in attempts.

``Inzage`` holds one row per kandidaat per read: a list of 50 kandidaten writes 50 rows, so
"who saw kandidaat X, when" is one indexed lookup. ``Aanmeldpoging`` holds one row per failed
authentication per counter (key prefix, account, client address); the failure limiter counts
them in the database so every process and every server shares the same counters.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import BigInteger
from sqlalchemy import Column
from sqlalchemy import Index
from sqlalchemy import Integer
from sqlmodel import Field
from sqlmodel import SQLModel

from service.models.types import UTCDateTime
from service.models.types import utcnow

_BIGINT = BigInteger().with_variant(Integer(), "sqlite")


class Inzage(SQLModel, table=True):
    __tablename__ = "inzage"
    __table_args__ = (Index("ix_inzage_kandidaat_tijdstip", "kandidaat_id", "tijdstip"),)

    id: int | None = Field(
        default=None, sa_column=Column(_BIGINT, primary_key=True, autoincrement=True)
    )
    tijdstip: datetime = Field(
        default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False)
    )
    #: No foreign key: the read log outlives pseudonymisation and must never block a delete.
    kandidaat_id: uuid.UUID
    organisatie_id: uuid.UUID
    gebruiker_id: uuid.UUID | None = None
    bron: str = Field(max_length=60)
    toelichting: str = Field(default="", max_length=300)


class Aanmeldpoging(SQLModel, table=True):
    __tablename__ = "aanmeldpoging"
    __table_args__ = (Index("ix_aanmeldpoging_teller_tijdstip", "teller", "tijdstip"),)

    id: int | None = Field(
        default=None, sa_column=Column(_BIGINT, primary_key=True, autoincrement=True)
    )
    #: ``ip:<address>``, ``sleutel:<prefix>`` or ``account:<sha256 of the e-mail>``.
    teller: str = Field(max_length=120)
    tijdstip: datetime = Field(
        default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False)
    )
