"""Webhooks (issue 16): subscriptions, SSRF refusal, secret rotation, access-scoped payloads,
the transactional outbox, and a corporatie receiving the whole omgekeerde-plaatsing walk
signed and verified with the Standard Webhooks library on a real uvicorn receiver."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from sqlmodel import Session
from sqlmodel import select

from service.models import BerichtStatus
from service.models import Gebeurtenis
from service.models import WebhookBericht
from service.webhooks.dispatcher import Dispatcher
from service.webhooks.dispatcher import Regels
from tests.service.conftest import Api
from tests.service.conftest import days_ago
from tests.service.conftest import woning_body
from tests.service.ontvanger import Ontvanger
from tests.service.world import BEMIDDELAAR
from tests.service.world import approve
from tests.service.world import plek_of

CORP = "nabij-wonen"
SNEL = Regels(timeout=2, lease=5, backoff=0.05, backoff_max=0.2, demo=True)


@pytest.fixture
def demo(app: Any) -> Iterator[None]:
    """The demo allows http on loopback, so the receiver can run in the test."""
    settings = app.state.settings
    app.state.settings = settings.model_copy(update={"demo": True})
    yield
    app.state.settings = settings


@pytest.fixture
def ontvanger() -> Iterator[Ontvanger]:
    with Ontvanger() as o:
        yield o


def abonneer(api: Api, org: str, url: str, soorten: list[str]) -> dict[str, Any]:
    r = api.as_(org).post("/v1/abonnementen", {"url": url, "soorten": soorten})
    assert r.status_code == 201, r.text
    return r.json()


def rows(app: Any, model: Any) -> list[Any]:
    with Session(app.state.read_engine) as session:
        return list(session.exec(select(model).order_by(model.id)).all())


def leeg(app: Any, regels: Regels = SNEL, max_rondes: int = 200) -> Dispatcher:
    d = Dispatcher(app.state.engine, regels)
    for _ in range(max_rondes):
        if d.ronde() == 0:
            break
    d.close()
    return d


# --- subscriptions ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "woorden"),
    [
        ("http://93.184.216.34/hook", "https"),
        ("https://10.1.2.3/hook", "intern"),
        ("https://192.168.0.10/hook", "intern"),
        ("https://169.254.169.254/latest/meta-data", "intern"),
        ("https://127.0.0.1/hook", "intern"),
        ("https://[::1]/hook", "intern"),
        ("https://[::ffff:10.0.0.1]/hook", "intern"),
        ("https://localhost/hook", "intern"),
        ("https://user:pw@93.184.216.34/hook", "wachtwoord"),
        ("ftp://93.184.216.34/x", "https"),
        ("https://bestaat-niet.invalid/hook", "niet te vinden"),
    ],
)
def test_ssrf_targets_are_refused_with_a_dutch_400(api: Api, url: str, woorden: str) -> None:
    r = api.as_(CORP).post("/v1/abonnementen", {"url": url, "soorten": ["aanbieding.gedaan"]})
    assert r.status_code == 400, r.text
    assert r.headers["content-type"].startswith("application/problem+json")
    body = r.json()
    assert woorden in body["detail"]
    assert [p["name"] for p in body["invalidParams"]] == ["url"]


def test_loopback_http_only_in_the_demo(api: Api, app: Any) -> None:
    url = "http://127.0.0.1:9/hook"
    r = api.as_(CORP).post("/v1/abonnementen", {"url": url, "soorten": ["aanbieding.gedaan"]})
    assert r.status_code == 400
    settings = app.state.settings
    app.state.settings = settings.model_copy(update={"demo": True})
    try:
        assert abonneer(api, CORP, url, ["aanbieding.gedaan"])["url"] == url
    finally:
        app.state.settings = settings


def test_public_https_target_is_accepted_and_secret_shown_once(api: Api) -> None:
    made = abonneer(api, CORP, "https://93.184.216.34/hook", ["aanbieding.gedaan"])
    assert made["geheim"].startswith("whsec_")
    r = api.as_(CORP).get(f"/v1/abonnementen/{made['id']}")
    assert r.status_code == 200
    assert "geheim" not in r.json()
    assert r.json()["wachtend"] == 0


def test_kinds_a_organisation_may_not_receive_and_url_errors_come_together(api: Api) -> None:
    r = api.as_(CORP).post(
        "/v1/abonnementen",
        {"url": "https://10.0.0.1/x", "soorten": ["aanbieding.gedaan", "contingent.overgebruik"]},
    )
    assert r.status_code == 400
    assert {p["name"] for p in r.json()["invalidParams"]} == {"url", "soorten.1"}
    r = api.as_(CORP).post("/v1/abonnementen", {"url": "https://93.184.216.34/", "soorten": []})
    assert r.status_code == 400
    r = api.as_(CORP).post(
        "/v1/abonnementen", {"url": "https://93.184.216.34/", "soorten": ["bestaat.niet"]}
    )
    assert r.status_code == 400


def test_an_organisation_sees_and_changes_only_its_own_subscriptions(api: Api) -> None:
    made = abonneer(api, CORP, "https://93.184.216.34/hook", ["aanbieding.gedaan"])
    for org in ("woongroen", "kwintes", BEMIDDELAAR):
        assert api.as_(org).get(f"/v1/abonnementen/{made['id']}").status_code == 404
        r = api.as_(org).patch(f"/v1/abonnementen/{made['id']}", {"actief": False})
        assert r.status_code == 404
        assert api.as_(org).post(f"/v1/abonnementen/{made['id']}/geheim").status_code == 404
        assert api.as_(org).get("/v1/abonnementen").json()["totaal"] == 0
    r = api.as_(CORP).patch(f"/v1/abonnementen/{made['id']}", {"actief": False})
    assert r.status_code == 200 and r.json()["actief"] is False


# --- the outbox ---------------------------------------------------------------------------


def _walk(api: Api, registreer: Any) -> dict[str, str]:
    """Omgekeerde plaatsing: woning → voordracht → goedkeuring → keuze → acceptatie → plaatsing."""
    k = registreer("kwintes", aanmelddatum=days_ago(200))
    registreer("lister", aanmelddatum=days_ago(150))
    r = api.as_(CORP).post("/v1/woningen", woning_body())
    assert r.status_code == 201, r.text
    vd_id = r.json()["voordrachtId"]
    vd = approve(api, vd_id)
    r = api.as_(CORP).post(
        f"/v1/voordrachten/{vd_id}/keuze", {"plekId": plek_of(vd, k["id"]), "reden": "test"}
    )
    assert r.status_code == 201, r.text
    a = r.json()["id"]
    r = api.as_("kwintes").post(f"/v1/aanbiedingen/{a}/antwoord", {"besluit": "accepteren"})
    assert r.status_code == 201, r.text
    r = api.as_(CORP).post("/v1/plaatsingen", {"aanbiedingId": a, "contractdatum": days_ago(0)})
    assert r.status_code == 201, r.text
    return {"kandidaat": k["id"], "voordracht": vd_id, "aanbieding": a, "plaatsing": r.json()["id"]}


ALLE_CORPORATIE = [
    "voordracht.goedgekeurd",
    "aanbieding.gedaan",
    "aanbieding.beantwoord",
    "aanbieding.verlopen",
    "plaatsing.vastgelegd",
    "signalering.geopend",
    "maatwerk.stap",
]


def test_corporatie_receives_the_whole_walk_signed_and_verified(
    api: Api, app: Any, registreer: Any, demo: None, ontvanger: Ontvanger
) -> None:
    """Done-when of issue 16: signed events through the whole omgekeerde-plaatsing walk."""
    made = abonneer(api, CORP, ontvanger.url("/corp"), ALLE_CORPORATIE)
    other = abonneer(api, "woongroen", ontvanger.url("/ander"), ALLE_CORPORATIE)
    ontvanger.geheimen |= {"/corp": made["geheim"], "/ander": other["geheim"]}
    ids = _walk(api, registreer)
    leeg(app)
    soorten = [o.inhoud["type"] for o in ontvanger.ontvangen if o.pad == "/corp"]
    assert soorten == [
        "voordracht.goedgekeurd",
        "aanbieding.gedaan",
        "aanbieding.beantwoord",
        "plaatsing.vastgelegd",
    ]
    assert ontvanger.ids("/ander") == []  # another corporatie hears nothing of this woning
    assert ontvanger.ongeldig == []
    goedgekeurd = ontvanger.ontvangen[0].inhoud["data"]
    # Minimal data with the corporatie's own pseudonyms: no kandidaat id, no name.
    assert goedgekeurd["id"] == ids["voordracht"]
    plekken = goedgekeurd["plekken"]
    assert plekken and all(p["pseudoniem"].startswith("K-") for p in plekken)
    assert ids["kandidaat"] not in str(goedgekeurd)
    api_view = api.as_(CORP).get(f"/v1/voordrachten/{ids['voordracht']}").json()
    # The same pseudonyms as the API view (which, after the choice, shows only the chosen place).
    assert {p["pseudoniem"] for p in api_view["plekken"]} <= {p["pseudoniem"] for p in plekken}
    assert ontvanger.ontvangen[-1].inhoud["data"]["id"] == ids["plaatsing"]
    berichten = api.as_(CORP).get(f"/v1/abonnementen/{made['id']}/berichten").json()
    assert berichten["totaal"] == 4
    assert all(
        b["status"] == "afgeleverd" and b["laatsteStatuscode"] == 204
        for b in berichten["resultaten"]
    )
    detail = (
        api.as_(CORP)
        .get(f"/v1/abonnementen/{made['id']}/berichten/{berichten['resultaten'][0]['id']}")
        .json()
    )
    assert detail["historie"][0]["statuscode"] == 204


def test_zorgaanbieder_hears_only_of_its_own_kandidaten(
    api: Api, app: Any, registreer: Any, demo: None, ontvanger: Ontvanger
) -> None:
    eigen = abonneer(
        api, "kwintes", ontvanger.url("/kwintes"), ["aanbieding.gedaan", "plaatsing.vastgelegd"]
    )
    vreemd = abonneer(
        api, "lister", ontvanger.url("/lister"), ["aanbieding.gedaan", "plaatsing.vastgelegd"]
    )
    ontvanger.geheimen |= {"/kwintes": eigen["geheim"], "/lister": vreemd["geheim"]}
    _walk(api, registreer)
    leeg(app)
    assert len(ontvanger.ids("/kwintes")) == 2
    assert ontvanger.ids("/lister") == []


def test_bericht_is_written_in_the_same_transaction_as_the_change(
    api: Api, app: Any, registreer: Any
) -> None:
    abonneer(api, BEMIDDELAAR, "https://93.184.216.34/hook", ["voordracht.goedgekeurd"])
    registreer("kwintes", aanmelddatum=days_ago(100))
    vd_id = api.as_(CORP).post("/v1/woningen", woning_body()).json()["voordrachtId"]
    # A failing request writes neither the change nor the bericht.
    r = api.as_(BEMIDDELAAR).post(f"/v1/voordrachten/{vd_id}/beoordeling", {"besluit": "schrappen"})
    assert r.status_code == 400
    assert rows(app, WebhookBericht) == []
    approve(api, vd_id)
    berichten = rows(app, WebhookBericht)
    assert [b.soort for b in berichten] == ["voordracht.goedgekeurd"]
    audit = [g for g in rows(app, Gebeurtenis) if g.actie == "voordracht-goedgekeurd"]
    assert berichten[0].inhoud["timestamp"].startswith(audit[0].tijdstip.date().isoformat())


def test_rotation_keeps_the_old_secret_valid_for_the_grace_period(
    api: Api, app: Any, registreer: Any, demo: None, ontvanger: Ontvanger, db: Session
) -> None:
    made = abonneer(api, BEMIDDELAAR, ontvanger.url("/hvh"), ["voordracht.goedgekeurd"])
    r = api.as_(BEMIDDELAAR).post(f"/v1/abonnementen/{made['id']}/geheim")
    assert r.status_code == 201
    nieuw = r.json()
    assert nieuw["geheim"] != made["geheim"] and nieuw["vorigGeheimGeldigTot"]
    # A receiver that still has the old secret keeps verifying during the grace period.
    ontvanger.geheimen["/hvh"] = made["geheim"]
    registreer("kwintes", aanmelddatum=days_ago(100))
    approve(api, api.as_(CORP).post("/v1/woningen", woning_body()).json()["voordrachtId"])
    leeg(app)
    assert len(ontvanger.ids("/hvh")) == 1 and ontvanger.ongeldig == []
    # ... and one with the new secret too.
    ontvanger.geheimen["/hvh"] = nieuw["geheim"]
    approve(api, api.as_(CORP).post("/v1/woningen", woning_body()).json()["voordrachtId"])
    leeg(app)
    assert len(ontvanger.ids("/hvh")) == 2 and ontvanger.ongeldig == []
    # After the grace period only the new secret signs.
    from service.models import Abonnement
    from service.models.types import utcnow

    a = db.get(Abonnement, __import__("uuid").UUID(made["id"]))
    assert a is not None
    a.vorig_geheim_geldig_tot = utcnow() - timedelta(seconds=1)
    db.add(a)
    db.commit()
    ontvanger.geheimen["/hvh"] = made["geheim"]
    approve(api, api.as_(CORP).post("/v1/woningen", woning_body()).json()["voordrachtId"])
    leeg(app)
    assert len(set(ontvanger.ongeldig)) == 1  # refused (400), so it will be retried


def test_dead_letter_is_visible_and_can_be_replayed(
    api: Api, app: Any, registreer: Any, demo: None
) -> None:
    dood = Ontvanger()  # never started: connection refused
    made = abonneer(api, BEMIDDELAAR, dood.url("/hvh"), ["voordracht.goedgekeurd"])
    dood.geheimen["/hvh"] = made["geheim"]
    registreer("kwintes", aanmelddatum=days_ago(100))
    approve(api, api.as_(CORP).post("/v1/woningen", woning_body()).json()["voordrachtId"])
    kort = Regels(
        timeout=1, lease=5, backoff=0.01, backoff_max=0.02, max_leeftijd=timedelta(0), demo=True
    )
    leeg(app, kort)
    lijst = api.as_(BEMIDDELAAR).get(f"/v1/abonnementen/{made['id']}/berichten").json()
    b = lijst["resultaten"][0]
    assert b["status"] == "mislukt" and b["pogingen"] == 1 and b["volgendePoging"] is None
    assert b["laatsteFout"].startswith("Verbinding mislukt")
    assert api.as_(BEMIDDELAAR).get(f"/v1/abonnementen/{made['id']}").json()["mislukt"] == 1
    assert (
        api.as_(CORP)
        .post(f"/v1/abonnementen/{made['id']}/berichten/{b['id']}/herhaling")
        .status_code
        == 404
    )
    with dood:
        r = api.as_(BEMIDDELAAR).post(
            f"/v1/abonnementen/{made['id']}/berichten/{b['id']}/herhaling"
        )
        assert r.status_code == 201 and r.json()["status"] == "wachtend"
        leeg(app)
    assert dood.ids() == [b["id"]]
    r = api.as_(BEMIDDELAAR).post(f"/v1/abonnementen/{made['id']}/berichten/{b['id']}/herhaling")
    assert r.status_code == 409
    assert [b.status for b in rows(app, WebhookBericht)] == [BerichtStatus.afgeleverd]


def test_failed_attempts_back_off_and_show_the_next_attempt(
    api: Api, app: Any, registreer: Any, demo: None, ontvanger: Ontvanger
) -> None:
    ontvanger.modus = "fout"
    made = abonneer(api, BEMIDDELAAR, ontvanger.url("/hvh"), ["voordracht.goedgekeurd"])
    ontvanger.geheimen["/hvh"] = made["geheim"]
    registreer("kwintes", aanmelddatum=days_ago(100))
    approve(api, api.as_(CORP).post("/v1/woningen", woning_body()).json()["voordrachtId"])
    traag = Regels(timeout=2, lease=5, backoff=60, backoff_max=600, demo=True)
    d = Dispatcher(app.state.engine, traag)
    assert d.ronde() == 1
    assert d.ronde() == 0  # not due again for half a minute or more
    d.close()
    b = api.as_(BEMIDDELAAR).get(f"/v1/abonnementen/{made['id']}/berichten").json()["resultaten"][0]
    assert b["status"] == "wachtend" and b["laatsteStatuscode"] == 500 and b["volgendePoging"]


def test_backoff_grows_exponentially_with_jitter() -> None:
    import random

    from service.webhooks.dispatcher import wachttijd

    regels = Regels(backoff=1, backoff_max=30)
    rnd = random.Random(1)
    for n, grens in ((1, 1), (2, 2), (3, 4), (4, 8), (10, 30)):
        waarden = {wachttijd(n, regels, rnd) for _ in range(20)}
        assert all(grens / 2 <= w <= grens for w in waarden)
        assert len(waarden) > 1  # jitter


def test_outbox_adds_no_statement_to_reporting_a_woning(
    api: Api, app: Any, registreer: Any
) -> None:
    """The ≤ 10 % budget on POST /v1/woningen, checked without a stopwatch: with every
    organisation subscribed to every kind it may receive, reporting a woning (with its
    voordracht) sends exactly the statements it sends without any subscription."""
    from sqlalchemy import event

    from service.webhooks.soorten import SOORTEN

    for i in range(5):
        registreer("kwintes", aanmelddatum=days_ago(100 + i))
    statements: list[str] = []

    def tel(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        statements.append(statement.split()[0])

    def meld() -> list[str]:
        statements.clear()
        event.listen(app.state.engine, "before_cursor_execute", tel)
        try:
            assert api.as_(CORP).post("/v1/woningen", woning_body()).status_code == 201
        finally:
            event.remove(app.state.engine, "before_cursor_execute", tel)
        return list(statements)

    # The key's first use of the day writes its last-used date (auth.KEY_USE_INTERVAL): use it
    # once first, so both counts below are of the same, steady request.
    assert api.as_(CORP).get("/v1/woningen").status_code == 200
    zonder = meld()
    orgs = api.as_(BEMIDDELAAR).get("/v1/organisaties", params={"paginaGrootte": 100}).json()
    for org in orgs["resultaten"]:
        if org["code"] not in api.keys:  # an organisation without a test key
            continue
        soorten = [s for s, d in SOORTEN.items() if org["soort"] in d.ontvangers]
        abonneer(api, org["code"], "https://93.184.216.34/hook", soorten)
    met = meld()
    assert len(met) == len(zonder) and met == zonder
    assert rows(app, WebhookBericht) == []
