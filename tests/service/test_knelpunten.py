"""Knelpunten (ZOU-M3): one place where zorgaanbieders, corporaties and Het Vierde Huis report
bottlenecks and ask questions; Het Vierde Huis answers and closes, and every change is audited."""

from __future__ import annotations

HVH = "het-vierde-huis"
BODY = {
    "onderwerp": "Geen woningen met 3 kamers in Zeist",
    "beschrijving": "Al maanden komt er niets vrij voor gezinnen. Wat kunnen we doen?",
}


def melden(api, org="kwintes", **extra):
    r = api.as_(org).post("/v1/knelpunten", {**BODY, **extra})
    assert r.status_code == 201, r.text
    return r.json()


def ids(api, org, **params):
    r = api.as_(org).get("/v1/knelpunten", params=params)
    assert r.status_code == 200, r.text
    return {k["id"] for k in r.json()["resultaten"]}


def test_zou_m3_report_answer_and_close(api):
    k = melden(api)
    assert k["status"] == "open" and k["antwoord"] is None and k["beantwoordDoor"] is None
    assert k["gemeldDoor"]["naam"] == "Kwintes" and k["onderwerp"] == BODY["onderwerp"]
    assert k["aangemaaktOp"] and k["gewijzigdOp"]
    assert [s["status"] for s in k["historie"]] == ["open"]

    r = api.as_(HVH).post(f"/v1/knelpunten/{k['id']}/antwoord", {"antwoord": "We bellen Portaal."})
    assert r.status_code == 201, r.text
    assert r.json()["status"] == "beantwoord"
    assert r.json()["beantwoordDoor"]["naam"] == "Het Vierde Huis"

    # answering again replaces the answer; the reporter sees the latest one
    r = api.as_(HVH).post(
        f"/v1/knelpunten/{k['id']}/antwoord", {"antwoord": "Portaal meldt volgende maand twee."}
    )
    assert r.status_code == 201 and r.json()["status"] == "beantwoord"
    seen = api.as_("kwintes").get(f"/v1/knelpunten/{k['id']}").json()
    assert seen["status"] == "beantwoord"
    assert seen["antwoord"] == "Portaal meldt volgende maand twee."

    r = api.as_(HVH).post(
        f"/v1/knelpunten/{k['id']}/sluiting", {"toelichting": "Opgelost met Portaal."}
    )
    assert r.status_code == 201, r.text
    closed = api.as_("kwintes").get(f"/v1/knelpunten/{k['id']}").json()
    assert closed["status"] == "gesloten" and closed["antwoord"].startswith("Portaal")
    assert [s["status"] for s in closed["historie"]] == [
        "open",
        "beantwoord",
        "beantwoord",
        "gesloten",
    ]
    assert closed["historie"][-1]["toelichting"] == "Opgelost met Portaal."
    assert ids(api, "kwintes", status="gesloten") == {k["id"]}
    assert ids(api, "kwintes", status="open") == set()


def test_zou_m3_corporatie_and_bemiddelaar_report_too_and_open_one_can_be_closed(api):
    corp = melden(api, "portaal")
    own = melden(api, HVH)
    assert corp["gemeldDoor"]["naam"] == "Portaal" and own["status"] == "open"
    r = api.as_(HVH).post(f"/v1/knelpunten/{corp['id']}/sluiting", {})
    assert r.status_code == 201 and r.json()["status"] == "gesloten"
    assert r.json()["antwoord"] is None
    assert api.as_("beter-wonen").post("/v1/knelpunten", BODY).status_code == 403


def test_zou_m3_reporter_sees_only_own_knelpunten(api):
    mine, theirs = melden(api, "kwintes"), melden(api, "lister")
    corp = melden(api, "nabij-wonen")
    assert ids(api, "kwintes") == {mine["id"]}
    assert ids(api, "lister") == {theirs["id"]}
    assert ids(api, "nabij-wonen") == {corp["id"]}
    assert ids(api, "woongroen") == set()
    everything = {mine["id"], theirs["id"], corp["id"]}
    assert ids(api, HVH) == everything and ids(api, "beter-wonen") == everything
    r = api.as_("kwintes").get(f"/v1/knelpunten/{theirs['id']}")
    assert r.status_code == 404 and "niet" in r.json()["detail"]
    assert api.as_("nabij-wonen").get(f"/v1/knelpunten/{mine['id']}").status_code == 404
    assert api.as_("beter-wonen").get(f"/v1/knelpunten/{mine['id']}").status_code == 200
    page = api.as_(HVH).get("/v1/knelpunten", params={"paginaGrootte": 2}).json()
    assert page["totaal"] == 3 and len(page["resultaten"]) == 2 and page["paginaGrootte"] == 2


def test_zou_m3_only_the_bemiddelaar_answers_and_closes(api):
    k = melden(api)
    for org in ("kwintes", "nabij-wonen", "beter-wonen"):
        r = api.as_(org).post(f"/v1/knelpunten/{k['id']}/antwoord", {"antwoord": "Zelf gedaan"})
        assert r.status_code == 403
        assert api.as_(org).post(f"/v1/knelpunten/{k['id']}/sluiting", {}).status_code == 403
    assert api.as_(HVH).get(f"/v1/knelpunten/{k['id']}").json()["status"] == "open"


def test_zou_m3_closed_knelpunt_refuses_changes_with_409_and_nothing_changes(api):
    k = melden(api)
    api.as_(HVH).post(f"/v1/knelpunten/{k['id']}/antwoord", {"antwoord": "Eerste antwoord"})
    assert api.as_(HVH).post(f"/v1/knelpunten/{k['id']}/sluiting", {}).status_code == 201
    before = api.as_(HVH).get(f"/v1/knelpunten/{k['id']}").json()
    events = api.as_(HVH).get("/v1/gebeurtenissen", params={"objectId": k["id"]}).json()["totaal"]

    r = api.as_(HVH).post(f"/v1/knelpunten/{k['id']}/sluiting", {"toelichting": "Nog eens"})
    assert r.status_code == 409
    assert r.headers["content-type"] == "application/problem+json"
    assert r.json()["detail"] == "Dit knelpunt is al gesloten."
    r = api.as_(HVH).post(f"/v1/knelpunten/{k['id']}/antwoord", {"antwoord": "Te laat"})
    assert r.status_code == 409 and "gesloten" in r.json()["detail"]

    assert api.as_(HVH).get(f"/v1/knelpunten/{k['id']}").json() == before
    after = api.as_(HVH).get("/v1/gebeurtenissen", params={"objectId": k["id"]}).json()["totaal"]
    assert after == events


def test_zou_m3_every_change_is_audited(api):
    k = melden(api)
    api.as_(HVH).post(f"/v1/knelpunten/{k['id']}/antwoord", {"antwoord": "Antwoord"})
    api.as_(HVH).post(f"/v1/knelpunten/{k['id']}/sluiting", {"toelichting": "Klaar"})
    r = api.as_(HVH).get("/v1/gebeurtenissen", params={"objectId": k["id"]})
    events = list(reversed(r.json()["resultaten"]))  # newest first in the log
    assert [e["actie"] for e in events] == [
        "knelpunt-gemeld",
        "knelpunt-beantwoord",
        "knelpunt-gesloten",
    ]
    assert {e["objecttype"] for e in events} == {"knelpunt"}
    assert events[0]["organisatieId"] == k["gemeldDoor"]["id"] and events[0]["voor"] is None
    assert events[1]["voor"]["antwoord"] is None and events[1]["na"]["antwoord"] == "Antwoord"
    assert events[2]["voor"]["status"] == "beantwoord" and events[2]["na"]["status"] == "gesloten"
    assert events[2]["toelichting"] == "Klaar"


def test_invalid_input_is_400_listing_every_field(api):
    r = api.as_("kwintes").post("/v1/knelpunten", {"onderwerp": "   ", "extra": 1})
    assert r.status_code == 400
    fouten = {f["name"]: f["reason"] for f in r.json()["invalidParams"]}
    assert fouten == {
        "onderwerp": "Vul het onderwerp in.",
        "beschrijving": "Vul de beschrijving in.",
        "extra": "Dit veld bestaat niet.",
    }
    r = api.as_("kwintes").post("/v1/knelpunten", {**BODY, "onderwerp": "x" * 201})
    assert r.status_code == 400 and r.json()["invalidParams"][0]["name"] == "onderwerp"
    k = melden(api)
    r = api.as_(HVH).post(f"/v1/knelpunten/{k['id']}/antwoord", {"antwoord": ""})
    assert r.status_code == 400 and r.json()["invalidParams"][0]["name"] == "antwoord"
    r = api.as_(HVH).post(f"/v1/knelpunten/{k['id']}/sluiting", {"toelichting": "x" * 1001})
    assert r.status_code == 400 and r.json()["invalidParams"][0]["name"] == "toelichting"
    r = api.as_(HVH).get("/v1/knelpunten", params={"status": "weg"})
    assert r.status_code == 400 and r.json()["invalidParams"][0]["name"] == "status"
    assert api.as_(HVH).get(f"/v1/knelpunten/{k['id']}").json()["status"] == "open"
    assert api.as_(HVH).get("/v1/knelpunten").json()["totaal"] == 1


def test_unknown_knelpunt_is_404(api):
    missing = "00000000-0000-4000-8000-000000000000"
    assert api.as_(HVH).get(f"/v1/knelpunten/{missing}").status_code == 404
    r = api.as_(HVH).post(f"/v1/knelpunten/{missing}/antwoord", {"antwoord": "Hallo"})
    assert r.status_code == 404
