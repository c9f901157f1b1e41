from __future__ import annotations

import uuid
from datetime import date
from datetime import datetime
from typing import Any

from pydantic import Field
from pydantic import model_validator

from service.models import SignaleringSoort
from service.models import SignaleringStatus
from service.schemas import ApiModel
from service.schemas import Invoer
from service.schemas import als
from service.schemas import voorwaarden


class SignaleringStapUit(ApiModel):
    status: SignaleringStatus
    tijdstip: datetime
    organisatie_id: uuid.UUID | None
    notitie: str | None


class SignaleringUit(ApiModel):
    id: uuid.UUID
    soort: SignaleringSoort
    onderwerp_type: str
    onderwerp_id: uuid.UUID
    eigenaar_id: uuid.UUID
    zichtbaar_voor_id: uuid.UUID | None
    status: SignaleringStatus
    titel: str
    vervaldatum: date
    diagnose: dict[str, Any] = Field(
        description="Waarom: voor langwachtenden de analyse van de woningen sinds aanmelding."
    )
    notitie: str | None
    automatisch_afgehandeld: bool
    historie: list[SignaleringStapUit]
    aangemaakt_op: datetime
    gewijzigd_op: datetime


class Behandeling(Invoer):
    model_config = voorwaarden(
        {"properties": {"status": {"enum": ["in-behandeling", "afgehandeld"]}}},
        als(
            "status",
            "afgehandeld",
            {
                "required": ["notitie"],
                "properties": {"notitie": {"type": "string", "pattern": "\\S"}},
            },
        ),
    )

    status: SignaleringStatus
    notitie: str | None = Field(default=None, max_length=2000)

    @model_validator(mode="after")
    def _notitie(self) -> Behandeling:
        if self.status == SignaleringStatus.open:
            raise ValueError("Kies in-behandeling of afgehandeld.")
        if self.status == SignaleringStatus.afgehandeld and not (self.notitie or "").strip():
            raise ValueError("Schrijf bij afhandelen in een notitie wat er is gedaan.")
        return self


class Berekening(ApiModel):
    nieuw: int
    bijgewerkt: int
    opgelost: int
    open: int
