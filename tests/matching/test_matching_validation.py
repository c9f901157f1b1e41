"""controleer_voordracht catches broken proposals (the checker itself is tested here)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from datetime import timedelta

from matching_testdata import context
from matching_testdata import kandidaat
from matching_testdata import woning

from matching import Kandidaat
from matching import Voordracht
from matching import controleer_voordracht
from matching import stel_voor

W = woning()
CTX = context()
KANDIDATEN: list[Kandidaat] = [
    kandidaat(f"k{i}", aanmelddatum=date(2024, 1, 1) + timedelta(days=i)) for i in range(5)
] + [kandidaat("uit", status="gepauzeerd", aanmelddatum=date(2023, 1, 1))]
GOED = stel_voor(W, KANDIDATEN, CTX)


def _fouten(voorstel: Voordracht) -> list[str]:
    return controleer_voordracht(voorstel, W, KANDIDATEN, CTX)


def test_valid_proposal_has_no_violations() -> None:
    assert [p.kandidaat_id for p in GOED.plekken] == ["k0", "k1", "k2"]
    assert _fouten(GOED) == []


def test_detects_wrong_rank_order() -> None:
    a, b, c = GOED.plekken
    gewisseld = replace(GOED, plekken=(replace(b, positie=1), replace(a, positie=2), c))
    assert any("ranks lower" in f for f in _fouten(gewisseld))


def test_detects_missing_better_kandidaat() -> None:
    a, b, _ = GOED.plekken
    vier = next(k for k in KANDIDATEN if k.id == "k4")
    ander = replace(GOED.plekken[2], kandidaat_id="k4", aanmelddatum=vier.aanmelddatum)
    fouten = _fouten(replace(GOED, plekken=(a, b, ander)))
    assert any("left out" in f for f in fouten)


def test_detects_too_few_places() -> None:
    fouten = _fouten(replace(GOED, plekken=GOED.plekken[:2], onderzocht=2))
    assert any("expected 3" in f for f in fouten)


def test_detects_bad_positions_and_duplicates() -> None:
    a, b, c = GOED.plekken
    assert any(
        "positions" in f for f in _fouten(replace(GOED, plekken=(a, b, replace(c, positie=4))))
    )
    assert any(
        "duplicate" in f for f in _fouten(replace(GOED, plekken=(a, b, replace(b, positie=3))))
    )


def test_detects_unsuitable_and_unknown_kandidaten() -> None:
    a, b, c = GOED.plekken
    uit = replace(c, kandidaat_id="uit", aanmelddatum=date(2023, 1, 1))
    assert any("excluded by MATCH-E1" in f for f in _fouten(replace(GOED, plekken=(a, b, uit))))
    onbekend = replace(c, kandidaat_id="niemand")
    assert any("not in the input" in f for f in _fouten(replace(GOED, plekken=(a, b, onbekend))))


def test_detects_wrong_counts() -> None:
    telling = dict(GOED.uitgesloten_per_regel)
    telling["MATCH-E2"] += 1
    assert _fouten(replace(GOED, uitgesloten_per_regel=telling, onderzocht=GOED.onderzocht + 1))
    assert _fouten(replace(GOED, onderzocht=GOED.onderzocht + 1))
    zonder_v1 = {k: v for k, v in GOED.uitgesloten_per_regel.items() if k != "MATCH-V1"}
    assert any("keys" in f for f in _fouten(replace(GOED, uitgesloten_per_regel=zonder_v1)))


def test_detects_wrong_details() -> None:
    a, b, c = GOED.plekken
    assert _fouten(replace(GOED, plekken=(replace(a, eerste_keuze=False), b, c)))
    assert _fouten(replace(GOED, plekken=(replace(a, aanmelddatum=date(2000, 1, 1)), b, c)))
    assert _fouten(replace(GOED, plekken=(replace(a, redenen_geschikt=()), b, c)))
    assert _fouten(replace(GOED, plekken=(replace(a, reden_rang="Plek 2: ..."), b, c)))
    assert _fouten(replace(GOED, woning_id="anders"))
    assert _fouten(replace(GOED, gevraagd=2))


def test_detects_proposed_kandidaat_from_overslaan() -> None:
    ctx = context(overslaan={"k0"})
    assert controleer_voordracht(GOED, W, KANDIDATEN, ctx)
    assert controleer_voordracht(stel_voor(W, KANDIDATEN, ctx), W, KANDIDATEN, ctx) == []
