"""Solver-independent checks of a `Verdeling` against its input (ZOU-K2).

`controleer_verdeling(verdeling, aandelen)` re-derives nothing from `verdeling.py` or
the CP-SAT model; it checks the result with plain fraction arithmetic and returns
every violation as a `Schending` (empty list = valid). Checks, with their codes:

- `zorgaanbieders`: the result has exactly the providers of the input;
- `totaal`: allocated homes add up to the total, before and after reallocation;
- `negatief`: no provider has fewer than 0 homes;
- `exact` / `afronding`: the reported exact share and rounding are right;
- `vast` / `minimum` / `maximum`: the distribution respects every bound;
- `afstand`: with the quota method (or, for older distributions, largest remainder; no
  bound binds) every provider is less than one home from its exact share;
- `optimaal`: for the optimisation (and largest remainder), no single home can move from one
  provider to another, within the bounds, so that the total deviation from the exact shares
  gets smaller. Because the total deviation is a sum of convex functions, this local check
  proves global optimality. The quota method trades this for house monotonicity (ZOU-K2): it
  is checked on quota instead (`afstand`), and its monotonicity by the property tests;
- `herverdeling`: net reallocations per provider match the recorded moves.

Bounds, distance and optimality are checked on `verdeeld` (the distribution before
reallocations); reallocations are decisions by regiobeheer and may cross bounds.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction

from contingent.model import (
    METHODE_GROOTSTE_OVERSCHOT,
    METHODE_QUOTUM,
    Aandeel,
    Schending,
    Verdeelresultaat,
    Verdeling,
)


def _breuk(waarde: object) -> Fraction:
    if isinstance(waarde, float):
        return Fraction(Decimal(repr(waarde)))
    if isinstance(waarde, Decimal | int | Fraction):
        return Fraction(waarde)
    raise TypeError(f"unsupported weight {waarde!r}")


def _grenzen(a: Aandeel, totaal: int) -> tuple[int, int]:
    if a.vast is not None:
        return a.vast, a.vast
    onder = a.minimum or 0
    boven = totaal if a.maximum is None else min(a.maximum, totaal)
    return onder, boven


def controleer_verdeling(verdeling: Verdeling, aandelen: Sequence[Aandeel]) -> list[Schending]:
    """All violations of `verdeling` against `aandelen`; empty when valid."""
    totaal = verdeling.totaal
    invoer = {a.zorgaanbieder: a for a in aandelen}
    uitvoer = {r.zorgaanbieder: r for r in verdeling.regels}
    if len(uitvoer) != len(verdeling.regels) or set(invoer) != set(uitvoer):
        melding = "De zorgaanbieders in de uitkomst passen niet bij de invoer."
        return [Schending("zorgaanbieders", melding)]
    fouten: list[Schending] = []
    if sum(r.toegewezen for r in verdeling.regels) != totaal:
        fouten.append(Schending("totaal", "De toegewezen woningen tellen niet op tot het totaal."))
    if sum(r.verdeeld for r in verdeling.regels) != totaal:
        fouten.append(Schending("totaal", "De verdeelde woningen tellen niet op tot het totaal."))
    som = sum(_breuk(a.gewicht) for a in aandelen)
    exact = {naam: totaal * _breuk(a.gewicht) / som for naam, a in invoer.items()}
    for naam, a in invoer.items():
        fouten += _regel(verdeling.methode, a, uitvoer[naam], exact[naam])
    if verdeling.methode != METHODE_QUOTUM:
        fouten += _optimaal(invoer, uitvoer, exact, totaal)
    fouten += _herverdelingen(verdeling, invoer, uitvoer)
    return fouten


def _regel(methode: str, a: Aandeel, r: Verdeelresultaat, e: Fraction) -> list[Schending]:
    """One zorgaanbieder's line against its share and its bounds."""
    naam, x = a.zorgaanbieder, r.verdeeld
    fouten = []
    if r.toegewezen < 0 or x < 0:
        fouten.append(Schending("negatief", "Het aantal woningen is negatief.", naam))
    if r.exact != e:
        fouten.append(Schending("exact", "Het exacte aandeel klopt niet.", naam))
    if r.afronding != x - e:
        fouten.append(Schending("afronding", "De afronding klopt niet.", naam))
    if a.vast is not None and x != a.vast:
        fouten.append(Schending("vast", "Het vaste aantal is niet aangehouden.", naam))
    if a.minimum is not None and x < a.minimum:
        fouten.append(Schending("minimum", "Het minimum is niet gehaald.", naam))
    if a.maximum is not None and x > a.maximum:
        fouten.append(Schending("maximum", "Het maximum is overschreden.", naam))
    if methode in (METHODE_QUOTUM, METHODE_GROOTSTE_OVERSCHOT) and abs(x - e) >= 1:
        fouten.append(
            Schending("afstand", "Het verschil met het exacte aandeel is 1 of meer.", naam)
        )
    return fouten


def _optimaal(
    invoer: dict[str, Aandeel],
    uitvoer: dict[str, Verdeelresultaat],
    exact: dict[str, Fraction],
    totaal: int,
) -> list[Schending]:
    """Single-transfer optimality: moving one home from j to i must never help."""
    grenzen = {naam: _grenzen(a, totaal) for naam, a in invoer.items()}
    x = {naam: uitvoer[naam].verdeeld for naam in invoer}

    def kosten(naam: str, waarde: int) -> Fraction:
        return abs(waarde - exact[naam])

    fouten = []
    for i in invoer:
        if x[i] >= grenzen[i][1]:
            continue
        erbij = kosten(i, x[i] + 1) - kosten(i, x[i])
        for j in invoer:
            if j == i or x[j] <= grenzen[j][0]:
                continue
            if erbij + kosten(j, x[j] - 1) - kosten(j, x[j]) < 0:
                fouten.append(
                    Schending(
                        "optimaal",
                        f"Een woning van '{j}' naar '{i}' brengt de verdeling dichter "
                        "bij de verdeelsleutel.",
                    )
                )
    return fouten


def _herverdelingen(
    verdeling: Verdeling, invoer: dict[str, Aandeel], uitvoer: dict[str, Verdeelresultaat]
) -> list[Schending]:
    """Each line's net reallocation is the sum of the moves to and from it."""
    netto = dict.fromkeys(invoer, 0)
    for h in verdeling.herverdelingen:
        if h.van in netto and h.naar in netto:
            netto[h.van] -= h.aantal
            netto[h.naar] += h.aantal
    return [
        Schending("herverdeling", "De herverdeling klopt niet met de verplaatsingen.", naam)
        for naam, r in uitvoer.items()
        if r.herverdeeld != netto[naam]
    ]
