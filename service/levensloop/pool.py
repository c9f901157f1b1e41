"""Reading the waiting list in rank order, straight from the ranking index.

The partial index ``ix_gemeentevoorkeur_rang`` (gemeente, rangklasse, aanmelddatum,
volgnummer, kandidaat_id WHERE in_pool) yields the kandidaten of each MATCH-K1 class for a
gemeente in MATCH-K2/K3 order; the two classes are merged with the engine's rank key under the
region's first-choice policy. We read the index in small keyset batches and hand the rows lazily to
``matching.stel_voor(..., gesorteerd=True)``, which stops as soon as it has its places:
the waiting list is never loaded into Python. The reads run on the driver
(``service.db.DriverSelect``): a proposal is mostly a few small statements, and SQLAlchemy's
work per execution cost as much as the statement itself.
"""

from __future__ import annotations

import functools
import heapq
import itertools
import uuid
from collections.abc import Iterator
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Integer
from sqlalchemy import String
from sqlalchemy import bindparam
from sqlalchemy import func
from sqlalchemy import text
from sqlalchemy import tuple_
from sqlalchemy.engine import Connection
from sqlalchemy.engine.interfaces import Dialect
from sqlmodel import Session
from sqlmodel import select

import matching
from service.clock import vandaag
from service.db import DriverSelect
from service.mapping import MATCH_COLUMNS
from service.mapping import kandidaat_from_values
from service.mapping import voordracht_uitleg
from service.mapping import woning_input
from service.models import ACTIEVE_PLEKKEN
from service.models import Aanbieding
from service.models import AanbiedingStatus
from service.models import Gemeentevoorkeur
from service.models import Kandidaat
from service.models import PlekStatus
from service.models import Voordrachtplek
from service.models import Woning
from service.queries import gemeenten_kolom
from service.queries import gemeenten_uit
from service.queries import zonder_index
from service.regio import Regio

#: Rows in the first batch of a class. On the benchmark's waiting list (100,000 kandidaten)
#: half of the proposals are decided within the first four kandidaten examined and 71 % within
#: six; a row read and not used costs ~5 us on SQLite, a second batch one more round trip.
EERSTE_BATCH = 6
#: Each next batch is four times the one before, up to this many rows.
BATCH = 64


#: The partial index's predicate, written exactly as the index says: SQLite and PostgreSQL only
#: use a partial index when the query repeats its WHERE clause (``in_pool IS 1`` does not count).
IN_POOL = text("gemeentevoorkeur.in_pool")


@functools.cache
def _batch(vervolg: bool) -> DriverSelect:
    """One keyset batch of a MATCH-K1 class, with each kandidaat's gemeentevoorkeuren in the
    same statement (``rangorde:gemeente`` joined by ``|``): one round trip per batch. The first
    batch also carries, after those columns, the woning's MATCH-E7 declines (``_afgewezen``),
    so a proposal needs no statement of its own for them. Built once, with bound parameters,
    and run on the driver (``DriverSelect``)."""
    gv = Gemeentevoorkeur.__table__  # type: ignore[attr-defined]
    kt = Kandidaat.__table__  # type: ignore[attr-defined]
    voorkeuren = gemeenten_kolom(kt.c.id, "voorkeuren")
    order = (gv.c.aanmelddatum, gv.c.volgnummer, gv.c.kandidaat_id)
    kolommen = [*(kt.c[name] for name in MATCH_COLUMNS), voorkeuren]
    if not vervolg:
        kolommen.append(_afgewezen())
    query = (
        sa.select(*kolommen)
        .select_from(gv.join(kt, kt.c.id == gv.c.kandidaat_id))
        .where(
            gv.c.gemeente == bindparam("gemeente"), IN_POOL, gv.c.rangklasse == bindparam("klasse")
        )
    )
    if vervolg:
        query = query.where(
            tuple_(*order)
            > tuple_(*(bindparam(f"na_{i}", type_=c.type) for i, c in enumerate(order)))
        )
    return DriverSelect(query.order_by(*order).limit(bindparam("grootte", type_=Integer)))


def _afgewezen_voor_woning() -> Any:
    """MATCH-E7's condition: the aanbiedingen of the woning ``woning_id`` that were declined
    (``afgewezen``; a lapse, ``verlopen``, is no decline). Found by the woning's index: the
    status is written ``+status`` on SQLite (``zonder_index``), which without statistics would
    otherwise walk every declined aanbieding of the region (8,000 of them: 1 ms instead of
    0.005 ms)."""
    at = Aanbieding.__table__  # type: ignore[attr-defined]
    return sa.and_(
        at.c.woning_id == bindparam("woning_id"),
        zonder_index(at.c.status) == sa.literal(AanbiedingStatus.afgewezen, at.c.status.type),
    )


def _afgewezen() -> Any:
    """MATCH-E7 as a column: the ids of the kandidaten who declined an aanbieding of the woning
    ``woning_id``, joined by ``|``, or NULL. It does not depend on the row, so SQLite and
    PostgreSQL evaluate it once per statement; each row repeats it. The same rows as
    ``declined``'s statement."""
    at = Aanbieding.__table__  # type: ignore[attr-defined]
    return (
        sa.select(func.aggregate_strings(sa.cast(at.c.kandidaat_id, String), "|"))
        .where(_afgewezen_voor_woning())
        .scalar_subquery()
        .label("afgewezen")
    )


#: Where a batch row holds the gemeentevoorkeuren column, after ``MATCH_COLUMNS``; the first
#: batch's MATCH-E7 column follows it.
_VOORKEUREN = len(MATCH_COLUMNS)
_AFGEWEZEN = _VOORKEUREN + 1


def _afgewezen_uit(tekst: str | None) -> frozenset[str]:
    """The ``_afgewezen`` column as kandidaat ids (``str(uuid)``, as ``declined`` gives them):
    SQLite holds a uuid as 32 hex digits, PostgreSQL casts it with dashes."""
    if not tekst:  # no declines: most woningen
        return frozenset()
    return frozenset(str(uuid.UUID(deel)) for deel in tekst.split("|") if deel)


@functools.lru_cache(maxsize=4096)
def _kandidaat(dialect: Dialect, row: tuple[Any, ...]) -> matching.Kandidaat:
    """A batch row as the driver of ``dialect`` gives it (up to the gemeentevoorkeuren), as the
    engine's kandidaat. Cached on the row's values, which are all the engine reads: the head
    of a gemeente's pool is read by every proposal for that gemeente, and the same values
    always make the same (frozen) kandidaat. (The first and the continued batch select the
    same columns up to there.)"""
    values = _batch(False).convert(dialect, row)
    return kandidaat_from_values(values, gemeenten_uit(values[_VOORKEUREN]))


Rij = tuple[Any, ...]


def _eerste(
    conn: Connection, gemeente: str, klasse: int, woning_id: uuid.UUID | None
) -> tuple[list[Rij], frozenset[str] | None]:
    """The first batch of a MATCH-K1 class as driver rows (without the MATCH-E7 column), and
    the woning's MATCH-E7 declines it read: None when the batch is empty (no row carries
    them)."""
    params = {
        "gemeente": gemeente,
        "klasse": klasse,
        "grootte": EERSTE_BATCH,
        "woning_id": woning_id,
    }
    rows = _batch(False).driver_rows(conn, params)
    if not rows:
        return rows, None
    return [row[:_AFGEWEZEN] for row in rows], _afgewezen_uit(rows[0][_AFGEWEZEN])


def _klasse(
    conn: Connection, gemeente: str, klasse: int, eerste: list[Rij] | None = None
) -> Iterator[matching.Kandidaat]:
    """Pool kandidaten of one MATCH-K1 class for ``gemeente`` in (aanmelddatum, K3) order;
    ``eerste``: its first batch, when already read (``_eerste``)."""
    rows = eerste if eerste is not None else _eerste(conn, gemeente, klasse, None)[0]
    params: dict[str, Any] = {"gemeente": gemeente, "klasse": klasse, "grootte": EERSTE_BATCH}
    while True:
        for row in rows:
            kandidaat = _kandidaat(conn.dialect, row)
            yield kandidaat
        if len(rows) < params["grootte"]:
            return
        params.update(
            grootte=min(params["grootte"] * 4, BATCH),
            na_0=kandidaat.aanmelddatum,
            na_1=kandidaat.volgnummer,
            na_2=uuid.UUID(kandidaat.id),
        )
        rows = _batch(True).driver_rows(conn, params)


def _samen(
    eerste: Iterator[matching.Kandidaat],
    later: Iterator[matching.Kandidaat],
    woning: matching.Woning,
    beleid: matching.EersteKeuzeBeleid,
) -> Iterator[matching.Kandidaat]:
    """Both MATCH-K1 classes, merged with the engine's rank key under ``beleid``."""
    if beleid.soort == "voorrang":
        return itertools.chain(eerste, later)
    return heapq.merge(eerste, later, key=lambda k: matching.rangsleutel(k, woning, beleid))


def ranked_pool(
    session: Session, woning: matching.Woning, beleid: matching.EersteKeuzeBeleid
) -> Iterator[matching.Kandidaat]:
    """Kandidaten in the omgekeerde-plaatsing pool who want the woning's gemeente, best first.

    Both MATCH-K1 classes come straight from the index in their own order; the engine's rank
    key under ``beleid`` merges them, so SQL and engine cannot disagree on the order.
    """
    conn = session.connection()
    return _samen(
        _klasse(conn, woning.gemeente, 0), _klasse(conn, woning.gemeente, 1), woning, beleid
    )


_DECLINED = DriverSelect(select(Aanbieding.kandidaat_id).where(_afgewezen_voor_woning()))


def declined(session: Session, woning_id: uuid.UUID) -> frozenset[str]:
    """MATCH-E7: kandidaten who explicitly declined an aanbieding of this woning.

    A lapsed deadline (``verlopen``) is no decline: that kandidaat may be proposed again.
    One statement on the driver of the session's connection (``DriverSelect``).
    """
    rows = _DECLINED.rows(session.connection(), {"woning_id": woning_id})
    return frozenset(str(kandidaat_id) for (kandidaat_id,) in rows)


def _plekken_context(
    plekken: list[Voordrachtplek], afgewezen: frozenset[str] | None
) -> dict[str, Any]:
    """The context's MATCH-E7 declines (``afgewezen`` read from the aanbiedingen, and the
    places declined on this voordracht), the places struck (MATCH-V1) and the places still
    held (skipped). A first proposal has no places: nothing to add."""
    if not plekken:
        return {"afgewezen": afgewezen or frozenset()}
    return {
        "afgewezen": (afgewezen or frozenset())
        | {str(p.kandidaat_id) for p in plekken if p.status == PlekStatus.afgewezen},
        "geschrapt": {
            str(p.kandidaat_id): p.reden or "" for p in plekken if p.status == PlekStatus.geschrapt
        },
        "overslaan": frozenset(str(p.kandidaat_id) for p in plekken if p.status in ACTIEVE_PLEKKEN),
    }


#: The contexts of first proposals (no places yet), per region object, peildatum, number of
#: places and MATCH-E7 declines: all a first proposal's context is made of. A context is
#: frozen, so one serves every proposal with the same inputs; the entry holds the region, so
#: its id is not reused while the entry lives (a region is frozen too).
_EERSTE_CONTEXTEN: dict[tuple[int, date, int, frozenset[str]], tuple[Regio, matching.Context]] = {}


def _eerste_context(
    regio: Regio, peildatum: date, aantal: int, afgewezen: frozenset[str]
) -> matching.Context:
    """``regio.context`` for a first proposal, made once per set of its inputs."""
    sleutel = (id(regio), peildatum, aantal, afgewezen)
    gevonden = _EERSTE_CONTEXTEN.get(sleutel)
    if gevonden is not None and gevonden[0] is regio:
        return gevonden[1]
    context = regio.context(peildatum, aantal=aantal, **_plekken_context([], afgewezen))
    if len(_EERSTE_CONTEXTEN) >= 256:
        _EERSTE_CONTEXTEN.clear()
    _EERSTE_CONTEXTEN[sleutel] = (regio, context)
    return context


def propose(
    session: Session,
    woning: Woning,
    regio: Regio,
    *,
    plekken: list[Voordrachtplek],
    aantal: int,
) -> matching.Voordracht:
    """Run the engine for ``woning``, skipping kandidaten already on ``plekken``."""
    invoer = woning_input(woning)
    woning_id = woning.id
    conn = session.connection()
    # The first batch of class 0 is read before the engine starts: it carries the woning's
    # MATCH-E7 declines, which the context must hold before the engine judges anyone. When
    # that class is empty the engine reads class 1's first batch next under either policy, so
    # it is read here too; when both are empty no kandidaat is judged.
    rijen, afgewezen = _eerste(conn, invoer.gemeente, 0, woning_id)
    later = None
    if afgewezen is None:
        later, afgewezen = _eerste(conn, invoer.gemeente, 1, woning_id)
    if plekken:
        context = regio.context(vandaag(), aantal=aantal, **_plekken_context(plekken, afgewezen))
    else:
        context = _eerste_context(regio, vandaag(), aantal, afgewezen or frozenset())
    kandidaten = _samen(
        _klasse(conn, invoer.gemeente, 0, rijen),
        _klasse(conn, invoer.gemeente, 1, later),
        invoer,
        context.beleid,
    )
    return matching.stel_voor(invoer, kandidaten, context, gesorteerd=True)


__all__ = ["declined", "propose", "ranked_pool", "voordracht_uitleg"]
