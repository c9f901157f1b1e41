"""Login, logout and the start page; the role pages live in ``service.web.werk``."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from service.clock import vandaag
from service.deps import SessionDep
from service.errors import TeVeelPogingen
from service.web.pages import PersoonDep, check_csrf, render
from service.web.sessies import COOKIE, DUUR, inloggen, uitloggen
from service.web.start import takenlijst

router = APIRouter(include_in_schema=False)
#: The messages the login page can show, by the code in its address.
INLOG_MELDINGEN = {"uitgelogd": "U bent uitgelogd.", "inloggen": "Log eerst in."}


@router.get("/")
def start(request: Request) -> RedirectResponse:
    return RedirectResponse(
        "/start" if request.cookies.get(COOKIE) else "/inloggen", status_code=303
    )


@router.get("/inloggen", response_class=HTMLResponse)
def inloggen_pagina(request: Request) -> HTMLResponse:
    # Only fixed texts, chosen by a code: nothing from the address is shown as a message.
    return render(
        request,
        "inloggen.html",
        None,
        melding=INLOG_MELDINGEN.get(request.query_params.get("reden", "")),
    )


@router.post("/inloggen", response_model=None)
def inloggen_versturen(
    request: Request,
    session: SessionDep,
    email: Annotated[str, Form(max_length=200)],
    wachtwoord: Annotated[str, Form(max_length=200)],
) -> HTMLResponse | RedirectResponse:
    limiter = request.app.state.limiter
    client = request.client.host if request.client else "onbekend"
    try:
        limiter.check(client)
    except TeVeelPogingen as exc:
        return render(request, "inloggen.html", None, status_code=429, fout=exc.detail, email=email)
    gelukt = inloggen(session, email, wachtwoord)
    if gelukt is None:
        limiter.failed(client)
        return render(
            request,
            "inloggen.html",
            None,
            status_code=400,
            email=email,
            fout="Dit e-mailadres en wachtwoord horen niet bij elkaar. Probeer het opnieuw.",
        )
    token, _ = gelukt
    session.commit()
    response = RedirectResponse("/start", status_code=303)
    secure = request.url.scheme == "https"
    response.set_cookie(
        COOKIE,
        token,
        max_age=int(DUUR.total_seconds()),
        httponly=True,
        samesite="strict",
        secure=secure,
        path="/",
    )
    return response


@router.post("/uitloggen")
def uitloggen_versturen(
    persoon: PersoonDep, session: SessionDep, csrf: Annotated[str, Form()] = ""
) -> RedirectResponse:
    check_csrf(persoon, csrf)
    uitloggen(session, persoon.sessie.id)
    session.commit()
    response = RedirectResponse("/inloggen?reden=uitgelogd", status_code=303)
    response.delete_cookie(COOKIE, path="/")
    return response


@router.get("/start", response_class=HTMLResponse)
def startpagina(request: Request, persoon: PersoonDep, session: SessionDep) -> HTMLResponse:
    """The to-do list of the person's kind of organisation (``service.web.start``)."""
    taken, klaar = takenlijst(session, persoon.actor)
    return render(request, "start.html", persoon, taken=taken, klaar=klaar, vandaag=vandaag())
