"""Golden cases: ten kandidaten and three woningen, proposals worked out by hand.

Peildatum 2 March 2026, 2026 limits (DOMAIN.md §4), AOW age 67 years. Covers MATCH-E1..E7,
MATCH-V1, MATCH-K1 (first choice before longer waiting), MATCH-K3 (same aanmelddatum),
MATCH-N (full and short proposals).

Kandidaten (gemeentevoorkeuren, aanmelddatum, household, income, other):

    A  Zeist               2025-03-03 09:00  1p  32.000
    B  Zeist               2025-01-10        1p  22.000  (below passend limit -> aftopping)
    C  De Bilt, Zeist      2024-06-01        1p  35.000
    D  Zeist, De Bilt      2025-03-03 08:00  1p  30.000
    E  Zeist, De Bilt      2024-11-11        1p  30.000  status gepauzeerd
    F  Zeist, De Bilt      2024-02-02        3p  38.000  needs 2 rooms
    G  Heuvelrug, Zeist    2024-09-09        1p  40.000  born 1950, trapvrij, floor <= 1
    H  Zeist               2025-05-05        1p  31.000
    I  Zeist, De Bilt      2025-06-06        1p  33.000
    J  Bunnik              2023-01-01        1p  30.000
    K  Zeist               2025-08-08        1p  27.000  born 1960

All others are born in 1980-1995 and have no accessibility needs.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from matching_testdata import context
from matching_testdata import kandidaat
from matching_testdata import volg
from matching_testdata import woning

from matching import Kandidaat
from matching import Voordracht
from matching import Woning
from matching import controleer_voordracht
from matching import rangsleutel
from matching import stel_voor

KANDIDATEN = (
    kandidaat(
        "A",
        gemeentevoorkeuren=("Zeist",),
        aanmelddatum=date(2025, 3, 3),
        volgnummer=volg(2025, 3, 3, 9),
        jaarinkomen=32000,
        geboortedatum=date(1985, 4, 1),
    ),
    kandidaat(
        "B",
        gemeentevoorkeuren=("Zeist",),
        aanmelddatum=date(2025, 1, 10),
        jaarinkomen=22000,
        geboortedatum=date(1990, 1, 1),
    ),
    kandidaat(
        "C",
        gemeentevoorkeuren=("De Bilt", "Zeist"),
        aanmelddatum=date(2024, 6, 1),
        jaarinkomen=35000,
        geboortedatum=date(1980, 7, 7),
    ),
    kandidaat(
        "D",
        gemeentevoorkeuren=("Zeist", "De Bilt"),
        aanmelddatum=date(2025, 3, 3),
        volgnummer=volg(2025, 3, 3, 8),
        jaarinkomen=30000,
        geboortedatum=date(1992, 2, 2),
    ),
    kandidaat(
        "E",
        status="gepauzeerd",
        gemeentevoorkeuren=("Zeist", "De Bilt"),
        aanmelddatum=date(2024, 11, 11),
        jaarinkomen=30000,
        geboortedatum=date(1988, 8, 8),
    ),
    kandidaat(
        "F",
        gemeentevoorkeuren=("Zeist", "De Bilt"),
        aanmelddatum=date(2024, 2, 2),
        volwassenen=2,
        kinderen=1,
        minimum_kamers=2,
        jaarinkomen=38000,
        geboortedatum=date(1987, 3, 3),
    ),
    kandidaat(
        "G",
        gemeentevoorkeuren=("Utrechtse Heuvelrug", "Zeist"),
        aanmelddatum=date(2024, 9, 9),
        jaarinkomen=40000,
        geboortedatum=date(1950, 5, 5),
        trapvrij=True,
        hoogste_verdieping=1,
    ),
    kandidaat(
        "H",
        gemeentevoorkeuren=("Zeist",),
        aanmelddatum=date(2025, 5, 5),
        jaarinkomen=31000,
        geboortedatum=date(1995, 5, 5),
    ),
    kandidaat(
        "I",
        gemeentevoorkeuren=("Zeist", "De Bilt"),
        aanmelddatum=date(2025, 6, 6),
        jaarinkomen=33000,
        geboortedatum=date(1983, 6, 6),
    ),
    kandidaat(
        "J",
        gemeentevoorkeuren=("Bunnik",),
        aanmelddatum=date(2023, 1, 1),
        jaarinkomen=30000,
        geboortedatum=date(1981, 1, 1),
    ),
    kandidaat(
        "K",
        gemeentevoorkeuren=("Zeist",),
        aanmelddatum=date(2025, 8, 8),
        jaarinkomen=27000,
        geboortedatum=date(1960, 1, 1),
    ),
)

# Zeist, 2nd floor with lift, rent above the low aftoppingsgrens.
W1 = woning(
    "W1",
    gemeente="Zeist",
    kale_huur=Decimal("745.00"),
    kamers=2,
    verdieping=2,
    lift=True,
    gelijkvloers=True,
    max_bewoners=2,
)
# De Bilt, family home on the ground floor.
W2 = woning(
    "W2",
    gemeente="De Bilt",
    kale_huur=Decimal("690.00"),
    kamers=3,
    verdieping=0,
    gelijkvloers=True,
    rolstoeltoegankelijk=True,
    max_bewoners=4,
)
# Zeist, senior home 55+, 1st floor without lift.
W3 = woning(
    "W3",
    gemeente="Zeist",
    kale_huur=Decimal("650.00"),
    kamers=1,
    verdieping=1,
    lift=False,
    gelijkvloers=True,
    max_bewoners=1,
    minimumleeftijd=55,
)


def _tellingen(**aantallen: int) -> dict[str, int]:
    telling = dict.fromkeys(
        ["MATCH-V1"] + [f"MATCH-E{i}" for i in range(1, 8)],
        0,
    )
    for sleutel, aantal in aantallen.items():
        telling[sleutel.replace("_", "-")] = aantal
    return telling


def _beide_modi(w: Woning, ctx_velden: dict[str, object]) -> Voordracht:
    ctx = context(**ctx_velden)
    voorstel = stel_voor(w, KANDIDATEN, ctx)
    geordend = iter(sorted(KANDIDATEN, key=lambda k: rangsleutel(k, w)))
    assert stel_voor(w, geordend, ctx, gesorteerd=True) == voorstel
    assert controleer_voordracht(voorstel, w, KANDIDATEN, ctx) == []
    return voorstel


def test_golden_w1_zeist_k1_k3_and_exclusions() -> None:
    """Walk: F(E3) E(E1) B(E4) D(1) A(2) H(E7) I(3) - stop; C, G, J not examined."""
    voorstel = _beide_modi(W1, {"afgewezen": {"H"}})
    assert [p.kandidaat_id for p in voorstel.plekken] == ["D", "A", "I"]
    assert [p.positie for p in voorstel.plekken] == [1, 2, 3]
    assert all(p.eerste_keuze for p in voorstel.plekken)
    assert voorstel.volledig
    assert voorstel.onderzocht == 7
    assert dict(voorstel.uitgesloten_per_regel) == _tellingen(
        MATCH_E1=1, MATCH_E3=1, MATCH_E4=1, MATCH_E7=1
    )
    assert [p.reden_rang for p in voorstel.plekken] == [
        "Plek 1: Zeist is de eerste keuze; wacht sinds 3 maart 2025 "
        "(het langst van wie Zeist als eerste keuze heeft).",
        "Plek 2: Zeist is de eerste keuze; wacht sinds 3 maart 2025; "
        "zelfde aanmelddatum als plek 1, maar later ingeschreven (bij dezelfde aanmelddatum "
        "gaat wie eerder is ingeschreven voor).",
        "Plek 3: Zeist is de eerste keuze; wacht sinds 6 juni 2025.",
    ]
    d = voorstel.plekken[0]
    assert d.aanmelddatum == date(2025, 3, 3)
    assert [u.regel for u in d.redenen_geschikt] == [f"MATCH-E{i}" for i in range(1, 8)]
    assert d.redenen_geschikt[1].reden == "Zeist is de eerste keuze"
    assert d.redenen_geschikt[3].reden == (
        "Huur € 745,00 is sociale huur en het inkomen past (grens € 51.537)"
    )


def test_golden_w1_with_strike_fills_from_non_first_choice() -> None:
    """MATCH-V1: A struck. Walk: F(E3) E(E1) B(E4) D(1) A(V1) H(E7) I(2) K(E4) J(E2) C(3).

    K (first choice, income below the passend limit) meets the aftoppingsgrens: E4.
    """
    voorstel = _beide_modi(W1, {"afgewezen": {"H"}, "geschrapt": {"A": "Gaat samenwonen"}})
    assert [p.kandidaat_id for p in voorstel.plekken] == ["D", "I", "C"]
    assert [p.eerste_keuze for p in voorstel.plekken] == [True, True, False]
    assert voorstel.onderzocht == 10
    assert dict(voorstel.uitgesloten_per_regel) == _tellingen(
        MATCH_V1=1, MATCH_E1=1, MATCH_E2=1, MATCH_E3=1, MATCH_E4=2, MATCH_E7=1
    )
    assert voorstel.plekken[2].reden_rang == (
        "Plek 3: Zeist is keuze 2, niet de eerste keuze; wacht sinds 1 juni 2024; "
        "komt daarom na wie Zeist als eerste keuze heeft."
    )


def test_golden_w1_overslaan_replaces_one_place() -> None:
    """D and A already hold places: they are skipped without being counted."""
    voorstel = _beide_modi(W1, {"afgewezen": {"H"}, "overslaan": {"D", "A"}, "aantal": 1})
    assert [p.kandidaat_id for p in voorstel.plekken] == ["I"]
    assert voorstel.plekken[0].positie == 1
    assert voorstel.onderzocht == 5  # F E B H I
    assert dict(voorstel.uitgesloten_per_regel) == _tellingen(
        MATCH_E1=1, MATCH_E3=1, MATCH_E4=1, MATCH_E7=1
    )


def test_golden_w2_de_bilt_first_choice_before_longer_waiting() -> None:
    """MATCH-K1: C (first choice, 2024-06-01) before J/F (waiting longer, not first choice).

    Walk: C(1) J(E2) F(2) G(E2) E(E1) B(E2) D(3) - stop.
    """
    voorstel = _beide_modi(W2, {})
    assert [p.kandidaat_id for p in voorstel.plekken] == ["C", "F", "D"]
    assert [p.eerste_keuze for p in voorstel.plekken] == [True, False, False]
    assert voorstel.onderzocht == 7
    assert dict(voorstel.uitgesloten_per_regel) == _tellingen(MATCH_E1=1, MATCH_E2=3)
    assert [p.reden_rang for p in voorstel.plekken] == [
        "Plek 1: De Bilt is de eerste keuze; wacht sinds 1 juni 2024 "
        "(het langst van wie De Bilt als eerste keuze heeft).",
        "Plek 2: De Bilt is keuze 2, niet de eerste keuze; wacht sinds 2 februari 2024; "
        "komt daarom na wie De Bilt als eerste keuze heeft.",
        "Plek 3: De Bilt is keuze 2, niet de eerste keuze; wacht sinds 3 maart 2025.",
    ]
    # F: 3 persons, income below the "meer" passend limit -> high aftoppingsgrens
    assert voorstel.plekken[1].redenen_geschikt[3].reden == (
        "Huur € 690,00 past bij dit inkomen (grens € 764,00)"
    )


def test_golden_w3_senior_home_is_short_of_candidates() -> None:
    """MATCH-E6 and MATCH-N: only K (66) fits the 55+ home; everyone is examined.

    F(E3) E(E1) B D A H I (E6) K(1) J(E2) C(E6) G(E5: trapvrij, 1st floor, no lift).
    """
    voorstel = _beide_modi(W3, {})
    assert [p.kandidaat_id for p in voorstel.plekken] == ["K"]
    assert not voorstel.volledig
    assert voorstel.gevraagd == 3
    assert voorstel.onderzocht == 11
    assert dict(voorstel.uitgesloten_per_regel) == _tellingen(
        MATCH_E1=1, MATCH_E2=1, MATCH_E3=1, MATCH_E5=1, MATCH_E6=6
    )
    assert voorstel.uitgesloten == 10
    assert voorstel.plekken[0].reden_rang == (
        "Plek 1: Zeist is de eerste keuze; wacht sinds 8 augustus 2025 "
        "(het langst van wie Zeist als eerste keuze heeft)."
    )


@pytest.mark.parametrize("w", [W1, W2, W3], ids=lambda w: w.id)
def test_golden_input_order_does_not_matter(w: Woning) -> None:
    """MATCH-K3: deterministic whatever order the kandidaten arrive in."""
    ctx = context(afgewezen={"H"})
    vooruit = stel_voor(w, KANDIDATEN, ctx)
    achteruit = stel_voor(w, tuple(reversed(KANDIDATEN)), ctx)
    assert vooruit == achteruit


def _ids(kandidaten: tuple[Kandidaat, ...]) -> list[str]:
    return [k.id for k in kandidaten]


def test_golden_data_ids_are_unique() -> None:
    assert len(set(_ids(KANDIDATEN))) == len(KANDIDATEN)
