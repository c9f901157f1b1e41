from __future__ import annotations

import uuid
from datetime import date
from datetime import datetime
from enum import StrEnum

from pydantic import Field
from pydantic import model_validator

from service.models import PlekStatus
from service.models import VoordrachtStatus
from service.schemas import ApiModel
from service.schemas import Invoer
from service.schemas import als
from service.schemas import voorwaarden
from service.teksten import ANDERS_VRAAGT_TOELICHTING
from service.teksten import KEUZEREGEL
from service.teksten import KeuzeRedenSoort


class Regeluitkomst(ApiModel):
    regel: str
    geschikt: bool
    reden: str


class PlekUitleg(ApiModel):
    waarom_geschikt: list[Regeluitkomst]
    waarom_deze_plek: str


class EersteKeuzeBeleidUitleg(ApiModel):
    """The region's first-choice policy (MATCH-K1) under which the places were ranked."""

    soort: str = Field(description="voorrang of begrensd.")
    max_voorsprong_maanden: int | None = Field(
        None, description="Bij begrensd: hoeveel maanden eerste keuze ten hoogste voorgaat."
    )
    uitleg: str


class VoordrachtUitleg(ApiModel):
    onderzocht: int = Field(description="Aantal wachtende kandidaten dat is bekeken.")
    uitgesloten_per_regel: dict[str, int] = Field(
        description="Per regel (MATCH-E1..E7, MATCH-V1): hoeveel bekeken kandidaten daardoor afvielen."
    )
    gevraagd: int
    gevonden: int
    eerste_keuze_beleid: EersteKeuzeBeleidUitleg | None = Field(
        None, description="Het beleid voor eerste keuze waarmee de plekken zijn gerangschikt."
    )
    wachtend_met_deze_gemeente: int = Field(
        0, description="Wachtende kandidaten met deze gemeente als voorkeur."
    )
    wachtend_eerste_keuze: int = Field(0, description="Daarvan met deze gemeente als eerste keuze.")
    op_maatwerkroute: int = Field(
        0,
        description="Wachtende kandidaten met deze gemeente als voorkeur die via maatwerk lopen en daarom niet meedoen.",
    )
    wijzigingen: list[str] = Field(
        default_factory=list, description="Wat er na het voorstel veranderde."
    )


class Positiewissel(ApiModel):
    positie: int
    sinds: datetime


class PlekVolledig(ApiModel):
    """A place as the bemiddelaar sees it: the kandidaat and the full explanation."""

    id: uuid.UUID
    positie: int
    status: PlekStatus
    kandidaat_id: uuid.UUID
    naam: str
    zorgaanbieder: str
    eerste_keuze: bool = Field(description="Deze gemeente is de eerste keuze van de kandidaat.")
    langst_wachtend: bool = Field(
        description="De langst wachtende van wie gekozen kan worden (MATCH-V2): geen reden nodig."
    )
    aanmelddatum: date
    wachttijd_dagen: int
    uitleg: PlekUitleg
    reden: str | None = None
    positiehistorie: list[Positiewissel] = Field(
        default_factory=list,
        description=(
            "Elke plek die deze kandidaat op de voordracht had, met de datum. Een geschrapte, "
            "afgewezen of vervallen plek houdt de laatste plek die ze had; de actieve plekken "
            "zijn 1 tot en met n."
        ),
    )


class Contactgegevens(ApiModel):
    naam: str
    casushouder_organisatie: str | None
    casushouder_naam: str | None
    casushouder_telefoon: str | None
    casushouder_email: str | None


class PlekBeperkt(ApiModel):
    """A place as a corporatie sees it: minimal data, no name until chosen (privacy)."""

    id: uuid.UUID
    positie: int
    status: PlekStatus
    pseudoniem: str
    huishoudgrootte: int
    wachttijd_dagen: int
    eerste_keuze: bool = Field(description="Deze gemeente is de eerste keuze van de kandidaat.")
    langst_wachtend: bool = Field(
        description="De langst wachtende van wie gekozen kan worden (MATCH-V2): geen reden nodig."
    )
    huur_passend: bool | None = Field(
        description=(
            "De huur past bij inkomen en huishouden (MATCH-E4). Leeg zolang de inkomens- en "
            "huurgrenzen van dit jaar niet zijn ingesteld."
        )
    )
    toegankelijkheid_past: bool | None = Field(
        description=(
            "De woning past bij de toegankelijkheidsbehoeften (MATCH-E5). Leeg zolang de "
            "grenzen van dit jaar niet zijn ingesteld."
        )
    )
    toegankelijkheidsbehoeften: list[str]
    begeleiding_door: str
    contact: Contactgegevens | None = Field(
        default=None, description="Alleen na de keuze voor deze kandidaat."
    )


class VoordrachtBasis(ApiModel):
    id: uuid.UUID
    woning_id: uuid.UUID
    corporatie_id: uuid.UUID
    status: VoordrachtStatus
    gevraagd: int
    volledig: bool = Field(
        description="False als er minder geschikte kandidaten zijn dan gevraagd."
    )
    aangemaakt_op: datetime
    gewijzigd_op: datetime
    keuzeregel: str = Field(KEUZEREGEL, description="De regel voor de keuze (MATCH-V2).")


class VoordrachtVolledig(VoordrachtBasis):
    weergave: str = "volledig"
    plekken: list[PlekVolledig]
    uitleg: VoordrachtUitleg


class VoordrachtBeperkt(VoordrachtBasis):
    weergave: str = "beperkt"
    plekken: list[PlekBeperkt]


class Besluit(StrEnum):
    goedkeuren = "goedkeuren"
    schrappen = "schrappen"


class Beoordeling(Invoer):
    model_config = voorwaarden(
        als(
            "besluit",
            "schrappen",
            {
                "required": ["plekId", "reden"],
                "properties": {
                    "plekId": {"type": "string", "format": "uuid"},
                    "reden": {"type": "string", "minLength": 1},
                },
            },
        )
    )

    besluit: Besluit
    plek_id: uuid.UUID | None = Field(
        default=None, description="Bij schrappen: de plek die vervalt."
    )
    reden: str | None = Field(default=None, max_length=1000, description="Bij schrappen verplicht.")

    @model_validator(mode="after")
    def _schrappen(self) -> Beoordeling:
        if self.besluit == Besluit.schrappen:
            missing = [n for n, v in (("plekId", self.plek_id), ("reden", self.reden)) if not v]
            if missing:
                raise ValueError(f"Bij schrappen zijn nodig: {' en '.join(missing)}.")
        return self


class Keuze(Invoer):
    plek_id: uuid.UUID
    reden_soort: KeuzeRedenSoort | None = Field(
        default=None,
        description="Verplicht als u niet de langst wachtende kandidaat kiest (MATCH-V2). "
        + KEUZEREGEL,
    )
    reden: str | None = Field(
        default=None,
        max_length=1000,
        description="Toelichting bij de reden; verplicht bij redenSoort 'anders'. Alleen een "
        "toelichting zonder redenSoort telt als 'anders'.",
    )

    @model_validator(mode="after")
    def _anders_met_toelichting(self) -> Keuze:
        if self.reden_soort == KeuzeRedenSoort.anders and not (self.reden or "").strip():
            raise ValueError(ANDERS_VRAAGT_TOELICHTING)
        return self
