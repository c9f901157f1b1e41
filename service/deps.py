"""Request-scoped dependencies and the access declaration every route carries.

``toegang(...)`` is the one place where a route says which organisation kinds may call it.
It adds the check as a dependency and publishes the list as ``x-toegang`` in the OpenAPI
document; the route × kind matrix test reads it back, so no route can ship unclassified.
Object-level checks (own kandidaten, own woningen) live in the queries of each action.
"""

from __future__ import annotations

import contextlib
import logging
import uuid
from collections.abc import AsyncIterator
from collections.abc import Callable
from collections.abc import Iterable
from concurrent.futures import Future
from typing import Annotated
from typing import Any
from typing import TypeVar

from fastapi import BackgroundTasks
from fastapi import Depends
from fastapi import Request
from fastapi.concurrency import run_in_threadpool
from sqlalchemy import event
from sqlmodel import Session

from service import idempotency
from service import inzage
from service.auth import HEADER
from service.auth import KEY_USE_INTERVAL
from service.auth import VERIFIED_KEYS
from service.auth import Actor
from service.auth import FailureLimiter
from service.auth import VerifiedKey
from service.auth import adres_teller
from service.auth import client_adres
from service.auth import record_key_use
from service.auth import sleutel_teller
from service.auth import verify_key
from service.db import REGIO
from service.db import ZONDER_TRANSACTIE
from service.errors import GrenzenOntbreken
from service.errors import NietAangemeld
from service.errors import Verboden
from service.models import OrganisatieSoort
from service.models.types import utcnow
from service.schemas import zet_invoer_regio

log = logging.getLogger("woonroute")

_SOORT_TEKST = {
    OrganisatieSoort.corporatie: "een corporatie",
    OrganisatieSoort.zorgaanbieder: "een zorgaanbieder",
    OrganisatieSoort.bemiddelaar: "de bemiddelaar (Het Vierde Huis)",
    OrganisatieSoort.regiobeheer: "het regiobeheer (Beter Wonen)",
}


async def get_session(request: Request) -> AsyncIterator[Session]:
    """One session per request. GET runs on the read-only engine (no write lock on SQLite).
    Opening a session does no I/O, so it happens on the event loop; closing it may (a
    rollback, returning the connection), so that goes to a thread."""
    state = request.app.state
    lezen = request.method in ("GET", "HEAD")
    session = Session(
        state.read_engine if lezen else state.engine,
        expire_on_commit=False,
        info={REGIO: state.regio},
    )
    zet_invoer_regio(state.regio)  # the request's schemas check gemeenten against it
    if not lezen:
        # After the commit, what the handler still reads to build its answer needs no write
        # lock: later transactions of this session start deferred (SQLite) on the read engine.
        event.listen(session, "after_commit", lambda s: setattr(s, "bind", state.read_engine))
    try:
        yield session
    except GrenzenOntbreken as exc:
        # MATCH-E4: the refused request writes nothing; once its transaction is rolled back
        # (and SQLite's write lock is free), regiobeheer's signal for the year is written
        # in a transaction of its own (``app.state.meld_grenzen_ontbreken``, installed by the
        # app from the signals, which sit above this module). The 409 follows from the handlers.
        await run_in_threadpool(session.rollback)
        await run_in_threadpool(state.meld_grenzen_ontbreken, state.engine, state.regio, exc.jaar)
        raise
    finally:
        if session.in_transaction():  # a rollback and returning the connection: I/O
            await run_in_threadpool(session.close)
        else:  # nothing bound (never used, or ended by ``in_one_hop``): no I/O
            session.close()


SessionDep = Annotated[Session, Depends(get_session)]

T = TypeVar("T")


async def in_one_hop(session: Session, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Run a read route's database work in one worker thread and end the request's session
    in the same hop, so an async route costs one thread hop in all (a sync route costs one for
    the handler, one for validating its answer and one for closing the session). ``fn`` only
    reads, and runs outside a transaction: each statement sees the data as it was when that
    statement began (what READ COMMITTED gives a transaction on PostgreSQL anyway), and there
    is no BEGIN or ROLLBACK to pay for."""

    def run() -> T:
        try:
            if not session.in_transaction():
                session.connection(
                    execution_options=_ZONDER_TRANSACTIE[session.get_bind().dialect.name]
                )
            return fn(*args, **kwargs)
        finally:
            session.close()

    return await run_in_threadpool(run)


#: How ``in_one_hop`` reads outside a transaction, per database.
_ZONDER_TRANSACTIE: dict[str, dict[str, Any]] = {
    "postgresql": {"isolation_level": "AUTOCOMMIT"},
    "sqlite": {ZONDER_TRANSACTIE: True},  # service.db's BEGIN hook begins none
}


def client_adres_van(request: Request) -> str:
    """The caller's address; ``X-Forwarded-For`` only from a configured proxy."""
    return client_adres(
        request.client.host if request.client else None,
        request.headers.get("x-forwarded-for"),
        request.app.state.proxies,
    )


async def get_actor(request: Request, background: BackgroundTasks, session: SessionDep) -> Actor:
    """Check the API key on the read-only engine: no write lock, whatever the method (a GET
    reads it in its own read-only session; other methods in a short one of their own). Valid
    keys always pass (a 256-bit secret cannot be guessed, so a busy address or prefix never
    locks out its owner); failures count per client address and per key prefix. A key this
    process verified less than ``auth.KEY_CACHE_SECONDS`` ago is not read again: no database
    and no thread hop."""
    state = request.app.state
    key = request.headers.get(HEADER)
    verified = VERIFIED_KEYS.get(key)
    if verified is None:
        verified = await run_in_threadpool(_verify, request, session, key)
    gebruikt = verified.laatst_gebruikt_op
    if key and (gebruikt is None or gebruikt < utcnow() - KEY_USE_INTERVAL):
        background.add_task(record_key_use, state.engine, verified.sleutel_id)
        VERIFIED_KEYS.used(key, utcnow())
    request.state.actor = verified.actor
    return verified.actor


def _verify(request: Request, session: Session, key: str | None) -> VerifiedKey:
    state = request.app.state
    with contextlib.ExitStack() as stack:
        auth_session = (
            session
            if request.method in ("GET", "HEAD")
            else stack.enter_context(Session(state.read_engine, info={REGIO: state.regio}))
        )
        try:
            return verify_key(auth_session, key)
        except NietAangemeld:
            limiter: FailureLimiter = state.limiter
            tellers = (adres_teller(client_adres_van(request)), sleutel_teller(key))
            limiter.check(*tellers)
            limiter.failed(*tellers)
            log.warning("failed API key attempt from %s for %s", tellers[0], tellers[1])
            raise


CurrentActor = Annotated[Actor, Depends(get_actor)]


def beschrijf(soorten: tuple[OrganisatieSoort, ...]) -> str:
    teksten = [_SOORT_TEKST[s] for s in soorten]
    return teksten[0] if len(teksten) == 1 else ", ".join(teksten[:-1]) + " of " + teksten[-1]


def vereis(actor: Actor, allowed: tuple[OrganisatieSoort, ...]) -> None:
    """The one kind check, for the API and the web pages alike."""
    if actor.soort not in allowed:
        raise Verboden(
            f"Dit mag alleen {beschrijf(allowed)}. U bent aangemeld als {_SOORT_TEKST[actor.soort]}."
        )


def toegang(*soorten: OrganisatieSoort) -> dict[str, Any]:
    """Route keyword arguments: the kinds allowed to call, checked before anything else."""
    allowed = tuple(soorten)

    async def check(request: Request, actor: CurrentActor, session: SessionDep) -> None:
        # On the event loop: no thread hop for the kind check; the idempotency claim reads the
        # database, so it goes to a thread, and only when there is one to make.
        vereis(actor, allowed)
        if request.method == "POST" and request.headers.get(idempotency.KEY_HEADER):
            await run_in_threadpool(idempotency.claim, request, session, actor)

    return {
        "dependencies": [Depends(check)],
        "openapi_extra": {"x-toegang": [s.value for s in allowed]},
    }


ALLE_SOORTEN = tuple(OrganisatieSoort)


#: One kandidaat, or several, whose data a route shows.
Ids = uuid.UUID | Iterable[uuid.UUID]


class Leeslog:
    """Logs reads of personal data (NEN 7513): one row per kandidaat shown. The rows of many
    requests are written together in one short transaction (``inzage.Groepsschrijver``);
    every request waits until its rows are committed before it answers, so nothing is shown
    that is not in the log."""

    def __init__(self, request: Request) -> None:
        self._schrijver: inzage.Groepsschrijver = request.app.state.leesschrijver  # startup's

    def afgeven(self, actor: Actor, bron: str, kandidaten: Ids, toelichting: str) -> Future[int]:
        """Hand the rows over; the future is done once they are committed (an async route
        awaits it with ``asyncio.wrap_future`` before it answers)."""
        return self._schrijver.schrijf(actor, bron, _ids(kandidaten), toelichting)

    def __call__(self, actor: Actor, bron: str, kandidaten: Ids, toelichting: str) -> None:
        """For sync routes (in their worker thread): ``afgeven`` and wait for the commit."""
        self.afgeven(actor, bron, kandidaten, toelichting).result()


def _ids(kandidaten: Ids) -> list[uuid.UUID]:
    return [kandidaten] if isinstance(kandidaten, uuid.UUID) else list(kandidaten)


async def leeslog(request: Request) -> Leeslog:
    """On the event loop (a class as dependency would cost a thread hop)."""
    return Leeslog(request)


LeeslogDep = Annotated[Leeslog, Depends(leeslog)]
