from __future__ import annotations

import uuid
from datetime import date
from datetime import datetime
from enum import StrEnum
from typing import Annotated
from typing import Any

from pydantic import Field
from pydantic import field_validator
from pydantic import model_validator

from service.contingenten.schemas import AandeelInvoer
from service.schemas import ApiModel
from service.schemas import Invoer


class EersteKeuze(StrEnum):
    voorrang = "voorrang"
    begrensd = "begrensd"


class GrenzenWijziging(Invoer):
    """Income and rent limits (MATCH-E4) to use instead, for every year of the period."""

    daeb_inkomen_een: int | None = Field(default=None, ge=0, le=500_000)
    daeb_inkomen_meer: int | None = Field(default=None, ge=0, le=500_000)
    passend_inkomen_een: int | None = Field(default=None, ge=0, le=500_000)
    passend_inkomen_meer: int | None = Field(default=None, ge=0, le=500_000)
    aftoppingsgrens_laag: float | None = Field(default=None, ge=0, le=10_000)
    aftoppingsgrens_hoog: float | None = Field(default=None, ge=0, le=10_000)
    liberalisatiegrens: float | None = Field(default=None, ge=0, le=10_000)


class BeleidsproefInvoer(Invoer):
    naam: str = Field(min_length=1, max_length=200, examples=["Begrensde eerste keuze, 6 maanden"])
    eerste_keuze: EersteKeuze = Field(
        default=EersteKeuze.voorrang,
        description="MATCH-K1: voorrang (harde voorrang eerste keuze) of begrensd.",
    )
    max_voorsprong_maanden: int | None = Field(
        default=None, ge=0, le=120, description="Alleen bij begrensd: de grootste voorsprong."
    )
    kandidaten_per_voordracht: int | None = Field(default=None, ge=1, le=10)
    inkomensgrenzen: GrenzenWijziging | None = None
    kamers_per_huishouden: list[Annotated[int, Field(ge=1, le=15)]] | None = Field(
        default=None,
        max_length=15,
        description="MATCH-E3: kamers die een huishouden nodig heeft, per grootte (1 persoon, "
        "2 personen, ...; de laatste geldt ook voor grotere huishoudens), oplopend.",
        examples=[[1, 2, 2, 3, 3, 4]],
    )
    reactietermijn_dagen: int | None = Field(
        default=None, ge=1, le=30, description="DRE-O1: dagen om op een aanbieding te reageren."
    )
    acceptatietermijn_dagen: int | None = Field(
        default=None, ge=1, le=30, description="DRE-O2: dagen om na de bezichtiging te beslissen."
    )
    werkdagen: bool | None = Field(
        default=None, description="Tellen de termijnen in werkdagen (zonder weekend en feestdagen)?"
    )
    verdeelsleutel: list[AandeelInvoer] | None = Field(
        default=None,
        max_length=100,
        description="ZOU-K2: een andere verdeelsleutel voor het contingent van elk jaar in de "
        "periode, naast de huidige verdeling en het gebruik.",
    )
    van: date | None = Field(default=None, description="Eerste dag van de periode.")
    tot: date | None = Field(default=None, description="Laatste dag van de periode.")

    @field_validator("kamers_per_huishouden")
    @classmethod
    def _oplopend(cls, kamers: list[int] | None) -> list[int] | None:
        if kamers is not None and kamers != sorted(kamers):
            raise ValueError("Moet oplopen met de grootte van het huishouden, zoals 1, 2, 2, 3.")
        return kamers

    @model_validator(mode="after")
    def _samen(self) -> BeleidsproefInvoer:
        if (self.eerste_keuze == EersteKeuze.begrensd) != (self.max_voorsprong_maanden is not None):
            raise ValueError("Geef maxVoorsprongMaanden op bij begrensd, en alleen dan.")
        if self.van and self.tot and self.van > self.tot:
            raise ValueError("De periode begint na het einde: kies van vóór tot.")
        return self


class BeleidsproefKort(ApiModel):
    id: uuid.UUID
    naam: str
    beleid: dict[str, Any]
    aangemaakt_op: datetime


class BeleidsproefUit(BeleidsproefKort):
    resultaten: dict[str, Any] = Field(
        description="Nu en voorgesteld naast elkaar: wachttijd tot voordracht (mediaan, p90), "
        "aandeel eerste keuze en afwijzingen per zorgaanbieder, gemeente en corporatie, en hoeveel "
        "kandidaten eerder of later voorgedragen zouden zijn. Groepen onder 5 zijn weggelaten."
    )
