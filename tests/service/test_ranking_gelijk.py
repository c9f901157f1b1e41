"""The ranking is one: the service's renumbering of a voordracht's places and the engine's
proposal put the same kandidaten in the same order.

MATCH-K1: a kandidaat whose first-choice gemeente is the woning's goes first (``voorrang``), or
at most ``max_voorsprong_maanden`` months ahead (``begrensd``).
MATCH-K2: longest waiting first: the earlier aanmelddatum.
MATCH-K3: on the same aanmelddatum the lower volgnummer (registered earlier), then the id.

``service.levensloop.plekken.nummer`` numbers the stored places (from the facts a place
holds: first choice, aanmelddatum, and the kandidaat's volgnummer, read in one query);
``matching.stel_voor`` ranks the kandidaten it proposes. Hypothesis draws kandidaten with
dates that tie, volgnummers that tie (the database keeps them unique; a tie tests the id as
the last word), random ids and first or later choice of the woning's gemeente, under both
policies, and both must give one order. The one query ``nummer`` makes is answered from
memory: what is compared is the order, not the database.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from typing import Any
from typing import cast

from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st
from sqlmodel import Session

from matching import EersteKeuzeBeleid
from matching import stel_voor
from service.db import REGIO
from service.levensloop.plekken import GEPARKEERD
from service.levensloop.plekken import nummer
from service.models import PlekStatus
from service.models import Voordrachtplek
from service.regio import Regio
from service.regio import shipped_regio
from tests.matching.matching_testdata import context
from tests.matching.matching_testdata import kandidaat
from tests.matching.matching_testdata import woning

GEMEENTE = "Zeist"
ANDERE = ("De Bilt", "Bunnik")


@dataclass(frozen=True)
class Geval:
    """One drawn kandidaat: what MATCH-K1..K3 look at."""

    id: uuid.UUID
    aanmelddatum: date
    volgnummer: int
    eerste_keuze: bool
    andere: str

    @property
    def voorkeuren(self) -> tuple[str, str]:
        return (GEMEENTE, self.andere) if self.eerste_keuze else (self.andere, GEMEENTE)


gevallen = st.lists(
    st.builds(
        Geval,
        id=st.uuids(),
        # few distinct dates, so ties on the aanmelddatum are common; month ends included
        aanmelddatum=st.dates(date(2023, 12, 28), date(2024, 3, 2)),
        volgnummer=st.integers(1, 12),
        eerste_keuze=st.booleans(),
        andere=st.sampled_from(ANDERE),
    ),
    min_size=1,
    max_size=12,
    unique_by=lambda g: g.id,
)

beleiden = st.one_of(
    st.just(EersteKeuzeBeleid()),
    st.builds(EersteKeuzeBeleid, st.just("begrensd"), st.integers(0, 3)),
)


class _Volgnummers:
    """Stands in for the session ``nummer`` is given: its one query (each kandidaat's
    volgnummer) is answered from memory, and what it adds or flushes is accepted."""

    def __init__(self, volgnummers: dict[uuid.UUID, int], regio: Regio) -> None:
        self.volgnummers = volgnummers
        self.info = {REGIO: regio}

    def exec(self, _statement: Any) -> _Volgnummers:
        return self

    def all(self) -> list[tuple[uuid.UUID, int]]:
        return list(self.volgnummers.items())

    def add(self, _row: Any) -> None:
        pass

    def flush(self) -> None:
        pass


def engine_volgorde(drawn: list[Geval], beleid: EersteKeuzeBeleid) -> list[uuid.UUID]:
    """The engine's order: every kandidaat suitable, all of them asked for."""
    kandidaten = [
        kandidaat(
            str(g.id),
            aanmelddatum=g.aanmelddatum,
            volgnummer=g.volgnummer,
            gemeentevoorkeuren=g.voorkeuren,
        )
        for g in drawn
    ]
    voorstel = stel_voor(
        woning(gemeente=GEMEENTE), kandidaten, context(aantal=len(drawn), beleid=beleid)
    )
    assert len(voorstel.plekken) == len(drawn), voorstel.uitgesloten_per_regel
    return [uuid.UUID(p.kandidaat_id) for p in voorstel.plekken]


def service_volgorde(drawn: list[Geval], regio: Regio) -> list[uuid.UUID]:
    """The service's order: parked places, as ``vul`` leaves them, numbered by ``nummer``
    under the active region's policy."""
    plekken = [
        Voordrachtplek(
            voordracht_id=uuid.uuid4(),
            kandidaat_id=g.id,
            positie=GEPARKEERD - i,
            status=PlekStatus.te_beoordelen,
            eerste_keuze=g.eerste_keuze,
            aanmelddatum=g.aanmelddatum,
            positiehistorie=[],
        )
        for i, g in enumerate(drawn)
    ]
    sessie = _Volgnummers({g.id: g.volgnummer for g in drawn}, regio)
    nummer(cast(Session, sessie), plekken)
    return [p.kandidaat_id for p in sorted(plekken, key=lambda p: p.positie)]


def met_beleid(beleid: EersteKeuzeBeleid) -> Regio:
    """The shipped region with ``beleid`` as its first-choice policy."""
    regio = shipped_regio("zuidoost-utrecht")
    matching_config = regio.matching.model_copy(
        update={
            "eerste_keuze": beleid.soort,
            "max_voorsprong_maanden": beleid.max_voorsprong_maanden,
        }
    )
    return regio.model_copy(update={"matching": matching_config})


@settings(max_examples=300, deadline=None)
@given(drawn=gevallen, beleid=beleiden)
def test_match_k1_k3_service_and_engine_rank_alike(
    drawn: list[Geval], beleid: EersteKeuzeBeleid
) -> None:
    verwacht = engine_volgorde(drawn, beleid)
    assert service_volgorde(drawn, met_beleid(beleid)) == verwacht
