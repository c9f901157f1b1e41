"""The read log (NEN 7513): every read of a kandidaat's personal data, one row per kandidaat.

A route that shows personal data calls ``LeeslogDep`` (``service.deps``) with the kandidaat ids
it showed: one for a detail, every id on the page for a list. The rows are written in a short
transaction of their own after the data was read, never inside the request's write transaction.
``wie_zag`` answers "who saw kandidaat X, when" for the bemiddelaar and the dossier export.
"""

from __future__ import annotations

import contextlib
import functools
import json
import logging
import threading
import uuid
from collections.abc import Callable
from collections.abc import Iterable
from concurrent.futures import Future
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ARRAY
from sqlalchemy import Dialect
from sqlalchemy import Engine
from sqlalchemy import bindparam
from sqlalchemy import func
from sqlalchemy import insert
from sqlalchemy import select as core_select
from sqlmodel import Session
from sqlmodel import col
from sqlmodel import select

from service.auth import Actor
from service.models import Aanbieding
from service.models import Gebruiker
from service.models import Inzage
from service.models import Maatwerktraject
from service.models import Organisatie
from service.models import Plaatsing
from service.models import Signalering
from service.models import Voordrachtplek
from service.models.types import tabel
from service.models.types import utcnow
from service.queries import page

log = logging.getLogger("woonroute")


@dataclass(frozen=True)
class Lezing:
    """One read of personal data: who, when, where, and the distinct kandidaten it showed;
    one ``Inzage`` row per kandidaat."""

    tijdstip: datetime
    organisatie_id: uuid.UUID
    gebruiker_id: uuid.UUID | None
    bron: str
    toelichting: str
    kandidaten: tuple[uuid.UUID, ...]

    @classmethod
    def van(
        cls, actor: Actor, bron: str, kandidaten: Iterable[uuid.UUID], toelichting: str
    ) -> Lezing:
        return cls(
            tijdstip=utcnow(),
            organisatie_id=actor.organisatie_id,
            gebruiker_id=actor.gebruiker_id,
            bron=bron[:60],
            toelichting=toelichting[:300],
            kandidaten=tuple(k for k in dict.fromkeys(kandidaten) if k is not None),
        )


def _insert(engine: Engine, lezingen: list[Lezing]) -> None:
    # SQLite has one writer at a time, and a writer that finds the lock taken sleeps in steps
    # of up to 100 ms. The reads of one process queue here instead, so their short writes
    # follow each other at once; PostgreSQL needs no such queue.
    wachtrij = _SQLITE_SCHRIJVER if engine.dialect.name == "sqlite" else contextlib.nullcontext()
    statement, ids = _invoegen(engine.dialect)
    with wachtrij, engine.begin() as conn:
        for lezing in lezingen:
            waarden = {v: getattr(lezing, v) for v in _GEDEELD}
            conn.execute(statement, {**waarden, "kandidaten": ids(lezing.kandidaten)})


_SQLITE_SCHRIJVER = threading.Lock()

#: The values a read's rows share.
_GEDEELD = ("tijdstip", "organisatie_id", "gebruiker_id", "bron", "toelichting")


@functools.cache
def _invoegen(dialect: Dialect) -> tuple[Any, Callable[[tuple[uuid.UUID, ...]], Any]]:
    """A read's rows in ONE statement: its kandidaten as one parameter, unnested by the
    database (SQLite ``json_each`` of a JSON array, PostgreSQL ``unnest`` of a uuid[]), the
    shared values bound once. Row by row (``executemany``) the driver lets go of the GIL and
    takes it back for every row, and under load each of those waits its turn: a page of 50
    kandidaten cost the writer thread 50 of them. Also the function that turns the ids into
    that one parameter."""
    it = tabel(Inzage)
    if dialect.name == "sqlite":
        opslag = it.c.kandidaat_id.type._cached_bind_processor(dialect)
        assert opslag is not None  # CHAR(32): the id's hex digits
        lijst: Any = func.json_each(bindparam("kandidaten")).table_valued("value")
        kolom = lijst.c.value

        def ids(kandidaten: tuple[uuid.UUID, ...]) -> Any:
            return json.dumps([opslag(k) for k in kandidaten])

    else:
        lijst = func.unnest(bindparam("kandidaten", type_=ARRAY(it.c.kandidaat_id.type)))
        lijst = lijst.table_valued("k").render_derived()
        kolom = lijst.c.k

        def ids(kandidaten: tuple[uuid.UUID, ...]) -> Any:
            return list(kandidaten)

    rijen = core_select(
        *(bindparam(v, type_=it.c[v].type) for v in _GEDEELD[:3]),
        kolom,
        *(bindparam(v, type_=it.c[v].type) for v in _GEDEELD[3:]),
    ).select_from(lijst)
    kolommen = [*_GEDEELD[:3], "kandidaat_id", *_GEDEELD[3:]]
    return insert(it).from_select(kolommen, rijen), ids


class Groepsschrijver:
    """The read log of one process, group-committed: a request hands its rows over and waits
    (its ``Future``) until they are committed; one background thread writes everything handed
    over since its last write in ONE transaction, one INSERT per read. Under load many requests
    share a commit (on SQLite: one turn of the single writer instead of one per request).

    Nothing is lost: every request answers only after its rows are committed (a failed write
    fails the requests whose rows it held, as a direct write would), and ``sluit`` writes what
    is still handed over before the thread stops (the app's shutdown calls it). A crash loses
    only rows of requests that had not answered yet."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._wachtend: list[tuple[Lezing, Future[int]]] = []
        self._conditie = threading.Condition()
        self._gesloten = False
        self._draad: threading.Thread | None = None

    def schrijf(
        self, actor: Actor, bron: str, kandidaten: Iterable[uuid.UUID], toelichting: str
    ) -> Future[int]:
        """Hand the rows over; the future holds how many were written once committed."""
        klaar: Future[int] = Future()
        lezing = Lezing.van(actor, bron, kandidaten, toelichting)
        if not lezing.kandidaten:
            klaar.set_result(0)
            return klaar
        with self._conditie:
            if not self._gesloten:
                if self._draad is None:
                    self._draad = threading.Thread(
                        target=self._lus, name="woonroute-leeslog", daemon=True
                    )
                    self._draad.start()
                self._wachtend.append((lezing, klaar))
                self._conditie.notify()
                return klaar
        _insert(self._engine, [lezing])  # after shutdown: written directly, never dropped
        klaar.set_result(len(lezing.kandidaten))
        return klaar

    def _lus(self) -> None:
        while True:
            with self._conditie:
                while not self._wachtend and not self._gesloten:
                    self._conditie.wait()
                partij, self._wachtend = self._wachtend, []
                if not partij and self._gesloten:
                    return
            self._schrijf(partij)

    def _schrijf(self, partij: list[tuple[Lezing, Future[int]]]) -> None:
        try:
            _insert(self._engine, [lezing for lezing, _ in partij])
        except Exception as exc:  # every waiting request fails, as a direct write would
            log.exception("leeslog: %d verzoeken niet vastgelegd", len(partij))
            for _, klaar in partij:
                klaar.set_exception(exc)
            return
        for lezing, klaar in partij:
            klaar.set_result(len(lezing.kandidaten))

    def sluit(self) -> None:
        """Write what is handed over and stop the thread (clean shutdown)."""
        with self._conditie:
            self._gesloten = True
            self._conditie.notify()
            draad = self._draad
        if draad is not None:
            draad.join()


# --- kandidaat ids behind what a route shows ----------------------------------------------


def van_voordrachten(session: Session, voordracht_ids: Iterable[uuid.UUID]) -> list[uuid.UUID]:
    ids = list(voordracht_ids)
    if not ids:
        return []
    return list(
        session.exec(
            select(Voordrachtplek.kandidaat_id).where(col(Voordrachtplek.voordracht_id).in_(ids))
        ).all()
    )


def van_signaleringen(session: Session, rows: Iterable[Signalering]) -> list[uuid.UUID]:
    """A signalering about a kandidaat, or about an aanbieding, plaatsing or maatwerktraject of
    a kandidaat."""
    rows = list(rows)
    ids = [s.onderwerp_id for s in rows if s.onderwerp_type == "kandidaat"]
    for soort, model in (
        ("aanbieding", Aanbieding),
        ("plaatsing", Plaatsing),
        ("maatwerktraject", Maatwerktraject),
    ):
        onderwerpen = [s.onderwerp_id for s in rows if s.onderwerp_type == soort]
        if onderwerpen:
            ids += session.exec(
                select(model.kandidaat_id).where(col(model.id).in_(onderwerpen))
            ).all()
    return ids


def van_gebeurtenissen(rows: Iterable[Any]) -> list[uuid.UUID]:
    """The kandidaten an audit-trail page shows: its kandidaat objects and any ``kandidaatId``
    inside the recorded before/after."""
    ids: list[uuid.UUID] = []
    for g in rows:
        if g.objecttype == "kandidaat" and g.object_id:
            ids.append(uuid.UUID(g.object_id))
        for snap in (g.voor, g.na):
            waarde = (snap or {}).get("kandidaat_id")
            if isinstance(waarde, str):
                try:
                    ids.append(uuid.UUID(waarde))
                except ValueError:
                    continue
    return ids


# --- who saw kandidaat X ------------------------------------------------------------------


def wie_zag(
    session: Session, kandidaat_id: uuid.UUID, *, offset: int = 0, limit: int | None = None
) -> tuple[list[dict[str, Any]], int]:
    """Every read of one kandidaat, newest first: when, which organisation, which person."""
    query = (
        select(Inzage, Organisatie.naam, Gebruiker.naam)
        .join(Organisatie, col(Organisatie.id) == col(Inzage.organisatie_id))
        .outerjoin(Gebruiker, col(Gebruiker.id) == col(Inzage.gebruiker_id))
        .where(col(Inzage.kandidaat_id) == kandidaat_id)
    )
    rows, totaal = page(
        session,
        query,
        col(Inzage.tijdstip).desc(),
        col(Inzage.id).desc(),
        offset=offset,
        limit=limit if limit is not None else 1_000_000,
    )
    return [regel(i, org, persoon) for i, org, persoon in rows], totaal


def regel(i: Inzage, organisatie: str, persoon: str | None) -> dict[str, Any]:
    tijdstip: datetime = i.tijdstip
    return {
        "tijdstip": tijdstip,
        "organisatie_id": i.organisatie_id,
        "organisatie": organisatie,
        "gebruiker_id": i.gebruiker_id,
        "gebruiker": persoon,
        "bron": i.bron,
        "toelichting": i.toelichting,
    }
