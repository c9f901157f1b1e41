"""The policy lab on the service's own history (issue 16): the history read from the audit
trail, replayed under the region's policy, reproduces every place of every voordracht — on the
demo data and after a walk with strikes, declines (refills), pauses and changed wishes. Runs
are stored with their policy and results; JSON and XLSX; regiobeheer and bemiddelaar only."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from matching.replay import Voordrachtmoment
from matching.replay import speel_na
from service.beleidslab.actions import beleid_nu
from service.beleidslab.geschiedenis import lees
from service.db import session_scope
from service.demo import seed_demo
from tests.service.conftest import Api
from tests.service.conftest import days_ago
from tests.service.conftest import woning_body
from tests.service.test_web_zorgaanbieder_regiobeheer import als  # noqa: F401 (fixture)
from tests.service.world import BEMIDDELAAR
from tests.service.world import approve

CORP = "nabij-wonen"


def _replay_matches(app: Any) -> int:
    with Session(app.state.read_engine) as session:
        geschiedenis = lees(session, app.state.regio)
    momenten = [g for g in geschiedenis.gebeurtenissen if isinstance(g, Voordrachtmoment)]
    herspeeld = speel_na(beleid_nu(app.state.regio), geschiedenis.gebeurtenissen)
    assert len(herspeeld) == len(momenten)
    for h in herspeeld:
        assert h.kandidaten == h.moment.werkelijk, (h.moment.voordracht_id, h.moment.moment)
    return len(herspeeld)


def test_demo_history_replays_as_it_happened(app: Any) -> None:
    with session_scope(app.state.engine, app.state.regio) as session:
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
    with session_scope(app.state.engine, app.state.regio) as session:
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
    with session_scope(
        app.state.engine, app.state.regio
    ) as session:  # the demo, with more woningen reported
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


def _lapse_one_offer(api: Api, app: Any, registreer: Any) -> str:
    """A walk in which one offer lapses (DRE-O1) and the voordracht refills its place."""
    from datetime import timedelta

    from service.clock import nu
    from service.levensloop.overgangen import expire_overdue

    for i in range(5):
        registreer("kwintes", aanmelddatum=days_ago(200 - 10 * i))
    vd = api.as_(CORP).post("/v1/woningen", woning_body()).json()["voordrachtId"]
    voordracht = approve(api, vd)
    plek = min(voordracht["plekken"], key=lambda p: p["positie"])
    a = api.as_(CORP).post(f"/v1/voordrachten/{vd}/keuze", {"plekId": plek["id"]}).json()
    with session_scope(app.state.engine, app.state.regio) as session:
        assert expire_overdue(session, moment=nu() + timedelta(days=10))
    return str(a["id"])


def test_other_offer_deadlines_move_the_lapsed_offer_in_the_replay(
    api: Api, app: Any, registreer: Any
) -> None:
    """DRE-O1/DRE-O2 in the lab (issue 16): a lapse is no decline (the actual policy still
    replays exactly), and a proposal with other deadlines says how many lapsed offers moved,
    by how much, and how many answers came after the proposed deadline."""
    _lapse_one_offer(api, app, registreer)
    assert _replay_matches(app) >= 2  # the voordracht and its refill after the lapse
    r = api.as_("beter-wonen").post(
        "/v1/beleidsproeven",
        {"naam": "Vijf werkdagen", "reactietermijnDagen": 5, "werkdagen": True},
    )
    assert r.status_code == 201, r.text
    res = r.json()["resultaten"]
    assert res["nagespeeldZoalsHetGing"] == res["voordrachtmomenten"] >= 2
    t = res["termijnen"]
    assert t["voorstel"]["reactietermijnDagen"] == 5
    assert t["nu"]["reactietermijnDagen"] == app.state.regio.termijnen.reactietermijn_dagen
    assert t["verlopenAanbiedingen"] == 1
    assert t["verschuivingMediaanDagen"] > 0
    assert t["beantwoordNaDeTermijn"] == {"nu": 0, "voorstel": 0}
    zonder = api.as_("beter-wonen").post("/v1/beleidsproeven", {"naam": "Zoals nu"}).json()
    assert "termijnen" not in zonder["resultaten"]


def test_another_verdeelsleutel_is_shown_beside_the_current_distribution(api: Api) -> None:
    """ZOU-K2 in the lab (issue 16): the year's contingent under another key, beside the
    homes as distributed now and as used; an unknown zorgaanbieder is a Dutch 400."""
    from tests.service.test_contingent import JAAR
    from tests.service.test_contingent import org_ids
    from tests.service.test_contingent import toezeg
    from tests.service.test_contingent import verdeel

    ids = org_ids(api)
    toezeg(api, ids, CORP, 10)
    r = verdeel(api, ids, [("kwintes", 6, {}), ("lister", 6, {}), ("leger-des-heils", 2, {})])
    assert r.status_code == 201, r.text
    sleutel = [
        {"zorgaanbiederId": ids["kwintes"], "gewicht": 1},
        {"zorgaanbiederId": ids["lister"], "gewicht": 1},
        {"zorgaanbiederId": ids["leger-des-heils"], "gewicht": 3},
    ]
    r = api.as_("beter-wonen").post(
        "/v1/beleidsproeven",
        {"naam": "Andere sleutel", "verdeelsleutel": sleutel, "van": f"{JAAR}-01-01"},
    )
    assert r.status_code == 201, r.text
    rijen = {x["zorgaanbieder"]: x for x in r.json()["resultaten"]["contingent"]}
    assert {x["jaar"] for x in rijen.values()} == {JAAR}
    assert sum(x["nu"] for x in rijen.values()) == sum(x["voorstel"] for x in rijen.values()) == 10
    assert rijen["Leger des Heils"]["voorstel"] == 6 > rijen["Leger des Heils"]["nu"]
    assert all(x["gebruikt"] == 0 for x in rijen.values())
    fout = api.as_("beter-wonen").post(
        "/v1/beleidsproeven",
        {"naam": "x", "verdeelsleutel": [{"zorgaanbiederId": ids[CORP], "gewicht": 1}]},
    )
    assert fout.status_code == 400
    assert fout.json()["invalidParams"][0]["name"] == "verdeelsleutel.0.zorgaanbiederId"


def test_rooms_table_in_the_lab_must_rise_with_the_household(api: Api) -> None:
    """MATCH-E3 in the lab: the rooms table is checked as in the region file."""
    r = api.as_("beter-wonen").post(
        "/v1/beleidsproeven", {"naam": "x", "kamersPerHuishouden": [2, 1]}
    )
    assert r.status_code == 400 and "oplopen" in r.text
    assert r.json()["invalidParams"][0]["name"] == "kamersPerHuishouden"
    r = api.as_("beter-wonen").post(
        "/v1/beleidsproeven", {"naam": "Ruimer", "kamersPerHuishouden": [1, 1, 2]}
    )
    assert r.status_code == 201, r.text
    assert r.json()["beleid"]["kamersPerHuishouden"] == [1, 1, 2]


def test_the_lab_page_changes_deadlines_rooms_and_the_verdeelsleutel(
    api: Api,
    app: Any,
    registreer: Any,
    als: Any,  # noqa: F811
) -> None:
    """Issue 16: every policy the lab takes can be set on its page — offer deadlines, the rooms
    table and the verdeelsleutel — and the result page shows them beside the policy as is."""
    from tests.service.test_contingent import org_ids
    from tests.service.test_contingent import toezeg
    from tests.service.test_contingent import verdeel

    ids = org_ids(api)
    toezeg(api, ids, CORP, 10)
    assert verdeel(api, ids, [("kwintes", 6, {}), ("lister", 6, {})]).status_code == 201
    _lapse_one_offer(api, app, registreer)
    regiobeheer = als("beter-wonen")
    form = regiobeheer.get("/werk/beleidslab").text
    for label in ("Kamers per huishouden", "Dagen om te reageren", "Gewicht Kwintes"):
        assert label in form
    fout = regiobeheer.post("/werk/beleidslab", {"naam": "x", "kamersPerHuishouden": "3, 2"})
    assert fout.status_code == 400 and "oplopen" in fout.text
    r = regiobeheer.post(
        "/werk/beleidslab",
        {
            "naam": "Ruimere termijn en andere sleutel",
            "reactietermijnDagen": "5",
            "werkdagen": "true",
            "kamersPerHuishouden": "1, 1, 2",
            f"gewicht-{ids['kwintes']}": "1",
            f"gewicht-{ids['lister']}": "4",
        },
    )
    assert r.status_code == 303, r.text
    html = regiobeheer.get(r.headers["location"]).text
    assert "Termijnen voor een aanbieding" in html and "1 aanbiedingen verliepen" in html
    assert "Het contingent met een andere verdeelsleutel" in html
    assert "<td>8</td>" in html  # Lister: 4 of 5 parts of 10 homes
