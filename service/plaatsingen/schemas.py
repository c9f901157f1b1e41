from __future__ import annotations

import uuid
from datetime import date, datetime

from pydantic import Field

from service.models import Contractvorm
from service.schemas import ApiModel, Invoer


class PlaatsingNieuw(Invoer):
    aanbieding_id: uuid.UUID
    contractdatum: date = Field(description="Datum waarop het huurcontract is getekend.")
    contractvorm: Contractvorm = Field(default=Contractvorm.driepartijen, description="ZOU-P1.")


class EvaluatieUit(ApiModel):
    volgnummer: int
    omschrijving: str
    gepland_op: date
    uitgevoerd_op: date | None


class PlaatsingUit(ApiModel):
    id: uuid.UUID
    aanbieding_id: uuid.UUID
    kandidaat_id: uuid.UUID
    woning_id: uuid.UUID
    corporatie_id: uuid.UUID
    zorgaanbieder_id: uuid.UUID
    contractdatum: date
    contractvorm: Contractvorm
    begeleiding_tot: date = Field(description="Einde van de twee jaar begeleiding (ZOU-C3).")
    binnen_contingent: bool = Field(
        description="Telt mee in het contingent van de zorgaanbieder (ZOU-K3)."
    )
    contingent_jaar: int | None
    evaluaties: list[EvaluatieUit] = Field(description="ZOU-P2: na 3 maanden, 1 jaar en 2 jaar.")
    aangemaakt_op: datetime


class EvaluatieUitgevoerd(Invoer):
    volgnummer: int = Field(ge=1, le=10)
    uitgevoerd_op: date
