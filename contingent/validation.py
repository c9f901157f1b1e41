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

from contingent.model import METHODE_GROOTSTE_OVERSCHOT
from contingent.model import METHODE_QUOTUM
from contingent.model import Aandeel
from contingent.model import Schending
from contingent.model import Verdeelresultaat
from contingent.model import Verdeling


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
    fouten: list[Schending] = []
    totaal = verdeling.totaal
    invoer = {a.zorgaanbieder: a for a in aandelen}
    uitvoer = {r.zorgaanbieder: r for r in verdeling.regels}
    if len(uitvoer) != len(verdeling.regels) or set(invoer) != set(uitvoer):
        melding = "De zorgaanbieders in de uitkomst passen niet bij de invoer."
        fouten.append(Schending("zorgaanbieders", melding))
        return fouten

    if sum(r.toegewezen for r in verdeling.regels) != totaal:
        fouten.append(Schending("totaal", "De toegewezen woningen tellen niet op tot het totaal."))
    if sum(r.verdeeld for r in verdeling.regels) != totaal:
        fouten.append(Schending("totaal", "De verdeelde woningen tellen niet op tot het totaal."))

    som = sum(_breuk(a.gewicht) for a in aandelen)
    exact = {naam: totaal * _breuk(a.gewicht) / som for naam, a in invoer.items()}
    for naam, a in invoer.items():
        fouten += _per_zorgaanbieder(verdeling, a, uitvoer[naam], exact[naam])
    if verdeling.methode != METHODE_QUOTUM:
        verdeeld = {naam: uitvoer[naam].verdeeld for naam in invoer}
        grenzen = {naam: _grenzen(a, totaal) for naam, a in invoer.items()}
        fouten += _overdracht_helpt(verdeeld, grenzen, exact)
    fouten += _herverdelingen(verdeling, invoer)
    return fouten


def _per_zorgaanbieder(
    verdeling: Verdeling, a: Aandeel, r: Verdeelresultaat, e: Fraction
) -> list[Schending]:
    """One zorgaanbieder's line: its own numbers and bounds, against its exact share ``e``."""
    fouten: list[Schending] = []
    naam = a.zorgaanbieder
    x = r.verdeeld
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
    if verdeling.methode in (METHODE_QUOTUM, METHODE_GROOTSTE_OVERSCHOT) and abs(x - e) >= 1:
        fouten.append(
            Schending("afstand", "Het verschil met het exacte aandeel is 1 of meer.", naam)
        )
    return fouten


def _overdracht_helpt(
    verdeeld: dict[str, int], grenzen: dict[str, tuple[int, int]], exact: dict[str, Fraction]
) -> list[Schending]:
    """Single-transfer optimality: moving one home from j to i must never help."""
    fouten: list[Schending] = []

    def kosten(naam: str, waarde: int) -> Fraction:
        return abs(waarde - exact[naam])

    for i in verdeeld:
        if verdeeld[i] >= grenzen[i][1]:
            continue
        erbij = kosten(i, verdeeld[i] + 1) - kosten(i, verdeeld[i])
        for j in verdeeld:
            if j == i or verdeeld[j] <= grenzen[j][0]:
                continue
            eraf = kosten(j, verdeeld[j] - 1) - kosten(j, verdeeld[j])
            if erbij + eraf < 0:
                fouten.append(
                    Schending(
                        "optimaal",
                        f"Een woning van '{j}' naar '{i}' brengt de verdeling dichter "
                        "bij de verdeelsleutel.",
                    )
                )
    return fouten


def _herverdelingen(verdeling: Verdeling, invoer: dict[str, Aandeel]) -> list[Schending]:
    """Each line's ``herverdeeld`` is the net of the transfers to and from it."""
    netto = dict.fromkeys(invoer, 0)
    for h in verdeling.herverdelingen:
        if h.van in netto and h.naar in netto:
            netto[h.van] -= h.aantal
            netto[h.naar] += h.aantal
    return [
        Schending(
            "herverdeling", "De herverdeling klopt niet met de verplaatsingen.", r.zorgaanbieder
        )
        for r in verdeling.regels
        if r.herverdeeld != netto[r.zorgaanbieder]
    ]
