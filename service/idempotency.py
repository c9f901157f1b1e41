"""Retried POSTs with the same ``Idempotency-Key`` do not create duplicates (STANDARDS.md).

The key is recorded in the request's own transaction, so it commits together with the change
or not at all: a refused request leaves no key behind and may simply be retried. After the
commit the answer is stored with the key; a retry gets that answer again (header
``Idempotent-Replayed: true``). The same key with a different body or path is refused with
422, as Stripe does: replaying the first answer would hide the client's mistake. Two identical
requests racing: the unique constraint on
(organisation, key) lets one through; the other gets 409.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Callable
from collections.abc import Coroutine
from typing import Any

from fastapi import FastAPI
from fastapi import Request
from fastapi import Response
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from sqlalchemy import Engine
from sqlmodel import Session
from sqlmodel import select
from starlette.datastructures import UploadFile as StarletteUploadFile

from service.auth import Actor
from service.errors import Conflict
from service.errors import OngeldigeInvoer
from service.errors import Onverwerkbaar
from service.errors import Veldfout
from service.grenzen import weiger_verkeerd_type
from service.models import IdempotentVerzoek

KEY_HEADER = "Idempotency-Key"


class Herhaling(Exception):
    """A retry of a request that already succeeded: answer with the stored response."""

    def __init__(self, row: IdempotentVerzoek) -> None:
        self.row = row


def install_replay(app: FastAPI) -> None:
    """A retry answers with the stored response (the web layer and the core install their own
    handlers; the error module does not know this one)."""

    @app.exception_handler(Herhaling)
    async def _replay(request: Request, exc: Herhaling) -> JSONResponse:
        return replay(exc.row)


def replay(row: IdempotentVerzoek) -> JSONResponse:
    return JSONResponse(
        row.body, status_code=row.status_code, headers={"Idempotent-Replayed": "true"}
    )


def claim(request: Request, session: Session, actor: Actor) -> None:
    """Dependency part of every route (via ``toegang``); acts only on POST with the header."""
    key = request.headers.get(KEY_HEADER)
    if request.method != "POST" or not key:
        return
    if len(key) > 200:
        raise OngeldigeInvoer(
            "De Idempotency-Key is te lang.",
            [Veldfout(KEY_HEADER, "Moet hoogstens 200 tekens lang zijn.")],
        )
    # Looked up on the read-only engine: the request's own write transaction (SQLite: the write
    # lock) starts only when the handler writes, after it parsed and checked its input.
    with Session(request.app.state.read_engine) as lookup:
        existing = lookup.exec(
            select(IdempotentVerzoek).where(
                IdempotentVerzoek.organisatie_id == actor.organisatie_id,
                IdempotentVerzoek.sleutel == key,
            )
        ).first()
    verzoek_hash = getattr(request.state, "verzoek_hash", None)
    if existing is not None:
        if existing.pad != request.url.path or (
            existing.verzoek_hash is not None and existing.verzoek_hash != verzoek_hash
        ):
            # Stripe's rule: the same key with another request is a client error, not a replay.
            raise Onverwerkbaar(
                "Deze Idempotency-Key is al gebruikt voor een ander verzoek (ander adres of "
                "andere inhoud). Gebruik voor elk nieuw verzoek een nieuwe sleutel."
            )
        if existing.status_code == 0:
            raise Conflict(
                "Een verzoek met deze Idempotency-Key wordt nog verwerkt. Probeer het zo opnieuw."
            )
        raise Herhaling(existing)
    session.add(
        IdempotentVerzoek(
            organisatie_id=actor.organisatie_id,
            sleutel=key,
            pad=request.url.path,
            verzoek_hash=verzoek_hash,
            status_code=0,
        )
    )
    request.state.idempotency = (actor.organisatie_id, key)


def _store(
    engine: Engine, organisatie_id: uuid.UUID, key: str, status_code: int, body: Any
) -> None:
    with Session(engine) as session:
        row = session.exec(
            select(IdempotentVerzoek).where(
                IdempotentVerzoek.organisatie_id == organisatie_id, IdempotentVerzoek.sleutel == key
            )
        ).first()
        if row is not None:  # absent when the request's transaction rolled back
            row.status_code, row.body = status_code, body
            session.add(row)
            session.commit()


async def _vingerafdruk(request: Request) -> str:
    """SHA-256 of what was sent. The body is read once and cached, so the handler reads the same
    copy; an upload is fingerprinted by its fields and file contents, not by the multipart
    boundary, which differs on every retry."""
    digest = hashlib.sha256()
    if request.headers.get("content-type", "").startswith("multipart/form-data"):
        form = await request.form()
        for naam, waarde in form.multi_items():
            digest.update(naam.encode() + b"\0")
            if isinstance(waarde, StarletteUploadFile):
                digest.update((waarde.filename or "").encode() + b"\0" + await waarde.read())
                await waarde.seek(0)
            else:
                digest.update(str(waarde).encode())
            digest.update(b"\0")
    else:
        digest.update(await request.body())
    return digest.hexdigest()


class IdempotentRoute(APIRoute):
    """The route class of every API router: refuses a body of the wrong media type (415) before
    it is parsed, and stores a successful POST's answer with its Idempotency-Key after the
    change committed."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def route(request: Request) -> Response:
            weiger_verkeerd_type(self, request)
            if request.method == "POST" and request.headers.get(KEY_HEADER):
                request.state.verzoek_hash = await _vingerafdruk(request)
            response = await handler(request)
            claimed: tuple[uuid.UUID, str] | None = getattr(request.state, "idempotency", None)
            if claimed is not None and 200 <= response.status_code < 300:
                organisatie_id, key = claimed
                body = json.loads(bytes(response.body)) if response.body else None
                await run_in_threadpool(
                    _store,
                    request.app.state.engine,
                    organisatie_id,
                    key,
                    response.status_code,
                    body,
                )
            return response

        return route
