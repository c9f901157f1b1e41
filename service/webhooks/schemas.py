from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from pydantic import Field

from service.models import BerichtStatus
from service.schemas import ApiModel
from service.schemas import Invoer
from service.webhooks.soorten import GebeurtenisSoort

_URL = Field(
    min_length=1,
    max_length=2000,
    description="Waar de berichten heen gaan: https, op een openbaar adres.",
    examples=["https://woonsysteem.example.nl/woonroute/webhook"],
)
_SOORTEN = Field(
    min_length=1,
    max_length=len(GebeurtenisSoort),
    description="Over welke gebeurtenissen u een bericht wilt.",
)


class AbonnementInvoer(Invoer):
    url: str = _URL
    soorten: list[GebeurtenisSoort] = _SOORTEN
    omschrijving: str | None = Field(default=None, max_length=200)


class AbonnementWijziging(Invoer):
    url: str | None = Field(default=None, min_length=1, max_length=2000)
    soorten: list[GebeurtenisSoort] | None = Field(
        default=None, min_length=1, max_length=len(GebeurtenisSoort)
    )
    omschrijving: str | None = Field(default=None, max_length=200)
    actief: bool | None = Field(
        default=None, description="false: er gaan geen berichten meer heen."
    )


class AbonnementUit(ApiModel):
    id: uuid.UUID
    url: str
    soorten: list[str]
    omschrijving: str | None
    actief: bool
    vorig_geheim_geldig_tot: datetime | None = Field(
        description="Na een nieuw geheim tekent het vorige nog tot dit moment mee."
    )
    wachtend: int = Field(description="Berichten die nog afgeleverd moeten worden.")
    mislukt: int = Field(
        description="Berichten die het opgaven (dode brievenbus); u kunt ze herhalen."
    )
    aangemaakt_op: datetime
    gewijzigd_op: datetime


class AbonnementMetGeheim(AbonnementUit):
    geheim: str = Field(
        description="Het geheim om handtekeningen te controleren (Standard Webhooks). "
        "Bewaar het nu: het wordt niet nog eens getoond."
    )


class GeheimUit(ApiModel):
    geheim: str = Field(
        description="Het nieuwe geheim. Bewaar het nu: het wordt niet nog eens getoond."
    )
    vorig_geheim_geldig_tot: datetime | None


class PogingUit(ApiModel):
    tijdstip: datetime
    statuscode: int | None = Field(description="Het antwoord van uw server; leeg als er geen kwam.")
    fout: str | None
    duur_ms: int


class BerichtUit(ApiModel):
    id: str = Field(description="De webhook-id: bij elke poging hetzelfde.")
    soort: str
    status: BerichtStatus
    pogingen: int
    laatste_statuscode: int | None
    laatste_fout: str | None
    volgende_poging: datetime | None = Field(description="Alleen zolang het bericht wacht.")
    aangemaakt_op: datetime
    afgeleverd_op: datetime | None


class BerichtDetail(BerichtUit):
    inhoud: dict[str, Any] = Field(description="Precies wat er verstuurd wordt.")
    historie: list[PogingUit]
