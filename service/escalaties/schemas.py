from __future__ import annotations

import uuid
from enum import StrEnum

from pydantic import Field

from service.maatwerk.schemas import TrajectInvoer
from service.schemas import ApiModel
from service.schemas import Pagina


class EscalatieSoort(StrEnum):
    langwachtend = "langwachtend"  # ZOU-M2
    geen_geschikte_kandidaat = "geen-geschikte-kandidaat"


class Escalatie(ApiModel):
    soort: EscalatieSoort
    object_id: uuid.UUID = Field(
        description="De kandidaat (langwachtend) of de woning (geen geschikte kandidaat)."
    )
    reden: str = Field(description="Waarom er geen match kwam, in gewone taal.")
    blokkerende_regel: str | None = Field(
        description="De regel die het vaakst in de weg stond (MATCH-E1..E7)."
    )
    voorstel: TrajectInvoer | None = Field(
        description="Klaar om te versturen naar POST /v1/maatwerktrajecten: één aanroep start het maatwerk."
    )


class Escalaties(ApiModel):
    woningen_zonder_kandidaat: list[Escalatie]
    langwachtenden: Pagina[Escalatie]
