"""Request and response of ``POST /v1/routeadviezen`` (DRE-R2, DRE-R3)."""

from __future__ import annotations

import uuid
from datetime import date
from datetime import datetime
from typing import TYPE_CHECKING

from pydantic import Field
from pydantic import ValidationInfo
from pydantic import field_validator

from service.clock import vandaag
from service.formulieren.definities import InhoudBasis
from service.formulieren.definities import inhoud_model
from service.models import FormulierSoort
from service.routeadvies.advies import AdviesRoute
from service.schemas import ApiModel
from service.schemas import Invoer

if TYPE_CHECKING:
    # The form's model is made at runtime from its definition; statically it is its base.
    Voorrangsaanvraag = InhoudBasis
else:
    Voorrangsaanvraag = inhoud_model(FormulierSoort.voorrangsaanvraag)


class RouteadviesWoonperiode(Invoer):
    van: date = Field(description="De dag waarop de cliënt in de regio kwam wonen.")
    tot: date | None = Field(
        None,
        description=(
            "De verhuisdatum: de eerste dag dat de cliënt er niet meer woonde. "
            "Leeg als de cliënt er nog woont."
        ),
    )

    @field_validator("tot")
    @classmethod
    def _tot_na_van(cls, tot: date | None, info: ValidationInfo) -> date | None:
        van = info.data.get("van")
        if tot is not None and van is not None and tot <= van:
            raise ValueError("De einddatum (tot) moet na de begindatum (van) liggen.")
        return tot


class RouteadviesVraag(Invoer):
    """De antwoorden op de vragen van de beslisboom. Alleen de vragen die de boom bereikt,
    zijn nodig. Binding met de regio: als twee antwoorden, of als woonperiodes (dan rekent de
    dienst het uit), niet allebei."""

    uitstroomdeadline: bool = Field(
        description="Vraag 1: moet de cliënt vóór een bepaalde datum uit de instelling vertrekken?"
    )
    zelfstandig_gewoond_in_regio: bool | None = Field(
        None, description="Vraag 2a: woonde de cliënt vóór de opname zelfstandig in de regio?"
    )
    terugkeer_onveilig_of_onhaalbaar: bool | None = Field(
        None,
        description=(
            "Vraag 2b: is teruggaan naar de plaats van herkomst (levens)gevaarlijk, "
            "of aantoonbaar niet haalbaar?"
        ),
    )
    binding_aaneengesloten: bool | None = Field(
        None,
        description="Vraag 3a: woont de cliënt nu al de ingestelde jaren onafgebroken in de regio?",
    )
    binding_jaren_van_venster: bool | None = Field(
        None,
        description="Vraag 3a: woonde de cliënt minstens 6 van de laatste 10 jaar in de regio (instelbaar)?",
    )
    andere_redenen: bool | None = Field(
        None,
        description="Vraag 3b: zijn er andere redenen waarom voorrang in deze regio nodig is?",
    )
    peildatum: date = Field(
        default_factory=vandaag,
        description="De dag waarop binding en termijnen worden berekend. Standaard vandaag.",
    )
    woonperiodes: list[RouteadviesWoonperiode] | None = Field(
        None,
        max_length=100,
        description=(
            "Vraag 3a als woongeschiedenis: de periodes waarin de cliënt in de regio woonde. "
            "Periodes die overlappen of op elkaar aansluiten, tellen als één periode."
        ),
    )
    gewenste_verhuisdatum: date | None = Field(
        None, description="Geeft bij voorrang de uiterste datum om de aanvraag in te dienen."
    )

    @field_validator("woonperiodes")
    @classmethod
    def _periodes_passen(
        cls, periodes: list[RouteadviesWoonperiode] | None, info: ValidationInfo
    ) -> list[RouteadviesWoonperiode] | None:
        if periodes is None:
            return None
        if (
            info.data.get("binding_aaneengesloten") is not None
            or info.data.get("binding_jaren_van_venster") is not None
        ):
            raise ValueError(
                "Geef de binding met de regio óf als woonperiodes óf als de antwoorden "
                "bindingAaneengesloten en bindingJarenVanVenster, niet allebei."
            )
        peildatum = info.data.get("peildatum")
        if peildatum is not None:
            te_laat = [str(i + 1) for i, p in enumerate(periodes) if p.van > peildatum]
            if te_laat:
                raise ValueError(
                    f"Woonperiode {', '.join(te_laat)} begint na de peildatum "
                    f"({peildatum.isoformat()}). Geef alleen periodes tot de peildatum."
                )
        return periodes

    @field_validator("gewenste_verhuisdatum")
    @classmethod
    def _verhuizing_na_peildatum(cls, dag: date | None, info: ValidationInfo) -> date | None:
        peildatum = info.data.get("peildatum")
        if dag is not None and peildatum is not None and dag < peildatum:
            raise ValueError(
                f"De gewenste verhuisdatum ligt vóór de peildatum ({peildatum.isoformat()})."
            )
        return dag


class RouteadviesStap(ApiModel):
    vraag_nummer: str = Field(
        description="Het nummer van de vraag in de beslisboom: 1, 2a, 2b, 3a, 3b."
    )
    vraag: str
    antwoord: bool
    regel: str
    uitleg: str | None = None


class RouteadviesBinding(ApiModel):
    aaneengesloten: bool
    jaren_van_venster: bool
    berekend: bool = Field(description="true: berekend uit de woonperiodes.")
    aaneengesloten_sinds: date | None = None
    dagen_in_venster: int | None = None
    dagen_nodig: int | None = None


class RouteadviesVoorrang(ApiModel):
    aanvragen_maanden_voor_verhuizing: int
    besluit_binnen_weken: int
    uiterlijke_aanvraagdatum: date | None = None
    kosten_terug_bij_afwijzing: bool


class RouteadviesAandachtspunt(ApiModel):
    regel: str
    tekst: str


class RouteadviesUit(ApiModel):
    advies: AdviesRoute
    pad: list[RouteadviesStap]
    toelichting: str
    aandachtspunten: list[RouteadviesAandachtspunt]
    peildatum: date
    binding: RouteadviesBinding | None = Field(
        None, description="Alleen als vraag 3a op het pad ligt."
    )
    voorrang: RouteadviesVoorrang | None = Field(
        None, description="Alleen bij de route voorrang en directe bemiddeling (DRE-R3)."
    )


class RouteadviesAanvraag(Invoer):
    """DRE-F1 with DRE-R2: the application form's fields and the decision tree's answers."""

    vragen: RouteadviesVraag
    aanvraag: Voorrangsaanvraag


class Routekeuze(Invoer):
    route: AdviesRoute = Field(description="DRE-R4: de gekozen route.")
    toelichting: str | None = Field(None, max_length=1000)


class OpgeslagenRouteadvies(ApiModel):
    id: uuid.UUID
    kandidaat_id: uuid.UUID
    formulier_versie: int = Field(description="De versie van het aanvraagformulier (DRE-F1).")
    aanvraag: Voorrangsaanvraag
    advies: AdviesRoute
    uitkomst: RouteadviesUit
    gekozen_route: AdviesRoute | None = Field(description="DRE-R4: door de aanbieder gemeld.")
    gekozen_op: date | None
    keuze_toelichting: str | None
    aangemaakt_op: datetime
