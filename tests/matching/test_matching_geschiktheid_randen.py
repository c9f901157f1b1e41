"""Suitability at the edges: household against the home (MATCH-E3) and accessibility against
floor and lift (MATCH-E5)."""

from __future__ import annotations

from matching_testdata import context
from matching_testdata import kandidaat
from matching_testdata import woning

from matching import regel_e3_huishouden
from matching import regel_e5_toegankelijk
from matching import stel_voor

TABEL = (1, 2, 3, 3, 4, 4)


def test_match_e3_one_adult_four_children_do_not_fit_a_two_room_flat() -> None:
    gezin = kandidaat("gezin", volwassenen=1, kinderen=4, minimum_kamers=1)
    flat = woning(kamers=2, max_bewoners=6)
    uitkomst = regel_e3_huishouden(gezin, flat, context(kamers_per_huishouden=TABEL))
    assert not uitkomst.geschikt
    assert uitkomst.reden == "Woning heeft 2 kamers, nodig is minstens 4 kamers voor 5 personen"
    assert stel_voor(flat, [gezin], context(kamers_per_huishouden=TABEL)).plekken == ()
    # the home's own maximum of residents still applies first
    klein = woning(kamers=5, max_bewoners=4)
    assert "te groot" in regel_e3_huishouden(gezin, klein, context()).reden


def test_match_e3_own_minimum_counts_when_higher_than_the_table() -> None:
    k = kandidaat("k", volwassenen=1, kinderen=0, minimum_kamers=2)
    assert not regel_e3_huishouden(
        k, woning(kamers=1), context(kamers_per_huishouden=TABEL)
    ).geschikt
    groot = kandidaat("g", volwassenen=2, kinderen=6, minimum_kamers=1)  # beyond the table
    assert not regel_e3_huishouden(
        groot, woning(kamers=3, max_bewoners=9), context(kamers_per_huishouden=TABEL)
    ).geschikt


def test_match_e5_wheelchair_needs_ground_floor_or_lift() -> None:
    rolstoel = kandidaat("r", rolstoel=True)
    hoog = woning(rolstoeltoegankelijk=True, verdieping=2, lift=False)
    uitkomst = regel_e5_toegankelijk(rolstoel, hoog, context())
    assert not uitkomst.geschikt and "zonder lift" in uitkomst.reden
    met_lift = woning(rolstoeltoegankelijk=True, verdieping=2, lift=True)
    assert regel_e5_toegankelijk(rolstoel, met_lift, context()).geschikt
