from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import Field
from pydantic import model_validator

from service.models import CorporatieRoute
from service.models import OrganisatieSoort
from service.schemas import ApiModel
from service.schemas import Invoer


class OrganisatieUit(ApiModel):
    id: uuid.UUID
    code: str
    naam: str
    soort: OrganisatieSoort
    route: CorporatieRoute | None = None
    actief: bool
    aangemaakt_op: datetime


class OrganisatieInvoer(Invoer):
    code: str = Field(
        pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$",
        max_length=60,
        description="Korte naam in kleine letters met streepjes, bijvoorbeeld nabij-wonen.",
    )
    naam: str = Field(min_length=1, max_length=200)
    soort: OrganisatieSoort
    route: CorporatieRoute | None = None

    @model_validator(mode="after")
    def _route(self) -> OrganisatieInvoer:
        if self.soort == OrganisatieSoort.corporatie and self.route is None:
            raise ValueError(
                "Een corporatie heeft een route nodig: omgekeerde-plaatsing, maatwerk of beide."
            )
        if self.soort != OrganisatieSoort.corporatie and self.route is not None:
            raise ValueError("Alleen een corporatie heeft een route.")
        return self


class OrganisatieWijziging(Invoer):
    naam: str | None = Field(default=None, min_length=1, max_length=200)
    route: CorporatieRoute | None = None
    actief: bool | None = None
