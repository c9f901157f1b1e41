"""MATCH-K1 as region policy: ``voorrang`` (hard tier) or ``begrensd`` (lead of at most N months).

The policy is a value in ``Context``; the same kandidaten ranked under both policies show the
difference, and the explanation names the policy and each place's reason.
"""

from __future__ import annotations

from datetime import date

import pytest
from matching_testdata import context
from matching_testdata import kandidaat
from matching_testdata import woning

from matching import VOORRANG
from matching import EersteKeuzeBeleid
from matching import beleid_uitleg
from matching import controleer_voordracht
from matching import rangsleutel
from matching import stel_voor

BEGRENSD_12 = EersteKeuzeBeleid("begrensd", 12)


def _volgorde(beleid: EersteKeuzeBeleid, *kandidaten):  # type: ignore[no-untyped-def]
    w = woning(gemeente="Zeist")
    return [k.id for k in sorted(kandidaten, key=lambda k: rangsleutel(k, w, beleid))]


def test_match_k1_voorrang_is_a_hard_tier_and_the_default() -> None:
    later = kandidaat(
        "later", gemeentevoorkeuren=("De Bilt", "Zeist"), aanmelddatum=date(2015, 1, 1)
    )
    eerste = kandidaat("eerste", gemeentevoorkeuren=("Zeist",), aanmelddatum=date(2025, 1, 1))
    assert context().beleid == VOORRANG
    assert _volgorde(VOORRANG, later, eerste) == ["eerste", "later"]


def test_match_k1_begrensd_later_choice_goes_first_after_n_months() -> None:
    """A later-choice kandidaat goes before a first-choice kandidaat registered > 12 months later."""
    later = kandidaat(
        "later", gemeentevoorkeuren=("De Bilt", "Zeist"), aanmelddatum=date(2024, 1, 15)
    )
    net_binnen = kandidaat("binnen", gemeentevoorkeuren=("Zeist",), aanmelddatum=date(2025, 1, 15))
    net_buiten = kandidaat("buiten", gemeentevoorkeuren=("Zeist",), aanmelddatum=date(2025, 1, 16))
    assert _volgorde(BEGRENSD_12, later, net_binnen, net_buiten) == ["binnen", "later", "buiten"]
    # under the default policy both first-choice kandidaten go first
    assert _volgorde(VOORRANG, later, net_binnen, net_buiten) == ["binnen", "buiten", "later"]


@pytest.mark.parametrize(
    ("later_datum", "eerste_datum", "later_eerst"),
    [
        (date(2025, 1, 31), date(2025, 2, 28), False),  # exactly one month (clamped) later
        (date(2025, 1, 31), date(2025, 3, 1), True),
        (date(2024, 1, 31), date(2024, 2, 29), False),  # leap year
        (date(2023, 12, 31), date(2024, 1, 31), False),
        (date(2023, 12, 31), date(2024, 2, 1), True),
    ],
)
def test_match_k1_begrensd_month_ends(
    later_datum: date, eerste_datum: date, later_eerst: bool
) -> None:
    beleid = EersteKeuzeBeleid("begrensd", 1)
    later = kandidaat("L", gemeentevoorkeuren=("Bunnik", "Zeist"), aanmelddatum=later_datum)
    eerste = kandidaat("F", gemeentevoorkeuren=("Zeist",), aanmelddatum=eerste_datum)
    assert _volgorde(beleid, eerste, later) == (["L", "F"] if later_eerst else ["F", "L"])
    ctx = context(beleid=beleid)
    voorstel = stel_voor(woning(), [eerste, later], ctx)
    assert controleer_voordracht(voorstel, woning(), [eerste, later], ctx) == []


def test_match_k1_begrensd_zero_months_is_plain_longest_waiting() -> None:
    beleid = EersteKeuzeBeleid("begrensd", 0)
    a = kandidaat("a", gemeentevoorkeuren=("Bunnik", "Zeist"), aanmelddatum=date(2025, 1, 1))
    b = kandidaat("b", gemeentevoorkeuren=("Zeist",), aanmelddatum=date(2025, 1, 2))
    c = kandidaat("c", gemeentevoorkeuren=("Zeist",), aanmelddatum=date(2025, 1, 1))
    assert _volgorde(beleid, a, b, c) == ["c", "a", "b"]


def test_match_k1_explanation_names_policy_and_reason_per_place() -> None:
    later = kandidaat(
        "later", gemeentevoorkeuren=("De Bilt", "Zeist"), aanmelddatum=date(2023, 1, 2)
    )
    eerste = kandidaat("eerste", gemeentevoorkeuren=("Zeist",), aanmelddatum=date(2025, 1, 1))
    ctx = context(beleid=BEGRENSD_12)
    voorstel = stel_voor(woning(), [eerste, later], ctx)
    assert voorstel.beleid == BEGRENSD_12
    assert [p.kandidaat_id for p in voorstel.plekken] == ["later", "eerste"]
    assert voorstel.plekken[1].reden_rang == (
        "Plek 2: Zeist is de eerste keuze; wacht sinds 1 januari 2025; komt na plek 1, die meer "
        "dan 12 maanden eerder is aangemeld (de voorsprong van eerste keuze is begrensd)."
    )
    assert "meer dan 12 maanden eerder" in beleid_uitleg(BEGRENSD_12, "Zeist")
    assert "gaat voor" in beleid_uitleg(VOORRANG, "Zeist")
    # a proposal made under one policy does not validate under the other
    assert controleer_voordracht(voorstel, woning(), [eerste, later], context()) != []


def test_match_k1_policy_values_are_checked() -> None:
    with pytest.raises(ValueError):
        EersteKeuzeBeleid("begrensd")
    with pytest.raises(ValueError):
        EersteKeuzeBeleid("voorrang", 3)
    with pytest.raises(ValueError):
        EersteKeuzeBeleid("streng")
