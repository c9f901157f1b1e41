"""Ranking tests: MATCH-K1 first choice, MATCH-K2 longest waiting, MATCH-K3 ties."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

from matching_testdata import context, kandidaat, moment, woning

from matching import is_eerste_keuze, rangsleutel, stel_voor


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


def test_match_k2_waiting_time_follows_aanmelddatum_not_aangemaakt_op() -> None:
    """Waiting time runs from the registration date, even if the record was made later."""
    oud = kandidaat("oud", aanmelddatum=date(2024, 1, 1), aangemaakt_op=moment(2025, 6, 1))
    nieuw = kandidaat("nieuw", aanmelddatum=date(2024, 6, 1), aangemaakt_op=moment(2024, 6, 1))
    assert _volgorde(nieuw, oud) == ["oud", "nieuw"]


def test_match_k3_same_date_earlier_moment_first() -> None:
    dag = date(2025, 3, 3)
    laat = kandidaat("a", aanmelddatum=dag, aangemaakt_op=moment(2025, 3, 3, 15))
    vroeg = kandidaat("z", aanmelddatum=dag, aangemaakt_op=moment(2025, 3, 3, 8))
    assert _volgorde(laat, vroeg) == ["z", "a"]


def test_match_k3_same_moment_then_id() -> None:
    dag = date(2025, 3, 3)
    tijd = moment(2025, 3, 3, 10)
    ks = [kandidaat(i, aanmelddatum=dag, aangemaakt_op=tijd) for i in ("k10", "k2", "k1")]
    assert _volgorde(*ks) == ["k1", "k10", "k2"]
    voorstel = stel_voor(woning(), ks, context())
    assert voorstel.plekken[1].reden_rang == (
        "Plek 2: Zeist is de eerste keuze; wacht sinds 3 maart 2025; "
        "zelfde aanmelddatum en inschrijfmoment als plek 1; volgorde op kandidaatnummer."
    )


def test_match_k3_moments_in_other_time_zones_are_compared_in_utc() -> None:
    dag = date(2025, 3, 3)
    amsterdam = timezone(timedelta(hours=1))
    # 09:30 in Amsterdam is 08:30 UTC: earlier than 09:00 UTC
    a = kandidaat("a", aanmelddatum=dag, aangemaakt_op=moment(2025, 3, 3, 9))
    b = kandidaat(
        "b", aanmelddatum=dag, aangemaakt_op=datetime(2025, 3, 3, 9, 30, tzinfo=amsterdam)
    )
    assert b.aangemaakt_op.tzinfo is UTC
    assert _volgorde(a, b) == ["b", "a"]


def test_naive_aangemaakt_op_is_taken_as_utc() -> None:
    k = kandidaat(aangemaakt_op=datetime(2025, 3, 3, 9, 0))
    assert k.aangemaakt_op == moment(2025, 3, 3, 9)


def test_rangsleutel_shape() -> None:
    k = kandidaat("x", gemeentevoorkeuren=("De Bilt", "Zeist"))
    w = woning(gemeente="Zeist")
    assert rangsleutel(k, w)[0] == 1 and rangsleutel(k, w)[-3:] == (
        k.aanmelddatum,
        k.aangemaakt_op,
        "x",
    )
    assert rangsleutel(k, woning(gemeente="De Bilt"))[0] == 0
    assert not is_eerste_keuze(kandidaat(gemeentevoorkeuren=()), w)
