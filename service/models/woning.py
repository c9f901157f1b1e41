"""Woningen reported by corporaties."""

from __future__ import annotations

import uuid
from datetime import date
from datetime import datetime
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import Column
from sqlalchemy import Numeric
from sqlmodel import Field
from sqlmodel import SQLModel

from service.models.types import UTCDateTime
from service.models.types import new_id
from service.models.types import utcnow


class WoningStatus(StrEnum):
    beschikbaar = "beschikbaar"
    aangeboden = "aangeboden"
    verhuurd = "verhuurd"
    ingetrokken = "ingetrokken"


class Woning(SQLModel, table=True):
    __tablename__ = "woning"

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    corporatie_id: uuid.UUID = Field(foreign_key="organisatie.id", index=True)
    straat: str = Field(max_length=200)
    huisnummer: str = Field(max_length=20)
    postcode: str = Field(max_length=7)
    plaats: str = Field(max_length=100)
    gemeente: str = Field(max_length=100, index=True)
    kale_huur: Decimal = Field(sa_column=Column(Numeric(8, 2), nullable=False))
    servicekosten: Decimal = Field(
        default=Decimal("0"), sa_column=Column(Numeric(8, 2), nullable=False)
    )
    kamers: int
    oppervlakte: int
    verdieping: int = 0
    lift: bool = False
    gelijkvloers: bool = False
    rolstoeltoegankelijk: bool = False
    max_bewoners: int
    minimumleeftijd: int | None = None
    beschikbaar_per: date
    opmerkingen: str | None = Field(default=None, max_length=2000)
    status: str = Field(default=WoningStatus.beschikbaar, max_length=20, index=True)
    aangemaakt_op: datetime = Field(
        default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False)
    )
    gewijzigd_op: datetime = Field(
        default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False)
    )
