from __future__ import annotations

import uuid
from datetime import date
from datetime import datetime
from enum import StrEnum

from fastapi import UploadFile
from pydantic import BaseModel
from pydantic import Field
from pydantic import field_validator

from service.contingenten.schemas import LeveringUit
from service.models import Contractvorm
from service.schemas import ApiModel
from service.schemas import Invoer
from service.schemas import check_gemeente


class Bron(StrEnum):
    woonroute = "woonroute"
    extern = "extern"


# --- externe plaatsingen ----------------------------------------------------------------------


class ExternePlaatsingInvoer(Invoer):
    """Een plaatsing buiten woonroute (bijvoorbeeld maatwerk elders). Zonder persoonsgegevens."""

    gemeente: str = Field(min_length=1, max_length=100)
    contractdatum: date = Field(description="Datum waarop het huurcontract is getekend.")
    contractvorm: Contractvorm = Field(description="ZOU-P1.")
    zorgaanbieder_id: uuid.UUID | None = Field(
        default=None, description="De zorgaanbieder die de huurder begeleidt, als die bekend is."
    )
    binnen_contingent: bool = Field(
        default=False,
        description=(
            "Telt mee in het contingent (ZOU-K3): in het gebruik van de zorgaanbieder en in wat "
            "de corporatie levert tegen haar toezegging."
        ),
    )
    kandidaat_id: uuid.UUID | None = Field(
        default=None,
        description=(
            "De kandidaat van de wachtlijst die hier is geplaatst, als die in woonroute staat. "
            "De kandidaat is dan geplaatst: open voordrachten, een lopende aanbieding en een "
            "maatwerktraject worden afgesloten, net als bij een plaatsing in woonroute."
        ),
    )
    omschrijving: str | None = Field(
        default=None, max_length=1000, description="Korte toelichting, zonder namen."
    )

    @field_validator("gemeente")
    @classmethod
    def _gemeente(cls, value: str) -> str:
        return check_gemeente(value)


class ExternePlaatsingUit(ApiModel):
    id: uuid.UUID
    corporatie_id: uuid.UUID
    corporatie: str
    zorgaanbieder_id: uuid.UUID | None
    zorgaanbieder: str | None
    gemeente: str
    contractdatum: date
    contractvorm: str
    binnen_contingent: bool
    kandidaat_id: uuid.UUID | None
    omschrijving: str | None
    aangemaakt_op: datetime


class ExternePlaatsingenBestand(BaseModel):
    """Het formulier van de upload (multipart/form-data)."""

    bestand: UploadFile = Field(
        description=(
            "CSV of XLSX met de kolommen gemeente, contractdatum, contractvorm, en naar keuze "
            "zorgaanbieder (code), binnen_contingent (ja/nee), kandidaat (het nummer van de "
            "kandidaat in woonroute) en omschrijving. Geen namen."
        )
    )


class UploadUit(ApiModel):
    aantal: int = Field(description="Aantal plaatsingen dat is toegevoegd.")
    plaatsingen: list[ExternePlaatsingUit]


# --- maandrapportage --------------------------------------------------------------------------


class MaandrapportageRij(ApiModel):
    corporatie: str
    contractdatum: date
    gemeente: str
    zorgaanbieder: str | None
    route: str = Field(description="omgekeerde-plaatsing of maatwerk.")
    contractvorm: str
    binnen_contingent: bool
    bron: Bron = Field(description="woonroute, of extern (door de corporatie gemeld).")


class MaandrapportageUit(ApiModel):
    corporatie_id: uuid.UUID | None = Field(description="Leeg: alle corporaties.")
    corporatie: str = Field(description="Naam van de corporatie, of 'Alle corporaties'.")
    jaar: int
    maand: int
    aantal: int
    rijen: list[MaandrapportageRij]


class VerzendingInvoer(Invoer):
    """ZOU-M1: de corporatie verzendt (stelt vast) haar maandrapportage van een afgelopen maand."""

    jaar: int = Field(ge=2000, le=2100)
    maand: int = Field(ge=1, le=12)


class VerzendingUit(ApiModel):
    id: uuid.UUID
    corporatie_id: uuid.UUID
    corporatie: str
    jaar: int
    maand: int
    aantal: int = Field(description="Het aantal plaatsingen in de rapportage bij het verzenden.")
    verzonden_op: datetime
    verzonden_door: str = Field(
        description="De persoon die verzond (via de webpagina), of de organisatie (API-sleutel)."
    )


# --- regiocijfers -----------------------------------------------------------------------------


class Klasse(ApiModel):
    klasse: str = Field(description="Wachttijd in maanden, bijvoorbeeld 6-12 of 24+.")
    aantal: int


class Wachttijd(ApiModel):
    naam: str
    aantal: int
    verdeling: list[Klasse]


class WachttijdCijfers(ApiModel):
    totaal: Wachttijd
    per_zorgaanbieder: list[Wachttijd]
    per_gemeente: list[Wachttijd] = Field(description="Naar gemeente van eerste keuze.")


class Doorlooptijd(ApiModel):
    naam: str
    aantal: int
    mediaan_dagen: float | None
    p90_dagen: float | None = Field(description="90e percentiel (zoals PERCENTIEL.INC).")


class DoorlooptijdCijfers(ApiModel):
    totaal: Doorlooptijd
    per_zorgaanbieder: list[Doorlooptijd]
    per_gemeente: list[Doorlooptijd] = Field(description="Naar gemeente van de woning.")
    per_corporatie: list[Doorlooptijd]


class EersteKeuze(ApiModel):
    naam: str
    aantal: int
    in_eerste_keuze: int
    aandeel: float | None = Field(description="Tussen 0 en 1; leeg zonder plaatsingen.")


class EersteKeuzeCijfers(ApiModel):
    totaal: EersteKeuze
    per_zorgaanbieder: list[EersteKeuze]
    per_gemeente: list[EersteKeuze] = Field(description="Naar gemeente van de woning.")
    per_corporatie: list[EersteKeuze]


class RedenAantal(ApiModel):
    reden: str
    aantal: int


class Afwijzingen(ApiModel):
    naam: str
    aantal: int
    per_reden: list[RedenAantal]


class AfwijzingCijfers(ApiModel):
    totaal: Afwijzingen
    per_zorgaanbieder: list[Afwijzingen]
    per_corporatie: list[Afwijzingen]
    per_gemeente: list[Afwijzingen] = Field(description="Naar gemeente van de woning.")


class PlaatsingenPerCorporatie(ApiModel):
    naam: str
    woonroute: int
    extern: int
    totaal: int


class RegiocijfersUit(ApiModel):
    jaar: int
    peildatum: date = Field(description="De wachttijd is een momentopname op deze datum.")
    wachttijd: WachttijdCijfers = Field(
        description="Wachtende kandidaten (status wachtend of aangeboden), in maanden sinds aanmelding."
    )
    tijd_tot_plaatsing: DoorlooptijdCijfers = Field(
        description="Dagen van aanmelding tot contractdatum, voor plaatsingen in dit jaar."
    )
    eerste_keuze: EersteKeuzeCijfers = Field(
        description="Aandeel plaatsingen in dit jaar in de gemeente van eerste keuze."
    )
    afwijzingen: AfwijzingCijfers = Field(
        description="Afgewezen aanbiedingen in dit jaar, naar reden."
    )
    plaatsingen: list[PlaatsingenPerCorporatie] = Field(
        description="Plaatsingen in dit jaar per corporatie: via woonroute en extern gemeld."
    )
    contingent_levering: list[LeveringUit]
