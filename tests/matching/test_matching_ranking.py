"""Ranking tests: MATCH-K1 first choice, MATCH-K2 longest waiting, MATCH-K3 ties."""

from __future__ import annotations

from datetime import date

from matching_testdata import context
from matching_testdata import kandidaat
from matching_testdata import woning

from matching import is_eerste_keuze
from matching import rangsleutel
from matching import stel_voor


def _volgorde(*kandidaten):  # type: ignore[no-untyped-def]
    w = woning(gemeente="Zeist")
    return [k.id for k in sorted(kandidaten, key=lambda k: rangsleutel(k, w))]


def test_match_k1_first_choice_before_longer_waiting_non_first_choice() -> None:
    lang_wachtend = kandidaat(
        "lang", gemeentevoorkeuren=("De Bilt", "Zeist"), aanmelddatum=date(2020, 1, 1)
    )
    eerste_keuze = kandidaat("kort", gemeentevoorkeuren=("Zeist",), aanmelddatum=date(2025, 1, 1))
    assert _volgorde(lang_wachtend, eerste_keuze) == ["kort", "lang"]
    voorstel = stel_voor(woning(), [lang_wachtend, eerste_keuze], context())
    assert [p.kandidaat_id for p in voorstel.plekken] == ["kort", "lang"]
    assert [p.eerste_keuze for p in voorstel.plekken] == [True, False]


def test_match_k2_longest_waiting_first_within_class() -> None:
    a = kandidaat("a", aanmelddatum=date(2025, 2, 1))
    b = kandidaat("b", aanmelddatum=date(2024, 2, 1))
    c = kandidaat("c", aanmelddatum=date(2024, 12, 31))
    assert _volgorde(a, b, c) == ["b", "c", "a"]


def test_match_k2_waiting_time_follows_aanmelddatum_not_registration_order() -> None:
    """Waiting time runs from the registration date, even if the record was made later."""
    oud = kandidaat("oud", aanmelddatum=date(2024, 1, 1), volgnummer=2)
    nieuw = kandidaat("nieuw", aanmelddatum=date(2024, 6, 1), volgnummer=1)
    assert _volgorde(nieuw, oud) == ["oud", "nieuw"]


def test_match_k3_same_date_registered_earlier_first() -> None:
    """MATCH-K3: at an equal aanmelddatum the lower volgnummer (registered earlier) goes first,
    whatever the ids say (a random uuid must never decide)."""
    dag = date(2025, 3, 3)
    laat = kandidaat("a", aanmelddatum=dag, volgnummer=15)
    vroeg = kandidaat("z", aanmelddatum=dag, volgnummer=8)
    assert _volgorde(laat, vroeg) == ["z", "a"]
    voorstel = stel_voor(woning(), [laat, vroeg], context())
    assert [p.kandidaat_id for p in voorstel.plekken] == ["z", "a"]
    assert voorstel.plekken[1].reden_rang == (
        "Plek 2: Zeist is de eerste keuze; wacht sinds 3 maart 2025; zelfde aanmelddatum als "
        "plek 1, maar later ingeschreven (bij dezelfde aanmelddatum gaat wie eerder is "
        "ingeschreven voor)."
    )


def test_match_k3_same_volgnummer_then_id() -> None:
    dag = date(2025, 3, 3)
    ks = [kandidaat(i, aanmelddatum=dag, volgnummer=10) for i in ("k10", "k2", "k1")]
    assert _volgorde(*ks) == ["k1", "k10", "k2"]
    voorstel = stel_voor(woning(), ks, context())
    assert voorstel.plekken[1].reden_rang == (
        "Plek 2: Zeist is de eerste keuze; wacht sinds 3 maart 2025; "
        "zelfde aanmelddatum en volgnummer als plek 1; volgorde op kandidaatnummer."
    )


def test_rangsleutel_shape() -> None:
    k = kandidaat("x", gemeentevoorkeuren=("De Bilt", "Zeist"))
    w = woning(gemeente="Zeist")
    assert rangsleutel(k, w)[0] == 1 and rangsleutel(k, w)[-3:] == (
        k.aanmelddatum,
        k.volgnummer,
        "x",
    )
    assert rangsleutel(k, woning(gemeente="De Bilt"))[0] == 0
    assert not is_eerste_keuze(kandidaat(gemeentevoorkeuren=()), w)
