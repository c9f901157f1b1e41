"""Region configuration as data: a TOML file per region, validated when the service starts.

The shipped files live in ``service/regio/bestanden``; ``WOONROUTE_REGIO`` names one of them or a path.
A file that does not validate stops the start with every problem listed in Dutch.
"""

from __future__ import annotations

import tomllib
from datetime import date
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any
from typing import Literal

from pydantic import BaseModel
from pydantic import ConfigDict
from pydantic import Field
from pydantic import ValidationError
from pydantic import model_validator
from pydantic.alias_generators import to_camel

from matching.model import Context
from matching.model import EersteKeuzeBeleid
from matching.model import Inkomensgrenzen
from service.errors import GrenzenOntbreken
from service.models.organisatie import CorporatieRoute
from service.models.organisatie import OrganisatieSoort

REGIONS_DIR = Path(__file__).parent / "bestanden"


class RegioFout(Exception):
    """The region file is missing or invalid."""


class _Strict(BaseModel):
    # Files use snake_case keys; the API shows the same settings in lowerCamelCase.
    model_config = ConfigDict(
        extra="forbid", frozen=True, alias_generator=to_camel, populate_by_name=True
    )


class Termijnen(_Strict):
    langwachtend_maanden: int = Field(6, ge=1)
    kandidaten_per_voordracht: int = Field(3, ge=1, le=10)
    reactietermijn_dagen: int = Field(1, ge=1)
    acceptatietermijn_dagen: int = Field(2, ge=1)
    #: How many days back a zorgaanbieder may date an aanmelddatum (with its origin); earlier
    #: dates are set by the bemiddelaar (a correction) or the bulk import.
    aanmelddatum_venster_dagen: int = Field(90, ge=0, le=3650)
    #: DRE-O1/O2 terms count working days (no weekends, no Dutch public holidays) when true.
    werkdagen: bool = True
    #: DRE-O3: after this many declines and lapses, a signalering "gesprek over afwijzingen".
    afwijzingen_gesprek_na: int = Field(3, ge=1, le=50)
    automatisch_doorschuiven: bool = True
    evaluaties_maanden: tuple[int, ...] = (3, 12, 24)
    begeleiding_maanden: int = Field(24, ge=1)
    #: Days a maatwerktraject may go without its next step before it is overdue (ZOU-R2).
    maatwerk_stap_dagen: int = Field(14, ge=1)
    #: ZOU-K3: when true, a placement that would exceed the zorgaanbieder's share is refused;
    #: by default it is allowed and reported as over-use (the seeds never say it should block).
    contingent_strikt: bool = False
    #: Privacy retention: months after a file closed (withdrawn, or guidance ended after a
    #: placement) before the kandidaat's personal data is removed.
    bewaartermijn_maanden: int = Field(24, ge=1)
    #: ZOU-M1: a corporatie's month report is due on this day of the following month. The seeds
    #: say only "eens per maand"; the 10th is this service's default.
    maandrapportage_dag: int = Field(10, ge=1, le=28)


class MatchingInstellingen(_Strict):
    """Region policy for the ranking (MATCH-K1).

    ``eerste_keuze``: ``voorrang`` (default) makes first choice a hard tier; ``begrensd`` lets a
    later-choice kandidaat go first when the first-choice kandidaat registered more than
    ``max_voorsprong_maanden`` months later.
    """

    eerste_keuze: Literal["voorrang", "begrensd"] = "voorrang"
    max_voorsprong_maanden: int | None = Field(None, ge=0, le=240)
    #: MATCH-E3: rooms (living room included) a household needs, by household size: the first
    #: entry for one person, the last for that size and larger. Empty: only the kandidaat's own
    #: minimum counts.
    kamers_per_huishouden: tuple[int, ...] = Field((), max_length=15)

    @model_validator(mode="after")
    def _voorsprong_bij_begrensd(self) -> MatchingInstellingen:
        if self.eerste_keuze == "begrensd" and self.max_voorsprong_maanden is None:
            raise ValueError("eerste_keuze = begrensd vraagt ook max_voorsprong_maanden")
        if any(k < 1 or k > 15 for k in self.kamers_per_huishouden) or list(
            self.kamers_per_huishouden
        ) != sorted(self.kamers_per_huishouden):
            raise ValueError(
                "kamers_per_huishouden: gebruik 1 tot 15 kamers, oplopend met de huishoudgrootte"
            )
        if self.eerste_keuze == "voorrang" and self.max_voorsprong_maanden is not None:
            raise ValueError(
                "max_voorsprong_maanden geldt alleen bij eerste_keuze = begrensd; haal het weg"
            )
        return self

    def beleid(self) -> EersteKeuzeBeleid:
        return _beleid(self.eerste_keuze, self.max_voorsprong_maanden)


#: The first-choice policy (MATCH-K1) is made once per setting (it is frozen): every
#: proposal's context reads it.
_beleid = lru_cache(maxsize=16)(EersteKeuzeBeleid)


class OrganisatieConfig(_Strict):
    code: str = Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")
    naam: str = Field(min_length=1)
    soort: OrganisatieSoort
    route: CorporatieRoute | None = None

    @model_validator(mode="after")
    def _route_for_corporaties(self) -> OrganisatieConfig:
        if self.soort == OrganisatieSoort.corporatie and self.route is None:
            raise ValueError(f"corporatie {self.code} heeft geen route (ZOU-R3)")
        if self.soort != OrganisatieSoort.corporatie and self.route is not None:
            raise ValueError(f"{self.code} is geen corporatie en kan geen route hebben")
        return self


class InkomensgrenzenConfig(_Strict):
    jaar: int = Field(ge=2000, le=2100)
    daeb_inkomen_een: int = Field(gt=0)
    daeb_inkomen_meer: int = Field(gt=0)
    passend_inkomen_een: int = Field(gt=0)
    passend_inkomen_meer: int = Field(gt=0)
    passend_inkomen_aow_een: int = Field(gt=0)
    passend_inkomen_aow_meer: int = Field(gt=0)
    aftoppingsgrens_laag: Decimal = Field(gt=0)
    aftoppingsgrens_hoog: Decimal = Field(gt=0)
    liberalisatiegrens: Decimal = Field(gt=0)
    aow_leeftijd_jaren: int = Field(ge=60, le=75)
    aow_leeftijd_maanden: int = Field(0, ge=0, le=11)

    def als_grenzen(self) -> Inkomensgrenzen:
        """The engine's limits of this year (every proposal asks for them): made once per
        set of values, so a copy with other values gets its own."""
        return _grenzen(self)


@lru_cache(maxsize=64)
def _grenzen(config: InkomensgrenzenConfig) -> Inkomensgrenzen:
    # Keyed on the frozen model's field values (its hash and equality).
    return Inkomensgrenzen(**config.model_dump())


class RouteAdviesInstellingen(_Strict):
    """The numbers of the route advice (DRE-R2 binding with the region, DRE-R3 timing).

    Sources disagree on 2 or 3 years of uninterrupted residence, so the binding rule is data.
    ``binding_venster_onafgebroken`` chooses the reading of "6 of the last 10 years": false (the
    default, DOMAIN.md) counts all days lived in the region within the window; true asks for one
    uninterrupted stretch of that length inside the window (the seed's literal wording).
    """

    binding_aaneengesloten_jaren: int = Field(2, ge=1, le=50)
    binding_jaren_van: int = Field(6, ge=1, le=50)
    binding_jaren_venster: int = Field(10, ge=1, le=50)
    binding_venster_onafgebroken: bool = False
    voorrang_aanvraag_maanden_voor_verhuizing: int = Field(3, ge=0, le=24)
    besluit_weken: int = Field(8, ge=1, le=52)

    @model_validator(mode="after")
    def _venster_past(self) -> RouteAdviesInstellingen:
        if self.binding_jaren_van > self.binding_jaren_venster:
            raise ValueError(
                "binding_jaren_van is groter dan binding_jaren_venster: "
                f"{self.binding_jaren_van} van de laatste {self.binding_jaren_venster} jaar kan niet"
            )
        return self


class Contact(_Strict):
    """ZOU-B1: a contact point (sociaal team per gemeente, provider, corporatie, ...)."""

    naam: str = Field(min_length=1, max_length=200)
    soort: Literal[
        "sociaal-team",
        "zorgaanbieder",
        "corporatie",
        "bemiddelaar",
        "rsd",
        "vrijwilligersorganisatie",
        "gemeente",
    ]
    gemeente: str | None = None
    organisatie: str | None = Field(None, description="Code of the organisation in woonroute.")
    telefoon: str | None = Field(None, max_length=100)
    email: str | None = Field(None, max_length=200)
    bereikbaar: str | None = Field(None, max_length=200)


class Nazorg(_Strict):
    """Before and after the keys (ZOU-C1, ZOU-L1..L5, ZOU-P2..P4): timings and choices.

    ``formulieren_voor_acceptatie`` lists the forms that must be complete before an aanbieding
    can be accepted. The seed's default: the preventie-actieplan is made with the client
    during preparation (WA 8, Bijlage 3 checklist); the overdrachtsdocument runs on until just
    after the move, so it is not required then.
    """

    formulieren_voor_acceptatie: tuple[
        Literal["overdrachtsdocument", "preventie-actieplan"], ...
    ] = ("preventie-actieplan",)
    voorbereiding_start_maanden: int = Field(6, ge=1, le=24)  # ZOU-L1: 3-6 months before
    voorbereiding_uiterlijk_maanden: int = Field(3, ge=0, le=24)
    partijen_betrekken_maanden: int = Field(3, ge=0, le=24)  # ZOU-L2
    wijkteam_betrekken_weken: int = Field(6, ge=0, le=52)  # ZOU-L3
    gemeente_informeren_dagen: int = Field(14, ge=0, le=365)  # ZOU-P4: after moving in
    beschikbaar_maanden: int = Field(3, ge=3, le=24)  # ZOU-P3/ZOU-L4: at least three
    dip_maanden: int = Field(4, ge=1, le=12)  # ZOU-L5: check-in before the half-year dip
    #: ZOU-P2 has two readings: WA 11 (corporatie) or Bijlage 5 (begeleidende organisatie).
    evaluatie_verantwoordelijke: Literal["corporatie", "begeleidende-organisatie"] = (
        "begeleidende-organisatie"
    )
    #: Drechtsteden step 13: an extra evaluation this many weeks after the key handover.
    evaluatie_na_sleuteloverdracht_weken: int | None = Field(None, ge=1, le=26)
    #: ZOU-L5 follow-up signal stays this many days before it counts as late.
    opvolging_dagen: int = Field(14, ge=1, le=90)

    @model_validator(mode="after")
    def _volgorde(self) -> Nazorg:
        if self.voorbereiding_uiterlijk_maanden > self.voorbereiding_start_maanden:
            raise ValueError(
                "voorbereiding_uiterlijk_maanden is groter dan voorbereiding_start_maanden"
            )
        return self


class Regio(_Strict):
    code: str
    naam: str
    gemeenten: tuple[str, ...] = Field(min_length=1)
    termijnen: Termijnen = Termijnen()
    matching: MatchingInstellingen = MatchingInstellingen()
    organisaties: tuple[OrganisatieConfig, ...]
    inkomensgrenzen: tuple[InkomensgrenzenConfig, ...] = Field(min_length=1)
    routeadvies: RouteAdviesInstellingen = RouteAdviesInstellingen()
    nazorg: Nazorg = Nazorg()
    contacten: tuple[Contact, ...] = ()

    @model_validator(mode="after")
    def _consistent(self) -> Regio:
        codes = [o.code for o in self.organisaties]
        dubbel = sorted({c for c in codes if codes.count(c) > 1})
        if dubbel:
            raise ValueError(f"organisatiecodes komen dubbel voor: {', '.join(dubbel)}")
        jaren = [g.jaar for g in self.inkomensgrenzen]
        if len(set(jaren)) != len(jaren):
            raise ValueError("een jaar staat meer dan eens in inkomensgrenzen")
        if len(set(self.gemeenten)) != len(self.gemeenten):
            raise ValueError("een gemeente staat meer dan eens in de lijst")
        vreemd = sorted(
            {c.gemeente for c in self.contacten if c.gemeente and c.gemeente not in self.gemeenten}
        )
        if vreemd:
            raise ValueError(f"contacten noemen gemeenten buiten de regio: {', '.join(vreemd)}")
        return self

    def contacten_voor(
        self, *, gemeente: str | None = None, soort: str | None = None
    ) -> list[Contact]:
        """ZOU-B1: the contact points for a gemeente and/or of a kind."""
        return [
            c
            for c in self.contacten
            if (gemeente is None or c.gemeente == gemeente) and (soort is None or c.soort == soort)
        ]

    def grenzen_voor(self, peildatum: date) -> Inkomensgrenzen:
        """The limits of ``peildatum``'s year; ``GrenzenOntbreken`` when that year has none (no
        earlier year stands in for it)."""
        for g in self.inkomensgrenzen:
            if g.jaar == peildatum.year:
                return g.als_grenzen()
        raise GrenzenOntbreken(peildatum.year)

    def ontbrekende_grensjaren(self, tot: date) -> tuple[int, ...]:
        """The years up to ``tot`` (from the first configured one) without income and rent
        limits: a configuration problem, listed at start-up and on ``/v1/regio``."""
        jaren = {g.jaar for g in self.inkomensgrenzen}
        return tuple(j for j in range(min(min(jaren), tot.year), tot.year + 1) if j not in jaren)

    def context(self, peildatum: date, **velden: Any) -> Context:
        """The engine's ``Context`` on ``peildatum`` with this region's policy and tables."""
        return Context(
            peildatum=peildatum,
            grenzen=self.grenzen_voor(peildatum),
            beleid=self.matching.beleid(),
            kamers_per_huishouden=self.matching.kamers_per_huishouden,
            **velden,
        )

    def is_gemeente(self, naam: str) -> bool:
        return naam in self.gemeenten


def load_regio(name_or_path: str) -> Regio:
    path = Path(name_or_path)
    if not path.suffix:
        path = REGIONS_DIR / f"{name_or_path}.toml"
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise RegioFout(f"Regiobestand {path} bestaat niet.") from exc
    except tomllib.TOMLDecodeError as exc:
        raise RegioFout(f"Regiobestand {path} is geen geldige TOML: {exc}") from exc
    try:
        return Regio.model_validate(raw)
    except ValidationError as exc:
        fouten = "; ".join(
            f"{'.'.join(str(p) for p in err['loc']) or '(bestand)'}: {err['msg']}"
            for err in exc.errors()
        )
        raise RegioFout(f"Regiobestand {path} klopt niet: {fouten}") from exc


@lru_cache
def shipped_regio(name: str) -> Regio:
    return load_regio(name)
