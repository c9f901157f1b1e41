"""Reading the waiting list in rank order, straight from the ranking index.

The partial index ``ix_gemeentevoorkeur_rang`` (gemeente, rangklasse, aanmelddatum,
aangemaakt_op, kandidaat_id WHERE in_pool) yields the kandidaten for a gemeente in exactly
the order of MATCH-K1..K3. We read it in small keyset batches and hand the rows lazily to
``matching.stel_voor(..., gesorteerd=True)``, which stops as soon as it has its places:
the waiting list is never loaded into Python.
"""

from __future__ import annotations

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


def ranked_pool(session: Session, gemeente: str) -> Iterator[matching.Kandidaat]:
    """Kandidaten in the omgekeerde-plaatsing pool who want ``gemeente``, best rank first."""
    gv = Gemeentevoorkeur
    order = (gv.rangklasse, gv.aanmelddatum, gv.aangemaakt_op, gv.kandidaat_id)
    columns = [getattr(Kandidaat, name) for name in MATCH_COLUMNS]
    last: tuple[Any, ...] | None = None
    size = EERSTE_BATCH
    while True:
        query = (
            select(gv.rangklasse, *columns)
            .join(Kandidaat, Kandidaat.id == gv.kandidaat_id)
            .where(gv.gemeente == gemeente, IN_POOL)
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
        last = (tail.rangklasse, tail.aanmelddatum, tail.aangemaakt_op, tail.id)
        if len(rows) < size:
            return
        size = BATCH


def declined(session: Session, woning_id: uuid.UUID) -> frozenset[str]:
    """MATCH-E7: kandidaten who declined (or let lapse) an aanbieding of this woning."""
    rows = session.exec(
        select(Aanbieding.kandidaat_id).where(
            Aanbieding.woning_id == woning_id,
            col(Aanbieding.status).in_((AanbiedingStatus.afgewezen, AanbiedingStatus.verlopen)),
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
    context = matching.Context(
        peildatum=peildatum,
        grenzen=regio.grenzen_voor(peildatum),
        aantal=aantal,
        afgewezen=declined(session, woning.id)
        | {str(p.kandidaat_id) for p in plekken if p.status == PlekStatus.afgewezen},
        geschrapt={
            str(p.kandidaat_id): p.reden or "" for p in plekken if p.status == PlekStatus.geschrapt
        },
        overslaan=frozenset(str(p.kandidaat_id) for p in plekken if p.status in ACTIEVE_PLEKKEN),
    )
    return matching.stel_voor(
        woning_input(woning), ranked_pool(session, woning.gemeente), context, gesorteerd=True
    )


__all__ = ["declined", "propose", "ranked_pool", "voorstel_uitleg"]
