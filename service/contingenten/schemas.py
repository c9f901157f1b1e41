from __future__ import annotations

import uuid
from datetime import date
from datetime import datetime
from decimal import Decimal
from enum import StrEnum

from pydantic import Field

from service.schemas import ApiModel
from service.schemas import Invoer


class Formaat(StrEnum):
    json = "json"
    csv = "csv"
    xlsx = "xlsx"


class ToezeggingInvoer(Invoer):
    corporatie_id: uuid.UUID
    jaar: int = Field(ge=2000, le=2100)
    aantal: int = Field(
        ge=0, le=10000, description="Aantal woningen dat de corporatie dit jaar toezegt (ZOU-K1)."
    )
    toelichting: str | None = Field(default=None, max_length=1000)


class ToezeggingUit(ApiModel):
    id: uuid.UUID
    corporatie_id: uuid.UUID
    corporatie: str
    jaar: int
    aantal: int
    toelichting: str | None
    gewijzigd_op: datetime


class AandeelInvoer(Invoer):
    zorgaanbieder_id: uuid.UUID
    gewicht: Decimal = Field(
        ge=0,
        max_digits=12,
        decimal_places=4,
        description="Verdeelsleutel, bijvoorbeeld aantal plekken.",
    )
    minimum: int | None = Field(default=None, ge=0)
    maximum: int | None = Field(default=None, ge=0)
    vast: int | None = Field(
        default=None, ge=0, description="Een vast aantal woningen voor deze zorgaanbieder."
    )


class VerdelingInvoer(Invoer):
    jaar: int = Field(ge=2000, le=2100)
    totaal: int | None = Field(
        default=None, ge=0, le=100000, description="Leeg: de som van de toezeggingen van dat jaar."
    )
    reden: str = Field(min_length=1, max_length=1000, description="Waarom deze (nieuwe) verdeling.")
    aandelen: list[AandeelInvoer] = Field(min_length=1, max_length=100)


class VerdelingRegelUit(ApiModel):
    zorgaanbieder_id: uuid.UUID
    zorgaanbieder: str
    gewicht: str
    minimum: int | None
    maximum: int | None
    vast: int | None
    exact: Decimal = Field(description="Het precies evenredige aandeel (afgerond op 4 decimalen).")
    toegewezen: int = Field(
        description="Woningen volgens deze verdeling, met herverdelingen verwerkt."
    )
    herverdeeld: int
    grens: str | None = Field(
        description="De grens die het aantal bepaalde: minimum, maximum of vast."
    )
    uitleg: str


class VerdelingUit(ApiModel):
    id: uuid.UUID
    jaar: int
    versie: int
    actueel: bool
    totaal: int
    methode: str
    reden: str
    gemaakt_door: uuid.UUID
    aangemaakt_op: datetime
    regels: list[VerdelingRegelUit]


class HerverdelingInvoer(Invoer):
    jaar: int = Field(ge=2000, le=2100)
    van_id: uuid.UUID
    naar_id: uuid.UUID
    aantal: int = Field(ge=1, le=1000)
    reden: str = Field(min_length=1, max_length=1000)


class HerverdelingUit(ApiModel):
    id: uuid.UUID
    verdeling_id: uuid.UUID
    van_id: uuid.UUID
    naar_id: uuid.UUID
    aantal: int
    reden: str
    aangemaakt_op: datetime


class Subtotaal(ApiModel):
    gebruikt: int
    in_behandeling: int


class PerCorporatie(Subtotaal):
    corporatie: str


class PerMaand(Subtotaal):
    maand: date


class GebruikUit(ApiModel):
    zorgaanbieder_id: uuid.UUID
    zorgaanbieder: str
    jaar: int
    toegewezen: int
    gebruikt: int
    in_behandeling: int = Field(
        description="Lopende aanbiedingen die nog een plaatsing kunnen worden."
    )
    resterend: int
    overgebruik: int = Field(
        description="Meer plaatsingen dan toegewezen: een signaal voor het regiobeheer."
    )
    per_corporatie: list[PerCorporatie]
    per_maand: list[PerMaand]


class LeveringUit(ApiModel):
    corporatie_id: uuid.UUID
    corporatie: str
    jaar: int
    toegezegd: int
    geleverd: int
    tekort: int
    percentage: Decimal | None
