"""Maatwerktrajecten (ZOU-R2): Het Vierde Huis forwards a kandidaat to a corporatie, which
searches a fitting woning. From the found woning on, the same aanbieding → plaatsing lifecycle
as omgekeerde plaatsing applies. A kandidaat has at most one open traject (database-enforced).
"""

from __future__ import annotations

import uuid
from datetime import date
from datetime import datetime
from enum import StrEnum

from sqlalchemy import Column
from sqlalchemy import Index
from sqlalchemy import text
from sqlmodel import Field
from sqlmodel import SQLModel

from service.models.types import UTCDateTime
from service.models.types import new_id
from service.models.types import utcnow


class TrajectStatus(StrEnum):
    doorgestuurd = "doorgestuurd"  # waiting for the corporatie to accept
    zoekend = "zoekend"  # accepted; the corporatie searches a woning
    woning_gevonden = "woning-gevonden"  # an aanbieding runs
    geplaatst = "geplaatst"
    afgewezen = "afgewezen"  # the corporatie declined the traject
    gestopt = "gestopt"  # stopped by the bemiddelaar


OPEN_TRAJECT = (TrajectStatus.doorgestuurd, TrajectStatus.zoekend, TrajectStatus.woning_gevonden)
_OPEN_SQL = "status IN ('doorgestuurd', 'zoekend', 'woning-gevonden')"


class Aanleiding(StrEnum):
    route_maatwerk = (
        "route-maatwerk"  # the kandidaat's route is maatwerk (special criteria, Living Lab)
    )
    langwachtend = "langwachtend"  # waiting longer than six months (ZOU-M2)
    geen_geschikte_kandidaat = "geen-geschikte-kandidaat"  # a woning found no suitable kandidaat
    omgekeerde_plaatsing_mislukt = "omgekeerde-plaatsing-mislukt"
    anders = "anders"


class Maatwerktraject(SQLModel, table=True):
    __tablename__ = "maatwerktraject"
    __table_args__ = (
        Index(
            "uq_maatwerktraject_open_kandidaat",
            "kandidaat_id",
            unique=True,
            sqlite_where=text(_OPEN_SQL),
            postgresql_where=text(_OPEN_SQL),
        ),
    )

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    kandidaat_id: uuid.UUID = Field(foreign_key="kandidaat.id", index=True)
    corporatie_id: uuid.UUID = Field(foreign_key="organisatie.id", index=True)
    zorgaanbieder_id: uuid.UUID = Field(foreign_key="organisatie.id", index=True)
    status: str = Field(default=TrajectStatus.doorgestuurd, max_length=20, index=True)
    aanleiding: str = Field(max_length=40)
    wensen: str = Field(max_length=2000)
    contingent: bool = True
    #: Who has to take the next step: the corporatie or the bemiddelaar.
    eigenaar_id: uuid.UUID = Field(foreign_key="organisatie.id")
    volgende_stap_voor: date
    reden: str | None = Field(default=None, max_length=1000)
    aangemaakt_op: datetime = Field(
        default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False)
    )
    gewijzigd_op: datetime = Field(
        default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False)
    )


class TrajectStap(SQLModel, table=True):
    """The status history of a traject."""

    __tablename__ = "traject_stap"

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    traject_id: uuid.UUID = Field(foreign_key="maatwerktraject.id", index=True)
    status: str = Field(max_length=20)
    tijdstip: datetime = Field(
        default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False)
    )
    organisatie_id: uuid.UUID | None = Field(default=None, foreign_key="organisatie.id")
    toelichting: str | None = Field(default=None, max_length=1000)
