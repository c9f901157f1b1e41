"""The contingent (ZOU-K1..K3): commitments per corporatie, versioned distributions over the
zorgaanbieders, and reallocations. Usage is never stored as a counter: it is counted from the
plaatsingen, so it cannot drift under concurrent placements.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import Column
from sqlalchemy import UniqueConstraint
from sqlmodel import Field
from sqlmodel import SQLModel

from service.models.types import UTCDateTime
from service.models.types import new_id
from service.models.types import utcnow


class Toezegging(SQLModel, table=True):
    """ZOU-K1: the number of homes a corporatie promises for a year."""

    __tablename__ = "toezegging"
    __table_args__ = (
        UniqueConstraint("corporatie_id", "jaar", name="uq_toezegging_corporatie_jaar"),
    )

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    corporatie_id: uuid.UUID = Field(foreign_key="organisatie.id", index=True)
    jaar: int = Field(index=True)
    aantal: int
    toelichting: str | None = Field(default=None, max_length=1000)
    gewijzigd_door: uuid.UUID = Field(foreign_key="organisatie.id")
    gewijzigd_op: datetime = Field(
        default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False)
    )


class Verdeling(SQLModel, table=True):
    """ZOU-K2: one version of the year's distribution over the zorgaanbieders."""

    __tablename__ = "verdeling"
    __table_args__ = (UniqueConstraint("jaar", "versie", name="uq_verdeling_jaar_versie"),)

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    jaar: int = Field(index=True)
    versie: int
    totaal: int
    methode: str = Field(max_length=30)
    reden: str = Field(max_length=1000)
    gemaakt_door: uuid.UUID = Field(foreign_key="organisatie.id")
    aangemaakt_op: datetime = Field(
        default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False)
    )


class VerdelingRegel(SQLModel, table=True):
    __tablename__ = "verdeling_regel"
    __table_args__ = (
        UniqueConstraint("verdeling_id", "zorgaanbieder_id", name="uq_verdeling_regel"),
    )

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    verdeling_id: uuid.UUID = Field(foreign_key="verdeling.id", index=True)
    zorgaanbieder_id: uuid.UUID = Field(foreign_key="organisatie.id", index=True)
    gewicht: str = Field(max_length=40)
    minimum: int | None = None
    maximum: int | None = None
    vast: int | None = None
    exact: str = Field(
        max_length=60, description="exact proportional share as a fraction, e.g. 10/3"
    )
    toegewezen: int
    grens: str | None = Field(default=None, max_length=20)
    uitleg: str = Field(max_length=1000)


class Herverdeling(SQLModel, table=True):
    """Unused homes moved from one zorgaanbieder to another within a distribution version."""

    __tablename__ = "herverdeling"

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    verdeling_id: uuid.UUID = Field(foreign_key="verdeling.id", index=True)
    van_id: uuid.UUID = Field(foreign_key="organisatie.id")
    naar_id: uuid.UUID = Field(foreign_key="organisatie.id")
    aantal: int
    reden: str = Field(max_length=1000)
    goedgekeurd_door: uuid.UUID = Field(foreign_key="organisatie.id")
    aangemaakt_op: datetime = Field(
        default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False)
    )
