"""Web pages, the base (issue 7): login per person with Argon2, server-side sessions, CSRF,
logout, redirects, error pages, and the same kind check as the API."""

from __future__ import annotations

import pytest
from sqlmodel import select

from service.db import session_scope
from service.models import Gebruiker
from service.models import Organisatie
from service.models import WebSessie
from service.web.sessies import COOKIE
from service.web.sessies import maak_gebruiker
from tests.service.conftest import inloggen

WACHTWOORD = "een-lang-wachtwoord"


@pytest.fixture
def account(app):
    with session_scope(app.state.engine, app.state.regio) as s:
        org = s.exec(select(Organisatie).where(Organisatie.code == "kwintes")).one()
        if not s.exec(select(Gebruiker).where(Gebruiker.email == "els@kwintes.example")).first():
            maak_gebruiker(
                s, organisatie=org, email="els@kwintes.example", naam="Els", wachtwoord=WACHTWOORD
            )
    return "els@kwintes.example"


def login(client, email, wachtwoord=WACHTWOORD):
    return inloggen(client, email, wachtwoord)


def test_login_with_argon2_and_logout_ends_the_session(app, client, account):
    with session_scope(app.state.engine, app.state.regio) as s:
        g = s.exec(select(Gebruiker).where(Gebruiker.email == account)).one()
        assert g.wachtwoord_hash.startswith("$argon2")
    r = login(client, account)
    assert r.status_code == 303 and r.headers["location"] == "/start"
    cookie = r.cookies[COOKIE]
    assert (
        "httponly" in r.headers["set-cookie"].lower()
        and "samesite=strict" in r.headers["set-cookie"].lower()
    )
    client.cookies.set(COOKIE, cookie)
    page = client.get("/start")
    assert page.status_code == 200 and "Welkom, Els" in page.text and 'lang="nl"' in page.text
    assert "default-src 'self'" in page.headers["content-security-policy"]
    with session_scope(app.state.engine, app.state.regio) as s:
        sessie = s.exec(select(WebSessie)).one()
        assert sessie.token_hash != cookie  # only the hash is stored
        csrf = sessie.csrf
    assert client.post("/uitloggen", data={"csrf": "fout"}).status_code == 403
    r = client.post("/uitloggen", data={"csrf": csrf}, follow_redirects=False)
    assert r.status_code == 303
    r = client.get("/start", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/inloggen")


def test_wrong_password_and_unknown_email_get_the_same_plain_answer(client, account):
    a = login(client, account, "verkeerd-wachtwoord")
    b = login(client, "niemand@example.org", "verkeerd-wachtwoord")
    assert a.status_code == b.status_code == 400
    assert "horen niet bij elkaar" in a.text and "horen niet bij elkaar" in b.text
    assert COOKIE not in a.cookies


def test_pages_need_a_login(client):
    r = client.get("/start", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/inloggen")
