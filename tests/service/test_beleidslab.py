"""The policy lab on the service's own history (issue 16): the history read from the audit
trail, replayed under the region's policy, reproduces every place of every voordracht — on the
demo data and after a walk with strikes, declines (refills), pauses and changed wishes. Runs
are stored with their policy and results; JSON and XLSX; regiobeheer and bemiddelaar only."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from matching.replay import Voordrachtmoment, speel_na
from service import region
from service.beleidslab.actions import beleid_nu
from service.beleidslab.geschiedenis import lees
from service.db import session_scope
from service.demo import seed_demo
from tests.service.conftest import Api, days_ago, woning_body
from tests.service.test_web_zorgaanbieder_regiobeheer import als  # noqa: F401 (fixture)
from tests.service.world import BEMIDDELAAR, approve

CORP = "nabij-wonen"


def _replay_matches(app: Any) -> int:
    with Session(app.state.read_engine) as session:
        geschiedenis = lees(session, region.active())
    momenten = [g for g in geschiedenis.gebeurtenissen if isinstance(g, Voordrachtmoment)]
    herspeeld = speel_na(beleid_nu(region.active()), geschiedenis.gebeurtenissen)
    assert len(herspeeld) == len(momenten)
    for h in herspeeld:
        assert h.kandidaten == h.moment.werkelijk, (h.moment.voordracht_id, h.moment.moment)
    return len(herspeeld)


def test_demo_history_replays_as_it_happened(app: Any) -> None:
    with session_scope(app.state.engine) as session:
        seed_demo(session, kandidaten=60, woningen=4)
    assert _replay_matches(app) == 4


def test_walk_with_strikes_declines_and_changes_replays_as_it_happened(
    api: Api, app: Any, registreer: Any
) -> None:
    ks = [registreer("kwintes", aanmelddatum=days_ago(300 - 10 * i)) for i in range(6)]
    ks += [
        registreer("lister", aanmelddatum=days_ago(200), gemeentevoorkeuren=["De Bilt", "Zeist"])
    ]
    vd1 = api.as_(CORP).post("/v1/woningen", woning_body()).json()["voordrachtId"]
    vd2 = api.as_("woongroen").post("/v1/woningen", woning_body()).json()["voordrachtId"]
    v = api.as_(BEMIDDELAAR).get(f"/v1/voordrachten/{vd1}").json()
    r = api.as_(BEMIDDELAAR).post(
        f"/v1/voordrachten/{vd1}/beoordeling",
        {"besluit": "schrappen", "plekId": v["plekken"][0]["id"], "reden": "Past niet"},
    )
    assert r.status_code == 201, r.text
    voordracht = approve(api, vd1)
    keuze = min(
        (p for p in voordracht["plekken"] if p["status"] == "goedgekeurd"),
        key=lambda p: p["positie"],
    )
    a = api.as_(CORP).post(f"/v1/voordrachten/{vd1}/keuze", {"plekId": keuze["id"]}).json()
    r = api.as_("kwintes").post(
        f"/v1/aanbiedingen/{a['id']}/antwoord", {"besluit": "afwijzen", "reden": "locatie"}
    )
    assert r.status_code == 201, r.text
    # A pause and a change of wishes move kandidaten out of and around the pool.
    r = api.as_("kwintes").post(
        f"/v1/kandidaten/{ks[3]['id']}/statuswijzigingen", {"status": "gepauzeerd"}
    )
    assert r.status_code == 201, r.text
    r = api.as_("kwintes").patch(
        f"/v1/kandidaten/{ks[4]['id']}", {"gemeentevoorkeuren": ["De Bilt"]}
    )
    assert r.status_code == 200, r.text
    api.as_(CORP).post("/v1/woningen", woning_body(gemeente="De Bilt"))
    voordracht2 = approve(api, vd2)
    a2 = (
        api.as_("woongroen")
        .post(f"/v1/voordrachten/{vd2}/keuze", {"plekId": voordracht2["plekken"][0]["id"]})
        .json()
    )
    api.as_(BEMIDDELAAR).post(f"/v1/aanbiedingen/{a2['id']}/antwoord", {"besluit": "accepteren"})
    api.as_("woongroen").post(
        "/v1/plaatsingen", {"aanbiedingId": a2["id"], "contractdatum": days_ago(0)}
    )
    assert _replay_matches(app) >= 5


def test_regiobeheer_runs_a_proposal_and_it_is_stored(api: Api, app: Any) -> None:
    with session_scope(app.state.engine) as session:
        seed_demo(session, kandidaten=60, woningen=4)
    body = {
        "naam": "Lagere inkomensgrens",
        "inkomensgrenzen": {"daebInkomenEen": 20000, "daebInkomenMeer": 25000},
    }
    r = api.as_("beter-wonen").post("/v1/beleidsproeven", body)
    assert r.status_code == 201, r.text
    proef = r.json()
    res = proef["resultaten"]
    assert res["voordrachtmomenten"] == 4 and res["nagespeeldZoalsHetGing"] == 4
    assert proef["beleid"]["inkomensgrenzen"]["daebInkomenEen"] == 20000
    assert set(res["groepen"]) == {"zorgaanbieder", "gemeente", "corporatie", "regio"}
    assert api.as_(BEMIDDELAAR).get(f"/v1/beleidsproeven/{proef['id']}").json() == proef
    x = api.as_(BEMIDDELAAR).get(f"/v1/beleidsproeven/{proef['id']}", params={"formaat": "xlsx"})
    assert x.status_code == 200 and x.content[:2] == b"PK"
    assert api.as_(BEMIDDELAAR).get("/v1/beleidsproeven").json()["totaal"] == 1
    for org in ("kwintes", CORP):
        assert api.as_(org).post("/v1/beleidsproeven", body).status_code == 403


def test_bad_policy_is_a_dutch_400(api: Api) -> None:
    r = api.as_("beter-wonen").post("/v1/beleidsproeven", {"naam": "x", "eersteKeuze": "begrensd"})
    assert r.status_code == 400
    assert "maxVoorsprongMaanden" in r.json()["invalidParams"][0]["reason"]
    r = api.as_("beter-wonen").post(
        "/v1/beleidsproeven", {"naam": "x", "van": days_ago(1), "tot": days_ago(10)}
    )
    assert r.status_code == 400


def test_regiobeheer_sees_the_proposal_on_one_page(app: Any, als: Any) -> None:  # noqa: F811
    """Done-when of issue 16: regiobeheer runs "bounded first-choice preference, 6 months" on
    the demo history and sees on one page how waiting times per zorgaanbieder and gemeente
    would change: charts and tables, XLSX behind it."""
    with session_scope(app.state.engine) as session:  # the demo, with more woningen reported
        seed_demo(session, kandidaten=200, woningen=80)
    regiobeheer = als("beter-wonen")
    assert "Beleidslab" in regiobeheer.get("/werk/beleidslab").text
    r = regiobeheer.post(
        "/werk/beleidslab",
        {
            "naam": "Begrensde voorrang eerste keuze, 6 maanden",
            "eersteKeuze": "begrensd",
            "maxVoorsprongMaanden": "6",
        },
    )
    assert r.status_code == 303, r.text
    page = regiobeheer.get(r.headers["location"])
    assert page.status_code == 200
    html = page.text
    for kop in ("Per zorgaanbieder", "Per gemeente", "Per corporatie", "eerder of later"):
        assert kop in html
    assert "<svg" in html and "Wachttijd tot voordracht per zorgaanbieder" in html
    assert "Begrensde voorrang eerste keuze, 6 maanden" in html
    proef_id = r.headers["location"].split("/")[-1].split("?")[0]
    x = regiobeheer.get(f"/werk/beleidslab/{proef_id}.xlsx")
    assert x.status_code == 200 and x.content[:2] == b"PK"
    fout = regiobeheer.post("/werk/beleidslab", {"naam": "", "eersteKeuze": "begrensd"})
    assert fout.status_code == 400 and "niet goed ingevuld" in fout.text
    assert als("kwintes").get("/werk/beleidslab").status_code == 403
