"""Liveness, readiness and metrics: for the platform, without an API key.

- ``GET /v1/gezondheid``: the process answers (liveness); touches nothing else.
- ``GET /v1/gereed``: the database answers and its schema is at the revision this code ships
  (readiness; the Dockerfile's ``HEALTHCHECK``). 503 otherwise, with the reason.
- ``GET /metrics``: Prometheus text (``service.metrics``), only for the addresses in
  ``metrics_adressen``; for anyone else, and when the setting is empty, it does not exist (404).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any
from typing import Literal

from fastapi import APIRouter
from fastapi import Request
from fastapi import Response
from fastapi.responses import JSONResponse
from sqlalchemy import text

from service import metrics
from service.auth import client_adres
from service.db import head_revisie
from service.db import schema_revisie
from service.errors import NietGevonden
from service.errors import problem
from service.schemas import ApiModel

router = APIRouter(tags=["beheer"])
#: Route keyword arguments of the open routes: no API key, open to anyone.
OPEN: dict[str, Any] = {"openapi_extra": {"security": [], "x-toegang": ["iedereen"]}}


class Gezondheid(ApiModel):
    status: Literal["ok"]


class Gereedheid(ApiModel):
    status: Literal["gereed"]
    #: The Alembic revision the database is at.
    schemaversie: str


@lru_cache(maxsize=1)
def _head() -> str | None:
    return head_revisie()  # from the shipped migration files: fixed for the process


@router.get("/gezondheid", **OPEN)
def gezondheid() -> Gezondheid:
    """Leeft de dienst? Altijd 200 zolang het proces antwoordt (liveness); zonder API-sleutel."""
    return Gezondheid(status="ok")


@router.get(
    "/gereed",
    responses={
        503: {
            "description": "Niet gereed: de database antwoordt niet of het schema is niet bijgewerkt."
        }
    },
    response_model=Gereedheid,
    **OPEN,
)
def gereed(request: Request) -> Gereedheid | JSONResponse:
    """Kan de dienst verzoeken aan (readiness)? De database antwoordt en het schema staat op de
    versie van deze code. Zonder API-sleutel; de HEALTHCHECK van het image gebruikt dit adres."""
    engine = request.app.state.engine
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        staat = schema_revisie(engine)
    except Exception:
        return problem(503, "Niet gereed", "De database antwoordt niet.", request.url.path)
    if staat != _head():
        return problem(
            503,
            "Niet gereed",
            f"Het databaseschema staat op {staat or 'leeg'}; deze versie verwacht {_head()}. "
            "Voer `woonroute migrate` uit.",
            request.url.path,
        )
    return Gereedheid(status="gereed", schemaversie=staat or "")


metrics_router = APIRouter()


@metrics_router.get("/metrics", include_in_schema=False)
def metrics_lezen(request: Request) -> Response:
    settings = request.app.state.settings
    adres = client_adres(
        request.client.host if request.client else None,
        request.headers.get("x-forwarded-for"),
        request.app.state.proxies,
    )
    if not settings.metrics_adressen.strip() or not metrics.toegestaan(
        adres, settings.metrics_adressen
    ):
        raise NietGevonden("Deze pagina bestaat niet.")
    inhoud, soort = metrics.uitvoer(request.app.state.read_engine)
    return Response(inhoud, media_type=soort)


__all__ = ["JSONResponse", "metrics_router", "router"]
