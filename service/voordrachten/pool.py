"""Reading the waiting list in rank order, straight from the ranking index.

The partial index ``ix_gemeentevoorkeur_rang`` (gemeente, rangklasse, aanmelddatum,
volgnummer, kandidaat_id WHERE in_pool) yields the kandidaten of each MATCH-K1 class for a
gemeente in MATCH-K2/K3 order; the two classes are merged with the engine's rank key under the
region's first-choice policy. We read the index in small keyset batches and hand the rows lazily to
``matching.stel_voor(..., gesorteerd=True)``, which stops as soon as it has its places:
the waiting list is never loaded into Python.
"""

from __future__ import annotations

import heapq
import itertools
import uuid
from collections.abc import Iterator
from typing import Any

from sqlalchemy import text, tuple_
from sqlmodel import Session, col, select

import matching
from service.mapping import MATCH_COLUMNS, kandidaat_from_row, voorstel_uitleg, woning_input
from service.models import (
    Aanbieding,
    AanbiedingStatus,
    Gemeentevoorkeur,
    Kandidaat,
    PlekStatus,
    VoordrachtPlek,
    Woning,
)
from service.region import Regio

EERSTE_BATCH = 8
BATCH = 64


#: The partial index's predicate, written exactly as the index says: SQLite and PostgreSQL only
#: use a partial index when the query repeats its WHERE clause (``in_pool IS 1`` does not count).
IN_POOL = text("gemeentevoorkeur.in_pool")


def _klasse(session: Session, gemeente: str, klasse: int) -> Iterator[matching.Kandidaat]:
    """Pool kandidaten of one MATCH-K1 class for ``gemeente`` in (aanmelddatum, K3) order."""
    gv = Gemeentevoorkeur
    order = (gv.aanmelddatum, gv.volgnummer, gv.kandidaat_id)
    columns = [getattr(Kandidaat, name) for name in MATCH_COLUMNS]
    last: tuple[Any, ...] | None = None
    size = EERSTE_BATCH
    while True:
        query = (
            select(*columns)
            .select_from(gv)
            .join(Kandidaat, Kandidaat.id == gv.kandidaat_id)
            .where(gv.gemeente == gemeente, IN_POOL, gv.rangklasse == klasse)
            .order_by(*order)
            .limit(size)
        )
        if last is not None:
            query = query.where(tuple_(*order) > tuple_(*last))
        rows = session.exec(query).all()
        if not rows:
            return
        prefs: dict[uuid.UUID, list[str]] = {row.id: [] for row in rows}
        for kid, g in session.exec(
            select(gv.kandidaat_id, gv.gemeente)
            .where(col(gv.kandidaat_id).in_(list(prefs)))
            .order_by(gv.kandidaat_id, gv.rangorde)
        ).all():
            prefs[kid].append(g)
        for row in rows:
            yield kandidaat_from_row(row._mapping, prefs[row.id])
        tail = rows[-1]
        last = (tail.aanmelddatum, tail.volgnummer, tail.id)
        if len(rows) < size:
            return
        size = BATCH


def ranked_pool(
    session: Session, woning: matching.Woning, beleid: matching.EersteKeuzeBeleid
) -> Iterator[matching.Kandidaat]:
    """Kandidaten in the omgekeerde-plaatsing pool who want the woning's gemeente, best first.

    Both MATCH-K1 classes come straight from the index in their own order; the engine's rank
    key under ``beleid`` merges them, so SQL and engine cannot disagree on the order.
    """
    eerste = _klasse(session, woning.gemeente, 0)
    later = _klasse(session, woning.gemeente, 1)
    if beleid.soort == "voorrang":
        return itertools.chain(eerste, later)
    return heapq.merge(eerste, later, key=lambda k: matching.rangsleutel(k, woning, beleid))


def declined(session: Session, woning_id: uuid.UUID) -> frozenset[str]:
    """MATCH-E7: kandidaten who explicitly declined an aanbieding of this woning.

    A lapsed deadline (``verlopen``) is no decline: that kandidaat may be proposed again.
    """
    rows = session.exec(
        select(Aanbieding.kandidaat_id).where(
            Aanbieding.woning_id == woning_id,
            Aanbieding.status == AanbiedingStatus.afgewezen,
        )
    ).all()
    return frozenset(str(r) for r in rows)


def propose(
    session: Session,
    woning: Woning,
    regio: Regio,
    *,
    plekken: list[VoordrachtPlek],
    aantal: int,
) -> matching.Voorstel:
    """Run the engine for ``woning``, skipping kandidaten already on ``plekken``."""
    from service.clock import vandaag
    from service.models import ACTIEVE_PLEKKEN

    peildatum = vandaag()
    context = regio.context(
        peildatum,
        aantal=aantal,
        afgewezen=declined(session, woning.id)
        | {str(p.kandidaat_id) for p in plekken if p.status == PlekStatus.afgewezen},
        geschrapt={
            str(p.kandidaat_id): p.reden or "" for p in plekken if p.status == PlekStatus.geschrapt
        },
        overslaan=frozenset(str(p.kandidaat_id) for p in plekken if p.status in ACTIEVE_PLEKKEN),
    )
    invoer = woning_input(woning)
    return matching.stel_voor(
        invoer, ranked_pool(session, invoer, context.beleid), context, gesorteerd=True
    )


__all__ = ["declined", "propose", "ranked_pool", "voorstel_uitleg"]
