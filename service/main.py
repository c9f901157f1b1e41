"""The FastAPI application: wiring, middleware, the published OpenAPI document, start-up."""

from __future__ import annotations

import contextlib
import json
import logging
import re
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import fastapi_offline
from fastapi import APIRouter
from fastapi import FastAPI
from fastapi import Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.openapi.utils import get_openapi
from fastapi.responses import HTMLResponse
from fastapi.responses import RedirectResponse
from fastapi.routing import APIRoute
from fastapi.staticfiles import StaticFiles
from sqlmodel import Session
from starlette.routing import Match
from starlette.routing import Route
from starlette.types import ASGIApp
from starlette.types import Message
from starlette.types import Receive
from starlette.types import Scope
from starlette.types import Send

from service import clock
from service import inzage
from service import logboek
from service import metrics
from service.aanbiedingen.router import router as aanbiedingen_router
from service.auth import HEADER
from service.auth import FailureLimiter
from service.beleidslab.router import router as beleidsproeven_router
from service.clientervaringen.router import router as clientervaringen_router
from service.contingenten.router import router as contingenten_router
from service.db import head_revisie
from service.db import make_engine
from service.db import migrate
from service.db import migratieslot
from service.db import schema_revisie
from service.db import session_scope
from service.errors import grenzen_ontbreken_tekst
from service.errors import install_error_handlers
from service.escalaties.router import router as escalaties_router
from service.formulieren.router import router as formulieren_router
from service.gebeurtenissen.router import router as gebeurtenissen_router
from service.gezondheid.router import metrics_router
from service.gezondheid.router import router as gezondheid_router
from service.grenzen import Verzoekgrenzen
from service.idempotency import install_replay
from service.importeren.router import router as importeren_router
from service.kandidaten.router import router as kandidaten_router
from service.knelpunten.router import router as knelpunten_router
from service.maatwerk.router import router as maatwerk_router
from service.openapi_grenzen import begrens
from service.organisaties.actions import sync_region_organisaties
from service.organisaties.router import router as organisaties_router
from service.plaatsingen.router import router as plaatsingen_router
from service.pseudoniem import ensure_secret
from service.rapportages.router import router as rapportages_router
from service.regio import load_regio
from service.regio.router import router as regio_router
from service.routeadvies.router import kandidaat_router as routeadvies_kandidaat_router
from service.routeadvies.router import router as routeadvies_router
from service.schemas import Probleem
from service.settings import API_VERSION
from service.settings import Settings
from service.settings import get_settings
from service.signaleringen.actions import meld_grenzen_ontbreken
from service.signaleringen.router import router as signaleringen_router
from service.taken import Planner
from service.taken import taken
from service.voordrachten.router import router as voordrachten_router
from service.web.pages import HERE
from service.web.pages import NietIngelogd
from service.web.pages import installeer_foutpagina
from service.web.router import router as web_router
from service.web.werk import router as werk_router
from service.webhooks.dispatcher import Dispatcher
from service.webhooks.dispatcher import Regels
from service.webhooks.router import router as abonnementen_router
from service.woningen.router import router as woningen_router

log = logging.getLogger("woonroute")

ROUTERS: tuple[APIRouter, ...] = (
    organisaties_router,
    kandidaten_router,
    formulieren_router,
    importeren_router,
    woningen_router,
    voordrachten_router,
    aanbiedingen_router,
    plaatsingen_router,
    maatwerk_router,
    escalaties_router,
    contingenten_router,
    signaleringen_router,
    rapportages_router,
    knelpunten_router,
    gebeurtenissen_router,
    regio_router,
    routeadvies_router,
    routeadvies_kandidaat_router,
    clientervaringen_router,
    abonnementen_router,
    beleidsproeven_router,
    gezondheid_router,
)

_API_HEADERS = [
    (b"api-version", API_VERSION.encode()),
    (b"cache-control", b"no-store"),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
]
_CSP_API = (b"content-security-policy", b"default-src 'none'; frame-ancestors 'none'")
_CSP_WEB = (
    b"content-security-policy",
    b"default-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
)
_CSP_DOCS = (
    b"content-security-policy",
    b"default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
    b"img-src 'self' data:; frame-ancestors 'none'",
)


_HSTS = (b"strict-transport-security", b"max-age=31536000; includeSubDomains")


class SecurityHeaders:
    """Adds ``API-Version`` and the security headers of the NL API Design Rules to every response;
    ``Strict-Transport-Security`` when ``hsts`` is set; never a ``Server`` header."""

    def __init__(self, app: ASGIApp, hsts: bool = False) -> None:
        self.app = app
        self.extra = [_HSTS] if hsts else []

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope["path"]
        csp = (
            _CSP_DOCS
            if path.endswith("/docs")
            else _CSP_API
            if path.startswith("/v1")
            else _CSP_WEB
        )

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [
                    (k, v)
                    for k, v in message.get("headers", [])
                    if k.lower() not in (b"content-security-policy", b"server")
                ]
                message["headers"] = headers + _API_HEADERS + [csp] + self.extra
            await send(message)

        await self.app(scope, receive, send_with_headers)


class Verzoekregistratie:
    """Per request: the request id (``X-Request-ID``, taken from the caller or made here, and
    returned), the Prometheus request metrics by route template, and one JSON log line
    (method, route template, status, duration; never the path's values or the query)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    @staticmethod
    def _sjabloon(scope: Scope) -> str:
        """The route template that served the request: never ids, so few label values."""
        path = scope["path"]
        route = scope.get("route")
        sjabloon = getattr(route, "path", None)
        if sjabloon is None:
            if path.startswith("/static/"):
                return "/static"
            app = scope.get("app")
            for r in getattr(app, "routes", ()):
                if isinstance(r, APIRoute | Route) and r.matches(scope)[0] == Match.FULL:
                    return r.path
            return "(geen route)"
        if path.startswith("/v1/") and not sjabloon.startswith("/v1"):
            return "/v1" + sjabloon
        return sjabloon

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        aangeboden = next(
            (v.decode("latin-1") for k, v in scope["headers"] if k == b"x-request-id"), None
        )
        vid = logboek.nieuw_verzoek_id(aangeboden)
        token = logboek.verzoek_id.set(vid)
        status = 500
        start = time.perf_counter()

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message["headers"] = [
                    *message.get("headers", []),
                    (b"x-request-id", vid.encode()),
                ]
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            duur = time.perf_counter() - start
            sjabloon = self._sjabloon(scope)
            metrics.verzoek_gedaan(scope["method"], sjabloon, status, duur)
            if sjabloon != "/metrics":
                log.info(
                    "%s %s %s",
                    scope["method"],
                    sjabloon,
                    status,
                    extra={
                        "methode": scope["method"],
                        "route": sjabloon,
                        "status": status,
                        "duur_ms": round(duur * 1000, 1),
                    },
                )
            logboek.verzoek_id.reset(token)


def _operation_id(route: APIRoute) -> str:
    return route.name


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        startup(app, settings)
        dispatcher = (
            Dispatcher(app.state.engine, Regels.uit(settings)) if settings.dispatcher_aan else None
        )
        planner = Planner(
            app.state.engine,
            taken(settings, app.state.regio, dispatcher, geplande=settings.taken_aan),
            lease=settings.taak_lease_seconden,
            tik=settings.taak_tik_seconden,
        )
        app.state.planner = planner
        planner.start()
        try:
            yield
        finally:
            # Jobs stop after their batch; one still running after 1 s is left to the exit
            # (its transaction is rolled back), so the server stops within 5 s.
            planner.stop(wacht=1.0)
            if dispatcher is not None and not planner.bezig():
                dispatcher.close()
            app.state.leesschrijver.sluit()  # the read log: nothing handed over is lost
            app.state.engine.dispose()

    app = FastAPI(
        title="woonroute",
        version=API_VERSION,
        description=(
            "Regionale dienst voor uitstroom uit beschermd wonen en maatschappelijke opvang naar een "
            "eigen woning: wachtlijst, omgekeerde plaatsing met voordrachten van drie, aanbiedingen en "
            "plaatsingen. Meld u aan met een API-sleutel in de header `X-Api-Key`."
        ),
        openapi_url="/v1/openapi.json",
        docs_url=None,  # served from the package by install_docs: works offline
        redoc_url=None,
        swagger_ui_oauth2_redirect_url=None,
        lifespan=lifespan,
        generate_unique_id_function=_operation_id,
    )
    app.router.redirect_slashes = False  # /core/no-trailing-slash: a trailing slash is a 404
    for r in ROUTERS:
        app.include_router(r, prefix="/v1")
    install_web(app)
    install_docs(app)
    install_error_handlers(app)
    install_replay(app)
    app.state.meld_grenzen_ontbreken = meld_grenzen_ontbreken
    app.add_middleware(
        Verzoekgrenzen,
        max_json_bytes=settings.max_json_bytes,
        max_upload_bytes=settings.max_upload_bytes,
    )
    app.add_middleware(SecurityHeaders, hsts=settings.hsts)
    app.add_middleware(Verzoekregistratie)
    app.include_router(metrics_router)
    # FastAPI's documented way to customise the document is to replace ``app.openapi``;
    # mypy refuses any assignment to a method.
    app.openapi = lambda: build_openapi(app, settings.regio)  # type: ignore[method-assign]
    return app


def install_docs(app: FastAPI) -> None:
    """``/v1/docs``: Swagger UI 5 from the ``fastapi-offline`` package's files, served here
    (``/docs-bestanden``), never from a CDN, so the documentation works offline and the page's
    Content-Security-Policy names no other host."""
    bestanden = Path(fastapi_offline.__file__).parent / "static"
    app.mount("/docs-bestanden", StaticFiles(directory=bestanden), name="docs-bestanden")

    @app.get("/v1/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url="/v1/openapi.json",
            title="woonroute - documentatie",
            swagger_js_url="/docs-bestanden/swagger-ui-bundle.js",
            swagger_css_url="/docs-bestanden/swagger-ui.css",
            swagger_favicon_url="/docs-bestanden/favicon.png",
            swagger_ui_parameters={"validatorUrl": None},
        )


def install_web(app: FastAPI) -> None:
    """The web pages (issue 7): same app, same actions, same checks; not part of the API schema."""
    app.include_router(web_router)
    app.include_router(werk_router)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    installeer_foutpagina(app)

    @app.exception_handler(NietIngelogd)
    async def _login(request: Request, exc: NietIngelogd) -> RedirectResponse:
        return RedirectResponse("/inloggen?reden=inloggen", status_code=303)


def startup(app: FastAPI, settings: Settings) -> None:
    if settings.vandaag is not None:
        clock.verzet(settings.vandaag)
    regio = load_regio(settings.regio)
    for jaar in regio.ontbrekende_grensjaren(clock.vandaag()):
        # MATCH-E4: a configuration problem, also on /v1/regio and as regiobeheer's signal
        log.error("configuratieprobleem: %s", grenzen_ontbreken_tekst(jaar))
    engine = make_engine(settings.sqlalchemy_url)
    if settings.migreren_bij_start:
        migrate(engine)
    elif (staat := schema_revisie(engine)) != (head := head_revisie()):
        raise RuntimeError(
            f"Het databaseschema staat op {staat or 'leeg'}, deze versie verwacht {head}: "
            "voer eerst `woonroute migrate` uit."
        )
    with migratieslot(engine), session_scope(engine, regio) as session:
        sync_region_organisaties(session, regio)
        secret = ensure_secret(session, settings.pseudoniem_sleutel)
    app.state.settings = settings
    app.state.regio = regio
    app.state.engine = engine
    app.state.read_engine = engine.execution_options(alleen_lezen=True)
    app.state.leesschrijver = inzage.Groepsschrijver(engine)
    app.state.limiter = FailureLimiter(
        engine, settings.max_mislukte_aanmeldingen, read_engine=app.state.read_engine
    )
    app.state.proxies = frozenset(
        p.strip() for p in settings.vertrouwde_proxies.split(",") if p.strip()
    )
    app.state.pseudoniem_sleutel = secret


_FOUTEN = {
    "400": "Ongeldige invoer: alle veldfouten staan in invalidParams.",
    "401": "Geen of geen geldige API-sleutel.",
    "403": "Uw soort organisatie mag dit niet.",
    "404": "Niet gevonden, of niet van u.",
    "409": "Past niet bij de huidige stand van zaken.",
    "429": "Te veel mislukte aanmeldingen; wacht het aantal seconden uit Retry-After.",
    "500": "Er ging iets mis.",
}


_BODY_FOUTEN = {
    "413": "Het verzoek is te groot (JSON hoogstens 1 MB, een bestand hoogstens 20 MB).",
    "415": "De inhoud heeft niet het soort (Content-Type) dat dit adres verwacht.",
}


def build_openapi(app: FastAPI, regio: str | None = None) -> dict[str, Any]:
    """The published contract: servers with /v1, problem+json errors, API-Version headers."""
    if app.openapi_schema:
        return app.openapi_schema
    schema = get_openapi(
        title=app.title, version=app.version, description=app.description, routes=app.routes
    )
    schema["info"]["contact"] = {
        "name": "woonroute beheer",
        "url": "https://github.com/woonroute/woonroute",
        "email": "beheer@woonroute.nl",
    }
    schema["servers"] = [
        {
            "url": "/v1",
            "description": "Deze server (production, of de test- of local-omgeving waar u dit leest)",
            "x-internal": False,
        }
    ]
    schema["paths"] = {path.removeprefix("/v1"): item for path, item in schema["paths"].items()}
    components = schema.setdefault("components", {})
    probleem = Probleem.model_json_schema(
        by_alias=True, ref_template="#/components/schemas/{model}"
    )
    components.setdefault("schemas", {}).update(probleem.pop("$defs", {}))
    components["schemas"]["Probleem"] = probleem
    components["securitySchemes"] = {
        "apiSleutel": {"type": "apiKey", "in": "header", "name": HEADER}
    }
    components["headers"] = {
        "API-Version": {
            "description": "De volledige versie van de API.",
            "schema": {"type": "string", "example": API_VERSION},
        },
        "Retry-After": {
            "description": "Na hoeveel seconden een nieuwe poging weer kan.",
            "schema": {"type": "integer", "minimum": 1, "maximum": 3600},
        },
    }
    schema["security"] = [{"apiSleutel": []}]
    problem = {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Probleem"}}}
    idempotency = {
        "name": "Idempotency-Key",
        "in": "header",
        "required": False,
        "description": "Een herhaald POST-verzoek met dezelfde sleutel maakt niets dubbel; het eerste antwoord komt terug.",
        "schema": {"type": "string", "maxLength": 200},
    }
    for item in schema["paths"].values():
        for method, operation in item.items():
            if method == "post":
                operation.setdefault("parameters", []).append(idempotency)
            responses = operation.setdefault("responses", {})
            responses.pop("422", None)
            for code, response in responses.items():
                if code.startswith(("2", "3")):
                    response.setdefault("headers", {})["API-Version"] = {
                        "$ref": "#/components/headers/API-Version"
                    }
            for code, text in _FOUTEN.items():
                responses.setdefault(code, {"description": text, "content": problem})
            for code, response in responses.items():
                if code.startswith(("4", "5")):
                    response["content"] = problem
            responses["429"]["headers"] = {
                "Retry-After": {"$ref": "#/components/headers/Retry-After"}
            }
            if "requestBody" in operation:
                for code, text in _BODY_FOUTEN.items():
                    responses.setdefault(code, {"description": text, "content": problem})
            if method == "post":
                responses.setdefault(
                    "422",
                    {
                        "description": "De Idempotency-Key is al gebruikt voor een ander verzoek.",
                        "content": problem,
                    },
                )
    for name in ("HTTPValidationError", "ValidationError"):
        components["schemas"].pop(name, None)
    gemeenten = list(load_regio(regio).gemeenten) if regio else None
    app.openapi_schema = begrens(_pascal_schema_names(schema), gemeenten)
    return app.openapi_schema


def _pascal(name: str) -> str:
    """``Body_kandidaten_importeren`` → ``KandidatenImporterenBody``; ``Pagina_X_`` → ``PaginaX``."""
    if name.startswith("Body_"):
        return "".join(part.capitalize() for part in name[5:].split("_")) + "Body"
    return re.sub(r"[^A-Za-z0-9]|Union", "", name)


def _pascal_schema_names(schema: dict[str, Any]) -> dict[str, Any]:
    """Generic models get names like ``Pagina_WoningUit_``; publish ``PaginaWoningUit``."""
    names = schema["components"]["schemas"]
    renames = {old: _pascal(old) for old in names if not old.isalnum()}
    if not renames:
        return schema
    text = json.dumps(schema)
    for old, new in renames.items():
        text = text.replace(f'"#/components/schemas/{old}"', f'"#/components/schemas/{new}"')
    result = json.loads(text)
    result["components"]["schemas"] = {
        renames.get(k, k): v for k, v in result["components"]["schemas"].items()
    }
    return result


def app_factory() -> FastAPI:
    return create_app()


__all__ = ["Session", "build_openapi", "create_app", "startup"]
