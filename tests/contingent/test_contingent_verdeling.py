"""Hand-checked distribution cases (ZOU-K2)."""

from decimal import Decimal
from fractions import Fraction
from itertools import product

import pytest

from contingent import Aandeel
from contingent import VerdeelFout
from contingent import controleer_verdeling
from contingent import grootste_overschot
from contingent import verdeel


def _check(totaal, aandelen):
    verdeling = verdeel(totaal, aandelen)
    assert controleer_verdeling(verdeling, aandelen) == []
    return verdeling


def test_equal_weights_tie_goes_to_first_name():
    # 10 over 3/3/3: 3,33 each; the one spare home goes to the first name.
    aandelen = [Aandeel("Gamma", 3), Aandeel("Beta", 3), Aandeel("Alfa", 3)]
    v = _check(10, aandelen)
    assert v.methode == "quotummethode"
    assert v.toewijzing() == {"Gamma": 3, "Beta": 3, "Alfa": 4}
    assert [r.zorgaanbieder for r in v.regels] == ["Gamma", "Beta", "Alfa"]
    alfa = v.regel("Alfa")
    assert alfa.exact == Fraction(10, 3)
    assert alfa.afronding == Fraction(2, 3)
    assert alfa.grens is None
    assert "3,33" in alfa.uitleg and "naar boven" in alfa.uitleg


def test_equal_remainders_and_weights_go_by_name():
    # 2 over 1/1/2: exact 0,5 / 0,5 / 1 -> floors 0/0/1, one spare home; A and B tie
    # on remainder and weight, so the name decides: A.
    v = _check(2, [Aandeel("B", 1), Aandeel("A", 1), Aandeel("C", 2)])
    assert v.toewijzing() == {"B": 0, "A": 1, "C": 1}


def test_equal_remainder_larger_weight_beats_name():
    # 2 homes over A=1, Z=3 with weights scaled: exact 2*1/4 = 0,5 and 2*3/4 = 1,5.
    # Both have remainder 0,5, floors 0 and 1 -> one spare home: Z (larger weight).
    assert _check(2, [Aandeel("A", 1), Aandeel("Z", 3)]).toewijzing() == {"A": 0, "Z": 2}


def test_zou_k2_no_alabama_paradox_with_the_quota_method():
    # Classic example: weights 6/6/2. Largest remainder gave 10 homes -> 4/4/2 and
    # 11 homes -> 5/5/1: C lost a home when the total grew. The quota method never does.
    aandelen = [Aandeel("A", 6), Aandeel("B", 6), Aandeel("C", 2)]
    tien, elf = _check(10, aandelen).toewijzing(), _check(11, aandelen).toewijzing()
    assert elf == {"A": 5, "B": 5, "C": 1}
    assert all(elf[n] >= tien[n] for n in tien), (tien, elf)
    assert tien == {"A": 5, "B": 4, "C": 1}
    # largest remainder itself still shows the paradox (kept for older distributions)
    w = [Fraction(6), Fraction(6), Fraction(2)]
    assert grootste_overschot(10, w, ["A", "B", "C"]) == [4, 4, 2]
    assert grootste_overschot(11, w, ["A", "B", "C"]) == [5, 5, 1]


def test_decimal_percentages():
    aandelen = [
        Aandeel("A", Decimal("12.5")),
        Aandeel("B", Decimal("37.5")),
        Aandeel("C", Decimal("50")),
    ]
    v = _check(8, aandelen)
    assert v.toewijzing() == {"A": 1, "B": 3, "C": 4}
    assert all(r.afronding == 0 for r in v.regels)
    assert "precies" in v.regel("C").uitleg


def test_minimum_binds_and_optimiser_moves_the_others():
    # 10 over 1/1/1 with A at least 8: B and C share 2 -> 1 each (even spread).
    aandelen = [Aandeel("A", 1, minimum=8), Aandeel("B", 1), Aandeel("C", 1)]
    v = _check(10, aandelen)
    assert v.methode == "optimalisatie"
    assert v.toewijzing() == {"A": 8, "B": 1, "C": 1}
    assert v.regel("A").grens == "minimum"
    assert v.regel("B").grens is None
    assert "minimum" in v.regel("A").uitleg
    assert "minder" in v.regel("B").uitleg


def test_maximum_binds():
    # 12 over 2/1/1 -> 6/3/3; A at most 4 -> the two spare homes go 1 each to B and C.
    aandelen = [Aandeel("A", 2, maximum=4), Aandeel("B", 1), Aandeel("C", 1)]
    v = _check(12, aandelen)
    assert v.toewijzing() == {"A": 4, "B": 4, "C": 4}
    assert v.regel("A").grens == "maximum"


def test_vast_amount():
    # 10 over 1/1/1 with A fixed at 6; the reference share stays 3,33 for everyone.
    aandelen = [Aandeel("A", 1, vast=6), Aandeel("B", 1), Aandeel("C", 1)]
    v = _check(10, aandelen)
    assert v.toewijzing() == {"A": 6, "B": 2, "C": 2}
    assert v.regel("A").grens == "vast"
    assert v.regel("A").exact == Fraction(10, 3)
    assert "vast aantal" in v.regel("A").uitleg


def test_vast_that_matches_rounding_keeps_the_quota_method():
    aandelen = [Aandeel("A", 1, vast=3), Aandeel("B", 1), Aandeel("C", 1)]
    v = _check(9, aandelen)
    assert v.methode == "quotummethode"
    assert v.regel("A").grens == "vast"


def test_zero_weight_gets_nothing_unless_forced():
    aandelen = [Aandeel("A", 1, maximum=2), Aandeel("B", 1), Aandeel("Z", 0)]
    assert _check(10, aandelen).toewijzing() == {"A": 2, "B": 8, "Z": 0}
    forced = [Aandeel("A", 1, maximum=2), Aandeel("B", 1, maximum=5), Aandeel("Z", 0)]
    assert _check(10, forced).toewijzing() == {"A": 2, "B": 5, "Z": 3}


def test_zero_total():
    v = _check(0, [Aandeel("A", 1), Aandeel("B", 2)])
    assert v.toewijzing() == {"A": 0, "B": 0}


def _brute_force(totaal, aandelen):
    """Independent reference: enumerate every allocation, pick the same criteria."""
    som = sum(Fraction(a.gewicht) for a in aandelen)
    exact = [totaal * Fraction(a.gewicht) / som for a in aandelen]
    volgorde = sorted(range(len(aandelen)), key=lambda i: (-exact[i], aandelen[i].zorgaanbieder))
    beste = None
    for x in product(range(totaal + 1), repeat=len(aandelen)):
        if sum(x) != totaal:
            continue
        ok = True
        for xi, a in zip(x, aandelen, strict=True):
            if a.vast is not None and xi != a.vast:
                ok = False
            if a.minimum is not None and xi < a.minimum:
                ok = False
            if a.maximum is not None and xi > a.maximum:
                ok = False
        if not ok:
            continue
        sleutel = (
            sum(abs(xi - e) for xi, e in zip(x, exact, strict=True)),
            sum(xi for xi, a in zip(x, aandelen, strict=True) if a.gewicht == 0),
            sum((xi - e) ** 2 for xi, e in zip(x, exact, strict=True)),
            tuple(-x[i] for i in volgorde),
        )
        if beste is None or sleutel < beste[0]:
            beste = (sleutel, x)
    return {a.zorgaanbieder: xi for a, xi in zip(aandelen, beste[1], strict=True)}


@pytest.mark.parametrize(
    "totaal, aandelen",
    [
        (10, [Aandeel("A", 1, minimum=8), Aandeel("B", 1), Aandeel("C", 1)]),
        (9, [Aandeel("A", 5, maximum=2), Aandeel("B", 3), Aandeel("C", 1), Aandeel("D", 1)]),
        (8, [Aandeel("A", 1, vast=5), Aandeel("B", 2, minimum=2), Aandeel("C", 2)]),
        (7, [Aandeel("A", 3, maximum=1), Aandeel("B", 0), Aandeel("C", 2, maximum=3)]),
        (11, [Aandeel("P", 2, minimum=1), Aandeel("Q", 7, maximum=5), Aandeel("R", 2)]),
    ],
)
def test_optimiser_matches_brute_force(totaal, aandelen):
    v = _check(totaal, aandelen)
    assert v.methode == "optimalisatie"
    assert v.toewijzing() == _brute_force(totaal, aandelen)


@pytest.mark.parametrize(
    "totaal, aandelen, tekst",
    [
        (-1, [Aandeel("A", 1)], "negatief"),
        (10, [], "minstens één zorgaanbieder"),
        (10, [Aandeel("A", 1), Aandeel("A", 2)], "meer dan één keer"),
        (10, [Aandeel("A", 0), Aandeel("B", 0)], "groter dan 0"),
        (10, [Aandeel("A", -1), Aandeel("B", 2)], "is negatief"),
        (10, [Aandeel("A", 1, minimum=5, maximum=3)], "groter dan het maximum"),
        (10, [Aandeel("A", 1, minimum=6), Aandeel("B", 1, vast=5)], "samen 11 woningen"),
        (10, [Aandeel("A", 1, maximum=3), Aandeel("B", 1, maximum=4)], "Verhoog een maximum"),
        (10, [Aandeel("A", 1, vast=2, minimum=3)], "kleiner dan het minimum"),
        (10, [Aandeel("A", 1, minimum=-1)], "negatief"),
        (10, [Aandeel(" ", 1)], "naam"),
        (10, [Aandeel("A", "veel")], "getal"),
        (10, [Aandeel("A", Decimal("NaN"))], "gewoon getal"),
        (10, [Aandeel("A", 1, minimum=11)], "groter dan het totaal"),
    ],
)
def test_invalid_input_gives_dutch_sentence(totaal, aandelen, tekst):
    with pytest.raises(VerdeelFout) as fout:
        verdeel(totaal, aandelen)
    bericht = str(fout.value)
    assert tekst in bericht
    assert bericht[0].isupper() or bericht[0] == "'"
    assert bericht.endswith(".")
