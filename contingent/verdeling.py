"""Distribute a yearly contingent over zorgaanbieders (ZOU-K1, ZOU-K2).

`verdeel(totaal, aandelen)` turns a verdeelsleutel into whole homes:

- The exact share of provider i is `totaal * gewicht_i / sum(all gewichten)`. The
  reference share is always taken over *all* providers, including those with a fixed
  amount (`vast`): the fixed amount is a deviation from the key, and the others absorb
  the difference. Give a provider weight 0 when its fixed amount should not count
  against the others' shares.
- First the Balinski-Young quota method (`methode="quotummethode"`): the homes are handed
  out one at a time; each goes, among the providers that would not rise above their upper
  quota (the exact share at that house size, rounded up), to the one with the highest
  weight / (homes so far + 1) (D'Hondt priority). Ties go to the larger weight, then to the
  name in alphabetical order (Python string order). Two guarantees: every provider stays
  within one home of its exact share (quota), and a larger total never gives any provider
  fewer homes (house monotonicity) — largest remainder (Hamilton) breaks the latter: 10 homes
  at 6/6/2 gave 4/4/2, 11 gave 5/5/1 (the Alabama paradox). When the result respects every
  minimum, maximum and fixed amount it is the answer.
- Otherwise an exact integer optimisation with CP-SAT (`methode="optimalisatie"`,
  see `contingent.optimalisatie`): minimise the total deviation from the exact shares
  within the bounds, then the sum of squared deviations, then the same tie-break order.
  Guarantee: no single home can be moved from one provider to another, within the
  bounds, so that the total deviation gets smaller.

Input errors raise `VerdeelFout` with a complete Dutch sentence.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from contingent.model import METHODE_OPTIMALISATIE
from contingent.model import METHODE_QUOTUM
from contingent.model import Aandeel
from contingent.model import Grens
from contingent.model import VerdeelFout
from contingent.model import Verdeelresultaat
from contingent.model import Verdeling
from contingent.optimalisatie import Probleem
from contingent.optimalisatie import optimaliseer
from contingent.tekst import woningen

# Keeps every scaled number of the CP-SAT model well inside 64 bits.
_GROOTSTE_SCHAAL = 2**60


@dataclass(frozen=True, slots=True)
class _Rij:
    naam: str
    gewicht: Fraction
    onder: int
    boven: int  # for "no maximum": the total
    aandeel: Aandeel


def _is_heel_getal(waarde: object) -> bool:
    return isinstance(waarde, int) and not isinstance(waarde, bool)


def _als_breuk(waarde: object, naam: str) -> Fraction:
    if isinstance(waarde, bool):
        raise VerdeelFout(f"De verdeelsleutel van '{naam}' moet een getal zijn.")
    if isinstance(waarde, float):
        # Floats are taken at their shortest decimal form: 0.1 means 1/10.
        if not math.isfinite(waarde):
            raise VerdeelFout(f"De verdeelsleutel van '{naam}' moet een gewoon getal zijn.")
        return Fraction(Decimal(repr(waarde)))
    if isinstance(waarde, Decimal):
        if not waarde.is_finite():
            raise VerdeelFout(f"De verdeelsleutel van '{naam}' moet een gewoon getal zijn.")
        return Fraction(waarde)
    if isinstance(waarde, int | Fraction):
        return Fraction(waarde)
    raise VerdeelFout(f"De verdeelsleutel van '{naam}' moet een getal zijn.")


def _controleer_grens(waarde: object, soort: str, naam: str) -> int | None:
    if waarde is None:
        return None
    if not _is_heel_getal(waarde):
        raise VerdeelFout(f"Het {soort} van '{naam}' moet een heel aantal woningen zijn.")
    assert isinstance(waarde, int)
    if waarde < 0:
        raise VerdeelFout(f"Het {soort} van '{naam}' is negatief. Gebruik 0 of meer.")
    return waarde


def _rij(totaal: int, aandeel: Aandeel) -> _Rij:
    """One zorgaanbieder's share and bounds, checked against each other and the total."""
    naam = aandeel.zorgaanbieder
    gewicht = _als_breuk(aandeel.gewicht, naam)
    if gewicht < 0:
        raise VerdeelFout(f"De verdeelsleutel van '{naam}' is negatief. Gebruik 0 of meer.")
    minimum = _controleer_grens(aandeel.minimum, "minimum", naam)
    maximum = _controleer_grens(aandeel.maximum, "maximum", naam)
    vast = _controleer_grens(aandeel.vast, "vaste aantal", naam)
    if minimum is not None and maximum is not None and minimum > maximum:
        raise VerdeelFout(
            f"Het minimum van '{naam}' ({minimum}) is groter dan het maximum ({maximum})."
        )
    if vast is not None and minimum is not None and vast < minimum:
        raise VerdeelFout(
            f"Het vaste aantal van '{naam}' ({vast}) is kleiner dan het minimum ({minimum})."
        )
    if vast is not None and maximum is not None and vast > maximum:
        raise VerdeelFout(
            f"Het vaste aantal van '{naam}' ({vast}) is groter dan het maximum ({maximum})."
        )
    if vast is not None:
        onder = boven = vast
    else:
        onder = minimum or 0
        boven = totaal if maximum is None else min(maximum, totaal)
    if onder > totaal:
        raise VerdeelFout(
            f"Het minimum of vaste aantal van '{naam}' ({onder}) is groter dan "
            f"het totaal ({totaal})."
        )
    return _Rij(naam, gewicht, onder, boven, aandeel)


def _controleer(totaal: int, aandelen: Sequence[Aandeel]) -> list[_Rij]:
    """Validate the input; return rows in canonical order (weight desc, name)."""
    if not _is_heel_getal(totaal):
        raise VerdeelFout("Het totaal moet een heel aantal woningen zijn.")
    if totaal < 0:
        raise VerdeelFout("Het totaal is negatief. Gebruik 0 of meer woningen.")
    if not aandelen:
        raise VerdeelFout("Geef minstens één zorgaanbieder op om te verdelen.")

    gezien: set[str] = set()
    rijen: list[_Rij] = []
    for aandeel in aandelen:
        naam = aandeel.zorgaanbieder
        if not isinstance(naam, str) or not naam.strip():
            raise VerdeelFout("Elke zorgaanbieder in de verdeelsleutel moet een naam hebben.")
        if naam in gezien:
            raise VerdeelFout(
                f"Zorgaanbieder '{naam}' staat meer dan één keer in de verdeelsleutel."
            )
        gezien.add(naam)
        rijen.append(_rij(totaal, aandeel))

    if sum(r.gewicht for r in rijen) <= 0:
        raise VerdeelFout("Minstens één zorgaanbieder moet een verdeelsleutel groter dan 0 hebben.")
    ondergrens = sum(r.onder for r in rijen)
    if ondergrens > totaal:
        raise VerdeelFout(
            f"De minimums en vaste aantallen zijn samen {ondergrens} woningen. Dat is meer dan "
            f"het totaal van {totaal}. Verlaag een minimum of verhoog het totaal."
        )
    bovengrens = sum(r.boven for r in rijen)
    if bovengrens < totaal:
        raise VerdeelFout(
            f"De maximums en vaste aantallen zijn samen {bovengrens} woningen. Dat is minder dan "
            f"het totaal van {totaal}. Verhoog een maximum of verlaag het totaal."
        )
    rijen.sort(key=lambda r: (-r.gewicht, r.naam))
    return rijen


def grootste_overschot(
    totaal: int, gewichten: Sequence[Fraction], volgorde: Sequence[str]
) -> list[int]:
    """Largest-remainder (Hamilton) apportionment of `totaal` over `gewichten`.

    Ties on equal remainders go to the larger weight, then to the smaller name.
    `volgorde` holds the names used for the tie-break. Weights must not all be 0.
    """
    som = sum(gewichten)
    exact = [totaal * g / som for g in gewichten]
    uitkomst = [math.floor(e) for e in exact]
    over = totaal - sum(uitkomst)
    rang = sorted(
        range(len(gewichten)),
        key=lambda i: (-(exact[i] - uitkomst[i]), -gewichten[i], volgorde[i]),
    )
    for i in rang[:over]:
        uitkomst[i] += 1
    return uitkomst


def quotummethode(totaal: int, gewichten: Sequence[Fraction], volgorde: Sequence[str]) -> list[int]:
    """Balinski-Young quota method: house-monotone and within quota (ZOU-K2).

    Seats are added one by one. At house size h a provider is eligible when one more home keeps
    it at or below its upper quota ceil(h * w / W); the eligible provider with the highest
    w / (a + 1) gets it, ties to the larger weight, then the smaller name.
    """
    som = sum(gewichten)
    uitkomst = [0] * len(gewichten)
    for h in range(1, totaal + 1):
        beste: int | None = None
        for i, g in enumerate(gewichten):
            if g == 0 or uitkomst[i] + 1 > math.ceil(h * g / som):
                continue
            if beste is None:
                beste = i
                continue
            sleutel = (g / (uitkomst[i] + 1), g)
            best = (gewichten[beste] / (uitkomst[beste] + 1), gewichten[beste])
            if sleutel > best or (sleutel == best and volgorde[i] < volgorde[beste]):
                beste = i
        assert beste is not None  # the upper quotas add up to at least h
        uitkomst[beste] += 1
    return uitkomst


def _geheel(gewichten: Sequence[Fraction]) -> list[int]:
    """Scale fractional weights to integers with the same ratios."""
    noemer = math.lcm(*(g.denominator for g in gewichten))
    schaal = [int(g * noemer) for g in gewichten]
    deler = math.gcd(*schaal)
    return [s // deler for s in schaal]


def _grens(rij: _Rij, toegewezen: int, exact: Fraction, methode: str) -> Grens | None:
    a = rij.aandeel
    if a.vast is not None:
        return "vast"
    if methode == METHODE_QUOTUM:
        return None
    if a.minimum is not None and toegewezen == a.minimum and toegewezen > exact:
        return "minimum"
    if a.maximum is not None and toegewezen == a.maximum and toegewezen < exact:
        return "maximum"
    return None


def _uitleg(rij: _Rij, toegewezen: int, exact: Fraction, grens: Grens | None, methode: str) -> str:
    a = rij.aandeel
    basis = f"Aandeel volgens de verdeelsleutel: {woningen(exact)}."
    if grens == "vast":
        return f"{basis} Er is een vast aantal afgesproken: {woningen(toegewezen)}."
    if grens == "minimum":
        return f"{basis} Het minimum is {woningen(a.minimum or 0)}. Daarom {toegewezen}."
    if grens == "maximum":
        return f"{basis} Het maximum is {woningen(a.maximum or 0)}. Daarom {toegewezen}."
    if toegewezen == exact:
        return f"{basis} Dat is precies {woningen(toegewezen)}."
    if toegewezen >= exact + 1:
        return (
            f"{basis} Toegewezen: {woningen(toegewezen)}. Dat is meer, omdat andere "
            "zorgaanbieders een maximum of vast aantal hebben."
        )
    if toegewezen <= exact - 1:
        return (
            f"{basis} Toegewezen: {woningen(toegewezen)}. Dat is minder, omdat andere "
            "zorgaanbieders een minimum of vast aantal hebben."
        )
    if toegewezen > exact and methode == METHODE_QUOTUM:
        return (
            f"{basis} Afgerond naar boven: {woningen(toegewezen)}. De woningen gaan een voor "
            "een naar wie naar verhouding het minst heeft, zonder dat iemand meer dan één woning "
            "boven zijn aandeel komt; zo krijgt niemand minder als het totaal groeit."
        )
    if toegewezen > exact:
        return f"{basis} Afgerond naar boven: {woningen(toegewezen)}."
    return f"{basis} Afgerond naar beneden: {woningen(toegewezen)}."


def verdeel(totaal: int, aandelen: Sequence[Aandeel]) -> Verdeling:
    """Distribute `totaal` homes over `aandelen`; see the module docstring.

    The result rows keep the input order. Raises `VerdeelFout` on invalid input.
    """
    rijen = _controleer(totaal, aandelen)
    gewichten = [r.gewicht for r in rijen]
    som = sum(gewichten)
    exact = [totaal * g / som for g in gewichten]

    uitkomst = quotummethode(totaal, gewichten, [r.naam for r in rijen])
    if all(r.onder <= x <= r.boven for r, x in zip(rijen, uitkomst, strict=True)):
        methode = METHODE_QUOTUM
    else:
        methode = METHODE_OPTIMALISATIE
        geheel = _geheel(gewichten)
        if 3 * (len(rijen) + 1) * sum(geheel) * max(totaal, 1) ** 2 > _GROOTSTE_SCHAAL:
            raise VerdeelFout(
                "De verdeelsleutel heeft te veel cijfers achter de komma om exact te "
                "verdelen. Rond de verdeelsleutel af."
            )
        uitkomst = optimaliseer(
            Probleem(
                totaal=totaal,
                gewichten=geheel,
                ondergrenzen=[r.onder for r in rijen],
                bovengrenzen=[r.boven for r in rijen],
            )
        )

    per_naam: dict[str, Verdeelresultaat] = {}
    for rij, x, e in zip(rijen, uitkomst, exact, strict=True):
        grens = _grens(rij, x, e, methode)
        per_naam[rij.naam] = Verdeelresultaat(
            zorgaanbieder=rij.naam,
            exact=e,
            toegewezen=x,
            afronding=x - e,
            grens=grens,
            uitleg=_uitleg(rij, x, e, grens, methode),
        )
    return Verdeling(
        totaal=totaal,
        methode=methode,
        regels=tuple(per_naam[a.zorgaanbieder] for a in aandelen),
    )
