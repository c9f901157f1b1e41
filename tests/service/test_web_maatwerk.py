"""Maatwerk through the pages (issue 12, ZOU-R2): the bemiddelaar forwards a kandidaat from the
work list with a form; the corporatie accepts or declines (with a reason) and reports the woning
it found — before, that was a 403 for a corporatie; the zorgaanbieder follows its trajecten."""

from __future__ import annotations

import re

from tests.service.conftest import days_ago
from tests.service.test_maatwerk import org_id
from tests.service.test_web_bemiddelaar_corporatie import HVH  # noqa: F401
from tests.service.test_web_bemiddelaar_corporatie import als  # noqa: F401
from tests.service.test_web_bemiddelaar_corporatie import fout_bij  # noqa: F401

PORTAAL = "portaal"


def test_forward_from_the_work_list_then_accept_and_report_the_woning(api, als, registreer, meld):  # noqa: F811
    k = registreer(doelgroep="living-lab", voornaam="Lotte", aanmelddatum=days_ago(400))
    hvh = als(HVH)
    werk = hvh.get("/werk/maatwerk").text
    assert f'href="/werk/maatwerk/doorsturen?kandidaat={k["id"]}"' in werk
    form = hvh.get(f"/werk/maatwerk/doorsturen?kandidaat={k['id']}")
    assert form.status_code == 200 and "Lotte" in form.text
    # nothing chosen: every message at once, at its field, nothing written
    r = hvh.post(
        "/werk/maatwerk/doorsturen", {"kandidaat_id": k["id"], "aanleiding": "route-maatwerk"}
    )
    assert r.status_code == 400
    assert fout_bij(r.text, "corporatie_id") and fout_bij(r.text, "wensen")
    assert api.as_(HVH).get("/v1/maatwerktrajecten").json()["totaal"] == 0
    r = hvh.post(
        "/werk/maatwerk/doorsturen",
        {
            "kandidaat_id": k["id"],
            "corporatie_id": org_id(api, PORTAAL),
            "aanleiding": "route-maatwerk",
            "wensen": "Rustig, begane grond.",
            "contingent": "ja",
        },
    )
    assert r.status_code == 303 and r.headers["location"] == "/werk/maatwerk"
    assert "De kandidaat is doorgestuurd" in hvh.get("/werk/maatwerk").text
    [t] = api.as_(HVH).get("/v1/maatwerktrajecten").json()["resultaten"]
    assert t["status"] == "doorgestuurd"

    corp = als(PORTAAL)
    pagina = corp.get("/werk/maatwerk")
    assert pagina.status_code == 200 and "Lotte" not in pagina.text  # no name before accepting
    # declining needs a reason
    r = corp.post(f"/werk/maatwerk/{t['id']}/besluit", {"besluit": "afwijzen"})
    assert r.status_code == 400 and "Geef een reden" in r.text
    r = corp.post(f"/werk/maatwerk/{t['id']}/besluit", {"besluit": "accepteren"})
    assert r.status_code == 303
    pagina = corp.get("/werk/maatwerk").text
    assert "Lotte" in pagina and "U heeft het traject aangenomen" in pagina
    w = meld(PORTAAL)
    assert re.search(rf'<option value="{w["id"]}"', corp.get("/werk/maatwerk").text)
    r = corp.post(f"/werk/maatwerk/{t['id']}/woning", {"woning_id": w["id"]})
    assert r.status_code == 303, r.text
    t = api.as_(HVH).get(f"/v1/maatwerktrajecten/{t['id']}").json()
    assert t["status"] == "woning-gevonden"
    # the zorgaanbieder follows it and sees the aanbieding
    zorg = als("kwintes")
    assert "woning gevonden" in zorg.get("/werk/maatwerk").text
    assert zorg.get("/werk/aanbiedingen").status_code == 200


def test_another_corporatie_cannot_decide(api, als, registreer):  # noqa: F811
    k = registreer(doelgroep="living-lab")
    r = api.as_(HVH).post(
        "/v1/maatwerktrajecten",
        {
            "kandidaatId": k["id"],
            "corporatieId": org_id(api, PORTAAL),
            "aanleiding": "route-maatwerk",
            "wensen": "x",
        },
    )
    t = r.json()
    r = als("woongroen").post(f"/werk/maatwerk/{t['id']}/besluit", {"besluit": "accepteren"})
    assert r.status_code == 404


def test_escalaties_offer_the_ready_maatwerk_action_as_a_button(api, als, registreer, meld):  # noqa: F811
    k = registreer(voornaam="Lang", achternaam="Wachtend", aanmelddatum=days_ago(400))
    # a woning nobody chose: no suitable kandidaat
    w = meld(
        "nabij-wonen",
        adres={"straat": "Leegstraat", "huisnummer": "1", "postcode": "3701AA", "plaats": "Bunnik"},
        gemeente="Bunnik",
    )
    hvh = als(HVH)
    html = hvh.get("/werk/escalaties").text
    assert "Lang Wachtend" in html and "/v1/" not in html
    voorstel = re.search(
        rf'<input type="hidden" name="kandidaat_id" value="{k["id"]}">.*?</form>', html, re.S
    )
    assert voorstel, "the ready action for the long-waiting kandidaat"
    velden = dict(re.findall(r'name="(\w+)" value="([^"]*)"', voorstel.group(0)))
    velden.pop("csrf", None)
    r = hvh.post("/werk/maatwerk/doorsturen", {**velden, "kandidaat_id": k["id"]})
    assert r.status_code == 303, r.text
    assert api.as_(HVH).get("/v1/maatwerktrajecten").json()["totaal"] == 1
    # the corporatie sees its own woning without a kandidaat, without kandidaat data
    corp = als("nabij-wonen").get("/werk/escalaties").text
    assert "Leegstraat 1" in corp and "Lang Wachtend" not in corp and "Start maatwerk" not in corp
    assert "Leegstraat 1" not in als("woongroen").get("/werk/escalaties").text
    assert w
