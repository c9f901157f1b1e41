"""Monitoring (ZOU-M1..M3): signaleringen as work items, knelpunten, and placements made
outside woonroute so the monthly picture is complete."""

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
from sqlmodel import Field
from sqlmodel import SQLModel

from service.models.types import UTCDateTime
from service.models.types import new_id
from service.models.types import utcnow


class SignaleringSoort(StrEnum):
    langwachtend = "langwachtend"  # ZOU-M2
    woning_zonder_kandidaten = "woning-zonder-kandidaten"  # MATCH-N
    aanbieding_termijn = "aanbieding-termijn"  # DRE-O1/O2 passed
    traject_te_laat = "traject-te-laat"  # maatwerk step overdue
    evaluatie = "evaluatie"  # ZOU-P2 due or overdue
    contingent_overgebruik = "contingent-overgebruik"  # ZOU-K3
    voorbereiding = "voorbereiding"  # ZOU-L1: start preparing 3-6 months before the move
    partijen_betrekken = "partijen-betrekken"  # ZOU-L2: involve all parties 3 months before
    wijkteam_betrekken = "wijkteam-betrekken"  # ZOU-L3: wijkteam from 6 weeks before
    gemeente_informeren = "gemeente-informeren"  # ZOU-P4: gemeente and wijkteam told
    warme_overdracht = "warme-overdracht"  # ZOU-P3/ZOU-L4: handover within 3 months
    dip_na_verhuizing = "dip-na-verhuizing"  # ZOU-L5: the dip within half a year
    begeleiding_beeindigd = "begeleiding-beeindigd"  # ZOU-L5: guidance ended, follow-up
    dreigt_te_mislukken = "dreigt-te-mislukken"  # ZOU-B5: raised by any party
    gesprek_over_afwijzingen = "gesprek-over-afwijzingen"  # DRE-O3
    aanmelddatum_correctie = "aanmelddatum-correctie"  # a zorgaanbieder asks for a correction
    grenzen_ontbreken = "grenzen-ontbreken"  # MATCH-E4: a year without income and rent limits


class SignaleringStatus(StrEnum):
    open = "open"
    in_behandeling = "in-behandeling"
    afgehandeld = "afgehandeld"


_OPEN_SIGNAAL = "status IN ('open', 'in-behandeling')"


class Signalering(SQLModel, table=True):
    __tablename__ = "signalering"
    __table_args__ = (
        Index(
            "uq_signalering_open_onderwerp",
            "soort",
            "onderwerp_id",
            unique=True,
            sqlite_where=text(_OPEN_SIGNAAL),
            postgresql_where=text(_OPEN_SIGNAAL),
        ),
    )

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    soort: str = Field(max_length=40, index=True)
    onderwerp_type: str = Field(max_length=40)
    onderwerp_id: uuid.UUID = Field(index=True)
    eigenaar_id: uuid.UUID = Field(foreign_key="organisatie.id", index=True)
    #: Another organisation that may read it (e.g. the kandidaat's zorgaanbieder).
    zichtbaar_voor_id: uuid.UUID | None = Field(
        default=None, foreign_key="organisatie.id", index=True
    )
    status: str = Field(default=SignaleringStatus.open, max_length=20, index=True)
    titel: str = Field(max_length=300)
    vervaldatum: date
    diagnose: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    notitie: str | None = Field(default=None, max_length=2000)
    automatisch_afgehandeld: bool = False
    aangemaakt_op: datetime = Field(
        default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False)
    )
    gewijzigd_op: datetime = Field(
        default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False)
    )


class SignaleringStap(SQLModel, table=True):
    __tablename__ = "signalering_stap"

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    signalering_id: uuid.UUID = Field(foreign_key="signalering.id", index=True)
    status: str = Field(max_length=20)
    tijdstip: datetime = Field(
        default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False)
    )
    organisatie_id: uuid.UUID | None = Field(default=None, foreign_key="organisatie.id")
    notitie: str | None = Field(default=None, max_length=2000)


class KnelpuntStatus(StrEnum):
    open = "open"
    beantwoord = "beantwoord"
    gesloten = "gesloten"


class Knelpunt(SQLModel, table=True):
    """ZOU-M3: one place to report a bottleneck or ask a question."""

    __tablename__ = "knelpunt"

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    gemeld_door: uuid.UUID = Field(foreign_key="organisatie.id", index=True)
    onderwerp: str = Field(max_length=200)
    beschrijving: str = Field(max_length=4000)
    status: str = Field(default=KnelpuntStatus.open, max_length=20, index=True)
    antwoord: str | None = Field(default=None, max_length=4000)
    beantwoord_door: uuid.UUID | None = Field(default=None, foreign_key="organisatie.id")
    aangemaakt_op: datetime = Field(
        default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False)
    )
    gewijzigd_op: datetime = Field(
        default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False)
    )


class ExternePlaatsing(SQLModel, table=True):
    """ZOU-M1: a placement made outside woonroute (maatwerk done elsewhere), reported by the
    corporatie so the monthly report and the regional figures are complete. No personal data;
    it may name a kandidaat of the list by id, who is then placed (one placement each)."""

    __tablename__ = "externe_plaatsing"
    __table_args__ = (UniqueConstraint("kandidaat_id", name="uq_externe_plaatsing_kandidaat"),)

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    kandidaat_id: uuid.UUID | None = Field(default=None, foreign_key="kandidaat.id")
    corporatie_id: uuid.UUID = Field(foreign_key="organisatie.id", index=True)
    zorgaanbieder_id: uuid.UUID | None = Field(
        default=None, foreign_key="organisatie.id", index=True
    )
    gemeente: str = Field(max_length=100)
    contractdatum: date = Field(index=True)
    contractvorm: str = Field(max_length=40)
    binnen_contingent: bool = False
    omschrijving: str | None = Field(default=None, max_length=1000)
    aangemaakt_op: datetime = Field(
        default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False)
    )


class MaandrapportageVerzending(SQLModel, table=True):
    """ZOU-M1: a corporatie sent (established) its month report to Het Vierde Huis: which month,
    when, by whom (the person on the web page, or the organisation's API key), and how many
    placements it held at that moment. Once per corporatie and month."""

    __tablename__ = "maandrapportage_verzending"
    __table_args__ = (
        UniqueConstraint("corporatie_id", "jaar", "maand", name="uq_maandrapportage_verzending"),
    )

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    corporatie_id: uuid.UUID = Field(foreign_key="organisatie.id", index=True)
    jaar: int
    maand: int
    aantal: int
    gebruiker_id: uuid.UUID | None = Field(default=None, foreign_key="gebruiker.id")
    verzonden_op: datetime = Field(
        default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False)
    )
