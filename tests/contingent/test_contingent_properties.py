"""Property tests for the distribution (ZOU-K2): every result passes validation.py.

Guarantees tested:
- totals add up and every bound holds;
- without binding bounds (the quota method) every provider is < 1 home from its share, and a
  larger total never gives any provider fewer homes (house monotonicity, ZOU-K2);
- with bounds: no single home can move between two providers, within their bounds, so
  that the total deviation gets smaller. Hence a provider is more than one home from
  its share only when moving it closer is blocked by a bound (its own or, on the other
  side, every other provider's): if a provider not at its maximum is a full home or
  more below its share, no provider above its minimum sits above its share, and the
  other way round;
- the same input gives the same output, in any order.
"""

import math
from fractions import Fraction
from itertools import product

from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st

from contingent import Aandeel
from contingent import VerdeelFout
from contingent import controleer_verdeling
from contingent import verdeel

INSTELLINGEN = settings(max_examples=100, deadline=None)


@st.composite
def invoer(draw, met_grenzen: bool):
    n = draw(st.integers(1, 6))
    namen = draw(st.lists(st.sampled_from("ABCDEFGHIJ"), min_size=n, max_size=n, unique=True))
    totaal = draw(st.integers(0, 60))
    aandelen = []
    for naam in namen:
        gewicht = draw(st.integers(0, 20))
        minimum = maximum = vast = None
        if met_grenzen:
            soort = draw(st.sampled_from(["geen", "geen", "min", "max", "beide", "vast"]))
            if soort in ("min", "beide"):
                minimum = draw(st.integers(0, 15))
            if soort in ("max", "beide"):
                maximum = draw(st.integers(minimum or 0, 30))
            if soort == "vast":
                vast = draw(st.integers(0, 15))
        aandelen.append(Aandeel(naam, gewicht, minimum, maximum, vast))
    if all(a.gewicht == 0 for a in aandelen):
        aandelen[0] = Aandeel(aandelen[0].zorgaanbieder, 1)
    return totaal, aandelen


def _verdeel_of_niets(totaal, aandelen):
    try:
        return verdeel(totaal, aandelen)
    except VerdeelFout:
        return None


def _grenzen(a, totaal):
    if a.vast is not None:
        return a.vast, a.vast
    return a.minimum or 0, totaal if a.maximum is None else a.maximum


@INSTELLINGEN
@given(invoer(met_grenzen=False))
def test_without_bounds_within_one_home(data):
    totaal, aandelen = data
    v = verdeel(totaal, aandelen)
    assert v.methode == "quotummethode"
    assert controleer_verdeling(v, aandelen) == []
    assert sum(r.toegewezen for r in v.regels) == totaal
    for r in v.regels:
        assert abs(r.toegewezen - r.exact) < 1
        assert r.toegewezen - r.exact == r.afronding


@INSTELLINGEN
@given(invoer(met_grenzen=True))
def test_with_bounds_totals_bounds_and_optimality(data):
    totaal, aandelen = data
    v = _verdeel_of_niets(totaal, aandelen)
    onder = sum(_grenzen(a, totaal)[0] for a in aandelen)
    boven = sum(min(_grenzen(a, totaal)[1], totaal) for a in aandelen)
    if v is None:
        assert (
            onder > totaal
            or boven < totaal
            or any(
                a.minimum is not None and a.maximum is not None and a.minimum > a.maximum
                for a in aandelen
            )
        )
        return
    assert controleer_verdeling(v, aandelen) == []
    assert sum(r.toegewezen for r in v.regels) == totaal
    per = {a.zorgaanbieder: a for a in aandelen}
    onder_aandeel = []  # can grow, and is a full home or more below its share
    boven_aandeel = []  # can shrink, and is above its share
    for r in v.regels:
        lo, hi = _grenzen(per[r.zorgaanbieder], totaal)
        assert lo <= r.toegewezen <= hi
        if r.toegewezen < hi and r.toegewezen <= r.exact - 1:
            onder_aandeel.append(r.zorgaanbieder)
        if r.toegewezen > lo and r.toegewezen > r.exact:
            boven_aandeel.append(r.zorgaanbieder)
    assert not (onder_aandeel and boven_aandeel)
    boven_ver = [
        r.zorgaanbieder
        for r in v.regels
        if r.toegewezen > _grenzen(per[r.zorgaanbieder], totaal)[0] and r.toegewezen >= r.exact + 1
    ]
    onder_vrij = [
        r.zorgaanbieder
        for r in v.regels
        if r.toegewezen < _grenzen(per[r.zorgaanbieder], totaal)[1] and r.toegewezen < r.exact
    ]
    assert not (boven_ver and onder_vrij)


@INSTELLINGEN
@given(invoer(met_grenzen=True), st.randoms(use_true_random=False))
def test_deterministic_and_order_independent(data, rnd):
    totaal, aandelen = data
    eerst = _verdeel_of_niets(totaal, aandelen)
    if eerst is None:
        return
    assert verdeel(totaal, aandelen) == eerst
    geschud = list(aandelen)
    rnd.shuffle(geschud)
    tweede = verdeel(totaal, geschud)
    assert tweede.toewijzing() == eerst.toewijzing()
    assert tweede.methode == eerst.methode
    assert [r.zorgaanbieder for r in tweede.regels] == [a.zorgaanbieder for a in geschud]


@INSTELLINGEN
@given(invoer(met_grenzen=False))
def test_scaling_weights_changes_nothing(data):
    totaal, aandelen = data
    keer = [Aandeel(a.zorgaanbieder, Fraction(a.gewicht) * 7 / 3) for a in aandelen]
    assert verdeel(totaal, keer).toewijzing() == verdeel(totaal, aandelen).toewijzing()


@INSTELLINGEN
@given(invoer(met_grenzen=False))
def test_zou_k2_house_monotone_a_larger_total_never_costs_a_home(data):
    """ZOU-K2: growing the contingent by one home never lowers any provider's share."""
    totaal, aandelen = data
    nu = verdeel(totaal, aandelen).toewijzing()
    meer = verdeel(totaal + 1, aandelen).toewijzing()
    assert all(meer[n] >= nu[n] for n in nu), (totaal, nu, meer)
    assert sum(meer.values()) == totaal + 1


def _binnen_quotum(totaal, gewichten, x):
    som = sum(gewichten)
    return all(
        math.floor(Fraction(totaal * g, som)) <= xi <= math.ceil(Fraction(totaal * g, som))
        for g, xi in zip(gewichten, x, strict=True)
    )


def test_zou_k2_brute_force_small_cases_quota_and_monotone():
    """Every weight vector of up to 3 providers with weights 0..5 and totals 0..15: each result
    is one of the (brute-forced) distributions within quota, and the sequence is monotone."""
    for n in (1, 2, 3):
        for gewichten in product(range(6), repeat=n):
            if sum(gewichten) == 0:
                continue
            namen = "ABC"[:n]
            vorige = None
            for totaal in range(16):
                aandelen = [Aandeel(naam, g) for naam, g in zip(namen, gewichten, strict=True)]
                x = [verdeel(totaal, aandelen).toewijzing()[naam] for naam in namen]
                binnen = [
                    kandidaat
                    for kandidaat in product(range(totaal + 1), repeat=n)
                    if sum(kandidaat) == totaal and _binnen_quotum(totaal, gewichten, kandidaat)
                ]
                assert tuple(x) in binnen, (gewichten, totaal, x)
                if vorige is not None:
                    assert all(a >= b for a, b in zip(x, vorige, strict=True))
                vorige = x
