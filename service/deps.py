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
from collections.abc import AsyncIterator, Iterable
from typing import Annotated, Any

from fastapi import BackgroundTasks, Depends, Request
from fastapi.concurrency import run_in_threadpool
from sqlalchemy import event
from sqlmodel import Session

from service import idempotency, inzage
from service.auth import (
    HEADER,
    KEY_USE_INTERVAL,
    Actor,
    FailureLimiter,
    adres_teller,
    check_key,
    client_adres,
    record_key_use,
    sleutel_teller,
)
from service.errors import NietAangemeld, Verboden
from service.models import OrganisatieSoort
from service.models.types import utcnow
from service.region import GrenzenOntbreken, Regio
from service.signaleringen.actions import meld_grenzen_ontbreken

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
    engine = state.read_engine if request.method in ("GET", "HEAD") else state.engine
    session = Session(engine, expire_on_commit=False)
    # After the commit, what the handler still reads to build its answer needs no write
    # lock: later transactions of this session start deferred (SQLite) on the read engine.
    event.listen(session, "after_commit", lambda s: setattr(s, "bind", state.read_engine))
    try:
        yield session
    except GrenzenOntbreken as exc:
        # MATCH-E4: the refused request writes nothing; once its transaction is rolled back
        # (and SQLite's write lock is free), regiobeheer's signal for the year is written
        # in a transaction of its own. The 409 follows from the error handlers.

        await run_in_threadpool(session.rollback)
        await run_in_threadpool(meld_grenzen_ontbreken, state.engine, exc.jaar)
        raise
    finally:
        await run_in_threadpool(session.close)


SessionDep = Annotated[Session, Depends(get_session)]


def get_regio(request: Request) -> Regio:
    return request.app.state.regio


RegioDep = Annotated[Regio, Depends(get_regio)]


def client_adres_van(request: Request) -> str:
    """The caller's address; ``X-Forwarded-For`` only from a configured proxy."""
    return client_adres(
        request.client.host if request.client else None,
        request.headers.get("x-forwarded-for"),
        request.app.state.proxies,
    )


def get_actor(request: Request, background: BackgroundTasks, session: SessionDep) -> Actor:
    """Check the API key on the read-only engine: no write lock, whatever the method (a GET
    reads it in its own read-only session; other methods in a short one of their own). Valid
    keys always pass (a 256-bit secret cannot be guessed, so a busy address or prefix never
    locks out its owner); failures count per client address and per key prefix."""
    state = request.app.state
    key = request.headers.get(HEADER)
    with contextlib.ExitStack() as stack:
        auth_session = (
            session
            if request.method in ("GET", "HEAD")
            else stack.enter_context(Session(state.read_engine))
        )
        try:
            actor, sleutel = check_key(auth_session, key)
        except NietAangemeld:
            limiter: FailureLimiter = state.limiter
            tellers = (adres_teller(client_adres_van(request)), sleutel_teller(key))
            limiter.check(*tellers)
            limiter.failed(*tellers)
            log.warning("failed API key attempt from %s for %s", tellers[0], tellers[1])
            raise
    gebruikt = sleutel.laatst_gebruikt_op
    if gebruikt is None or gebruikt < utcnow() - KEY_USE_INTERVAL:
        background.add_task(record_key_use, state.engine, sleutel.id)
    request.state.actor = actor
    return actor


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


class Leeslog:
    """Logs reads of personal data (NEN 7513): one row per kandidaat shown, in a short
    transaction of its own (see ``service.inzage``)."""

    def __init__(self, request: Request) -> None:
        self._engine = request.app.state.engine

    def __call__(
        self,
        actor: Actor,
        bron: str,
        kandidaten: uuid.UUID | Iterable[uuid.UUID],
        toelichting: str,
    ) -> None:
        ids = [kandidaten] if isinstance(kandidaten, uuid.UUID) else kandidaten
        inzage.schrijf(self._engine, actor, bron, ids, toelichting)


LeeslogDep = Annotated[Leeslog, Depends(Leeslog)]
