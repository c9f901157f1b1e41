"""Before and after the keys: preparation forms, the move's timeline, handover, notifications,
client experience and the stored route advice (ZOU-B3/B4/B6, ZOU-L1..L5, ZOU-P1..P4, DRE-F1/R4).

``Formulier`` keeps every save of a form as its own row (version 1, 2, ...): nothing is
overwritten, so who changed what and when stays readable. ``Clientervaring`` has no link to a
kandidaat on purpose: the answers are stored apart from the identity (ZOU-M4).
"""

from __future__ import annotations

import uuid
from datetime import date
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON
from sqlalchemy import Column
from sqlalchemy import UniqueConstraint
from sqlmodel import Field
from sqlmodel import SQLModel

from service.models.types import UTCDateTime
from service.models.types import new_id
from service.models.types import utcnow


class FormulierSoort(StrEnum):
    overdrachtsdocument = "overdrachtsdocument"  # ZOU-B3
    preventie_actieplan = "preventie-actieplan"  # ZOU-B4
    voorrangsaanvraag = "voorrangsaanvraag"  # DRE-F1


class Formulier(SQLModel, table=True):
    """One saved version of a typed form about one kandidaat."""

    __tablename__ = "formulier"
    __table_args__ = (
        UniqueConstraint("kandidaat_id", "soort", "versie", name="uq_formulier_versie"),
    )

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    kandidaat_id: uuid.UUID = Field(foreign_key="kandidaat.id", index=True)
    soort: str = Field(max_length=40)
    versie: int
    inhoud: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    compleet: bool = False
    opgeslagen_door_id: uuid.UUID = Field(foreign_key="organisatie.id")
    #: The person (web) or the organisation (API key) who saved this version.
    opgeslagen_door_naam: str = Field(max_length=200)
    opgeslagen_op: datetime = Field(
        default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False)
    )


class Voorbereiding(SQLModel, table=True):
    """The dates of the preparation before the move (ZOU-L1..L3), one row per kandidaat."""

    __tablename__ = "voorbereiding"

    kandidaat_id: uuid.UUID = Field(foreign_key="kandidaat.id", primary_key=True)
    verwachte_verhuisdatum: date | None = None
    voorbereiding_gestart_op: date | None = None  # ZOU-L1
    partijen_betrokken_op: date | None = None  # ZOU-L2
    wijkteam_betrokken_op: date | None = None  # ZOU-L3
    kennismaking_op: date | None = None  # ZOU-L3, ZOU-P2 (evaluations planned there)
    gewijzigd_op: datetime = Field(
        default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False)
    )


class Overdracht(SQLModel, table=True):
    """ZOU-P3/ZOU-L4/ZOU-B5: guidance handed over to a new guiding organisation, which takes on
    the same obligations. Never an end without a successor."""

    __tablename__ = "overdracht"

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    plaatsing_id: uuid.UUID = Field(foreign_key="plaatsing.id", index=True)
    datum: date
    van_naam: str = Field(max_length=200)
    #: The new guiding organisation when it uses woonroute (it then sees the overdrachtsdocument).
    naar_organisatie_id: uuid.UUID | None = Field(default=None, foreign_key="organisatie.id")
    naar_naam: str = Field(max_length=200)
    naar_soort: str = Field(max_length=40)
    toelichting: str | None = Field(default=None, max_length=2000)
    vastgelegd_door_id: uuid.UUID = Field(foreign_key="organisatie.id")
    vastgelegd_op: datetime = Field(
        default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False)
    )


class Kennisgeving(SQLModel, table=True):
    """ZOU-P4: the gemeente or the sociaal wijkteam was told the client moved in."""

    __tablename__ = "kennisgeving"

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    plaatsing_id: uuid.UUID = Field(foreign_key="plaatsing.id", index=True)
    ontvanger_soort: str = Field(max_length=40)
    ontvanger: str = Field(max_length=200)
    geinformeerd_op: date
    wijze: str = Field(max_length=40)
    vastgelegd_door_id: uuid.UUID = Field(foreign_key="organisatie.id")
    vastgelegd_op: datetime = Field(
        default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False)
    )


class Clientervaring(SQLModel, table=True):
    """ZOU-M4/ZOU-B6: one filled-in questionnaire, without any link to the person."""

    __tablename__ = "clientervaring"

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    jaar: int = Field(index=True)
    moment: str = Field(max_length=20)
    zorgaanbieder_id: uuid.UUID = Field(foreign_key="organisatie.id", index=True)
    antwoorden: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    aangemaakt_op: datetime = Field(
        default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False)
    )


class Routeadvies(SQLModel, table=True):
    """DRE-F1 with DRE-R2: the application form's version and the advice given on it, kept;
    DRE-R4: the route the provider reports as chosen."""

    __tablename__ = "routeadvies"

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    kandidaat_id: uuid.UUID = Field(foreign_key="kandidaat.id", index=True)
    zorgaanbieder_id: uuid.UUID = Field(foreign_key="organisatie.id", index=True)
    formulier_id: uuid.UUID = Field(foreign_key="formulier.id")
    antwoorden: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    advies: str = Field(max_length=40)
    uitkomst: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    gekozen_route: str | None = Field(default=None, max_length=40)
    gekozen_op: date | None = None
    keuze_toelichting: str | None = Field(default=None, max_length=1000)
    aangemaakt_op: datetime = Field(
        default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False)
    )
