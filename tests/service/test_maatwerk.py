"""Maatwerk (ZOU-R2, ZOU-R3): forwarded kandidaten, the traject life cycle, the shared
aanbieding → plaatsing lifecycle, and routing per corporatie as data."""

from __future__ import annotations

from tests.service.conftest import days_ago
from tests.service.conftest import woning_body
from tests.service.world import approve
from tests.service.world import maatwerk_aanbieding
from tests.service.world import plek_of

HVH = "het-vierde-huis"


def org_id(api, code):
    orgs = api.as_(HVH).get("/v1/organisaties", params={"paginaGrootte": 100}).json()["resultaten"]
    return next(o["id"] for o in orgs if o["code"] == code)


def start(api, kandidaat_id, corporatie="portaal", **extra):
    body = {
        "kandidaatId": kandidaat_id,
        "corporatieId": org_id(api, corporatie),
        "aanleiding": "route-maatwerk",
        "wensen": "Rustige buurt, dicht bij het station.",
        **extra,
    }
    return api.as_(HVH).post("/v1/maatwerktrajecten", body)


def test_living_lab_kandidaat_is_left_out_of_voordrachten_and_on_the_work_list(
    api, registreer, meld
):
    ll = registreer(doelgroep="living-lab", aanmelddatum=days_ago(500))["id"]
    gewoon = registreer(aanmelddatum=days_ago(10))["id"]
    vd = api.as_(HVH).get(f"/v1/voordrachten/{meld()['voordrachtId']}").json()
    assert [p["kandidaatId"] for p in vd["plekken"]] == [gewoon]
    assert vd["uitleg"]["opMaatwerkroute"] == 1  # the explanation names the maatwerk kandidaat
    werk = api.as_(HVH).get("/v1/maatwerkkandidaten").json()["resultaten"]
    assert [k["id"] for k in werk] == [ll]


def test_full_maatwerk_traject_to_placement(api, registreer, meld):
    k = registreer(aanmelddatum=days_ago(300), voornaam="Noor")["id"]
    r = start(api, k)
    assert r.status_code == 201
    t = r.json()
    assert t["status"] == "doorgestuurd" and t["eigenaarId"] == org_id(api, "portaal")
    assert [s["status"] for s in t["historie"]] == ["doorgestuurd"]
    seen = api.as_("portaal").get(f"/v1/maatwerktrajecten/{t['id']}").json()
    assert seen["kandidaat"]["naam"] is None and seen["kandidaat"]["kandidaatId"] is None  # privacy
    assert (
        seen["kandidaat"]["maximaleKaleHuur"] == "713.00"
        and seen["kandidaat"]["huishoudgrootte"] == 1
    )
    r = api.as_("portaal").post(
        f"/v1/maatwerktrajecten/{t['id']}/besluit", {"besluit": "accepteren"}
    )
    assert r.status_code == 201 and r.json()["status"] == "zoekend"
    assert r.json()["kandidaat"]["naam"] == "Noor de Vries"  # revealed after acceptance
    woning = meld("portaal")
    assert woning["voordrachtId"] is None  # ZOU-R3: maatwerk corporatie, no automatic voordracht
    r = api.as_("portaal").post(
        f"/v1/maatwerktrajecten/{t['id']}/woning", {"woningId": woning["id"]}
    )
    assert r.status_code == 201
    a = r.json()
    assert a["kandidaatId"] == k and a["voordrachtId"] is None and a["status"] == "open"
    # the same lifecycle as omgekeerde plaatsing from here on
    assert (
        api.as_("kwintes")
        .post(f"/v1/aanbiedingen/{a['id']}/antwoord", {"besluit": "accepteren"})
        .status_code
        == 201
    )
    r = api.as_("portaal").post(
        "/v1/plaatsingen", {"aanbiedingId": a["id"], "contractdatum": days_ago(0)}
    )
    assert r.status_code == 201
    done = api.as_(HVH).get(f"/v1/maatwerktrajecten/{t['id']}").json()
    assert done["status"] == "geplaatst"
    assert [s["status"] for s in done["historie"]] == [
        "doorgestuurd",
        "zoekend",
        "woning-gevonden",
        "geplaatst",
    ]


def test_declined_aanbieding_sends_the_corporatie_searching_again(api, registreer, meld):
    k = registreer()["id"]
    t = start(api, k).json()
    a = maatwerk_aanbieding(api, meld, t["id"])
    api.as_("kwintes").post(
        f"/v1/aanbiedingen/{a['id']}/antwoord", {"besluit": "afwijzen", "reden": "locatie"}
    )
    t2 = api.as_(HVH).get(f"/v1/maatwerktrajecten/{t['id']}").json()
    assert t2["status"] == "zoekend" and t2["eigenaarId"] == org_id(api, "portaal")
    assert api.as_(HVH).get(f"/v1/kandidaten/{k}").json()["status"] == "wachtend"


def test_bad_transitions_are_409_and_change_nothing(api, registreer, meld):
    k = registreer()["id"]
    t = start(api, k).json()
    w = meld("portaal")
    r = api.as_("portaal").post(f"/v1/maatwerktrajecten/{t['id']}/woning", {"woningId": w["id"]})
    assert r.status_code == 409 and "accepteren" in r.json()["detail"]
    r = api.as_("portaal").post(f"/v1/maatwerktrajecten/{t['id']}/besluit", {"besluit": "afwijzen"})
    assert r.status_code == 400  # a decline needs a reason
    r = api.as_("portaal").post(
        f"/v1/maatwerktrajecten/{t['id']}/besluit", {"besluit": "afwijzen", "reden": "Geen aanbod"}
    )
    assert r.status_code == 201 and r.json()["status"] == "afgewezen"
    r = api.as_("portaal").post(
        f"/v1/maatwerktrajecten/{t['id']}/besluit", {"besluit": "accepteren"}
    )
    assert r.status_code == 409
    current = api.as_(HVH).get(f"/v1/maatwerktrajecten/{t['id']}").json()
    assert current["status"] == "afgewezen" and len(current["historie"]) == 2
    assert start(api, k).status_code == 201  # a new traject may start after the decline


def test_one_open_traject_per_kandidaat_and_only_waiting_kandidaten(api, registreer):
    k = registreer()["id"]
    assert start(api, k).status_code == 201
    r = start(api, k, corporatie="stedelink")
    assert r.status_code == 409 and "loopt al" in r.json()["detail"]
    p = registreer()["id"]
    api.as_("kwintes").post(f"/v1/kandidaten/{p}/statuswijzigingen", {"status": "gepauzeerd"})
    assert start(api, p).status_code == 409
    r = api.as_(HVH).post(
        "/v1/maatwerktrajecten",
        {
            "kandidaatId": p,
            "corporatieId": org_id(api, "kwintes"),
            "aanleiding": "anders",
            "wensen": "x",
        },
    )
    assert r.status_code == 400 and r.json()["invalidParams"][0]["name"] == "corporatieId"


def test_forwarding_releases_the_kandidaat_from_open_voordrachten(api, registreer, meld):
    k = registreer(aanmelddatum=days_ago(300))["id"]
    vd = approve(api, meld()["voordrachtId"])
    assert plek_of(vd, k)
    start(api, k)
    plekken = api.as_(HVH).get(f"/v1/voordrachten/{vd['id']}").json()["plekken"]
    assert {p["kandidaatId"]: p["status"] for p in plekken}[k] == "vervallen"


def test_maatwerk_corporatie_can_still_ask_for_a_voordracht(api, registreer):
    registreer()
    w = api.as_("portaal").post("/v1/woningen", woning_body()).json()
    assert w["voordrachtId"] is None
    r = api.as_("portaal").post(f"/v1/woningen/{w['id']}/voordracht")
    assert r.status_code == 201 and r.json()["voordrachtId"]
    assert api.as_("portaal").post(f"/v1/woningen/{w['id']}/voordracht").status_code == 409


def test_corporatie_sees_only_its_own_trajecten(api, registreer):
    k1, k2 = registreer()["id"], registreer()["id"]
    t1 = start(api, k1, corporatie="portaal").json()
    t2 = start(api, k2, corporatie="stedelink").json()
    ids = {t["id"] for t in api.as_("portaal").get("/v1/maatwerktrajecten").json()["resultaten"]}
    assert ids == {t1["id"]}
    assert api.as_("portaal").get(f"/v1/maatwerktrajecten/{t2['id']}").status_code == 404


def test_traject_without_progress_is_overdue_after_configured_days(api, app, registreer):
    from datetime import timedelta

    from sqlmodel import select

    from service.clock import vandaag
    from service.db import session_scope
    from service.models import Maatwerktraject

    k = registreer()["id"]
    t = start(api, k).json()
    assert t["volgendeStapVoor"] == (vandaag() + timedelta(days=14)).isoformat()  # region setting
    assert (
        api.as_(HVH).get("/v1/maatwerktrajecten", params={"teLaat": "true"}).json()["totaal"] == 0
    )
    with session_scope(app.state.engine, app.state.regio) as s:
        row = s.exec(select(Maatwerktraject)).one()
        row.volgende_stap_voor = vandaag() - timedelta(days=1)
        s.add(row)
    late = api.as_(HVH).get("/v1/maatwerktrajecten", params={"teLaat": "true"}).json()["resultaten"]
    assert [x["id"] for x in late] == [t["id"]]
