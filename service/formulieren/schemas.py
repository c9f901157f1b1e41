"""API shapes of the forms: status, versions, readiness. The typed content models are made
from the definitions (``service.formulieren.definities.inhoud_model``)."""

from __future__ import annotations

from datetime import date
from datetime import datetime
from functools import cache
from typing import Any

from pydantic import ConfigDict
from pydantic import Field
from pydantic import create_model
from pydantic.alias_generators import to_camel

from service.formulieren.definities import DEFINITIES
from service.formulieren.definities import inhoud_model
from service.models import FormulierSoort
from service.schemas import ApiModel


class FormulierStatusUit(ApiModel):
    soort: FormulierSoort
    titel: str
    regel: str = Field(description="De bijlage van de werkafspraken: ZOU-B3, ZOU-B4 of DRE-F1.")
    versie: int | None = Field(
        description="De laatste versie; leeg als er nog niets is opgeslagen."
    )
    compleet: bool
    ontbrekend: list[str] = Field(description="De verplichte vragen die nog leeg zijn.")
    vereist_voor_acceptatie: bool = Field(
        description="De regio eist dit formulier compleet voordat een aanbieding wordt geaccepteerd."
    )
    opgeslagen_op: datetime | None
    opgeslagen_door: str | None


class FormulierVersieKort(ApiModel):
    versie: int
    compleet: bool
    opgeslagen_op: datetime
    opgeslagen_door: str = Field(description="De persoon of organisatie die deze versie opsloeg.")


class GereedheidUit(ApiModel):
    """ZOU-C1 blijft één besluit; dit laat zien waar het op rust."""

    gereed_verklaard: bool = Field(
        description="ZOU-C1: de zorgaanbieder verklaart de cliënt gereed."
    )
    begeleiding_akkoord: bool = Field(
        description="ZOU-C3: de begeleidingsovereenkomst van twee jaar."
    )
    formulieren: list[FormulierStatusUit]
    klaar_voor_acceptatie: bool
    ontbrekend: list[str] = Field(description="Wat er nog ontbreekt, in gewone woorden.")


@cache
def versie_model(soort: FormulierSoort) -> type[ApiModel]:
    d = DEFINITIES[soort]
    extra: dict[str, Any] = {}
    if soort == FormulierSoort.overdrachtsdocument:
        extra["preventie_actieplan_versie"] = (
            int | None,
            Field(None, description="ZOU-B4: de versie van het preventie-actieplan in de bijlage."),
        )
    return create_model(
        f"{d.model_naam}Versie",
        __base__=ApiModel,
        versie=(int, ...),
        compleet=(bool, ...),
        ontbrekend=(list[str], ...),
        opgeslagen_op=(datetime, ...),
        opgeslagen_door=(str, ...),
        inhoud=(inhoud_model(soort), ...),
        **extra,
    )


class Voorbereiding(ApiModel):
    """The preparation's dates (ZOU-L1..L3); the timeline signals run on them."""

    verwachte_verhuisdatum: date | None = Field(
        None, description="Wanneer de verhuizing verwacht wordt."
    )
    voorbereiding_gestart_op: date | None = Field(None, description="ZOU-L1: 3-6 maanden vooraf.")
    partijen_betrokken_op: date | None = Field(None, description="ZOU-L2: 3 maanden vooraf.")
    wijkteam_betrokken_op: date | None = Field(None, description="ZOU-L3: vanaf 6 weken vooraf.")
    kennismaking_op: date | None = Field(
        None, description="ZOU-L3, ZOU-P2: de kennismaking; daar worden de evaluaties gepland."
    )


class VoorbereidingInvoer(Voorbereiding):
    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, extra="forbid")
