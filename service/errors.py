"""Errors that carry their own HTTP status, rendered as ``application/problem+json`` (RFC 9457).

Exception tree::

    WoonrouteFout                 500  base; never shows internals
    ├── OngeldigeInvoer           400  invalid input; ``fouten`` lists every field at once
    ├── NietAangemeld             401  no or unknown API key
    ├── Verboden                  403  wrong kind of organisation for this endpoint
    ├── NietGevonden              404  unknown object, or one the caller may not see
    ├── Conflict                  409  the request does not fit the current state
    ├── Onverwerkbaar             422  an Idempotency-Key reused with a different body
    └── TeVeelPogingen            429  too many failed authentications (with Retry-After)

Every ``detail`` is one or two plain Dutch sentences a person can act on.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import Any

from fastapi import FastAPI
from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import IntegrityError
from sqlalchemy.exc import OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException

from service import teksten

log = logging.getLogger("woonroute")

PROBLEM = "application/problem+json"


@dataclass(frozen=True)
class Veldfout:
    name: str
    reason: str
    code: str = "ongeldig"


class WoonrouteFout(Exception):
    status = 500
    title = "Er ging iets mis"

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


class OngeldigeInvoer(WoonrouteFout):
    status = 400
    title = "Ongeldige invoer"

    def __init__(self, detail: str, fouten: list[Veldfout] | None = None) -> None:
        super().__init__(detail)
        self.fouten = fouten or []


class NietAangemeld(WoonrouteFout):
    status = 401
    title = "Niet aangemeld"


class Verboden(WoonrouteFout):
    status = 403
    title = "Geen toegang"


class NietGevonden(WoonrouteFout):
    status = 404
    title = "Niet gevonden"


class Conflict(WoonrouteFout):
    status = 409
    title = "Conflict"


class TeVeelPogingen(WoonrouteFout):
    status = 429
    title = "Te veel pogingen"

    def __init__(self, detail: str, retry_after: int = 60) -> None:
        super().__init__(detail)
        self.retry_after = retry_after


class GrenzenOntbreken(Conflict):
    """MATCH-E4: the region file holds no income and rent limits for ``jaar``.

    Another year's limits are never used instead: they are indexed every 1 January, so using
    last year's would silently apply wrong limits to who may rent what. Raised from a request it
    is a 409 problem, and regiobeheer gets a signalering for the year (``service.deps``)."""

    def __init__(self, jaar: int) -> None:
        self.jaar = jaar
        super().__init__(grenzen_ontbreken_tekst(jaar))


def grenzen_ontbreken_kort(jaar: int) -> str:
    """The short wording (a signal's title, a diagnosis)."""
    return (
        f"Voor {jaar} zijn geen inkomens- en huurgrenzen ingesteld (MATCH-E4): er worden geen "
        "voordrachten gemaakt."
    )


def grenzen_ontbreken_tekst(jaar: int) -> str:
    """The plain Dutch wording of a missing year (start-up log, region endpoint, 409, signal)."""
    return (
        f"Voor {jaar} zijn geen inkomens- en huurgrenzen ingesteld (passend toewijzen, "
        f"MATCH-E4). Zonder die grenzen maakt woonroute geen voordrachten. Het regiobeheer zet "
        f"de grenzen van {jaar} in het regiobestand (een blok [[inkomensgrenzen]] met jaar = "
        f"{jaar}) en start woonroute opnieuw."
    )


class Onverwerkbaar(WoonrouteFout):
    """422: well-formed, but cannot be processed (an Idempotency-Key reused with another body)."""

    status = 422
    title = "Niet te verwerken"


def problem(
    status: int,
    title: str,
    detail: str,
    instance: str,
    headers: dict[str, str] | None = None,
    **extra: Any,
) -> JSONResponse:
    body: dict[str, Any] = {
        "status": status,
        "title": title,
        "detail": detail,
        "instance": instance,
    }
    body.update(extra)
    return JSONResponse(body, status_code=status, media_type=PROBLEM, headers=headers)


ONGELDIGE_JSON = (
    "De inhoud is geen geldige JSON. Controleer de haakjes, aanhalingstekens en komma's, "
    "en stuur de header Content-Type: application/json mee."
)


def _toegestaan(request: Request, fallback: str) -> str:
    """Every method the API takes on this path, from the published OpenAPI document (the
    ``Allow`` header of a 405); for a web page, what the router said."""

    methods: set[str] = set()
    path = request.url.path.removeprefix("/v1")
    if request.url.path.startswith("/v1"):
        for sjabloon, item in request.app.openapi()["paths"].items():
            if re.fullmatch(re.sub(r"\{[^}]+\}", "[^/]+", sjabloon), path):
                methods |= {m.upper() for m in item}
    if not methods:
        methods = {m.strip() for m in fallback.split(",") if m.strip()}
    if "GET" in methods:
        methods.add("HEAD")
    return ", ".join(sorted(methods))


def _reason(err: dict[str, Any]) -> str:
    """The message for one field (``service.teksten``: "Vul … in", "Moet … zijn")."""
    kind = err.get("type", "")
    ctx = err.get("ctx") or {}
    veld = ".".join(str(p) for p in err.get("loc", ()) if not isinstance(p, int))
    if kind == "missing" or (kind == "string_too_short" and ctx.get("min_length") == 1):
        return teksten.vul_in(veld)
    if kind in teksten.VELDMELDINGEN:
        return teksten.VELDMELDINGEN[kind]
    if kind in ("enum", "literal_error"):
        return teksten.een_van(str(ctx.get("expected", "")).replace("'", ""))
    if kind in ("greater_than_equal", "greater_than"):
        word = "minstens" if kind == "greater_than_equal" else "meer dan"
        return f"Moet {word} {ctx.get('ge', ctx.get('gt'))} zijn."
    if kind in ("less_than_equal", "less_than"):
        word = "hoogstens" if kind == "less_than_equal" else "minder dan"
        return f"Moet {word} {ctx.get('le', ctx.get('lt'))} zijn."
    if kind == "string_too_short":
        return f"Moet minstens {ctx.get('min_length')} tekens lang zijn."
    if kind == "string_too_long":
        return f"Moet hoogstens {ctx.get('max_length')} tekens lang zijn."
    if kind == "too_short":
        return f"Moet er minstens {ctx.get('min_length')} zijn."
    if kind == "too_long":
        return f"Moet er hoogstens {ctx.get('max_length')} zijn."
    if kind in ("value_error", "assertion_error"):
        msg = str(err.get("msg", ""))
        for prefix in ("Value error, ", "Assertion failed, "):
            msg = msg.removeprefix(prefix)
        return teksten.vul_in(veld) if msg == teksten.LEEG else msg
    return "Deze waarde is ongeldig."


def veldfouten(errors: list[dict[str, Any]]) -> list[Veldfout]:
    fouten = []
    for err in errors:
        loc = [str(p) for p in err.get("loc", ()) if p not in ("body", "query", "path", "header")]
        fouten.append(
            Veldfout(name=".".join(loc) or "body", reason=_reason(err), code=err.get("type", ""))
        )
    return fouten


def _invalid_params(fouten: list[Veldfout]) -> list[dict[str, str]]:
    return [{"name": f.name, "code": f.code, "reason": f.reason} for f in fouten]


def _web_page(request: Request, status: int, title: str, detail: str) -> Any | None:
    """The error as a page, when the web layer is installed (``app.state.foutpagina``, set by
    ``service.web.pages.installeer_foutpagina``) and the request is for one of its pages; None
    for the API, which answers problem+json. The core never imports the web layer."""
    foutpagina = getattr(request.app.state, "foutpagina", None)
    return foutpagina(request, status, title, detail) if foutpagina is not None else None


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(WoonrouteFout)
    async def _domain(request: Request, exc: WoonrouteFout) -> Any:
        if (page := _web_page(request, exc.status, exc.title, exc.detail)) is not None:
            return page
        extra: dict[str, Any] = {}
        if isinstance(exc, OngeldigeInvoer) and exc.fouten:
            extra["invalidParams"] = _invalid_params(exc.fouten)
        headers = {"Retry-After": str(exc.retry_after)} if isinstance(exc, TeVeelPogingen) else None
        return problem(exc.status, exc.title, exc.detail, request.url.path, headers, **extra)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = list(exc.errors())
        if any(e.get("type") == "json_invalid" for e in errors):
            # One clear message: the body as a whole is unreadable (no byte offset as a field).
            fout = Veldfout("body", ONGELDIGE_JSON, "json_invalid")
            return problem(
                400,
                "Ongeldige invoer",
                ONGELDIGE_JSON,
                request.url.path,
                invalidParams=_invalid_params([fout]),
            )
        fouten = veldfouten(errors)
        n = len(fouten)
        detail = teksten.niet_goed(n) + " Zie invalidParams."
        return problem(
            400, "Ongeldige invoer", detail, request.url.path, invalidParams=_invalid_params(fouten)
        )

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Any:
        texts = {
            404: ("Niet gevonden", "Dit adres bestaat niet."),
            405: ("Methode niet toegestaan", "Deze methode is niet toegestaan op dit adres."),
            413: ("Te groot", str(exc.detail)),
            415: ("Verkeerd soort inhoud", str(exc.detail)),
        }
        title, detail = texts.get(exc.status_code, ("Fout", str(exc.detail)))
        headers = dict(exc.headers or {})
        if exc.status_code == 405:
            headers["Allow"] = _toegestaan(request, headers.get("Allow", ""))
            detail += f" Toegestaan: {headers['Allow']}."
        if (page := _web_page(request, exc.status_code, title, detail)) is not None:
            page.headers.update(headers)
            return page
        return problem(exc.status_code, title, detail, request.url.path, headers or None)

    @app.exception_handler(IntegrityError)
    async def _integrity(request: Request, exc: IntegrityError) -> JSONResponse:
        # A database constraint refused the change: a concurrent request was first.
        # By constraint name: the driver's message may quote the refused values (personal data).
        log.info("integrity conflict on %s: %s", request.url.path, _beperking(exc))
        return problem(
            409,
            "Conflict",
            "Dit kan niet meer: een ander verzoek heeft dit net veranderd. Haal de gegevens opnieuw op.",
            request.url.path,
        )

    @app.exception_handler(OperationalError)
    async def _operational(request: Request, exc: OperationalError) -> JSONResponse:
        if getattr(exc.orig, "sqlstate", None) in ("40P01", "40001"):
            # Deadlock or serialisation failure: a concurrent request won; nothing was written.
            log.info("concurrency conflict on %s: %s", request.url.path, _beperking(exc))
            return problem(
                409,
                "Conflict",
                "Een ander verzoek veranderde dit tegelijk. Haal de gegevens opnieuw op en probeer het opnieuw.",
                request.url.path,
            )
        log.exception("database error on %s", request.url.path)
        return problem(
            503,
            "Tijdelijk niet beschikbaar",
            "De database is even bezet. Probeer het zo opnieuw.",
            request.url.path,
        )

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unexpected error on %s", request.url.path)
        return problem(
            500,
            "Er ging iets mis",
            "Er ging iets mis aan onze kant. Probeer het later opnieuw.",
            request.url.path,
        )


def _beperking(exc: Exception) -> str:
    """The constraint (or the kind of error) behind a database refusal, without any values."""
    orig = getattr(exc, "orig", None)
    naam = getattr(getattr(orig, "diag", None), "constraint_name", None)
    return naam or type(orig or exc).__name__
