"""Request limits checked before the body is read (issue 11, OWASP API4).

``Verzoekgrenzen`` is an ASGI middleware:

- a body larger than its limit gets 413 at once when ``Content-Length`` says so, and is cut
  off as soon as the bytes read pass the limit when it does not (chunked uploads); uploads
  (``multipart/form-data``) may be larger than other bodies (settings ``max_upload_bytes`` and
  ``max_json_bytes``);
- ``weiger_verkeerd_type`` (called by the API's route class) answers 415 to a body in a media
  type the route does not take, before anything is parsed: JSON routes take
  ``application/json`` (or ``+json``), upload routes ``multipart/form-data``.

Both answers are problem+json for the API and the error page for the web pages (the error
handlers in ``service.errors`` render them).

``Bestandsgrenzen`` are the limits for uploaded spreadsheets: rows per file, the unpacked size
and compression ratio of an XLSX (zip bombs), and how many problems an answer lists.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fastapi import HTTPException as FastAPIHTTPException
from fastapi import params
from fastapi.routing import APIRoute
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.types import ASGIApp
from starlette.types import Message
from starlette.types import Receive
from starlette.types import Scope
from starlette.types import Send

from service.errors import OngeldigeInvoer
from service.errors import Veldfout

_MET_BODY = {"POST", "PUT", "PATCH"}
JSON = "application/json"
MULTIPART = "multipart/form-data"
FORMULIER = "application/x-www-form-urlencoded"


def _media_type(scope: Scope) -> str:
    for k, v in scope.get("headers", []):
        if k == b"content-type":
            return v.decode("latin-1").split(";", 1)[0].strip().lower()
    return ""


def _lengte(scope: Scope) -> int | None:
    for k, v in scope.get("headers", []):
        if k == b"content-length":
            try:
                return int(v)
            except ValueError:
                return None
    return None


def verwacht(route: APIRoute) -> tuple[str, ...] | None:
    """The media types a route's body may have; ``None`` when it takes no body."""
    body = route.body_field
    if body is None:
        return None
    if isinstance(body.field_info, params.Form):  # File is a Form
        return (MULTIPART, FORMULIER)
    return (JSON,)


def weiger_verkeerd_type(route: APIRoute, request: Any) -> None:
    """415 for a body the route cannot take (an empty body is left to validation)."""
    toegestaan = verwacht(route)
    if toegestaan is None:
        return
    lengte = request.headers.get("content-length")
    if lengte == "0" or (lengte is None and "transfer-encoding" not in request.headers):
        return
    media_type = _media_type(request.scope)
    if not past(media_type, toegestaan):
        raise FastAPIHTTPException(
            415,
            f"Stuur de inhoud als {toegestaan[0]}"
            + ("." if media_type else " (de header Content-Type ontbreekt)."),
        )


def past(media_type: str, toegestaan: tuple[str, ...]) -> bool:
    if (
        JSON in toegestaan
        and media_type.startswith("application/")
        and media_type.endswith("+json")
    ):
        return True
    return media_type in toegestaan


class TeGroot(FastAPIHTTPException):
    """Raised while the body is read; FastAPI passes its own HTTPException through."""

    def __init__(self, limiet: int) -> None:
        mb = limiet / (1024 * 1024)
        tekst = f"{mb:.0f} MB" if mb >= 1 else f"{limiet // 1024} kB"
        super().__init__(413, f"Het verzoek is te groot. Stuur hoogstens {tekst}.")


class Verzoekgrenzen:
    def __init__(self, app: ASGIApp, *, max_json_bytes: int, max_upload_bytes: int) -> None:
        self.app = app
        self.max_json_bytes = max_json_bytes
        self.max_upload_bytes = max_upload_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in _MET_BODY:
            await self.app(scope, receive, send)
            return
        media_type = _media_type(scope)
        limiet = self.max_upload_bytes if media_type == MULTIPART else self.max_json_bytes
        lengte = _lengte(scope)
        if lengte is not None and lengte > limiet:
            await self._weiger(scope, receive, send, TeGroot(limiet))
            return
        gelezen = 0

        async def tellen() -> Message:
            nonlocal gelezen
            message = await receive()
            if message["type"] == "http.request":
                gelezen += len(message.get("body", b""))
                if gelezen > limiet:
                    raise TeGroot(limiet)
            return message

        await self.app(scope, tellen, send)

    async def _weiger(self, scope: Scope, receive: Receive, send: Send, exc: Any) -> None:
        """Answer through the app's own error handlers, without reading the body."""

        app = scope["app"]
        handler = app.exception_handlers.get(HTTPException)
        response = await handler(Request(scope, receive), exc)
        await response(scope, receive, send)


# --- uploaded spreadsheets -------------------------------------------------------------------


@dataclass(frozen=True)
class Bestandsgrenzen:
    """Limits for an uploaded CSV/XLSX (settings ``max_rijen_per_bestand`` and the rest)."""

    max_rijen: int = 100_000
    max_uitgepakt_bytes: int = 200 * 1024 * 1024
    max_compressie: int = 100
    max_problemen: int = 200

    @classmethod
    def uit(cls, settings: Any) -> Bestandsgrenzen:
        return cls(
            max_rijen=settings.max_rijen_per_bestand,
            max_uitgepakt_bytes=settings.max_xlsx_uitgepakt_bytes,
            max_compressie=settings.max_xlsx_compressie,
            max_problemen=settings.max_problemen,
        )


def controleer_xlsx(pad: Path, grenzen: Bestandsgrenzen) -> None:
    """Zip-bomb defence: refuse an XLSX whose parts unpack to more than the limit, or that is
    compressed more than real spreadsheets are, before any XML is parsed."""
    try:
        with zipfile.ZipFile(pad) as z:
            uitgepakt = sum(i.file_size for i in z.infolist())
    except zipfile.BadZipFile:
        return  # not a zip at all: the reader reports an invalid XLSX
    ingepakt = pad.stat().st_size
    mb = grenzen.max_uitgepakt_bytes // (1024 * 1024)
    if uitgepakt > grenzen.max_uitgepakt_bytes:
        reden = f"Uitgepakt is dit bestand groter dan {mb} MB. Splits het in kleinere bestanden."
    elif uitgepakt > grenzen.max_compressie * max(ingepakt, 1) and uitgepakt > 1024 * 1024:
        reden = (
            "Dit bestand is veel sterker ingepakt dan een gewone spreadsheet; het wordt niet "
            "geopend. Sla het opnieuw op in Excel en probeer het nog eens."
        )
    else:
        return
    raise OngeldigeInvoer(
        "Het bestand kan niet worden ingelezen; er is niets ingelezen.",
        [Veldfout("bestand", reden, "te-groot")],
    )


def te_veel_rijen(grenzen: Bestandsgrenzen) -> Exception:
    return OngeldigeInvoer(
        "Het bestand heeft te veel rijen; er is niets ingelezen.",
        [
            Veldfout(
                "bestand",
                f"Stuur hoogstens {grenzen.max_rijen} rijen in één bestand; splits het bestand.",
                "te-veel-rijen",
            )
        ],
    )


def eerste_problemen(fouten: list[Any], grenzen: Bestandsgrenzen) -> tuple[list[Any], str]:
    """The first ``max_problemen`` problems, and a sentence with the total when there are more."""
    if len(fouten) <= grenzen.max_problemen:
        return fouten, ""
    return (
        fouten[: grenzen.max_problemen],
        f" In totaal zijn er {len(fouten)} problemen; invalidParams noemt de eerste "
        f"{grenzen.max_problemen}.",
    )
