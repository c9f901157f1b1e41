from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

from pydantic import AfterValidator
from pydantic import Field

from service import teksten
from service.kandidaten.schemas import OrganisatieVerwijzing
from service.models import KnelpuntStatus
from service.schemas import ApiModel
from service.schemas import Invoer


def _niet_leeg(value: str) -> str:
    if not value.strip():
        raise ValueError(teksten.LEEG)
    return value.strip()


#: Text that must say something: only spaces is as empty as nothing.
Tekst = Annotated[str, AfterValidator(_niet_leeg)]


class KnelpuntInvoer(Invoer):
    onderwerp: Tekst = Field(
        min_length=1, max_length=200, description="Kort: waar loopt het vast, of wat is de vraag."
    )
    beschrijving: Tekst = Field(
        min_length=1,
        max_length=4000,
        description="Wat er speelt. Noem geen namen of medische gegevens van cliënten.",
    )


class KnelpuntAntwoord(Invoer):
    antwoord: Tekst = Field(min_length=1, max_length=4000)


class KnelpuntSluiting(Invoer):
    toelichting: str | None = Field(
        default=None, max_length=1000, description="Waarom het knelpunt gesloten wordt."
    )


class KnelpuntStap(ApiModel):
    status: KnelpuntStatus
    tijdstip: datetime
    organisatie_id: uuid.UUID | None
    toelichting: str | None


class KnelpuntUit(ApiModel):
    id: uuid.UUID
    onderwerp: str
    beschrijving: str
    status: KnelpuntStatus
    gemeld_door: OrganisatieVerwijzing
    antwoord: str | None = Field(description="Het antwoord van Het Vierde Huis; het laatste telt.")
    beantwoord_door: OrganisatieVerwijzing | None
    historie: list[KnelpuntStap] = Field(
        description="Melden, beantwoorden en sluiten, oudste eerst, met de toelichting."
    )
    aangemaakt_op: datetime
    gewijzigd_op: datetime
