"""Importing an existing waiting list (CSV or XLSX) through a page: upload, a dry run with the
report per row and column, then the import; the template can be downloaded. The same checks and
the same action as ``POST /v1/kandidaatimports`` (one wrong row and nothing is written).
"""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter
from fastapi import Request
from fastapi import Response
from fastapi.responses import HTMLResponse
from fastapi.responses import RedirectResponse
from sqlmodel import Session

from service.db import REGIO
from service.deps import SessionDep
from service.errors import OngeldigeInvoer
from service.grenzen import Bestandsgrenzen
from service.importeren import actions as importeren
from service.importeren.router import kandidaten_importsjabloon
from service.web.formulier import lees_upload
from service.web.pages import PersoonDep
from service.web.pages import check_csrf
from service.web.pages import mag
from service.web.pages import render
from service.web.pages import terug
from service.web.soorten import B

router = APIRouter()
#: The largest file the page accepts (a waiting list of some thousands of rows is far smaller).
MAX_BYTES = 10 * 1024 * 1024


def _pagina(
    request: Request,
    persoon: PersoonDep,
    *,
    resultaat: object | None = None,
    problemen: list[tuple[str, str]] | None = None,
    fout: str | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    return render(
        request,
        "bemiddelaar_import.html",
        persoon,
        status_code=status_code,
        resultaat=resultaat,
        problemen=problemen or [],
        fout=fout,
        kolommen=importeren.KOLOMMEN,
    )


@router.get("/import", response_class=HTMLResponse)
def import_pagina(request: Request, persoon: PersoonDep) -> HTMLResponse:
    mag(persoon, B)
    return _pagina(request, persoon)


@router.get("/import/sjabloon.{formaat}", response_model=None)
def import_sjabloon(formaat: str, persoon: PersoonDep) -> Response:
    mag(persoon, B)
    gekozen: Literal["csv", "xlsx"] = "csv" if formaat == "csv" else "xlsx"
    return kandidaten_importsjabloon(persoon.actor, gekozen)


@router.post("/import", response_model=None)
async def import_versturen(
    request: Request, persoon: PersoonDep, session: SessionDep
) -> HTMLResponse | RedirectResponse:
    # Not ``formulier_post``: the dry run (``proefrun``) shows its outcome and never commits.
    upload = await lees_upload(request, "bestand", MAX_BYTES)
    check_csrf(persoon, upload.velden.get("csrf"))
    mag(persoon, B)
    proefrun = upload.velden.get("stap") != "inlezen"
    inhoud, bestandsnaam = upload.inhoud, upload.naam
    if inhoud is None or len(inhoud) > MAX_BYTES:
        fout, reden = (
            ("Er is geen bestand gekozen.", "Kies een bestand (.csv of .xlsx).")
            if inhoud is None
            else ("Het bestand is te groot.", "Moet kleiner zijn dan 10 MB.")
        )
        return _pagina(request, persoon, problemen=[("bestand", reden)], fout=fout, status_code=400)
    try:
        # Parsed and checked on the read-only engine: no write lock meanwhile (issue 11).
        with Session(
            request.app.state.read_engine, info={REGIO: request.app.state.regio}
        ) as lees_sessie:
            resultaat = importeren.importeer(
                session,
                bestandsnaam=bestandsnaam,
                inhoud=inhoud,
                by=persoon.actor,
                proefrun=proefrun,
                lees_sessie=lees_sessie,
                grenzen=Bestandsgrenzen.uit(request.app.state.settings),
            )
    except OngeldigeInvoer as exc:
        session.rollback()
        return _pagina(
            request,
            persoon,
            problemen=[(f.name, f.reason) for f in exc.fouten],
            fout=f"{exc.detail} Er is niets ingelezen.",
            status_code=400,
        )
    if proefrun:
        session.rollback()
        return _pagina(request, persoon, resultaat=resultaat)
    session.commit()
    return terug(
        persoon,
        "/werk/kandidaten",
        f"{resultaat.aantal} kandidaten zijn ingelezen uit {resultaat.bestand}; "
        f"{resultaat.in_pool} kunnen direct worden voorgedragen.",
    )
