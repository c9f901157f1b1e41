"""The form helpers of the pages, in one place: the posted form (``Formulier``, ``lees_upload``),
values from the address (``id_uit``, ``jaar_uit``, ``pagina_uit``, ``getal``), the API's messages by form field
(``veldfouten``, ``formulierfouten``, ``samenvatting``, ``formulierstaat``), and the steps every
form post takes (``formulier_post``): check the CSRF token, validate and act, roll back and show
the page again with the messages, or commit and go on."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from collections.abc import Iterable
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Annotated
from typing import Any
from typing import TypedDict
from typing import Unpack

from fastapi import Depends
from fastapi import Request
from fastapi.responses import Response
from pydantic import ValidationError
from pydantic.alias_generators import to_snake
from sqlmodel import Session
from starlette.datastructures import UploadFile

from service import teksten
from service.clock import vandaag
from service.errors import Conflict
from service.errors import NietGevonden
from service.errors import OngeldigeInvoer
from service.errors import veldfouten as api_veldfouten
from service.web.pages import Persoon
from service.web.pages import check_csrf


async def lees_formulier(request: Request) -> dict[str, str]:
    """The posted form as plain strings (missing fields are handled by the pydantic models, so a
    person gets a page with messages, never the API's JSON answer)."""
    form = await request.form()
    return {k: v.strip() for k, v in form.items() if isinstance(v, str)}


Formulier = Annotated[dict[str, str], Depends(lees_formulier)]


def getal(tekst: str | None, standaard: int, laag: int, hoog: int) -> int:
    """A number from the address (a year, a page) that falls back instead of failing."""
    try:
        waarde = int(tekst or "")
    except ValueError:
        return standaard
    return waarde if laag <= waarde <= hoog else standaard


def ingevuld(waarden: Mapping[str, str]) -> dict[str, str]:
    """The fields a person filled in: an empty one is left out, so the API's own message
    ("Vul … in.") appears where something is missing."""
    return {k: v for k, v in waarden.items() if v}


def jaar_uit(tekst: str | None) -> int:
    """A year from the address or a form (2000-2100); this year otherwise."""
    return getal(tekst, vandaag().year, 2000, 2100)


def pagina_uit(tekst: str | None, hoogste: int = 10_000) -> int:
    """A page number from the address (1 to ``hoogste``); the first page otherwise."""
    return getal(tekst, 1, 1, hoogste)


def id_uit(tekst: str, melding: str) -> uuid.UUID:
    """An id from the address; anything else looks the same as an unknown object (404)."""
    try:
        return uuid.UUID(tekst)
    except ValueError:
        raise NietGevonden(melding) from None


def veldfouten(exc: Exception) -> dict[str, str]:
    """Field errors of a pydantic ValidationError or an OngeldigeInvoer, by field name (camelCase)."""
    if isinstance(exc, ValidationError):
        return {f.name: f.reason for f in api_veldfouten([dict(e) for e in exc.errors()])}
    if isinstance(exc, OngeldigeInvoer):
        return {f.name: f.reason for f in exc.fouten} or {"": exc.detail}
    return {"": str(exc)}


def formulierfouten(
    exc: Exception,
    waarden: dict[str, str] | None = None,
    geheel_naar: Iterable[str] = (),
) -> dict[str, str]:
    """The API's messages by form field (snake_case, last part of a nested name).

    A message about the whole input (a model check, e.g. "Bij schrappen zijn nodig: reden.") goes
    next to the empty fields of ``geheel_naar`` (or the first of them). The key "" holds what
    belongs to the whole form: the detail of an ``OngeldigeInvoer``, or how many fields are wrong.
    """
    waarden = waarden or {}
    geheel_naar = list(geheel_naar)
    out: dict[str, str] = {}
    for naam, reden in veldfouten(exc).items():
        if naam in ("", "body"):
            doel = [v for v in geheel_naar if not waarden.get(v)] or geheel_naar[:1] or [""]
            for v in doel:
                out.setdefault(v, reden)
        else:
            out.setdefault(to_snake(naam.split(".")[-1]), reden)
    if isinstance(exc, OngeldigeInvoer):
        out.setdefault("", exc.detail)
    else:
        n = len([k for k in out if k])
        if n:
            out.setdefault("", teksten.niet_goed(n))
    return out


def samenvatting(fouten: dict[str, str]) -> dict[str, str]:
    """Adds, under "", how many fields are wrong (the form's summary at the top)."""
    n = len([k for k in fouten if k])
    if n and "" not in fouten:
        fouten[""] = teksten.niet_goed(n)
    return fouten


#: At the top of a long page whose form came back with messages (the details sit at the form).
NIET_VERSTUURD = (
    "Het formulier is niet verstuurd. Hieronder, bij het formulier, staat wat er niet klopt."
)


class Formulierstaat(TypedDict, total=False):
    """A long page with several forms after one came back: which form (on which row:
    ``fout_voor``), its messages and the values filled in. The page functions take these as
    keyword arguments (``**staat: Unpack[Formulierstaat]``) and pass them on to ``formulierstaat``."""

    fout_voor: uuid.UUID | None
    formulier: str | None
    fouten: dict[str, str] | None
    waarden: dict[str, str] | None


def formulierstaat(**staat: Unpack[Formulierstaat]) -> dict[str, Any]:
    """The context of a long page with several forms after one came back: which form (on which
    row: ``fout_voor``), its messages and values, and the line at the top."""
    fouten = staat.get("fouten")
    return {
        "fout_voor": staat.get("fout_voor"),
        "formulier": staat.get("formulier"),
        "fouten": fouten or {},
        "waarden": staat.get("waarden") or {},
        "fout": NIET_VERSTUURD if fouten else None,
    }


#: What a page form answers with the page again and its messages (bad input); anything else goes
#: to the error handlers as it is.
INVOERFOUTEN: tuple[type[Exception], ...] = (ValidationError, OngeldigeInvoer)
#: The same, for a form whose action can also meet a conflict (shown on the page with a 409).
MET_CONFLICT: tuple[type[Exception], ...] = (*INVOERFOUTEN, Conflict)


def foutstatus(exc: Exception) -> int:
    """The status of the page shown again: 409 for a conflict, else 400 (bad input)."""
    return 409 if isinstance(exc, Conflict) else 400


def paginafouten(exc: Exception, veld: Callable[[str], str] | None = None) -> dict[str, str]:
    """The messages of a page whose form came back: a conflict's detail as the form's message,
    else the messages by field (under the form's own names where ``veld`` maps the API's) with
    the count at the top (``samenvatting``)."""
    if isinstance(exc, Conflict):
        return {"": exc.detail}
    fouten = veldfouten(exc)
    if veld is not None:
        fouten = {veld(naam): reden for naam, reden in fouten.items()}
    return samenvatting(fouten)


def formulier_post(
    session: Session,
    persoon: Persoon,
    form: Mapping[str, str],
    doe: Callable[[], Any],
    opnieuw: Callable[[Exception], Response] | None,
    klaar: Callable[[Any], Response],
    *,
    vang: tuple[type[Exception], ...] = INVOERFOUTEN,
) -> Response:
    """The steps every page form takes, in one place: check the form's CSRF token; ``doe``
    validates the input and calls the use case; on bad input (``vang``: a pydantic error or
    ``OngeldigeInvoer``, and ``Conflict`` where a form shows that too) roll back and show the
    page again with the messages (``opnieuw``, see ``foutstatus``); otherwise commit and go on
    (``klaar`` gets what ``doe`` returned). Other errors (403, 404, 409) go to the error
    handlers as they are, and so does every error of a button without a page to show again
    (``opnieuw`` is ``None``). A form with a file reads it first with ``lees_upload``."""
    check_csrf(persoon, form.get("csrf"))
    try:
        uitkomst = doe()
    except vang as exc:
        if opnieuw is None:
            raise
        session.rollback()
        return opnieuw(exc)
    session.commit()
    return klaar(uitkomst)


@dataclass(frozen=True)
class Upload:
    """A posted form with a file: the text fields, and the file (``None`` when none was chosen)."""

    velden: dict[str, str]
    naam: str = ""
    soort: str | None = None
    inhoud: bytes | None = None


async def lees_upload(request: Request, veld: str, max_bytes: int) -> Upload:
    """The posted form with the file in ``veld``, read up to ``max_bytes + 1`` bytes (so the
    reader can tell a file that is too large)."""
    async with request.form() as form:
        velden = {k: v.strip() for k, v in form.items() if isinstance(v, str)}
        bestand = form.get(veld)
        if not isinstance(bestand, UploadFile) or not bestand.filename:
            return Upload(velden)
        return Upload(
            velden, bestand.filename, bestand.content_type, await bestand.read(max_bytes + 1)
        )
