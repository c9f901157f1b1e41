"""Escalation to maatwerk (ZOU-R2, ZOU-M2): the reason and a one-call maatwerk action."""

from __future__ import annotations

from tests.service.conftest import days_ago

HVH = "het-vierde-huis"


def test_woning_without_suitable_kandidaat_gets_reason_and_one_call_action(api, registreer, meld):
    k = registreer(jaarinkomen=20000, aanmelddatum=days_ago(30))["id"]
    w = meld(kaleHuur="900.00")  # above the aftoppingsgrens for this income: MATCH-E4
    esc = api.as_(HVH).get("/v1/escalaties").json()
    [item] = esc["woningenZonderKandidaat"]
    assert item["objectId"] == w["id"] and item["blokkerendeRegel"] == "MATCH-E4"
    assert "huur paste niet bij het inkomen" in item["reden"]
    voorstel = item["voorstel"]
    assert voorstel["kandidaatId"] == k and voorstel["aanleiding"] == "geen-geschikte-kandidaat"
    r = api.as_(HVH).post("/v1/maatwerktrajecten", voorstel)  # one call starts the maatwerk
    assert r.status_code == 201 and r.json()["corporatieId"] == w["corporatieId"]


def test_zou_m2_long_waiting_kandidaat_with_diagnosis(api, registreer, meld):
    lang = registreer(
        aanmelddatum=days_ago(250),
        huishouden={"volwassenen": 2, "kinderen": 2},
        gemeentevoorkeuren=["Zeist"],
    )["id"]
    registreer(aanmelddatum=days_ago(20))  # short wait: no escalation
    meld(kamers=2, maxBewoners=2)
    meld(kamers=1, maxBewoners=1)
    esc = api.as_(HVH).get("/v1/escalaties").json()["langwachtenden"]
    assert esc["totaal"] == 1
    [item] = esc["resultaten"]
    assert item["objectId"] == lang and item["blokkerendeRegel"] == "MATCH-E3"
    assert (
        item["reden"]
        == "Sinds aanmelding geen woning voor 4 personen met minstens 1 kamer in Zeist."
    )
    assert item["voorstel"]["aanleiding"] == "langwachtend"
    assert api.as_(HVH).post("/v1/maatwerktrajecten", item["voorstel"]).status_code == 201
    assert (
        api.as_(HVH).get("/v1/escalaties").json()["langwachtenden"]["totaal"] == 0
    )  # now in a traject


def test_long_waiting_without_any_woning_says_so(api, registreer):
    registreer(aanmelddatum=days_ago(400), gemeentevoorkeuren=["Bunnik"])
    [item] = api.as_(HVH).get("/v1/escalaties").json()["langwachtenden"]["resultaten"]
    assert item["reden"] == "Sinds aanmelding is er geen woning gemeld in Bunnik."
    assert item["blokkerendeRegel"] is None
