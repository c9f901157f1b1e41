"""stel_voor behaviour: MATCH-N, lazy sorted input, overslaan, MATCH-V1, MATCH-E7."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from datetime import timedelta
from types import MappingProxyType

import pytest
from matching_testdata import context
from matching_testdata import kandidaat
from matching_testdata import woning

from matching import Kandidaat
from matching import controleer_voordracht
from matching import rangsleutel
from matching import stel_voor

BEGIN = date(2024, 1, 1)


def _rij(n: int, **velden: object) -> list[Kandidaat]:
    """n suitable kandidaten k00, k01, ... already in rank order (one day apart)."""
    return [
        kandidaat(f"k{i:02d}", aanmelddatum=BEGIN + timedelta(days=i), **velden)  # type: ignore[arg-type]
        for i in range(n)
    ]


class _Bron:
    """A lazy source that fails when read past ``grens`` items."""

    def __init__(self, kandidaten: list[Kandidaat], grens: int) -> None:
        self.kandidaten = kandidaten
        self.grens = grens
        self.gelezen = 0

    def __iter__(self) -> Iterator[Kandidaat]:
        for k in self.kandidaten:
            if self.gelezen >= self.grens:
                raise AssertionError(f"read past item {self.grens}")
            self.gelezen += 1
            yield k


def test_match_n_default_three_places() -> None:
    voorstel = stel_voor(woning(), _rij(5), context())
    assert [p.kandidaat_id for p in voorstel.plekken] == ["k00", "k01", "k02"]
    assert voorstel.gevraagd == 3
    assert voorstel.volledig
    assert voorstel.onderzocht == 3


def test_match_n_fewer_than_three_is_not_volledig() -> None:
    ks = _rij(2) + [kandidaat("x", status="geplaatst")]
    voorstel = stel_voor(woning(), ks, context())
    assert len(voorstel.plekken) == 2
    assert not voorstel.volledig
    assert voorstel.onderzocht == 3
    assert voorstel.uitgesloten_per_regel["MATCH-E1"] == 1


def test_match_n_no_kandidaten() -> None:
    voorstel = stel_voor(woning(), [], context())
    assert voorstel.plekken == ()
    assert not voorstel.volledig
    assert voorstel.onderzocht == 0
    assert set(voorstel.uitgesloten_per_regel) == {"MATCH-V1"} | {
        f"MATCH-E{i}" for i in range(1, 8)
    }
    assert all(v == 0 for v in voorstel.uitgesloten_per_regel.values())


def test_match_n_configurable_aantal() -> None:
    voorstel = stel_voor(woning(), _rij(6), context(aantal=5))
    assert len(voorstel.plekken) == 5
    assert voorstel.gevraagd == 5


def test_aantal_zero_reads_nothing() -> None:
    bron = _Bron(_rij(3), grens=0)
    voorstel = stel_voor(woning(), bron, context(aantal=0), gesorteerd=True)
    assert voorstel.plekken == ()
    assert voorstel.volledig
    assert bron.gelezen == 0


def test_negative_aantal_is_rejected() -> None:
    with pytest.raises(ValueError):
        context(aantal=-1)


def test_sorted_lazy_input_stops_at_the_last_place() -> None:
    """gesorteerd=True: the generator is never read past the third suitable kandidaat."""
    ks = _rij(1) + [kandidaat("uit", aanmelddatum=BEGIN, status="gepauzeerd")] + _rij(1000)[1:]
    ks.sort(key=lambda k: rangsleutel(k, woning()))
    bron = _Bron(ks, grens=4)  # 'k00', 'uit', 'k01', 'k02'
    voorstel = stel_voor(woning(), bron, context(), gesorteerd=True)
    assert [p.kandidaat_id for p in voorstel.plekken] == ["k00", "k01", "k02"]
    assert bron.gelezen == 4
    assert voorstel.onderzocht == 4


def test_sorted_lazy_input_works_on_a_plain_generator() -> None:
    def bron() -> Iterator[Kandidaat]:
        for i in range(10**9):
            if i == 3:
                raise AssertionError("consumed too far")
            yield kandidaat(f"k{i:02d}", aanmelddatum=BEGIN + timedelta(days=i))

    voorstel = stel_voor(woning(), bron(), context(), gesorteerd=True)
    assert voorstel.volledig


def test_sorted_mode_rejects_input_out_of_order() -> None:
    ks = list(reversed(_rij(3)))
    with pytest.raises(ValueError, match="out of rangsleutel order"):
        stel_voor(woning(), ks, context(), gesorteerd=True)


def test_duplicate_kandidaat_is_rejected() -> None:
    k = kandidaat("dubbel")
    with pytest.raises(ValueError, match="more than once"):
        stel_voor(woning(), [k, k], context())


def test_unsorted_mode_sorts_the_whole_list() -> None:
    ks = list(reversed(_rij(5)))
    voorstel = stel_voor(woning(), ks, context())
    assert [p.kandidaat_id for p in voorstel.plekken] == ["k00", "k01", "k02"]


def test_overslaan_is_skipped_silently_and_not_counted() -> None:
    ks = _rij(5)
    ctx = context(overslaan={"k00", "k02"}, aantal=2)
    voorstel = stel_voor(woning(), ks, ctx)
    assert [p.kandidaat_id for p in voorstel.plekken] == ["k01", "k03"]
    assert [p.positie for p in voorstel.plekken] == [1, 2]
    assert voorstel.onderzocht == 2
    assert sum(voorstel.uitgesloten_per_regel.values()) == 0
    assert controleer_voordracht(voorstel, woning(), ks, ctx) == []


def test_overslaan_wins_over_geschrapt_and_afgewezen() -> None:
    """A kandidaat in overslaan is not examined, so not counted under MATCH-V1 or MATCH-E7."""
    ks = _rij(3)
    ctx = context(overslaan={"k00"}, geschrapt={"k00": "x"}, afgewezen={"k00"})
    voorstel = stel_voor(woning(), ks, ctx)
    assert voorstel.uitgesloten_per_regel["MATCH-V1"] == 0
    assert voorstel.uitgesloten_per_regel["MATCH-E7"] == 0
    assert voorstel.onderzocht == 2


def test_match_v1_struck_kandidaat_is_replaced_by_the_next() -> None:
    ks = _rij(4)
    ctx = context(geschrapt={"k01": "Woont tijdelijk bij familie (ZOU-C4)"})
    voorstel = stel_voor(woning(), ks, ctx)
    assert [p.kandidaat_id for p in voorstel.plekken] == ["k00", "k02", "k03"]
    assert voorstel.uitgesloten_per_regel["MATCH-V1"] == 1
    assert voorstel.onderzocht == 4


def test_match_v1_is_counted_before_other_rules() -> None:
    ks = [kandidaat("k", status="gepauzeerd")]
    voorstel = stel_voor(woning(), ks, context(geschrapt={"k": "x"}))
    assert voorstel.uitgesloten_per_regel["MATCH-V1"] == 1
    assert voorstel.uitgesloten_per_regel["MATCH-E1"] == 0


def test_match_e7_declined_kandidaat_is_not_proposed_again() -> None:
    ks = _rij(4)
    voorstel = stel_voor(woning(), ks, context(afgewezen={"k00"}))
    assert [p.kandidaat_id for p in voorstel.plekken] == ["k01", "k02", "k03"]
    assert voorstel.uitgesloten_per_regel["MATCH-E7"] == 1


def test_match_e7_decline_of_another_woning_does_not_count() -> None:
    """afgewezen holds declines of THIS woning only; the caller passes the right set."""
    voorstel = stel_voor(woning("w2"), _rij(3), context())
    assert voorstel.uitgesloten_per_regel["MATCH-E7"] == 0


def test_each_place_explains_all_rules() -> None:
    voorstel = stel_voor(woning(), _rij(1), context())
    plek = voorstel.plekken[0]
    assert [u.regel for u in plek.redenen_geschikt] == [f"MATCH-E{i}" for i in range(1, 8)]
    assert all(u.geschikt for u in plek.redenen_geschikt)
    assert plek.reden_rang.startswith(
        "Plek 1: Zeist is de eerste keuze; wacht sinds 1 januari 2024"
    )


def test_context_and_voorstel_are_frozen_and_hashable() -> None:
    ctx = context(geschrapt={"a": "b"}, afgewezen=["x"])
    assert isinstance(ctx.afgewezen, frozenset)
    hash(ctx)
    voorstel = stel_voor(woning(), _rij(2), ctx)
    hash(voorstel)
    with pytest.raises(TypeError):
        ctx.geschrapt["c"] = "d"  # type: ignore[index]
    with pytest.raises(TypeError):
        voorstel.uitgesloten_per_regel["MATCH-E1"] = 9  # type: ignore[index]


def test_context_keeps_its_own_read_only_copies() -> None:
    """A context never follows the caller's sets and mappings after it is made (MATCH-E7,
    MATCH-V1, MATCH-E3's table), also when they came wrapped read-only; values already of
    their type are kept, and every context without strikes shares one empty mapping."""
    geschrapt = {"k01": "dubbel"}
    afgewezen = {"k02"}
    tabel = [1, 2, 3]
    c = context(geschrapt=geschrapt, afgewezen=afgewezen, kamers_per_huishouden=tabel)
    geschrapt["k03"] = "later"
    afgewezen.add("k04")
    tabel.append(4)
    assert dict(c.geschrapt) == {"k01": "dubbel"}
    assert c.afgewezen == frozenset({"k02"}) and type(c.afgewezen) is frozenset
    assert c.kamers_per_huishouden == (1, 2, 3)
    with pytest.raises(TypeError):
        c.geschrapt["k05"] = "nee"  # type: ignore[index]
    onder = {"k01": "dubbel"}
    via_proxy = context(geschrapt=MappingProxyType(onder))
    onder["k06"] = "later"
    assert dict(via_proxy.geschrapt) == {"k01": "dubbel"}
    vast = frozenset({"k02"})
    assert context(afgewezen=vast).afgewezen is vast
    leeg = context()
    assert dict(leeg.geschrapt) == {}
    assert context(geschrapt={}).geschrapt is leeg.geschrapt
    with pytest.raises(TypeError):
        leeg.geschrapt["k05"] = "nee"  # type: ignore[index]
