from __future__ import annotations

import uuid
from datetime import date
from datetime import datetime
from decimal import Decimal
from enum import StrEnum

from pydantic import Field
from pydantic import model_validator

from service.models import Aanleiding
from service.models import TrajectStatus
from service.schemas import ApiModel
from service.schemas import Invoer


class TrajectInvoer(Invoer):
    kandidaat_id: uuid.UUID
    corporatie_id: uuid.UUID
    aanleiding: Aanleiding
    wensen: str = Field(
        min_length=1,
        max_length=2000,
        description="Wensen en behoeften voor de woning, zonder medische details.",
    )
    contingent: bool = Field(default=True, description="Telt mee in het contingent (ZOU-K3).")


class TrajectBesluitKeuze(StrEnum):
    accepteren = "accepteren"
    afwijzen = "afwijzen"


class TrajectBesluit(Invoer):
    besluit: TrajectBesluitKeuze
    reden: str | None = Field(default=None, max_length=1000, description="Verplicht bij afwijzen.")

    @model_validator(mode="after")
    def _reden(self) -> TrajectBesluit:
        if self.besluit == TrajectBesluitKeuze.afwijzen and not (self.reden or "").strip():
            raise ValueError("Geef een reden als u het traject afwijst.")
        return self


class GevondenWoning(Invoer):
    woning_id: uuid.UUID


class Stopzetting(Invoer):
    reden: str = Field(min_length=1, max_length=1000)


class Stap(ApiModel):
    status: TrajectStatus
    tijdstip: datetime
    organisatie_id: uuid.UUID | None
    toelichting: str | None


class KandidaatProfiel(ApiModel):
    """What a corporatie needs to search a woning: no name until it accepts, no diagnoses."""

    pseudoniem: str
    huishoudgrootte: int
    wachttijd_dagen: int
    gemeentevoorkeuren: list[str]
    minimum_kamers: int
    toegankelijkheidsbehoeften: list[str]
    maximale_kale_huur: Decimal | None = Field(
        description=(
            "De hoogste kale huur die past bij inkomen en huishouden (MATCH-E4); 0 als geen "
            "sociale huurwoning past; leeg zolang de grenzen van dit jaar niet zijn ingesteld."
        )
    )
    begeleiding_door: str
    naam: str | None = Field(
        default=None, description="Pas zichtbaar nadat de corporatie het traject accepteerde."
    )
    casushouder_naam: str | None = None
    casushouder_telefoon: str | None = None
    casushouder_email: str | None = None
    kandidaat_id: uuid.UUID | None = Field(
        default=None, description="Alleen voor de bemiddelaar en de eigen zorgaanbieder."
    )


class TrajectUit(ApiModel):
    id: uuid.UUID
    status: TrajectStatus
    aanleiding: Aanleiding
    wensen: str
    contingent: bool
    corporatie_id: uuid.UUID
    eigenaar_id: uuid.UUID = Field(description="De organisatie die de volgende stap moet zetten.")
    volgende_stap_voor: date
    reden: str | None
    kandidaat: KandidaatProfiel
    historie: list[Stap]
    aangemaakt_op: datetime
    gewijzigd_op: datetime
