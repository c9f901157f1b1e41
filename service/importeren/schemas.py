from __future__ import annotations

from pydantic import Field

from service.kandidaten.schemas import KandidaatGegevens
from service.schemas import ApiModel


class KandidaatVoorbeeld(KandidaatGegevens):
    """One row of the file as it is (or would be) stored."""

    rij: int = Field(description="Rijnummer in het bestand; de kopregel is rij 1.")
    in_pool: bool = Field(
        description="Kan worden voorgedragen bij omgekeerde plaatsing (MATCH-E1)."
    )


class ImportResultaat(ApiModel):
    proefrun: bool = Field(description="true: alleen gecontroleerd, er is niets opgeslagen.")
    bestand: str
    aantal: int = Field(description="Aantal kandidaten dat is (of zou worden) ingelezen.")
    in_pool: int = Field(
        description="Hoeveel daarvan direct kunnen worden voorgedragen (omgekeerde plaatsing)."
    )
    per_zorgaanbieder: dict[str, int] = Field(description="Aantal per code van de zorgaanbieder.")
    voorbeeld: list[KandidaatVoorbeeld] = Field(
        description="De eerste vijf rijen zoals opgeslagen."
    )
