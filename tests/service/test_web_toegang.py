"""Every web page × every kind of organisation (issue 7: the same rules as the API).

``PAGINAS`` classifies every route under /werk; a route missing here fails the first test. A kind
that may not use a page gets the 403 page (GET and POST); a kind that may gets the page (a GET
without object) or reaches the object check (unknown id: the 404 page), never a 403.
"""

from __future__ import annotations

import re
import uuid

import pytest
from sqlmodel import select

from service.db import session_scope
from service.models import Gebruiker
from service.models import Organisatie
from service.web.sessies import COOKIE
from service.web.sessies import maak_gebruiker
from service.web.werk import MODULES
from tests.service.conftest import web_sessie

B, C, Z, R = "bemiddelaar", "corporatie", "zorgaanbieder", "regiobeheer"
ACTING = {B: "het-vierde-huis", C: "nabij-wonen", Z: "kwintes", R: "beter-wonen"}

PAGINAS: dict[str, frozenset[str]] = {
    "GET /werk/voordrachten": frozenset({B, C}),
    "GET /werk/voordrachten/{voordracht_id}": frozenset({B, C}),
    "POST /werk/voordrachten/{voordracht_id}/goedkeuren": frozenset({B}),
    "POST /werk/voordrachten/{voordracht_id}/schrappen": frozenset({B}),
    "GET /werk/signaleringen": frozenset({B}),
    "POST /werk/signaleringen/{signalering_id}/behandeling": frozenset({B}),
    "POST /werk/signaleringen/berekening": frozenset({B}),
    "GET /werk/maatwerk": frozenset({B, C, Z}),
    "GET /werk/escalaties": frozenset({B, C}),
    "GET /werk/import": frozenset({B}),
    "GET /werk/levering": frozenset({C, R, B}),
    "GET /werk/externe-plaatsingen": frozenset({C}),
    "POST /werk/externe-plaatsingen": frozenset({C}),
    "POST /werk/externe-plaatsingen/upload": frozenset({C}),
    "GET /werk/herverdeling": frozenset({R, B}),
    "POST /werk/herverdeling": frozenset({R}),
    "POST /werk/import": frozenset({B}),
    "GET /werk/import/sjabloon.{formaat}": frozenset({B}),
    "GET /werk/maatwerk/doorsturen": frozenset({B}),
    "POST /werk/maatwerk/doorsturen": frozenset({B}),
    "POST /werk/maatwerk/{traject_id}/stopzetting": frozenset({B}),
    "POST /werk/maatwerk/{traject_id}/besluit": frozenset({C}),
    "POST /werk/maatwerk/{traject_id}/woning": frozenset({C}),
    "GET /werk/knelpunten": frozenset({B, C, Z}),
    "POST /werk/knelpunten": frozenset({B, C, Z}),
    "POST /werk/knelpunten/{knelpunt_id}/antwoord": frozenset({B}),
    "POST /werk/knelpunten/{knelpunt_id}/sluiting": frozenset({B}),
    "GET /werk/woningen": frozenset({C}),
    "GET /werk/woningen/nieuw": frozenset({C}),
    "POST /werk/woningen/nieuw": frozenset({C}),
    "POST /werk/voordrachten/{voordracht_id}/kiezen": frozenset({C}),
    "GET /werk/aanbiedingen/{aanbieding_id}/plaatsing": frozenset({C}),
    "POST /werk/aanbiedingen/{aanbieding_id}/plaatsing": frozenset({C}),
    "GET /werk/maandrapportage": frozenset({C}),
    "GET /werk/maandrapportage.xlsx": frozenset({C}),
    "GET /werk/kandidaten": frozenset({Z, B}),
    "GET /werk/kandidaten/nieuw": frozenset({Z}),
    "POST /werk/kandidaten/nieuw": frozenset({Z}),
    "GET /werk/kandidaten/{kandidaat_id}": frozenset({Z, B}),
    "GET /werk/kandidaten/{kandidaat_id}/wijzigen": frozenset({Z}),
    "GET /werk/kandidaten/{kandidaat_id}/inzagen": frozenset({B}),
    "POST /werk/kandidaten/{kandidaat_id}/status": frozenset({Z, B}),
    "POST /werk/kandidaten/{kandidaat_id}/wijzigen": frozenset({Z}),
    "GET /werk/aanbiedingen": frozenset({Z, B}),
    "POST /werk/aanbiedingen/{aanbieding_id}/antwoord": frozenset({Z, B}),
    "GET /werk/contingent": frozenset({Z}),
    "GET /werk/toezeggingen": frozenset({R, B}),
    "POST /werk/toezeggingen": frozenset({R}),
    "GET /werk/verdeling": frozenset({R, B}),
    "POST /werk/verdeling": frozenset({R}),
    "GET /werk/cijfers": frozenset({R, B}),
    # Issue 13: before and after the keys.
    "GET /werk/kandidaten/{kandidaat_id}/voorbereiding": frozenset({Z, B}),
    "POST /werk/kandidaten/{kandidaat_id}/voorbereiding": frozenset({Z}),
    "GET /werk/kandidaten/{kandidaat_id}/formulieren/{soort}": frozenset({Z}),
    "POST /werk/kandidaten/{kandidaat_id}/formulieren/{soort}": frozenset({Z}),
    "GET /werk/kandidaten/{kandidaat_id}/formulieren/{soort}/afdruk": frozenset({Z, B}),
    "GET /werk/kandidaten/{kandidaat_id}/formulieren/{soort}/pdf": frozenset({Z, B}),
    "GET /werk/plaatsingen": frozenset({Z, C, B}),
    "GET /werk/plaatsingen/{plaatsing_id}": frozenset({Z, C, B}),
    "POST /werk/plaatsingen/{plaatsing_id}/evaluatie": frozenset({Z}),
    "POST /werk/plaatsingen/{plaatsing_id}/overdracht": frozenset({Z}),
    "POST /werk/plaatsingen/{plaatsing_id}/omzetting": frozenset({Z, C}),
    "POST /werk/plaatsingen/{plaatsing_id}/kennisgeving": frozenset({Z, C, B}),
    "POST /werk/plaatsingen/{plaatsing_id}/melding": frozenset({Z, C, B}),
    "GET /werk/plaatsingen/{plaatsing_id}/kennisgeving": frozenset({Z, C, B}),
    "GET /werk/clientervaring": frozenset({Z}),
    "POST /werk/clientervaring": frozenset({Z}),
    "GET /werk/nazorgcijfers": frozenset({R, B}),
    "GET /werk/kandidaten/{kandidaat_id}/routeadvies": frozenset({Z}),
    "POST /werk/kandidaten/{kandidaat_id}/routeadvies": frozenset({Z}),
    "POST /werk/routeadviezen/{routeadvies_id}/routekeuze": frozenset({Z}),
    "GET /werk/beleidslab": frozenset({R, B}),
    "POST /werk/beleidslab": frozenset({R, B}),
    "GET /werk/beleidslab/{proef_id}": frozenset({R, B}),
    # Issue 12: the aanmelddatum and the month report as sent.
    "POST /werk/kandidaten/{kandidaat_id}/aanmelddatum-correctie": frozenset({B}),
    "POST /werk/kandidaten/{kandidaat_id}/aanmelddatum-verzoek": frozenset({Z}),
    "GET /werk/aanmelddatum-verzoeken": frozenset({B}),
    "POST /werk/aanmelddatum-verzoeken/{verzoek_id}/goedkeuring": frozenset({B}),
    "POST /werk/aanmelddatum-verzoeken/{verzoek_id}/afwijzing": frozenset({B}),
    "POST /werk/maandrapportage/verzending": frozenset({C}),
    "GET /werk/maandrapportages": frozenset({B, R}),
}


def routes() -> set[str]:
    found = set()
    for module in MODULES:
        for r in module.router.routes:
            for m in r.methods:
                found.add(f"{m} /werk{r.path}")
    return found


def test_every_page_is_classified():
    assert routes() == set(PAGINAS)


@pytest.fixture
def cookies(app):
    """A logged-in session per kind (the session rows are made directly: login is tested elsewhere)."""
    out = {}
    with session_scope(app.state.engine, app.state.regio) as s:
        for kind, code in ACTING.items():
            org = s.exec(select(Organisatie).where(Organisatie.code == code)).one()
            email = f"matrix-{code}@example.org"
            g = s.exec(select(Gebruiker).where(Gebruiker.email == email)).first() or maak_gebruiker(
                s, organisatie=org, email=email, naam=kind, wachtwoord="matrix-wachtwoord"
            )
            out[kind] = web_sessie(s, g.id, "matrix-csrf")
    return out


@pytest.mark.parametrize("key", sorted(PAGINAS))
def test_page_access_per_kind(client, cookies, key):
    method, path = key.split(" ", 1)
    concrete = re.sub(r"\{[^}]+\}", str(uuid.uuid4()), path)
    for kind in ACTING:
        client.cookies.set(COOKIE, cookies[kind])
        if method == "GET":
            r = client.get(concrete, params={"jaar": 2026, "maand": 11}, follow_redirects=False)
        else:
            r = client.post(concrete, data={"csrf": "matrix-csrf"}, follow_redirects=False)
        if kind not in PAGINAS[key]:
            assert r.status_code == 403, (key, kind, r.status_code)
            assert "text/html" in r.headers["content-type"]
        else:
            assert r.status_code != 403, (key, kind, r.status_code, r.text[:300])
            if method == "GET" and "{" not in path:
                assert r.status_code == 200, (key, kind, r.status_code)
    client.cookies.clear()
