"""Voordrachten (proposals of three for a woning), their places, aanbiedingen and plaatsingen.

Database-enforced guarantees (partial unique indexes, the same on SQLite and PostgreSQL):
- a woning has at most one open voordracht;
- the active places of a voordracht hold distinct positions; an inactive place (struck,
  declined, lapsed) keeps the last position it held and its own history of positions, outside
  that guarantee;
- a kandidaat holds at most one running aanbieding, and a woning at most one;
- a kandidaat has at most one plaatsing, and a woning at most one active plaatsing.
"""

from __future__ import annotations

import uuid
from datetime import date
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON
from sqlalchemy import Column
from sqlalchemy import Index
from sqlalchemy import UniqueConstraint
from sqlalchemy import text
from sqlalchemy import true as sa_true
from sqlmodel import Field
from sqlmodel import SQLModel

from service.models.types import UTCDateTime
from service.models.types import new_id
from service.models.types import utcnow


class VoordrachtStatus(StrEnum):
    te_beoordelen = "te-beoordelen"
    goedgekeurd = "goedgekeurd"
    afgerond = "afgerond"
    gesloten = "gesloten"


class PlekStatus(StrEnum):
    te_beoordelen = "te-beoordelen"
    goedgekeurd = "goedgekeurd"
    gekozen = "gekozen"
    geschrapt = "geschrapt"
    afgewezen = "afgewezen"
    vervallen = "vervallen"
    #: The chosen kandidaat let the offer's deadline pass (no decline; DRE-O1/O2).
    verlopen = "verlopen"


#: A voordracht still being decided on: waiting for review, or approved and not yet done.
OPEN_VOORDRACHT = (VoordrachtStatus.te_beoordelen, VoordrachtStatus.goedgekeurd)
#: Places whose kandidaat can still be chosen: waiting for review, or approved.
OPEN_PLEKKEN = (PlekStatus.te_beoordelen, PlekStatus.goedgekeurd)
#: Places that still hold a kandidaat on the voordracht.
ACTIEVE_PLEKKEN = (PlekStatus.te_beoordelen, PlekStatus.goedgekeurd, PlekStatus.gekozen)
_ACTIEF_SQL = "status IN ('te-beoordelen', 'goedgekeurd', 'gekozen')"


class AanbiedingStatus(StrEnum):
    open = "open"
    bezichtiging = "bezichtiging"
    geaccepteerd = "geaccepteerd"
    afgewezen = "afgewezen"
    verlopen = "verlopen"
    geplaatst = "geplaatst"
    #: Closed without an answer: the kandidaat was placed elsewhere (ZOU-M1). No decline.
    vervallen = "vervallen"


LOPENDE_AANBIEDING = (
    AanbiedingStatus.open,
    AanbiedingStatus.bezichtiging,
    AanbiedingStatus.geaccepteerd,
)
_LOPEND_SQL = "status IN ('open', 'bezichtiging', 'geaccepteerd')"


class Afwijsreden(StrEnum):
    """Structured reasons a kandidaat declines an aanbieding."""

    locatie = "locatie"
    woning_past_niet = "woning-past-niet"
    huur_te_hoog = "huur-te-hoog"
    toegankelijkheid = "toegankelijkheid"
    persoonlijke_omstandigheden = "persoonlijke-omstandigheden"
    niet_meer_beschikbaar = "niet-meer-beschikbaar"
    geen_reactie = "geen-reactie"
    anders = "anders"


class Contractvorm(StrEnum):
    """ZOU-P1."""

    driepartijen = "3-partijenovereenkomst"
    tweepartijen = "2-partijenovereenkomst"
    intermediair = "intermediaire-verhuur"


class Voordracht(SQLModel, table=True):
    __tablename__ = "voordracht"
    __table_args__ = (
        Index(
            "uq_voordracht_open_per_woning",
            "woning_id",
            unique=True,
            sqlite_where=text("status IN ('te-beoordelen', 'goedgekeurd')"),
            postgresql_where=text("status IN ('te-beoordelen', 'goedgekeurd')"),
        ),
    )

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    woning_id: uuid.UUID = Field(foreign_key="woning.id", index=True)
    corporatie_id: uuid.UUID = Field(foreign_key="organisatie.id", index=True)
    status: str = Field(default=VoordrachtStatus.te_beoordelen, max_length=20, index=True)
    gevraagd: int = 3
    volledig: bool = True
    uitleg: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    aangemaakt_op: datetime = Field(
        default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False)
    )
    gewijzigd_op: datetime = Field(
        default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False)
    )


class Voordrachtplek(SQLModel, table=True):
    __tablename__ = "voordracht_plek"
    __table_args__ = (
        UniqueConstraint("voordracht_id", "kandidaat_id", name="uq_plek_kandidaat"),
        Index(
            "uq_plek_actieve_positie",
            "voordracht_id",
            "positie",
            unique=True,
            sqlite_where=text(_ACTIEF_SQL),
            postgresql_where=text(_ACTIEF_SQL),
        ),
    )

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    voordracht_id: uuid.UUID = Field(foreign_key="voordracht.id", index=True)
    kandidaat_id: uuid.UUID = Field(foreign_key="kandidaat.id", index=True)
    positie: int
    status: str = Field(default=PlekStatus.te_beoordelen, max_length=20)
    eerste_keuze: bool
    aanmelddatum: date
    uitleg: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    reden: str | None = Field(default=None, max_length=1000)
    #: Every position the place held while active, in order: ``[{"positie", "sinds"}]``.
    positiehistorie: list[dict[str, Any]] = Field(
        default_factory=list,
        sa_column=Column(JSON, nullable=False, server_default=text("'[]'")),
    )
    aangemaakt_op: datetime = Field(
        default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False)
    )


class Aanbieding(SQLModel, table=True):
    __tablename__ = "aanbieding"
    __table_args__ = (
        Index(
            "uq_aanbieding_lopend_kandidaat",
            "kandidaat_id",
            unique=True,
            sqlite_where=text(_LOPEND_SQL),
            postgresql_where=text(_LOPEND_SQL),
        ),
        Index(
            "uq_aanbieding_lopend_woning",
            "woning_id",
            unique=True,
            sqlite_where=text(_LOPEND_SQL),
            postgresql_where=text(_LOPEND_SQL),
        ),
    )

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    woning_id: uuid.UUID = Field(foreign_key="woning.id", index=True)
    kandidaat_id: uuid.UUID = Field(foreign_key="kandidaat.id", index=True)
    corporatie_id: uuid.UUID = Field(foreign_key="organisatie.id", index=True)
    zorgaanbieder_id: uuid.UUID = Field(foreign_key="organisatie.id", index=True)
    voordracht_id: uuid.UUID | None = Field(default=None, foreign_key="voordracht.id", index=True)
    maatwerktraject_id: uuid.UUID | None = Field(
        default=None, foreign_key="maatwerktraject.id", index=True
    )
    status: str = Field(default=AanbiedingStatus.open, max_length=20, index=True)
    keuze_reden: str | None = Field(default=None, max_length=1000)
    #: MATCH-V2: the structured reason when not the longest waiting kandidaat was chosen.
    keuze_reden_soort: str | None = Field(default=None, max_length=60)
    reactie_deadline: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    bezichtiging_op: datetime | None = Field(
        default=None, sa_column=Column(UTCDateTime(), nullable=True)
    )
    acceptatie_deadline: datetime | None = Field(
        default=None, sa_column=Column(UTCDateTime(), nullable=True)
    )
    afwijsreden: str | None = Field(default=None, max_length=40)
    toelichting: str | None = Field(default=None, max_length=1000)
    beantwoord_op: datetime | None = Field(
        default=None, sa_column=Column(UTCDateTime(), nullable=True)
    )
    aangemaakt_op: datetime = Field(
        default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False)
    )


class Plaatsing(SQLModel, table=True):
    __tablename__ = "plaatsing"
    __table_args__ = (
        UniqueConstraint("kandidaat_id", name="uq_plaatsing_kandidaat"),
        UniqueConstraint("aanbieding_id", name="uq_plaatsing_aanbieding"),
        Index(
            "uq_plaatsing_actief_woning",
            "woning_id",
            unique=True,
            sqlite_where=text("beeindigd_op IS NULL"),
            postgresql_where=text("beeindigd_op IS NULL"),
        ),
    )

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    aanbieding_id: uuid.UUID = Field(foreign_key="aanbieding.id")
    kandidaat_id: uuid.UUID = Field(foreign_key="kandidaat.id")
    woning_id: uuid.UUID = Field(foreign_key="woning.id")
    corporatie_id: uuid.UUID = Field(foreign_key="organisatie.id", index=True)
    zorgaanbieder_id: uuid.UUID = Field(foreign_key="organisatie.id", index=True)
    contractdatum: date
    contractvorm: str = Field(default=Contractvorm.driepartijen, max_length=40)
    begeleiding_tot: date
    beeindigd_op: date | None = None
    #: ZOU-K3: counts against the zorgaanbieder's contingent in ``contingent_jaar``; placements
    #: outside the contingent (a maatwerktraject marked so) are kept but do not count.
    binnen_contingent: bool = Field(default=True, sa_column_kwargs={"server_default": sa_true()})
    contingent_jaar: int | None = Field(default=None, index=True)
    #: ZOU-P1: the casushouder in the contract is the provider or the sociaal wijkteam.
    casushouder_soort: str = Field(
        default="zorgaanbieder", max_length=40, sa_column_kwargs={"server_default": "zorgaanbieder"}
    )
    casushouder_naam: str | None = Field(default=None, max_length=200)
    #: The organisation guiding the client now; after a handover (ZOU-P3) a new one, which
    #: then sees the overdrachtsdocument (ZOU-B3) when it uses woonroute.
    begeleidende_organisatie_id: uuid.UUID | None = Field(
        default=None, foreign_key="organisatie.id", index=True
    )
    begeleider_naam: str | None = Field(default=None, max_length=200)
    #: ZOU-P3: the provider stays available at least until this day.
    beschikbaar_tot: date | None = None
    #: ZOU-P1: 3 -> 2 parties, on a date, decided by whom and why.
    omgezet_op: date | None = None
    omzetting_besloten_door: str | None = Field(default=None, max_length=200)
    omzetting_reden: str | None = Field(default=None, max_length=1000)
    #: ZOU-P2: after the final positive evaluation the lease is for an indefinite period
    #: without guidance, from this day.
    onbepaalde_tijd_sinds: date | None = None
    #: ZOU-L5: guidance ended on this day; the agreed low-threshold follow-up.
    begeleiding_beeindigd_op: date | None = None
    vervolgafspraak: str | None = Field(default=None, max_length=1000)
    aangemaakt_op: datetime = Field(
        default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False)
    )


class Evaluatie(SQLModel, table=True):
    """ZOU-P2: planned evaluations of a plaatsing (3 months, 1 year, 2 years by default)."""

    __tablename__ = "evaluatie"

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    plaatsing_id: uuid.UUID = Field(foreign_key="plaatsing.id", index=True)
    volgnummer: int
    omschrijving: str = Field(max_length=100)
    gepland_op: date
    uitgevoerd_op: date | None = None
    #: ZOU-P2: who organises it (region setting: corporatie or begeleidende-organisatie).
    verantwoordelijke: str = Field(
        default="begeleidende-organisatie",
        max_length=40,
        sa_column_kwargs={"server_default": "begeleidende-organisatie"},
    )
    #: Bijlage 6 / ZOU-P2: outcome per topic (wonen, financien, netwerk, begeleiding, overlast).
    uitkomsten: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    besluit: str | None = Field(default=None, max_length=40)
    positief: bool | None = None
    volgende_stap: str | None = Field(default=None, max_length=1000)
    vastgelegd_door_id: uuid.UUID | None = Field(default=None, foreign_key="organisatie.id")
