"""Usage arithmetic and reallocation (ZOU-K3)."""

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st

from contingent import Aandeel
from contingent import Subtotaal
from contingent import Telling
from contingent import VerdeelFout
from contingent import bereken_gebruik
from contingent import bereken_levering
from contingent import contingentjaar
from contingent import controleer_verdeling
from contingent import gebruik_per_zorgaanbieder
from contingent import herverdeel
from contingent import tel_per_corporatie
from contingent import tel_per_maand
from contingent import verdeel


def test_remaining_counts_open_offers():
    g = bereken_gebruik(10, 4, 3, zorgaanbieder="A")
    assert (g.resterend, g.overgebruik) == (3, 0)


def test_over_use_and_remaining_not_negative():
    g = bereken_gebruik(5, 7, 2)
    assert g.resterend == 0
    assert g.overgebruik == 2


def test_open_offers_are_not_over_use():
    g = bereken_gebruik(5, 5, 4)
    assert (g.resterend, g.overgebruik) == (0, 0)


@settings(max_examples=100, deadline=None)
@given(st.integers(0, 50), st.integers(0, 50), st.integers(0, 50))
def test_usage_invariants(toegewezen, gebruikt, in_behandeling):
    g = bereken_gebruik(toegewezen, gebruikt, in_behandeling)
    assert g.resterend >= 0 and g.overgebruik >= 0
    assert g.resterend <= toegewezen
    if g.overgebruik == 0 and gebruikt + in_behandeling <= toegewezen:
        assert g.resterend + gebruikt + in_behandeling == toegewezen
    assert g.overgebruik == max(0, gebruikt - toegewezen)


def test_negative_counts_are_refused():
    with pytest.raises(VerdeelFout, match="negatief"):
        bereken_gebruik(5, -1, 0)


TELLINGEN = [
    Telling("A", "Woonstad", date(2025, 1, 14), gebruikt=1),
    Telling("A", "Woonstad", date(2025, 1, 30), gebruikt=1),
    Telling("A", "Mitros", date(2025, 3, 2), gebruikt=1, in_behandeling=1),
    Telling("B", "Mitros", date(2025, 3, 9), gebruikt=2),
    Telling("B", None, date(2025, 4, 1), in_behandeling=1),
    Telling("X", "Mitros", date(2025, 5, 5), gebruikt=1),
]


def test_usage_per_provider_includes_unallocated_ones():
    gebruik = gebruik_per_zorgaanbieder({"A": 4, "B": 1, "C": 2}, TELLINGEN)
    assert list(gebruik) == ["A", "B", "C", "X"]
    assert (gebruik["A"].gebruikt, gebruik["A"].in_behandeling, gebruik["A"].resterend) == (
        3,
        1,
        0,
    )
    assert gebruik["B"].overgebruik == 1
    assert gebruik["C"].resterend == 2
    assert gebruik["X"].toegewezen == 0 and gebruik["X"].overgebruik == 1


def test_counts_per_corporatie_and_month():
    assert tel_per_corporatie(TELLINGEN, zorgaanbieder="A") == {
        "Mitros": Subtotaal(1, 1),
        "Woonstad": Subtotaal(2, 0),
    }
    per_corporatie = tel_per_corporatie(TELLINGEN)
    assert list(per_corporatie) == ["Mitros", "Woonstad", None]
    assert tel_per_maand(TELLINGEN) == {
        date(2025, 1, 1): Subtotaal(2, 0),
        date(2025, 3, 1): Subtotaal(3, 1),
        date(2025, 4, 1): Subtotaal(0, 1),
        date(2025, 5, 1): Subtotaal(1, 0),
    }


def test_contingent_year_is_calendar_year_of_contract():
    assert contingentjaar(date(2024, 12, 31)) == 2024
    assert contingentjaar(date(2025, 1, 1)) == 2025


def test_delivery_against_commitment():
    levering = bereken_levering(10, 7, corporatie="Mitros")
    assert (levering.tekort, levering.percentage) == (3, Decimal("70.0"))
    assert bereken_levering(0, 2).percentage is None
    assert bereken_levering(3, 1).percentage == Decimal("33.3")


def _verdeling():
    aandelen = [Aandeel("A", 1), Aandeel("B", 1)]
    return aandelen, verdeel(10, aandelen)


def test_reallocation_moves_unused_homes():
    aandelen, v = _verdeling()
    gebruik_a = bereken_gebruik(5, 2, 1, zorgaanbieder="A")
    nieuw = herverdeel(v, "A", "B", 2, gebruik_van=gebruik_a)
    assert nieuw.toewijzing() == {"A": 3, "B": 7}
    assert nieuw.totaal == 10
    assert nieuw.regel("A").herverdeeld == -2 and nieuw.regel("B").herverdeeld == 2
    assert nieuw.regel("A").afronding == 0
    assert "verplaatst" in nieuw.regel("A").uitleg
    assert controleer_verdeling(nieuw, aandelen) == []
    assert v.toewijzing() == {"A": 5, "B": 5}


def test_reallocation_cannot_exceed_remaining():
    _, v = _verdeling()
    gebruik_a = bereken_gebruik(5, 2, 1, zorgaanbieder="A")
    with pytest.raises(VerdeelFout, match="nog 2 woningen over"):
        herverdeel(v, "A", "B", 3, gebruik_van=gebruik_a)


@pytest.mark.parametrize(
    "van, naar, aantal, tekst",
    [
        ("A", "A", 1, "twee verschillende"),
        ("A", "Q", 1, "zit niet in deze verdeling"),
        ("A", "B", 0, "minstens 1 woning"),
    ],
)
def test_reallocation_errors(van, naar, aantal, tekst):
    _, v = _verdeling()
    with pytest.raises(VerdeelFout, match=tekst):
        herverdeel(v, van, naar, aantal, gebruik_van=bereken_gebruik(5, 0, 0))


def test_reallocation_needs_current_usage():
    _, v = _verdeling()
    with pytest.raises(VerdeelFout, match="Haal het gebruik opnieuw op"):
        herverdeel(v, "A", "B", 1, gebruik_van=bereken_gebruik(6, 0, 0))


def test_validation_catches_a_tampered_distribution():
    aandelen, v = _verdeling()
    import dataclasses

    kapot = dataclasses.replace(
        v, regels=(dataclasses.replace(v.regels[0], toegewezen=7), v.regels[1])
    )
    codes = {s.code for s in controleer_verdeling(kapot, aandelen)}
    assert "totaal" in codes
