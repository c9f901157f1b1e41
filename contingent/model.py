"""Frozen input and output types for the contingent arithmetic.

ZOU-K1: every year the corporaties make a number of homes available (the contingent).
ZOU-K2: Beter Wonen distributes that number among the zorgaanbieders; the input of a
distribution is a verdeelsleutel of `Aandeel` rows, the output a `Verdeling` with one
`Verdeelresultaat` per zorgaanbieder that explains itself (exact share, rounding, bound).
ZOU-K3: placements count against the zorgaanbieder; see `contingent.gebruik`.

Numbers that must be exact are `fractions.Fraction`; whole homes are `int`. No floats.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Literal

Methode = Literal["quotummethode", "grootste-overschot", "optimalisatie"]
"""How the homes were distributed: the Balinski-Young quota method, CP-SAT optimisation within
bounds, or (distributions stored before the quota method) largest remainder (Hamilton)."""

Grens = Literal["minimum", "maximum", "vast"]
"""The bound that decided a provider's number of homes."""

METHODE_QUOTUM: Methode = "quotummethode"
METHODE_GROOTSTE_OVERSCHOT: Methode = "grootste-overschot"
METHODE_OPTIMALISATIE: Methode = "optimalisatie"
METHODEN: tuple[Methode, ...] = (METHODE_QUOTUM, METHODE_GROOTSTE_OVERSCHOT, METHODE_OPTIMALISATIE)


def als_methode(naam: str) -> Methode:
    """The method a stored name stands for (ValueError when it is none)."""
    for methode in METHODEN:
        if methode == naam:
            return methode
    raise ValueError(f"unknown distribution method {naam!r}")


class VerdeelFout(ValueError):
    """Input that cannot be distributed or reallocated.

    The message is a complete Dutch sentence meant for a person (an HTTP 400 `detail`).
    """


@dataclass(frozen=True, slots=True)
class Aandeel:
    """One row of the verdeelsleutel: a zorgaanbieder, its weight and optional bounds.

    `gewicht` is any non-negative number (places, agreed percentage); only the ratio
    between weights matters. `vast` fixes the number of homes; `minimum`/`maximum`
    bound it. All bounds are whole homes.
    """

    zorgaanbieder: str
    gewicht: Decimal | int | Fraction
    minimum: int | None = None
    maximum: int | None = None
    vast: int | None = None


@dataclass(frozen=True, slots=True)
class Verdeelresultaat:
    """The outcome for one zorgaanbieder.

    - `exact`: the exact proportional share of the whole total (all providers' weights).
    - `toegewezen`: whole homes allocated now (after any reallocation).
    - `afronding`: `toegewezen - herverdeeld - exact`, the rounding of the distribution.
    - `grens`: the bound that decided the number, or None when plain rounding did.
    - `herverdeeld`: net homes moved to (+) or away from (-) this provider afterwards.
    - `uitleg`: short Dutch explanation for the provider.
    """

    zorgaanbieder: str
    exact: Fraction
    toegewezen: int
    afronding: Fraction
    grens: Grens | None
    uitleg: str
    herverdeeld: int = 0

    @property
    def verdeeld(self) -> int:
        """Homes given by the distribution itself, before any reallocation."""
        return self.toegewezen - self.herverdeeld


@dataclass(frozen=True, slots=True)
class Herverdeling:
    """A move of unused homes from one zorgaanbieder to another."""

    van: str
    naar: str
    aantal: int


@dataclass(frozen=True, slots=True)
class Verdeling:
    """A distribution of `totaal` homes; `regels` keep the order of the input."""

    totaal: int
    methode: Methode
    regels: tuple[Verdeelresultaat, ...]
    herverdelingen: tuple[Herverdeling, ...] = ()

    def toewijzing(self) -> dict[str, int]:
        """Homes per zorgaanbieder."""
        return {r.zorgaanbieder: r.toegewezen for r in self.regels}

    def regel(self, zorgaanbieder: str) -> Verdeelresultaat:
        """The result row of one zorgaanbieder; KeyError when absent."""
        for r in self.regels:
            if r.zorgaanbieder == zorgaanbieder:
                return r
        raise KeyError(zorgaanbieder)


@dataclass(frozen=True, slots=True)
class Gebruik:
    """Usage of one zorgaanbieder's share in one contingent year (ZOU-K3).

    - `gebruikt`: placements that count against the share.
    - `in_behandeling`: open aanbiedingen that may still become a placement.
    - `resterend`: `toegewezen - gebruikt - in_behandeling`, never below 0.
    - `overgebruik`: `gebruikt - toegewezen`, never below 0 (open offers not counted).
    """

    zorgaanbieder: str | None
    toegewezen: int
    gebruikt: int
    in_behandeling: int
    resterend: int
    overgebruik: int


@dataclass(frozen=True, slots=True)
class Telling:
    """A plain record of counted homes: who, at which corporatie, in which month.

    `maand` may be any day; it is grouped by its month. `corporatie` may be None
    when it is not (yet) known, e.g. an open offer without a home.
    """

    zorgaanbieder: str
    corporatie: str | None
    maand: date
    gebruikt: int = 0
    in_behandeling: int = 0


@dataclass(frozen=True, slots=True)
class Subtotaal:
    """Summed counts for one group (a corporatie or a month)."""

    gebruikt: int = 0
    in_behandeling: int = 0


@dataclass(frozen=True, slots=True)
class Levering:
    """A corporatie's commitment (toezegging) against the homes it delivered.

    `percentage` is `geleverd / toegezegd * 100`, rounded to one decimal; None when
    nothing was promised.
    """

    corporatie: str | None
    toegezegd: int
    geleverd: int
    tekort: int
    percentage: Decimal | None


@dataclass(frozen=True, slots=True)
class Schending:
    """One violation found by `contingent.validation`; `melding` is Dutch."""

    code: str
    melding: str
    zorgaanbieder: str | None = None
