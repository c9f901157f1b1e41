from __future__ import annotations

import uuid
from datetime import date
from datetime import datetime
from enum import StrEnum

from pydantic import Field
from pydantic import model_validator

from service.models import Contractvorm
from service.schemas import ApiModel
from service.schemas import Invoer


class CasushouderSoort(StrEnum):
    """ZOU-P1: in most cases the zorgaanbieder, otherwise usually the sociaal wijkteam."""

    zorgaanbieder = "zorgaanbieder"
    sociaal_wijkteam = "sociaal-wijkteam"


class CasushouderPartij(Invoer):
    soort: CasushouderSoort = CasushouderSoort.zorgaanbieder
    naam: str | None = Field(
        None, min_length=1, max_length=200, description="Standaard de zorgaanbieder."
    )


class PlaatsingInvoer(Invoer):
    aanbieding_id: uuid.UUID
    contractdatum: date = Field(description="Datum waarop het huurcontract is getekend.")
    contractvorm: Contractvorm = Field(default=Contractvorm.driepartijen, description="ZOU-P1.")
    casushouder: CasushouderPartij = Field(
        default_factory=CasushouderPartij,
        description="ZOU-P1: de derde partij in het contract naast huurder en corporatie.",
    )


class Oordeel(StrEnum):
    goed = "goed"
    aandacht = "aandacht-nodig"
    zorgelijk = "zorgelijk"


class Onderwerpuitkomst(Invoer):
    oordeel: Oordeel
    toelichting: str | None = Field(None, max_length=1000)


class Uitkomsten(Invoer):
    """Bijlage 6 / ZOU-P2: the outcome per topic."""

    wonen: Onderwerpuitkomst
    financien: Onderwerpuitkomst
    netwerk: Onderwerpuitkomst
    begeleiding: Onderwerpuitkomst
    overlast: Onderwerpuitkomst


class Begeleidingsbesluit(StrEnum):
    voortzetten = "voortzetten"
    verlengen = "verlengen-3-maanden"
    beeindigen = "beeindigen"


class EvaluatieUit(ApiModel):
    volgnummer: int
    omschrijving: str
    gepland_op: date
    uitgevoerd_op: date | None
    verantwoordelijke: str = Field(
        description="ZOU-P2: wie de evaluatie organiseert: corporatie of begeleidende-organisatie."
    )
    besluit: Begeleidingsbesluit | None = None
    positief: bool | None = None
    uitkomsten: Uitkomsten | None = Field(
        None, description="Niet zichtbaar voor de corporatie (alleen het besluit over de huur)."
    )
    volgende_stap: str | None = Field(None, description="Niet zichtbaar voor de corporatie.")


class Partijen(ApiModel):
    """ZOU-P1: huurder (de kandidaat), corporatie en, bij 3 partijen, de casushouder."""

    huurder_kandidaat_id: uuid.UUID
    corporatie_id: uuid.UUID
    casushouder_soort: CasushouderSoort | None
    casushouder_naam: str | None


class Omzetting(ApiModel):
    datum: date
    besloten_door: str
    reden: str


class OverdrachtUit(ApiModel):
    datum: date
    van_naam: str
    naar_organisatie_id: uuid.UUID | None
    naar_naam: str
    naar_soort: str
    toelichting: str | None
    vastgelegd_op: datetime


class KennisgevingUit(ApiModel):
    ontvanger_soort: str
    ontvanger: str
    geinformeerd_op: date
    wijze: str
    vastgelegd_op: datetime


class Begeleiding(ApiModel):
    organisatie_id: uuid.UUID | None = Field(description="De begeleidende organisatie nu.")
    naam: str | None
    beschikbaar_tot: date | None = Field(
        description="ZOU-P3: de aanbieder blijft minstens tot deze dag beschikbaar."
    )
    tot: date = Field(description="Einde van de twee jaar begeleiding (ZOU-C3).")
    beeindigd_op: date | None
    vervolgafspraak: str | None = Field(
        description="ZOU-L5: wie laagdrempelig contact houdt als de begeleiding stopt."
    )


class PlaatsingUit(ApiModel):
    id: uuid.UUID
    aanbieding_id: uuid.UUID
    kandidaat_id: uuid.UUID
    woning_id: uuid.UUID
    corporatie_id: uuid.UUID
    zorgaanbieder_id: uuid.UUID
    contractdatum: date
    contractvorm: Contractvorm
    partijen: Partijen
    omzetting: Omzetting | None = Field(description="ZOU-P1: van 3 naar 2 partijen.")
    begeleiding_tot: date = Field(description="Einde van de twee jaar begeleiding (ZOU-C3).")
    begeleiding: Begeleiding
    onbepaalde_tijd_sinds: date | None = Field(
        description="ZOU-P2: huur voor onbepaalde tijd zonder begeleiding, sinds deze dag."
    )
    binnen_contingent: bool = Field(
        description="Telt mee in het contingent van de zorgaanbieder (ZOU-K3)."
    )
    contingent_jaar: int | None
    evaluaties: list[EvaluatieUit] = Field(description="ZOU-P2: na 3 maanden, 1 jaar en 2 jaar.")
    overdrachten: list[OverdrachtUit] = Field(description="ZOU-P3: warme overdrachten.")
    kennisgevingen: list[KennisgevingUit] = Field(
        description="ZOU-P4: gemeente en sociaal wijkteam geïnformeerd."
    )
    aangemaakt_op: datetime


class EvaluatieUitgevoerd(Invoer):
    volgnummer: int = Field(ge=1, le=50)
    uitgevoerd_op: date
    uitkomsten: Uitkomsten
    positief: bool = Field(description="Gaat het zelfstandig wonen goed?")
    besluit: Begeleidingsbesluit = Field(
        description="Over de begeleiding: voortzetten, 3 maanden verlengen, of beëindigen."
    )
    volgende_stap: str = Field(min_length=1, max_length=1000)

    @model_validator(mode="after")
    def _beeindigen_alleen_positief(self) -> EvaluatieUitgevoerd:
        if self.besluit == Begeleidingsbesluit.beeindigen and not self.positief:
            raise ValueError(
                "De begeleiding stopt alleen na een positieve evaluatie; kies voortzetten of verlengen."
            )
        return self


class NaarSoort(StrEnum):
    zorgaanbieder = "zorgaanbieder"
    sociaal_wijkteam = "sociaal-wijkteam"
    ib_aanbieder = "ib-aanbieder"


class OverdrachtInvoer(Invoer):
    """ZOU-P3/ZOU-B5: guidance goes to a new organisation with the same obligations."""

    datum: date
    naar_organisatie_id: uuid.UUID | None = Field(
        None,
        description="Als de nieuwe organisatie woonroute gebruikt: zij ziet dan het overdrachtsdocument.",
    )
    naar_naam: str | None = Field(None, min_length=1, max_length=200)
    naar_soort: NaarSoort
    toelichting: str | None = Field(None, max_length=2000)

    @model_validator(mode="after")
    def _wie(self) -> OverdrachtInvoer:
        if self.naar_organisatie_id is None and self.naar_naam is None:
            raise ValueError(
                "Noem de nieuwe begeleidende organisatie: naarOrganisatieId of naarNaam."
            )
        return self


class BegeleidingNaOmzetting(StrEnum):
    overdragen = "overdragen"
    beeindigen = "beeindigen"


class OmzettingInvoer(Invoer):
    """ZOU-P1: 3 parties to 2, on a date, decided by whom and why. The guidance agreement
    lapses: it is handed over (usually to the sociaal wijkteam) or ended with a follow-up."""

    datum: date
    besloten_door: str = Field(min_length=1, max_length=200, description="Wie besloot dit.")
    reden: str = Field(min_length=1, max_length=1000)
    begeleiding: BegeleidingNaOmzetting
    overdracht: OverdrachtInvoer | None = None
    vervolgafspraak: str | None = Field(None, min_length=1, max_length=1000)

    @model_validator(mode="after")
    def _compleet(self) -> OmzettingInvoer:
        if self.begeleiding == BegeleidingNaOmzetting.overdragen and self.overdracht is None:
            raise ValueError("Bij overdragen hoort een overdracht: aan wie en wanneer.")
        if self.begeleiding == BegeleidingNaOmzetting.beeindigen and self.vervolgafspraak is None:
            raise ValueError(
                "Als de begeleiding stopt, leg dan de vervolgafspraak vast: wie houdt contact (ZOU-L5)."
            )
        return self


class OntvangerSoort(StrEnum):
    gemeente = "gemeente"
    sociaal_wijkteam = "sociaal-wijkteam"


class Wijze(StrEnum):
    brief = "brief"
    email = "e-mail"
    telefoon = "telefoon"
    overleg = "overleg"


class KennisgevingInvoer(Invoer):
    ontvanger_soort: OntvangerSoort
    ontvanger: str = Field(min_length=1, max_length=200)
    geinformeerd_op: date
    wijze: Wijze


class MeldingInvoer(Invoer):
    """ZOU-B5: independent living threatens to fail; the referring organisation helps."""

    toelichting: str = Field(min_length=1, max_length=2000)
