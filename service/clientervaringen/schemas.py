from __future__ import annotations

import uuid
from enum import StrEnum
from typing import TYPE_CHECKING

from pydantic import Field

from service.clientervaringen.vragenlijst import AntwoordenBasis
from service.clientervaringen.vragenlijst import antwoorden_model
from service.schemas import ApiModel
from service.schemas import Invoer

if TYPE_CHECKING:
    # The model is made at runtime from the questionnaire; statically it is its base.
    Antwoorden = AntwoordenBasis
else:
    Antwoorden = antwoorden_model()


class Moment(StrEnum):
    kennismaking = "kennismaking"
    evaluatie = "evaluatie"


class ClientervaringInvoer(Invoer):
    """One filled-in questionnaire (ZOU-B6). No name, no kandidaat: stored apart from the
    identity (ZOU-M4)."""

    moment: Moment = Field(
        description="Bij de kennismaking (hele lijst) of een evaluatie (deel 4 en 5)."
    )
    antwoorden: Antwoorden


class ClientervaringUit(ApiModel):
    id: uuid.UUID
    jaar: int
    moment: Moment
    beantwoord: int = Field(description="Aantal beantwoorde vragen.")


class VraagCijfer(ApiModel):
    vraag: str
    tekst: str
    soort: str
    aantal: int | None = Field(description="Leeg als minder dan 5 mensen antwoordden.")
    gemiddelde: float | None = Field(
        None, description="Schaal: ja=3, een beetje=2, nee=1; getal: het gemiddelde."
    )
    verdeling: dict[str, int | None] | None = Field(
        None, description="Per antwoord; leeg als minder dan 5 mensen dit antwoord gaven."
    )


class MomentCijfers(ApiModel):
    moment: Moment
    vragenlijsten: int | None = Field(description="Leeg als het er minder dan 5 zijn.")
    onderdrukt: bool
    vragen: list[VraagCijfer]


class RouteCijfers(ApiModel):
    geadviseerd: dict[str, int] = Field(description="DRE-R2: advies per route.")
    gekozen: dict[str, int] = Field(description="DRE-R4: door de aanbieder gemelde route.")
    afwijkend: int = Field(description="Gekozen route anders dan het advies.")


class NazorgCijfers(ApiModel):
    jaar: int
    minimum_groep: int = Field(description="Groepen kleiner dan dit worden niet getoond.")
    clientervaring: list[MomentCijfers]
    routes: RouteCijfers
