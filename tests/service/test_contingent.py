"""The contingent (ZOU-K1..K3): commitments, versioned distributions, usage, reallocation,
deliveries and exports."""

from __future__ import annotations

import io

import pandas as pd

from tests.service.conftest import days_ago
from tests.service.world import approve
from tests.service.world import maatwerk_aanbieding
from tests.service.world import plaats_via_voordracht
from tests.service.world import plek_of

RB = "beter-wonen"
HVH = "het-vierde-huis"
JAAR = int(days_ago(0)[:4])


def org_ids(api):
    orgs = api.as_(HVH).get("/v1/organisaties", params={"paginaGrootte": 100}).json()["resultaten"]
    return {o["code"]: o["id"] for o in orgs}


def toezeg(api, ids, corp, aantal, jaar=JAAR):
    r = api.as_(RB).post(
        "/v1/toezeggingen", {"corporatieId": ids[corp], "jaar": jaar, "aantal": aantal}
    )
    assert r.status_code == 201, r.text
    return r.json()


def verdeel(api, ids, aandelen, jaar=JAAR, **extra):
    body = {
        "jaar": jaar,
        "reden": "Jaarverdeling",
        "aandelen": [
            {"zorgaanbiederId": ids[code], "gewicht": gewicht, **bounds}
            for code, gewicht, bounds in aandelen
        ],
        **extra,
    }
    return api.as_(RB).post("/v1/verdelingen", body)


def test_zou_k1_commitments_set_by_regiobeheer_and_replaced_with_history(api):
    ids = org_ids(api)
    toezeg(api, ids, "nabij-wonen", 10)
    t = toezeg(api, ids, "nabij-wonen", 12)
    toezeg(api, ids, "woongroen", 8)
    assert t["aantal"] == 12 and t["corporatie"] == "Nabij Wonen"
    assert [x["aantal"] for x in api.as_("nabij-wonen").get("/v1/toezeggingen").json()] == [
        12
    ]  # own only
    assert len(api.as_(RB).get("/v1/toezeggingen", params={"jaar": JAAR}).json()) == 2
    assert (
        api.as_("nabij-wonen")
        .post("/v1/toezeggingen", {"corporatieId": ids["nabij-wonen"], "jaar": JAAR, "aantal": 99})
        .status_code
        == 403
    )
    history = (
        api.as_(RB).get("/v1/gebeurtenissen", params={"objectId": t["id"]}).json()["resultaten"]
    )
    assert [(e["voor"] or {}).get("aantal") for e in history] == [10, None]


def test_zou_k2_distribution_from_commitments_largest_remainder(api):
    ids = org_ids(api)
    toezeg(api, ids, "nabij-wonen", 6)
    toezeg(api, ids, "woongroen", 4)
    r = verdeel(api, ids, [("kwintes", "3", {}), ("lister", "3", {}), ("altrecht", "3", {})])
    assert r.status_code == 201, r.text
    v = r.json()
    assert (
        v["totaal"] == 10 and v["methode"] == "quotummethode" and v["versie"] == 1 and v["actueel"]
    )
    assert sorted(x["toegewezen"] for x in v["regels"]) == [3, 3, 4]
    assert all(x["exact"] == "3.3333" for x in v["regels"])


def test_binding_minimum_uses_optimisation_and_revision_keeps_versions(api):
    ids = org_ids(api)
    eerste = verdeel(api, ids, [("kwintes", "1", {}), ("lister", "1", {})], totaal=10).json()
    r = verdeel(
        api,
        ids,
        [("kwintes", "1", {"minimum": 8}), ("lister", "1", {}), ("altrecht", "1", {})],
        totaal=10,
    )
    assert r.status_code == 201
    v = r.json()
    assert v["versie"] == 2 and v["methode"] == "optimalisatie"
    per = {x["zorgaanbieder"]: x for x in v["regels"]}
    assert per["Kwintes"]["toegewezen"] == 8 and per["Kwintes"]["grens"] == "minimum"
    assert per["Lister"]["toegewezen"] + per["Altrecht"]["toegewezen"] == 2
    versies = api.as_(RB).get("/v1/verdelingen", params={"jaar": JAAR}).json()
    assert [(x["versie"], x["actueel"]) for x in versies] == [(1, False), (2, True)]
    assert api.as_(RB).get(f"/v1/verdelingen/{eerste['id']}").json()["totaal"] == 10
    own = api.as_("lister").get(f"/v1/verdelingen/{v['id']}").json()
    assert [x["zorgaanbieder"] for x in own["regels"]] == ["Lister"]  # a provider sees its own line


def test_impossible_or_wrong_distribution_is_400_in_dutch(api):
    ids = org_ids(api)
    r = verdeel(
        api, ids, [("kwintes", "1", {"minimum": 8}), ("lister", "1", {"minimum": 8})], totaal=10
    )
    assert r.status_code == 400 and "minimum" in r.json()["detail"].lower()
    r = verdeel(api, ids, [("nabij-wonen", "1", {})], totaal=10)
    assert (
        r.status_code == 400
        and r.json()["invalidParams"][0]["name"] == "aandelen.0.zorgaanbiederId"
    )
    r = verdeel(api, ids, [("kwintes", "1", {})], jaar=2031)
    assert r.status_code == 400 and "toezeggingen" in r.json()["invalidParams"][0]["reason"]
    assert api.as_(RB).get("/v1/verdelingen").json() == []


def test_zou_k3_placement_moves_usage_and_provider_reads_remainder(api, registreer, meld):
    ids = org_ids(api)
    verdeel(api, ids, [("kwintes", "1", {}), ("lister", "1", {})], totaal=4)
    assert plaats_via_voordracht(api, registreer, meld).status_code == 201
    k = registreer("kwintes", aanmelddatum=days_ago(200))["id"]
    vd = approve(api, meld()["voordrachtId"])
    api.as_("nabij-wonen").post(
        f"/v1/voordrachten/{vd['id']}/keuze", {"plekId": plek_of(vd, k), "reden": "x"}
    )
    [g] = api.as_("kwintes").get("/v1/contingentgebruik", params={"jaar": JAAR}).json()  # own only
    assert (
        g["toegewezen"],
        g["gebruikt"],
        g["inBehandeling"],
        g["resterend"],
        g["overgebruik"],
    ) == (2, 1, 1, 0, 0)
    assert g["perCorporatie"] == [{"corporatie": "Nabij Wonen", "gebruikt": 1, "inBehandeling": 1}]
    assert g["perMaand"][0]["gebruikt"] == 1
    alle = api.as_(RB).get("/v1/contingentgebruik", params={"jaar": JAAR}).json()
    assert {x["zorgaanbieder"] for x in alle} == {"Kwintes", "Lister"}


def test_over_use_does_not_block_but_is_recorded_unless_region_is_strict(api, registreer, meld):
    ids = org_ids(api)
    verdeel(api, ids, [("kwintes", "1", {}), ("lister", "1", {})], totaal=2)
    assert plaats_via_voordracht(api, registreer, meld).status_code == 201
    assert (
        plaats_via_voordracht(api, registreer, meld).status_code == 201
    )  # second: over the share of 1
    [g] = api.as_("kwintes").get("/v1/contingentgebruik", params={"jaar": JAAR}).json()
    assert g["overgebruik"] == 1
    events = (
        api.as_(RB)
        .get("/v1/gebeurtenissen", params={"actie": "contingent-overgebruik"})
        .json()["resultaten"]
    )
    assert len(events) == 1 and "meer dan de 1 toegewezen" in events[0]["toelichting"]
    regio = api.client.app.state.regio
    api.client.app.state.regio = regio.model_copy(
        update={"termijnen": regio.termijnen.model_copy(update={"contingent_strikt": True})}
    )
    try:
        # ZOU-K3 strict: refused at the choice, before anyone is offered the home
        k = registreer("kwintes", aanmelddatum=days_ago(300))["id"]
        vd = approve(api, meld()["voordrachtId"])
        r = api.as_("nabij-wonen").post(
            f"/v1/voordrachten/{vd['id']}/keuze", {"plekId": plek_of(vd, k)}
        )
        assert r.status_code == 409 and "herverdeling" in r.json()["detail"]
        assert api.as_(HVH).get("/v1/kandidaten/" + k).json()["status"] == "wachtend"
        assert api.as_(HVH).get("/v1/aanbiedingen", params={"status": "open"}).json()["totaal"] == 0
    finally:
        api.client.app.state.regio = regio
    assert (
        api.as_(RB).get("/v1/contingentgebruik", params={"jaar": JAAR}).json()[0]["gebruikt"] == 2
    )


def test_reallocation_moves_only_unused_homes(api, registreer, meld):
    ids = org_ids(api)
    verdeel(api, ids, [("kwintes", "1", {}), ("lister", "1", {})], totaal=6)
    plaats_via_voordracht(api, registreer, meld)
    body = {
        "jaar": JAAR,
        "vanId": ids["kwintes"],
        "naarId": ids["lister"],
        "aantal": 3,
        "reden": "Kwintes heeft ruimte",
    }
    r = api.as_(RB).post("/v1/herverdelingen", {**body, "aantal": 3})
    assert r.status_code == 400 and "nog 2 woningen over" in r.json()["detail"]
    assert api.as_(RB).post("/v1/herverdelingen", {**body, "aantal": 2}).status_code == 201
    gebruik = {
        g["zorgaanbieder"]: g
        for g in api.as_(RB).get("/v1/contingentgebruik", params={"jaar": JAAR}).json()
    }
    assert gebruik["Kwintes"]["toegewezen"] == 1 and gebruik["Lister"]["toegewezen"] == 5
    v = api.as_(RB).get("/v1/verdelingen", params={"jaar": JAAR}).json()[-1]
    assert {x["zorgaanbieder"]: x["herverdeeld"] for x in v["regels"]} == {
        "Kwintes": -2,
        "Lister": 2,
    }


def test_zou_k2_reallocation_respects_the_receivers_maximum(api):
    ids = org_ids(api)
    r = verdeel(api, ids, [("kwintes", "1", {}), ("lister", "1", {"maximum": 4})], totaal=6)
    assert r.status_code == 201, r.text
    body = {
        "jaar": JAAR,
        "vanId": ids["kwintes"],
        "naarId": ids["lister"],
        "aantal": 2,
        "reden": "Kwintes heeft ruimte",
    }
    r = api.as_(RB).post("/v1/herverdelingen", body)
    assert r.status_code == 400 and "maximum van 4 woningen" in r.json()["detail"]
    assert "hoogstens 1" in r.json()["detail"]
    assert api.as_(RB).post("/v1/herverdelingen", {**body, "aantal": 1}).status_code == 201


def test_placement_outside_contingent_is_marked_and_not_counted(api, registreer, meld):
    ids = org_ids(api)
    verdeel(api, ids, [("kwintes", "1", {})], totaal=3)
    k = registreer()["id"]
    t = (
        api.as_(HVH)
        .post(
            "/v1/maatwerktrajecten",
            {
                "kandidaatId": k,
                "corporatieId": ids["portaal"],
                "aanleiding": "anders",
                "wensen": "x",
                "contingent": False,
            },
        )
        .json()
    )
    a = maatwerk_aanbieding(api, meld, t["id"])
    api.as_(HVH).post(f"/v1/aanbiedingen/{a['id']}/antwoord", {"besluit": "accepteren"})
    p = (
        api.as_("portaal")
        .post("/v1/plaatsingen", {"aanbiedingId": a["id"], "contractdatum": days_ago(0)})
        .json()
    )
    assert p["binnenContingent"] is False and p["contingentJaar"] == JAAR
    [g] = api.as_(RB).get("/v1/contingentgebruik", params={"jaar": JAAR}).json()
    assert g["gebruikt"] == 0


def test_corporatie_reads_commitment_against_delivery(api, registreer, meld):
    ids = org_ids(api)
    toezeg(api, ids, "nabij-wonen", 4)
    toezeg(api, ids, "woongroen", 2)
    plaats_via_voordracht(api, registreer, meld)
    [own] = api.as_("nabij-wonen").get("/v1/leveringen", params={"jaar": JAAR}).json()
    assert (own["toegezegd"], own["geleverd"], own["tekort"], own["percentage"]) == (
        4,
        1,
        3,
        "25.0",
    )
    assert len(api.as_(RB).get("/v1/leveringen", params={"jaar": JAAR}).json()) == 2


def test_exports_csv_and_xlsx_with_dutch_columns(api, registreer, meld):
    ids = org_ids(api)
    v = verdeel(api, ids, [("kwintes", "1", {}), ("lister", "2", {})], totaal=3).json()
    r = api.as_(RB).get("/v1/contingentgebruik", params={"jaar": JAAR, "formaat": "csv"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    header = r.content.decode("utf-8-sig").splitlines()[0]
    assert header == "Zorgaanbieder;Jaar;Toegewezen;Gebruikt;In behandeling;Resterend;Overgebruik"
    r = api.as_(RB).get(f"/v1/verdelingen/{v['id']}", params={"formaat": "xlsx"})
    assert r.headers["content-type"].startswith("application/vnd.openxmlformats")
    df = pd.read_excel(io.BytesIO(r.content), engine="calamine")
    assert list(df["Zorgaanbieder"]) == ["Kwintes", "Lister"] and list(df["Toegewezen"]) == [1, 2]
