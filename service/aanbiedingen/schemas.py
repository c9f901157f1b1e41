from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum

from pydantic import AwareDatetime
from pydantic import Field
from pydantic import model_validator

from service.models import AanbiedingStatus
from service.models import Afwijsreden
from service.schemas import ApiModel
from service.schemas import Invoer
from service.schemas import als
from service.schemas import voorwaarden
from service.teksten import KeuzeRedenSoort


class AntwoordBesluit(StrEnum):
    bezichtigen = "bezichtigen"
    accepteren = "accepteren"
    afwijzen = "afwijzen"


class Antwoord(Invoer):
    """The kandidaat's answer, recorded by the zorgaanbieder or the bemiddelaar on their behalf."""

    model_config = voorwaarden(
        als(
            "besluit",
            "bezichtigen",
            {
                "required": ["bezichtigingOp"],
                "properties": {"bezichtigingOp": {"type": "string", "format": "date-time"}},
            },
        ),
        als(
            "besluit",
            "afwijzen",
            {"required": ["reden"], "properties": {"reden": {"type": "string"}}},
            {"properties": {"reden": {"type": "null"}}},
        ),
    )

    besluit: AntwoordBesluit
    bezichtiging_op: AwareDatetime | None = Field(
        default=None, description="Bij bezichtigen: wanneer."
    )
    reden: Afwijsreden | None = Field(default=None, description="Bij afwijzen verplicht.")
    toelichting: str | None = Field(default=None, max_length=1000)

    @model_validator(mode="after")
    def _velden(self) -> Antwoord:
        if self.besluit == AntwoordBesluit.bezichtigen and self.bezichtiging_op is None:
            raise ValueError(
                "Geef bij bezichtigen het moment van de bezichtiging (bezichtigingOp)."
            )
        if self.besluit == AntwoordBesluit.afwijzen and self.reden is None:
            raise ValueError("Geef bij afwijzen een reden.")
        if self.besluit != AntwoordBesluit.afwijzen and self.reden is not None:
            raise ValueError("Een reden hoort alleen bij afwijzen.")
        return self


class KandidaatContact(ApiModel):
    naam: str
    casushouder_organisatie: str | None
    casushouder_naam: str | None
    casushouder_telefoon: str | None
    casushouder_email: str | None


class AanbiedingUit(ApiModel):
    id: uuid.UUID
    woning_id: uuid.UUID
    voordracht_id: uuid.UUID | None
    kandidaat_id: uuid.UUID
    corporatie_id: uuid.UUID
    zorgaanbieder_id: uuid.UUID
    status: AanbiedingStatus
    keuze_reden: str | None
    keuze_reden_soort: KeuzeRedenSoort | None = Field(
        None, description="Waarom niet de langst wachtende kandidaat is gekozen (MATCH-V2)."
    )
    reactie_deadline: datetime
    bezichtiging_op: datetime | None
    acceptatie_deadline: datetime | None
    afwijsreden: Afwijsreden | None
    toelichting: str | None
    beantwoord_op: datetime | None
    aangemaakt_op: datetime
    kandidaat: KandidaatContact = Field(
        description="Naam en casushouder: de corporatie heeft deze kandidaat gekozen."
    )
