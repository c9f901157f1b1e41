"""The waiting date belongs to the region, not to one provider (MATCH-K2, ZOU-M2; issue 11 API6).

- default today; a future date is a 400;
- an earlier date needs a documented origin, and a zorgaanbieder may go back at most the
  region's window (default 90 days); beyond it only the bemiddelaar (a correction) or the
  bulk import;
- only the bemiddelaar corrects, with a reason: audit trail and the kandidaat's history;
- a zorgaanbieder asks for a correction: a signalering for the bemiddelaar.
"""

from __future__ import annotations

from service.clock import vandaag
from tests.service.conftest import HERKOMST
from tests.service.conftest import days_ago
from tests.service.conftest import kandidaat_body
from tests.service.test_web_bemiddelaar_corporatie import als  # noqa: F401 (fixture)

HVH = "het-vierde-huis"


def _body(**extra):
    body = kandidaat_body(**extra)
    body.pop("aanmelddatum", None)
    body.pop("aanmelddatumHerkomst", None)
    return body | {k: v for k, v in extra.items() if v is not None}


def test_match_k2_aanmelddatum_defaults_to_today(api):
    r = api.as_("kwintes").post("/v1/kandidaten", _body())
    assert r.status_code == 201, r.text
    assert r.json()["aanmelddatum"] == vandaag().isoformat() and r.json()["wachttijdDagen"] == 0


def test_match_k2_future_aanmelddatum_is_a_400(api):
    r = api.as_("kwintes").post("/v1/kandidaten", _body(aanmelddatum=days_ago(-1)))
    assert r.status_code == 400
    assert [p["name"] for p in r.json()["invalidParams"]] == ["aanmelddatum"]


def test_match_k2_earlier_date_needs_origin_and_window_1900_is_refused(api):
    """Issue 10/11 (API6): 1900-01-01 was accepted and took place 1. Now refused, with every
    problem at once; nothing is stored."""
    r = api.as_("kwintes").post("/v1/kandidaten", _body(aanmelddatum="1900-01-01"))
    assert r.status_code == 400
    assert {p["name"] for p in r.json()["invalidParams"]} == {
        "aanmelddatum",
        "aanmelddatumHerkomst",
    }
    assert "hoogstens 90 dagen" in r.text
    r = api.as_("kwintes").post(
        "/v1/kandidaten", _body(aanmelddatum="1900-01-01", aanmelddatumHerkomst=HERKOMST)
    )
    assert r.status_code == 400
    assert [p["name"] for p in r.json()["invalidParams"]] == ["aanmelddatum"]
    r = api.as_("kwintes").post("/v1/kandidaten", _body(aanmelddatum=days_ago(30)))
    assert r.status_code == 400
    assert [p["name"] for p in r.json()["invalidParams"]] == ["aanmelddatumHerkomst"]
    assert api.as_(HVH).get("/v1/kandidaten", params={"metTotaal": "true"}).json()["totaal"] == 0
    venster = api.client.app.state.regio.termijnen.aanmelddatum_venster_dagen
    r = api.as_("kwintes").post(
        "/v1/kandidaten", _body(aanmelddatum=days_ago(venster), aanmelddatumHerkomst=HERKOMST)
    )
    assert r.status_code == 201, r.text
    assert r.json()["aanmelddatumHerkomst"] == "overgenomen-van-vorige-wachtlijst"


def test_match_k2_only_the_bemiddelaar_corrects_with_reason_audit_and_history(
    api,
    registreer,
    als,  # noqa: F811 (the page login fixture)
):
    k = registreer()["id"]
    body = {"aanmelddatum": days_ago(400), "reden": "Overgenomen van de vorige wachtlijst."}
    assert (
        api.as_("kwintes").post(f"/v1/kandidaten/{k}/aanmelddatum-correcties", body).status_code
        == 403
    )
    assert (
        api.as_(HVH)
        .post(f"/v1/kandidaten/{k}/aanmelddatum-correcties", {"aanmelddatum": days_ago(400)})
        .status_code
        == 400
    )  # a reason is required
    r = api.as_(HVH).post(f"/v1/kandidaten/{k}/aanmelddatum-correcties", body)
    assert r.status_code == 201, r.text
    assert api.as_("kwintes").get(f"/v1/kandidaten/{k}").json()["aanmelddatum"] == days_ago(400)
    historie = api.as_("kwintes").get(f"/v1/kandidaten/{k}/aanmelddatum-wijzigingen").json()
    assert [(h["soort"], h["naar"], h["reden"]) for h in historie] == [
        ("correctie", days_ago(400), "Overgenomen van de vorige wachtlijst.")
    ]
    log = api.as_(HVH).get("/v1/gebeurtenissen", params={"actie": "aanmelddatum-gecorrigeerd"})
    assert log.json()["totaal"] == 1
    pagina = als("kwintes").get(f"/werk/kandidaten/{k}").text
    assert "Het Vierde Huis corrigeerde de aanmelddatum" in pagina
    assert "Overgenomen van de vorige wachtlijst." in pagina


def test_match_k2_zorgaanbieder_asks_for_a_correction_as_a_signal(api, registreer):
    k = registreer()["id"]
    body = {"aanmelddatum": days_ago(300), "reden": "Stond al op de vorige wachtlijst."}
    r = api.as_("kwintes").post(f"/v1/kandidaten/{k}/aanmelddatum-verzoeken", body)
    assert r.status_code == 201 and r.json()["status"] == "open"
    soort = {"soort": "aanmelddatum-correctie"}
    eigen = api.as_(HVH).get("/v1/signaleringen", params=soort).json()["resultaten"]
    assert len(eigen) == 1 and "Correctie van de aanmelddatum gevraagd" in eigen[0]["titel"]
    assert api.as_("kwintes").get("/v1/signaleringen", params=soort).json()["totaal"] == 1
    assert api.as_("lister").get("/v1/signaleringen", params=soort).json()["totaal"] == 0
    # the date itself did not change
    assert api.as_("kwintes").get(f"/v1/kandidaten/{k}").json()["aanmelddatum"] != days_ago(300)
    # the correction closes the request, and the next computation closes the signal
    api.as_(HVH).post(f"/v1/kandidaten/{k}/aanmelddatum-correcties", body)
    api.as_(HVH).post("/v1/signaleringen/berekening")
    open_ = api.as_(HVH).get("/v1/signaleringen", params={**soort, "status": "open"}).json()
    assert open_["totaal"] == 0


def test_api6_no_other_field_moves_a_kandidaat_up(api, registreer):
    """Issue 11 API6: aanmelddatum cannot be changed through the kandidaat's own change."""
    k = registreer()["id"]
    r = api.as_("kwintes").patch(f"/v1/kandidaten/{k}", {"aanmelddatum": "2000-01-01"})
    assert r.status_code == 400
    r = api.as_("kwintes").patch(f"/v1/kandidaten/{k}", {"aangemaaktOp": "2000-01-01T00:00:00Z"})
    assert r.status_code == 400
    assert api.as_("kwintes").get(f"/v1/kandidaten/{k}").json()["aanmelddatum"] == days_ago(60)
