"""Login, logout and the start page; the role pages live in ``service.web.werk``."""

from __future__ import annotations

import logging
import secrets
from typing import Annotated
from typing import Any

from fastapi import APIRouter
from fastapi import Form
from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.responses import RedirectResponse

from service.auth import FailureLimiter
from service.auth import account_teller
from service.auth import adres_teller
from service.clock import vandaag
from service.deps import SessionDep
from service.deps import client_adres_van
from service.errors import TeVeelPogingen
from service.web.pages import PersoonDep
from service.web.pages import check_csrf
from service.web.pages import render
from service.web.sessies import COOKIE
from service.web.sessies import DUUR
from service.web.sessies import inloggen
from service.web.sessies import uitloggen
from service.web.start import takenlijst

router = APIRouter(include_in_schema=False)
#: The messages the login page can show, by the code in its address.
INLOG_MELDINGEN = {"uitgelogd": "U bent uitgelogd.", "inloggen": "Log eerst in."}
log = logging.getLogger("woonroute")


@router.get("/")
def start(request: Request) -> RedirectResponse:
    return RedirectResponse(
        "/start" if request.cookies.get(COOKIE) else "/inloggen", status_code=303
    )


#: Double-submit CSRF token of the login form: a random value in a strict cookie and in the
#: form; a post from another site cannot read the cookie, so cannot send the same value.
CSRF_COOKIE = "woonroute_inlog_csrf"


def _inlogformulier(request: Request, status_code: int = 200, **context: Any) -> HTMLResponse:
    token = request.cookies.get(CSRF_COOKIE) or secrets.token_urlsafe(24)
    response = render(
        request, "inloggen.html", None, status_code=status_code, csrf=token, **context
    )
    response.set_cookie(
        CSRF_COOKIE,
        token,
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
        path="/inloggen",
    )
    return response


@router.get("/inloggen", response_class=HTMLResponse)
def inloggen_pagina(request: Request) -> HTMLResponse:
    # Only fixed texts, chosen by a code: nothing from the address is shown as a message.
    return _inlogformulier(
        request, melding=INLOG_MELDINGEN.get(request.query_params.get("reden", ""))
    )


@router.post("/inloggen", response_model=None)
def inloggen_versturen(
    request: Request,
    session: SessionDep,
    email: Annotated[str, Form(max_length=200)],
    wachtwoord: Annotated[str, Form(max_length=200)],
    csrf: Annotated[str, Form(max_length=100)] = "",
) -> HTMLResponse | RedirectResponse:
    # Not ``formulier_post``: no session yet (the CSRF token is the login cookie's), and a
    # failure is counted against a limit rather than shown as field messages.
    cookie = request.cookies.get(CSRF_COOKIE, "")
    if not csrf or not secrets.compare_digest(csrf.encode(), cookie.encode()):
        return _inlogformulier(
            request,
            status_code=403,
            email=email,
            fout="Dit formulier is verlopen of niet van deze site. Probeer het opnieuw.",
        )
    limiter: FailureLimiter = request.app.state.limiter
    adres = adres_teller(client_adres_van(request))
    account = account_teller(email)
    try:
        limiter.check(account)  # an account under attack waits, even with the right password
        gelukt = inloggen(session, email, wachtwoord)
        if gelukt is None:
            session.rollback()  # SQLite: let go of the write lock before counting the failure
            limiter.check(adres)
            limiter.failed(adres, account)
            log.warning("failed login from %s for account %s", adres, account[8:20])
    except TeVeelPogingen as exc:
        response = _inlogformulier(request, status_code=429, fout=exc.detail, email=email)
        response.headers["Retry-After"] = str(exc.retry_after)
        return response
    if gelukt is None:
        return _inlogformulier(
            request,
            status_code=400,
            email=email,
            fout="Dit e-mailadres en wachtwoord horen niet bij elkaar. Probeer het opnieuw.",
        )
    token, _ = gelukt
    session.commit()
    naar_start = RedirectResponse("/start", status_code=303)
    secure = request.url.scheme == "https"
    naar_start.set_cookie(
        COOKIE,
        token,
        max_age=int(DUUR.total_seconds()),
        httponly=True,
        samesite="strict",
        secure=secure,
        path="/",
    )
    naar_start.delete_cookie(CSRF_COOKIE, path="/inloggen")
    return naar_start


@router.post("/uitloggen")
def uitloggen_versturen(
    persoon: PersoonDep, session: SessionDep, csrf: Annotated[str, Form()] = ""
) -> RedirectResponse:
    # Not ``formulier_post``: nothing to validate, and the answer clears the session cookie.
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
