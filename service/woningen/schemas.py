from __future__ import annotations

import uuid
from datetime import date
from datetime import datetime
from decimal import Decimal

from pydantic import Field
from pydantic import field_validator

from service.models import WoningStatus
from service.schemas import CENTEN
from service.schemas import ApiModel
from service.schemas import Invoer
from service.schemas import check_gemeente


class Adres(Invoer):
    straat: str = Field(min_length=1, max_length=200)
    huisnummer: str = Field(min_length=1, max_length=20, pattern=r"^[0-9]+[A-Za-z0-9 -]*$")
    postcode: str = Field(pattern=r"^[1-9][0-9]{3} ?[A-Z]{2}$", description="Bijvoorbeeld 3701 AB.")
    plaats: str = Field(min_length=1, max_length=100)


class WoningVelden(Invoer):
    kale_huur: Decimal = Field(
        gt=0,
        le=5000,
        max_digits=7,
        decimal_places=2,
        description="Kale huur per maand in euro.",
        json_schema_extra=CENTEN,
    )
    servicekosten: Decimal = Field(
        default=Decimal("0"),
        ge=0,
        le=1000,
        max_digits=6,
        decimal_places=2,
        json_schema_extra=CENTEN,
    )
    kamers: int = Field(ge=1, le=15)
    oppervlakte: int = Field(ge=10, le=500, description="Woonoppervlakte in m².")
    verdieping: int = Field(default=0, ge=0, le=40, description="0 is de begane grond.")
    lift: bool = False
    gelijkvloers: bool = Field(
        default=False, description="Zonder traptreden binnen en bij de ingang."
    )
    rolstoeltoegankelijk: bool = False
    max_bewoners: int = Field(ge=1, le=15)
    minimumleeftijd: int | None = Field(default=None, ge=18, le=100)
    beschikbaar_per: date
    opmerkingen: str | None = Field(default=None, max_length=2000)


class WoningInvoer(WoningVelden):
    adres: Adres
    gemeente: str

    @field_validator("gemeente")
    @classmethod
    def _gemeente(cls, value: str) -> str:
        return check_gemeente(value)


class WoningWijziging(Invoer):
    kale_huur: Decimal | None = Field(
        default=None, gt=0, le=5000, max_digits=7, decimal_places=2, json_schema_extra=CENTEN
    )
    servicekosten: Decimal | None = Field(
        default=None, ge=0, le=1000, max_digits=6, decimal_places=2, json_schema_extra=CENTEN
    )
    kamers: int | None = Field(default=None, ge=1, le=15)
    oppervlakte: int | None = Field(default=None, ge=10, le=500)
    verdieping: int | None = Field(default=None, ge=0, le=40)
    lift: bool | None = None
    gelijkvloers: bool | None = None
    rolstoeltoegankelijk: bool | None = None
    max_bewoners: int | None = Field(default=None, ge=1, le=15)
    minimumleeftijd: int | None = Field(default=None, ge=18, le=100)
    beschikbaar_per: date | None = None
    opmerkingen: str | None = Field(default=None, max_length=2000)


class AdresUit(ApiModel):
    straat: str
    huisnummer: str
    postcode: str
    plaats: str


class WoningUit(ApiModel):
    id: uuid.UUID
    corporatie_id: uuid.UUID
    adres: AdresUit
    gemeente: str
    kale_huur: Decimal
    servicekosten: Decimal
    kamers: int
    oppervlakte: int
    verdieping: int
    lift: bool
    gelijkvloers: bool
    rolstoeltoegankelijk: bool
    max_bewoners: int
    minimumleeftijd: int | None
    beschikbaar_per: date
    opmerkingen: str | None
    status: WoningStatus
    voordracht_id: uuid.UUID | None = Field(
        default=None, description="De open voordracht voor deze woning, als die er is."
    )
    aangemaakt_op: datetime
