from __future__ import annotations

from datetime import date

from pydantic import Field

from service.kandidaten.schemas import Behoeften, Casushouder, Huishouden, OrganisatieVerwijzing
from service.models import Doelgroep, KandidaatRoute, KandidaatStatus
from service.schemas import ApiModel


class KandidaatVoorbeeld(ApiModel):
    """One row of the file as it is (or would be) stored."""

    rij: int = Field(description="Rijnummer in het bestand; de kopregel is rij 1.")
    zorgaanbieder: OrganisatieVerwijzing
    voornaam: str
    achternaam: str
    geboortedatum: date
    doelgroep: Doelgroep
    casushouder: Casushouder
    aanmelddatum: date
    gemeentevoorkeuren: list[str]
    huishouden: Huishouden
    jaarinkomen: int
    behoeften: Behoeften
    gereed_verklaard: bool
    begeleiding_akkoord: bool
    route: KandidaatRoute
    status: KandidaatStatus
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
