"""Organisations (corporatie, zorgaanbieder, bemiddelaar, regiobeheer) and their API keys."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum

from sqlalchemy import Column
from sqlmodel import Field
from sqlmodel import SQLModel

from service.models.types import UTCDateTime
from service.models.types import new_id
from service.models.types import utcnow


class OrganisatieSoort(StrEnum):
    corporatie = "corporatie"
    zorgaanbieder = "zorgaanbieder"
    bemiddelaar = "bemiddelaar"
    regiobeheer = "regiobeheer"


class CorporatieRoute(StrEnum):
    """ZOU-R3: the route a corporatie works with; data, changeable without a release."""

    omgekeerde_plaatsing = "omgekeerde-plaatsing"
    maatwerk = "maatwerk"
    beide = "beide"


class Organisatie(SQLModel, table=True):
    __tablename__ = "organisatie"

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    code: str = Field(max_length=60, unique=True, index=True)
    naam: str = Field(max_length=200)
    soort: str = Field(max_length=20, index=True)
    route: str | None = Field(default=None, max_length=30)
    actief: bool = True
    aangemaakt_op: datetime = Field(
        default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False)
    )


class ApiSleutel(SQLModel, table=True):
    """An API key: only its SHA-256 hash is stored; the key itself is shown once."""

    __tablename__ = "api_sleutel"

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    organisatie_id: uuid.UUID = Field(foreign_key="organisatie.id", index=True)
    prefix: str = Field(max_length=16, unique=True, index=True)
    hash: str = Field(max_length=64)
    omschrijving: str = Field(default="", max_length=200)
    aangemaakt_op: datetime = Field(
        default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False)
    )
    ingetrokken_op: datetime | None = Field(
        default=None, sa_column=Column(UTCDateTime(), nullable=True)
    )
    #: Updated at most once a minute, in a short transaction after the answer was sent.
    laatst_gebruikt_op: datetime | None = Field(
        default=None, sa_column=Column(UTCDateTime(), nullable=True)
    )
