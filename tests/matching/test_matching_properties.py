"""Property tests (hypothesis): every proposal passes controleer_voordracht, and the lazy
sorted mode gives the same Voordracht as the unsorted mode (MATCH-E1..E7, K1..K3, N, V1), under
both MATCH-K1 region policies (``voorrang`` and ``begrensd``)."""

from __future__ import annotations

import random
from datetime import date
from decimal import Decimal

from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st
from matching_testdata import GRENZEN_2026

from matching import Context
from matching import EersteKeuzeBeleid
from matching import Kandidaat
from matching import Woning
from matching import controleer_voordracht
from matching import rangsleutel
from matching import stel_voor

GEMEENTEN = ("Zeist", "De Bilt", "Bunnik")
PEILDATUM = date(2026, 3, 2)

datums = st.dates(min_value=date(2024, 1, 1), max_value=date(2024, 1, 20)) | st.dates(
    min_value=date(2023, 1, 25), max_value=date(2024, 4, 5)
)

#: MATCH-K1 region policies: the hard tier and bounded leads around the date spread above.
beleiden = st.sampled_from(
    [EersteKeuzeBeleid()] + [EersteKeuzeBeleid("begrensd", n) for n in (0, 1, 2, 12)]
)


def meestal(gewoon: object, *zelden: object) -> st.SearchStrategy[object]:
    """Mostly ``gewoon`` (so that enough kandidaten are suitable), sometimes one of ``zelden``."""
    return st.sampled_from([gewoon] * (4 * len(zelden)) + list(zelden))


@st.composite
def kandidaat_zonder_id(draw: st.DrawFn) -> dict[str, object]:
    aanmelddatum = draw(datums)
    uur = draw(st.sampled_from([8, 9]))
    voorkeuren = draw(st.permutations(GEMEENTEN))[: draw(meestal(3, 0, 1, 2))]
    # one draw per rule family, so that most kandidaten pass it
    actief = draw(
        meestal(
            {},
            {"status": "gepauzeerd"},
            {"status": "aangeboden"},
            {"route": "maatwerk"},
            {"gereed_verklaard": False},
            {"begeleiding_akkoord": False},
        )
    )
    toegang = draw(
        meestal(
            {},
            {"rolstoel": True},
            {"trapvrij": True},
            {"hoogste_verdieping": 0},
            {"hoogste_verdieping": 1, "trapvrij": True},
        )
    )
    huishouden = draw(
        meestal(
            {},
            {"volwassenen": 2},
            {"volwassenen": 1, "kinderen": 2, "minimum_kamers": 2},
            {"volwassenen": 2, "kinderen": 3, "minimum_kamers": 3},
        )
    )
    return {
        "status": "wachtend",
        "route": "omgekeerde-plaatsing",
        "gereed_verklaard": True,
        "begeleiding_akkoord": True,
        "aanmelddatum": aanmelddatum,
        "volgnummer": aanmelddatum.toordinal() * 100 + uur,
        "gemeentevoorkeuren": tuple(voorkeuren),
        "volwassenen": 1,
        "kinderen": 0,
        "geboortedatum": draw(
            meestal(date(1985, 6, 1), date(1959, 3, 2), date(1959, 3, 3), date(1971, 3, 2))
            | st.dates(min_value=date(1940, 1, 1), max_value=date(2005, 12, 31))
        ),
        "jaarinkomen": draw(
            meestal(35000, 20000, 28775, 29400, 29401, 39925, 51537, 51538, 56910)
            | st.integers(15000, 58000)
        ),
        "rolstoel": False,
        "trapvrij": False,
        "hoogste_verdieping": None,
        "minimum_kamers": 1,
        **actief,
        **toegang,
        **huishouden,
    }


@st.composite
def kandidaten(draw: st.DrawFn) -> list[Kandidaat]:
    velden = draw(st.lists(kandidaat_zonder_id(), max_size=15))
    return [Kandidaat(id=f"k{i:02d}", **v) for i, v in enumerate(velden)]  # type: ignore[arg-type]


woningen = st.builds(
    Woning,
    id=st.just("w1"),
    gemeente=st.sampled_from(GEMEENTEN),
    kale_huur=st.sampled_from(
        [Decimal("650.00")] * 12
        + [Decimal(x) for x in ("713.00", "713.01", "764.00", "800.00", "932.93", "932.94")]
    ),
    kamers=meestal(2, 1, 3),
    verdieping=meestal(0, 1, 3),
    lift=st.booleans(),
    gelijkvloers=meestal(True, False),
    rolstoeltoegankelijk=st.booleans(),
    max_bewoners=meestal(3, 1, 2, 5),
    minimumleeftijd=meestal(None, 55, 67),
)


@st.composite
def gevallen(draw: st.DrawFn) -> tuple[Woning, list[Kandidaat], Context, int]:
    ks = draw(kandidaten())
    ids = [k.id for k in ks]
    deel = st.lists(st.sampled_from(ids), unique=True, max_size=2) if ids else st.just([])
    ctx = Context(
        peildatum=PEILDATUM,
        grenzen=GRENZEN_2026,
        aantal=draw(meestal(3, 0, 1, 2, 5)),
        afgewezen=frozenset(draw(deel)),
        geschrapt={i: "Reden" for i in draw(deel)},
        overslaan=frozenset(draw(deel)),
        beleid=draw(beleiden),
        kamers_per_huishouden=draw(meestal((), (1, 2, 3, 3, 4, 4), (1, 1, 2))),
    )
    return draw(woningen), ks, ctx, draw(st.integers(0, 2**32 - 1))


@settings(max_examples=200, deadline=None)
@given(gevallen())
def test_every_proposal_passes_controleer_voorstel(
    geval: tuple[Woning, list[Kandidaat], Context, int],
) -> None:
    w, ks, ctx, zaad = geval
    random.Random(zaad).shuffle(ks)
    voorstel = stel_voor(w, ks, ctx)
    assert controleer_voordracht(voorstel, w, ks, ctx) == []
    assert len(voorstel.plekken) <= ctx.aantal
    assert voorstel.onderzocht <= len([k for k in ks if k.id not in ctx.overslaan])


@settings(max_examples=200, deadline=None)
@given(gevallen())
def test_sorted_lazy_mode_equals_unsorted_mode(
    geval: tuple[Woning, list[Kandidaat], Context, int],
) -> None:
    w, ks, ctx, zaad = geval
    random.Random(zaad).shuffle(ks)
    geordend = sorted(ks, key=lambda k: rangsleutel(k, w, ctx.beleid))
    gelezen: list[str] = []

    def bron():  # type: ignore[no-untyped-def]
        for k in geordend:
            gelezen.append(k.id)
            yield k

    lui = stel_voor(w, bron(), ctx, gesorteerd=True)
    assert lui == stel_voor(w, ks, ctx)
    # nothing is read after the last place was filled
    if lui.volledig and lui.plekken:
        assert gelezen[-1] == lui.plekken[-1].kandidaat_id
    elif ctx.aantal > 0:
        assert len(gelezen) == len(geordend)
