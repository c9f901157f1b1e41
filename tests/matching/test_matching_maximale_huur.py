"""MATCH-E4: the rent ceiling told to a maatwerk corporatie agrees with the rule itself."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st
from matching_testdata import GRENZEN_2026

from matching import Context
from matching import Kandidaat
from matching import Woning
from matching import maximale_kale_huur
from matching import regel_e4_betaalbaar


def _kandidaat(inkomen: int, volwassenen: int, kinderen: int, geboren: date) -> Kandidaat:
    return Kandidaat(
        id="k",
        status="wachtend",
        route="omgekeerde-plaatsing",
        gereed_verklaard=True,
        begeleiding_akkoord=True,
        aanmelddatum=date(2025, 1, 1),
        volgnummer=1,
        gemeentevoorkeuren=("Zeist",),
        volwassenen=volwassenen,
        kinderen=kinderen,
        geboortedatum=geboren,
        jaarinkomen=inkomen,
        rolstoel=False,
        trapvrij=False,
        hoogste_verdieping=None,
        minimum_kamers=1,
    )


def _woning(huur: Decimal) -> Woning:
    return Woning(
        id="w",
        gemeente="Zeist",
        kale_huur=huur,
        kamers=3,
        verdieping=0,
        lift=False,
        gelijkvloers=True,
        rolstoeltoegankelijk=False,
        max_bewoners=6,
        minimumleeftijd=None,
    )


@settings(max_examples=300, deadline=None)
@given(
    inkomen=st.integers(0, 70000),
    volwassenen=st.integers(1, 2),
    kinderen=st.integers(0, 3),
    geboren=st.dates(date(1940, 1, 1), date(2005, 1, 1)),
    huur=st.decimals(Decimal("300.00"), Decimal("1100.00"), places=2),
)
def test_ceiling_agrees_with_match_e4(inkomen, volwassenen, kinderen, geboren, huur):
    k = _kandidaat(inkomen, volwassenen, kinderen, geboren)
    context = Context(peildatum=date(2026, 6, 1), grenzen=GRENZEN_2026)
    plafond = maximale_kale_huur(k, context)
    geschikt = regel_e4_betaalbaar(k, _woning(huur), context).geschikt
    assert geschikt == (plafond is not None and huur <= plafond)
