"""The aanmelddatum through the pages (issue 12, the page side of issue 10 "Fair at the edges"):
the bemiddelaar corrects it with a reason on the kandidaat page (MATCH-K2), a zorgaanbieder asks
for a correction from its own kandidaat's page, and the bemiddelaar answers the open requests
from a work list (approve applies the correction, reject gives a reason the zorgaanbieder reads);
the open requests are on the bemiddelaar's /start, oldest first."""

from __future__ import annotations

import re

from tests.service.conftest import days_ago
from tests.service.test_web_bemiddelaar_corporatie import als  # noqa: F401
from tests.service.test_web_bemiddelaar_corporatie import fout_bij  # noqa: F401

HVH = "het-vierde-huis"


def _verzoek_ids(html: str) -> list[str]:
    return re.findall(r'id="verzoek-([0-9a-f-]{36})"', html)


def test_match_k2_bemiddelaar_corrects_the_aanmelddatum_on_the_kandidaat_page(
    api,
    als,  # noqa: F811
    registreer,
):
    k = registreer(voornaam="Dirk", achternaam="Smit")["id"]
    hvh = als(HVH)
    pagina = hvh.get(f"/werk/kandidaten/{k}").text
    assert f'action="/werk/kandidaten/{k}/aanmelddatum-correctie"' in pagina
    # no reason: the form comes back with the message at the field and a link to it at the top
    r = hvh.post(f"/werk/kandidaten/{k}/aanmelddatum-correctie", {"aanmelddatum": days_ago(400)})
    assert r.status_code == 400
    assert fout_bij(r.text, "correctie-reden") == "Vul de reden in."
    assert 'href="#correctie-reden"' in r.text
    assert api.as_(HVH).get(f"/v1/kandidaten/{k}").json()["aanmelddatum"] != days_ago(400)
    r = hvh.post(
        f"/werk/kandidaten/{k}/aanmelddatum-correctie",
        {"aanmelddatum": days_ago(400), "reden": "Stond al op de vorige wachtlijst."},
    )
    assert r.status_code == 303
    assert api.as_(HVH).get(f"/v1/kandidaten/{k}").json()["aanmelddatum"] == days_ago(400)
    historie = hvh.get(f"/werk/kandidaten/{k}").text
    assert "Het Vierde Huis corrigeerde de aanmelddatum" in historie
    assert "Stond al op de vorige wachtlijst." in historie
    # the zorgaanbieder sees the history, and no correction form but the request form
    zorg = als("kwintes").get(f"/werk/kandidaten/{k}").text
    assert "Het Vierde Huis corrigeerde de aanmelddatum" in zorg
    assert "aanmelddatum-correctie" not in zorg and "aanmelddatum-verzoek" in zorg


def test_match_k2_request_rejected_with_a_reason_then_approved(
    api,
    als,  # noqa: F811
    registreer,
):
    k = registreer(voornaam="Eva", achternaam="Bos")["id"]
    zorg, hvh = als("kwintes"), als(HVH)
    # another zorgaanbieder cannot ask for this kandidaat (the same 404 as the API)
    r = als("lister").post(
        f"/werk/kandidaten/{k}/aanmelddatum-verzoek",
        {"aanmelddatum": days_ago(200), "reden": "x"},
    )
    assert r.status_code == 404
    r = zorg.post(
        f"/werk/kandidaten/{k}/aanmelddatum-verzoek",
        {"aanmelddatum": days_ago(200), "reden": "Eerder aangemeld bij de gemeente."},
    )
    assert r.status_code == 303
    start = hvh.get("/start").text
    assert re.search(r'<span class="aantal">1</span><a href="/werk/aanmelddatum-verzoeken">', start)
    lijst = hvh.get("/werk/aanmelddatum-verzoeken").text
    (vz,) = _verzoek_ids(lijst)
    assert "Eva Bos" in lijst and "Eerder aangemeld bij de gemeente." in lijst
    # rejecting needs a reason
    r = hvh.post(f"/werk/aanmelddatum-verzoeken/{vz}/afwijzing", {})
    assert r.status_code == 400
    assert fout_bij(r.text, f"afwijzing-{vz}-reden") == "Vul de reden in."
    r = hvh.post(
        f"/werk/aanmelddatum-verzoeken/{vz}/afwijzing",
        {"reden": "De gemeente noemt een latere datum."},
    )
    assert r.status_code == 303
    assert api.as_(HVH).get(f"/v1/kandidaten/{k}").json()["aanmelddatum"] != days_ago(200)
    assert _verzoek_ids(hvh.get("/werk/aanmelddatum-verzoeken").text) == []
    gezien = zorg.get(f"/werk/kandidaten/{k}").text
    assert "afgewezen" in gezien and "De gemeente noemt een latere datum." in gezien
    # the signal of the request is closed at once
    open_ = api.as_(HVH).get("/v1/signaleringen", params={"soort": "aanmelddatum-correctie"})
    assert [s for s in open_.json()["resultaten"] if s["status"] != "afgehandeld"] == []
    # a second request, approved: the requested date is applied
    zorg.post(
        f"/werk/kandidaten/{k}/aanmelddatum-verzoek",
        {"aanmelddatum": days_ago(150), "reden": "Brief van de gemeente gevonden."},
    )
    (vz2,) = _verzoek_ids(hvh.get("/werk/aanmelddatum-verzoeken").text)
    assert hvh.post(f"/werk/aanmelddatum-verzoeken/{vz2}/goedkeuring", {}).status_code == 303
    assert api.as_(HVH).get(f"/v1/kandidaten/{k}").json()["aanmelddatum"] == days_ago(150)
    wijzigingen = api.as_("kwintes").get(f"/v1/kandidaten/{k}/aanmelddatum-wijzigingen").json()
    assert [(w["soort"], w["status"]) for w in wijzigingen] == [
        ("verzoek", "afgewezen"),
        ("verzoek", "goedgekeurd"),
        ("correctie", "uitgevoerd"),
    ]
    # answered twice: a 409 page, nothing changes
    assert hvh.post(f"/werk/aanmelddatum-verzoeken/{vz2}/goedkeuring", {}).status_code == 409


def test_open_requests_oldest_first_on_the_work_list(als, registreer):  # noqa: F811
    zorg, hvh = als("kwintes"), als(HVH)
    for naam in ("Oud", "Nieuw"):
        k = registreer(voornaam=naam, achternaam="Verzoek")["id"]
        zorg.post(
            f"/werk/kandidaten/{k}/aanmelddatum-verzoek",
            {"aanmelddatum": days_ago(60), "reden": naam},
        )
    lijst = hvh.get("/werk/aanmelddatum-verzoeken").text
    assert lijst.index("Oud Verzoek") < lijst.index("Nieuw Verzoek")
    assert re.search(
        r'<span class="aantal">2</span><a href="/werk/aanmelddatum-verzoeken">',
        hvh.get("/start").text,
    )
