"""Issue 11, personal data through side doors (OWASP API1/API3; STANDARDS.md privacy).

The audit trail applies the minimal-data rule of the objects it records, and every read of a
kandidaat's personal data is logged per kandidaat, so "who saw kandidaat X, when" has an answer.
"""

from __future__ import annotations

import json
import uuid

import pytest
from sqlmodel import select

from service.db import session_scope
from service.models import Inzage
from service.models import Organisatie
from service.web.sessies import COOKIE
from service.web.sessies import maak_gebruiker
from tests.service.conftest import web_sessie
from tests.service.world import BEMIDDELAAR
from tests.service.world import build_world

PERSOONLIJK = ("voornaam", "achternaam", "geboortedatum", "jaarinkomen", "casushouder", "doelgroep")


def _alle_gebeurtenissen(api, org: str, **params) -> list[dict]:
    r = api.as_(org).get("/v1/gebeurtenissen", params={"paginaGrootte": 200, **params})
    assert r.status_code == 200, r.text
    return r.json()["resultaten"]


def test_regiobeheer_gets_no_kandidaat_snapshot_through_the_audit_trail(api):
    """Before: ``?objectId=<kandidaat>`` gave regiobeheer name, birth date, income, casushouder."""
    w = build_world(api)
    assert api.as_("beter-wonen").get(f"/v1/kandidaten/{w['K1']}").status_code == 403
    assert _alle_gebeurtenissen(api, "beter-wonen", objectId=w["K1"]) == []
    # The bemiddelaar, who may read the kandidaat, still sees the full record.
    volledig = _alle_gebeurtenissen(api, BEMIDDELAAR, objectId=w["K1"])
    assert any((g["na"] or {}).get("voornaam") == "Sanne" for g in volledig)


def test_regiobeheer_audit_trail_holds_no_personal_fields_at_all(api):
    w = build_world(api)
    rows = _alle_gebeurtenissen(api, "beter-wonen")
    assert rows, "regiobeheer sees the events of objects it may read"
    soorten = {g["objecttype"] for g in rows}
    assert soorten <= {
        "organisatie",
        "woning",
        "toezegging",
        "verdeling",
        "plaatsing",
        "signalering",
    }
    assert "plaatsing" in soorten and "woning" in soorten
    tekst = json.dumps(rows)
    for veld in PERSOONLIJK:
        assert f'"{veld}"' not in tekst, veld
    for k in ("K1", "K2", "K3", "K4"):
        assert all(g["objectId"] != w[k] for g in rows)


@pytest.mark.parametrize("kind", ["corporatie", "zorgaanbieder"])
def test_other_kinds_have_no_audit_trail(api, kind):
    org = {"corporatie": "nabij-wonen", "zorgaanbieder": "kwintes"}[kind]
    assert api.as_(org).get("/v1/gebeurtenissen").status_code == 403


def _gezien(app, kandidaat_id: str) -> list[Inzage]:
    with session_scope(app.state.engine, app.state.regio) as s:
        return list(
            s.exec(select(Inzage).where(Inzage.kandidaat_id == uuid.UUID(kandidaat_id))).all()
        )


#: Reads that were not logged before (issue 11), and the kandidaat they show (world key).
ONGELOGD = [
    ("nabij-wonen", "/v1/aanbiedingen", "K1"),
    ("nabij-wonen", "/v1/aanbiedingen/{A1}", "K1"),
    ("het-vierde-huis", "/v1/voordrachten", "K1"),
    ("het-vierde-huis", "/v1/maatwerktrajecten", "K3"),
    ("kwintes", "/v1/plaatsingen", "K1"),
    ("beter-wonen", "/v1/plaatsingen/{P1}", "K1"),
    ("het-vierde-huis", "/v1/signaleringen/{SG_C}", "K1"),
    ("het-vierde-huis", "/v1/gebeurtenissen", "K1"),
    ("het-vierde-huis", "/v1/escalaties", None),
]


@pytest.mark.parametrize(("org", "pad", "kandidaat"), ONGELOGD)
def test_every_read_of_personal_data_is_logged_per_kandidaat(api, app, org, pad, kandidaat):
    w = build_world(api)
    if kandidaat is None:  # the escalaties page shows whoever waits long: none in this world
        assert api.as_(org).get(pad).status_code == 200
        return
    voor = len(_gezien(app, w[kandidaat]))
    r = api.as_(org).get(pad.format(**w), params={"paginaGrootte": 200} if "{" not in pad else None)
    assert r.status_code == 200, r.text
    nieuw = _gezien(app, w[kandidaat])[voor:]
    assert nieuw, f"{pad} showed kandidaat {kandidaat} without a log row"
    with session_scope(app.state.engine, app.state.regio) as s:
        code = s.get(Organisatie, nieuw[0].organisatie_id).code
    assert code == org


def test_a_list_logs_each_kandidaat_shown(api, app, registreer):
    ids = [registreer()["id"] for _ in range(3)]
    r = api.as_("kwintes").get("/v1/kandidaten", params={"paginaGrootte": 2})
    shown = [k["id"] for k in r.json()["resultaten"]]
    assert len(shown) == 2
    for k in ids:
        assert len(_gezien(app, k)) == (1 if k in shown else 0)


@pytest.fixture
def webpersoon(app):
    """A person of Het Vierde Huis logged in on the web pages."""
    with session_scope(app.state.engine, app.state.regio) as s:
        org = s.exec(select(Organisatie).where(Organisatie.code == BEMIDDELAAR)).one()
        g = maak_gebruiker(
            s, organisatie=org, email="inzage@example.org", naam="Ineke Inzage", wachtwoord="x" * 12
        )
        return web_sessie(s, g.id, "c"), g.id


def test_who_saw_kandidaat_x_names_organisation_and_web_user(api, client, registreer, webpersoon):
    token, gebruiker_id = webpersoon
    k = registreer()["id"]
    api.as_("kwintes").get(f"/v1/kandidaten/{k}")
    client.cookies.set(COOKIE, token)
    assert client.get(f"/werk/kandidaten/{k}").status_code == 200
    client.cookies.clear()

    r = api.as_(BEMIDDELAAR).get(f"/v1/kandidaten/{k}/inzagen")
    assert r.status_code == 200, r.text
    regels = r.json()["resultaten"]
    web = regels[0]  # newest first
    assert web["gebruiker"] == "Ineke Inzage" and web["gebruikerId"] == str(gebruiker_id)
    assert web["organisatie"] == "Het Vierde Huis"
    api_regel = regels[1]
    assert api_regel["gebruiker"] is None and api_regel["bron"] == "kandidaat"
    assert api.as_("kwintes").get(f"/v1/kandidaten/{k}/inzagen").status_code == 403
    assert api.as_("beter-wonen").get(f"/v1/kandidaten/{k}/inzagen").status_code == 403

    # The person's dossier export (right of access) includes the same list.
    dossier = api.as_("kwintes").get(f"/v1/kandidaten/{k}/dossier").json()
    assert any(i["gebruiker"] == "Ineke Inzage" for i in dossier["inzagen"])


def test_who_saw_page_for_the_bemiddelaar(api, client, registreer, webpersoon):
    token, _ = webpersoon
    k = registreer()["id"]
    api.as_("kwintes").get(f"/v1/kandidaten/{k}")
    client.cookies.set(COOKIE, token)
    r = client.get(f"/werk/kandidaten/{k}/inzagen")
    client.cookies.clear()
    assert r.status_code == 200
    assert "Kwintes" in r.text and "koppeling (API-sleutel)" in r.text
