"""Frozen input and output types of the matching engine.

Inputs: ``Inkomensgrenzen`` (the national MATCH-E4 table of one year, from region
configuration), ``Kandidaat``, ``Woning`` and ``Context`` (peildatum, MATCH-N ``aantal``,
MATCH-E7 declines, MATCH-V1 strikes). Outputs: ``Regeluitkomst`` (one rule's verdict with a
plain Dutch reason), ``Voordrachtplek`` and ``Voordracht``.

All types are frozen dataclasses with slots. ``__post_init__`` only normalises values that
callers commonly pass in a looser form (lists for tuples, sets for frozensets, floats or
strings for money, naive datetimes); it never reads configuration or the environment.

MATCH-K3 breaks ties on the aanmelddatum by ``volgnummer``: the registration order, a number
the register gives at registration (monotonic, never reused), never a random id or a clock.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import field
from datetime import date
from decimal import Decimal
from types import MappingProxyType

KANDIDAAT_STATUSSEN = ("wachtend", "gepauzeerd", "aangeboden", "geplaatst", "uitgeschreven")
ROUTES = ("omgekeerde-plaatsing", "maatwerk")
EERSTE_KEUZE_SOORTEN = ("voorrang", "begrensd")


def _as_decimal(value: Decimal | float | str) -> Decimal:
    if isinstance(value, Decimal):
        return value
    if isinstance(value, float):
        # str() avoids binary noise such as 713.0000000000000454...
        return Decimal(str(value))
    return Decimal(value)


def _set(obj: object, name: str, value: object) -> None:
    object.__setattr__(obj, name, value)


@dataclass(frozen=True, slots=True)
class Inkomensgrenzen:
    """National income and rent limits of one year (MATCH-E4, ZOU-C2); region configuration."""

    jaar: int
    daeb_inkomen_een: int
    daeb_inkomen_meer: int
    passend_inkomen_een: int
    passend_inkomen_meer: int
    passend_inkomen_aow_een: int
    passend_inkomen_aow_meer: int
    aftoppingsgrens_laag: Decimal
    aftoppingsgrens_hoog: Decimal
    liberalisatiegrens: Decimal
    aow_leeftijd_jaren: int
    aow_leeftijd_maanden: int

    def __post_init__(self) -> None:
        for name in ("aftoppingsgrens_laag", "aftoppingsgrens_hoog", "liberalisatiegrens"):
            _set(self, name, _as_decimal(getattr(self, name)))
        if not 0 <= self.aow_leeftijd_maanden < 12:
            raise ValueError("aow_leeftijd_maanden must be between 0 and 11")


@dataclass(frozen=True, slots=True)
class Kandidaat:
    """A person on the waiting list, as far as matching needs to know."""

    id: str
    status: str
    route: str
    gereed_verklaard: bool
    begeleiding_akkoord: bool
    aanmelddatum: date
    #: MATCH-K3: registration order (smaller registered earlier); unique within a register.
    volgnummer: int
    gemeentevoorkeuren: tuple[str, ...]
    volwassenen: int
    kinderen: int
    geboortedatum: date
    jaarinkomen: int
    rolstoel: bool
    trapvrij: bool
    hoogste_verdieping: int | None
    minimum_kamers: int

    def __post_init__(self) -> None:
        _set(self, "gemeentevoorkeuren", tuple(self.gemeentevoorkeuren))

    @property
    def personen(self) -> int:
        """Household size: adults plus children (MATCH-E3, MATCH-E4)."""
        return self.volwassenen + self.kinderen


@dataclass(frozen=True, slots=True)
class Woning:
    """A vacant home offered for omgekeerde plaatsing (ZOU-R1)."""

    id: str
    gemeente: str
    kale_huur: Decimal
    kamers: int
    verdieping: int
    lift: bool
    gelijkvloers: bool
    rolstoeltoegankelijk: bool
    max_bewoners: int
    minimumleeftijd: int | None

    def __post_init__(self) -> None:
        _set(self, "kale_huur", _as_decimal(self.kale_huur))


@dataclass(frozen=True, slots=True)
class EersteKeuzeBeleid:
    """How strong the first-choice preference of MATCH-K1 is: region policy.

    - ``voorrang`` (the default): a hard tier; every kandidaat with the woning's gemeente as
      first choice goes before every kandidaat with it as a later choice.
    - ``begrensd``: the first-choice lead is at most ``max_voorsprong_maanden`` months; a
      later-choice kandidaat goes before a first-choice kandidaat whose aanmelddatum is more than
      that many months after their own.
    """

    soort: str = "voorrang"
    max_voorsprong_maanden: int | None = None

    def __post_init__(self) -> None:
        if self.soort not in EERSTE_KEUZE_SOORTEN:
            raise ValueError(f"soort must be one of {EERSTE_KEUZE_SOORTEN}")
        if self.soort == "begrensd":
            if self.max_voorsprong_maanden is None or self.max_voorsprong_maanden < 0:
                raise ValueError("begrensd needs max_voorsprong_maanden >= 0")
        elif self.max_voorsprong_maanden is not None:
            raise ValueError("max_voorsprong_maanden only applies to begrensd")


VOORRANG = EersteKeuzeBeleid()

#: The empty, read-only ``Context.geschrapt`` that every context without strikes shares.
_NIETS_GESCHRAPT: Mapping[str, str] = MappingProxyType({})


@dataclass(frozen=True, slots=True)
class Context:
    """Everything about one proposal that is not kandidaat or woning data.

    ``geschrapt`` maps kandidaat id -> reason (MATCH-V1); it is copied into a read-only
    mapping and left out of the hash. ``beleid`` is the region's first-choice policy
    (MATCH-K1); a replay may pass another one.
    """

    peildatum: date
    grenzen: Inkomensgrenzen
    aantal: int = 3
    afgewezen: frozenset[str] = frozenset()
    geschrapt: Mapping[str, str] = field(default_factory=lambda: _NIETS_GESCHRAPT, hash=False)
    overslaan: frozenset[str] = frozenset()
    beleid: EersteKeuzeBeleid = VOORRANG
    #: MATCH-E3: rooms a household needs, by size (index 0: one person; the last entry holds
    #: for larger households). Empty: only the kandidaat's own minimum counts.
    kamers_per_huishouden: tuple[int, ...] = ()

    def __post_init__(self) -> None:
        # A proposal makes a context each time: values already of their type are kept as
        # they are (frozenset and tuple would return the same object anyway), and no strikes
        # share one empty read-only mapping instead of a copy each.
        if self.aantal < 0:
            raise ValueError("aantal must not be negative")
        if type(self.afgewezen) is not frozenset:
            _set(self, "afgewezen", frozenset(self.afgewezen))
        if type(self.overslaan) is not frozenset:
            _set(self, "overslaan", frozenset(self.overslaan))
        if type(self.kamers_per_huishouden) is not tuple:
            _set(self, "kamers_per_huishouden", tuple(self.kamers_per_huishouden))
        if self.geschrapt is not _NIETS_GESCHRAPT:
            geschrapt = dict(self.geschrapt)
            _set(self, "geschrapt", MappingProxyType(geschrapt) if geschrapt else _NIETS_GESCHRAPT)


@dataclass(frozen=True, slots=True)
class Regeluitkomst:
    """The verdict of one rule for one kandidaat and woning, with a plain Dutch reason."""

    regel: str
    geschikt: bool
    reden: str


@dataclass(frozen=True, slots=True)
class Voordrachtplek:
    """One place on the proposal: who, where, and why (MATCH-K1..K3)."""

    kandidaat_id: str
    positie: int
    eerste_keuze: bool
    aanmelddatum: date
    redenen_geschikt: tuple[Regeluitkomst, ...]
    reden_rang: str


@dataclass(frozen=True, slots=True)
class Voordracht:
    """The top-N proposal for one woning (MATCH-N) with exclusion counts per rule."""

    woning_id: str
    plekken: tuple[Voordrachtplek, ...]
    uitgesloten_per_regel: Mapping[str, int] = field(hash=False)
    onderzocht: int
    gevraagd: int
    beleid: EersteKeuzeBeleid = VOORRANG

    def __post_init__(self) -> None:
        _set(self, "plekken", tuple(self.plekken))
        _set(self, "uitgesloten_per_regel", MappingProxyType(dict(self.uitgesloten_per_regel)))

    @property
    def volledig(self) -> bool:
        """True when the proposal holds as many places as asked (MATCH-N)."""
        return len(self.plekken) == self.gevraagd

    @property
    def uitgesloten(self) -> int:
        """Total number of examined candidates that were excluded."""
        return sum(self.uitgesloten_per_regel.values())
