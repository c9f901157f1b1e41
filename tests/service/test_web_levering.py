"""Commitment and delivery (issue 12): the corporatie reports placements outside woonroute by
form and by file and sees its commitment against what it delivered; the regiobeheer sees the
delivery per corporatie and reallocates the contingent on a page."""

from __future__ import annotations

import re

from service.clock import vandaag
from tests.service.bodies import verdeling_body
from tests.service.test_web_bemiddelaar_corporatie import als  # noqa: F401 (fixture)

CORP = "nabij-wonen"
RB = "beter-wonen"


def ids(api):
    orgs = api.as_("het-vierde-huis").get("/v1/organisaties", params={"paginaGrootte": 100})
    return {o["code"]: o["id"] for o in orgs.json()["resultaten"]}


def test_external_placement_by_form_and_by_file_then_delivery(api, als):  # noqa: F811
    jaar = vandaag().year
    api.as_(RB).post(
        "/v1/toezeggingen", {"corporatieId": ids(api)[CORP], "jaar": jaar, "aantal": 4}
    )
    corp = als(CORP)
    assert corp.get("/werk/externe-plaatsingen").status_code == 200
    # every field message at once, linked from the summary
    r = corp.post("/werk/externe-plaatsingen", {"contractvorm": "3-partijenovereenkomst"})
    assert (
        r.status_code == 400 and 'href="#gemeente"' in r.text and 'href="#contractdatum"' in r.text
    )
    r = corp.post(
        "/werk/externe-plaatsingen",
        {
            "gemeente": "Zeist",
            "contractdatum": vandaag().isoformat(),
            "contractvorm": "3-partijenovereenkomst",
            "binnenContingent": "ja",
        },
    )
    assert r.status_code == 303, r.text
    assert api.as_(CORP).get("/v1/externe-plaatsingen").json()["totaal"] == 1
    # a file with a bad row adds nothing and says where
    slecht = "gemeente;contractdatum;contractvorm\nZeist;gisteren;3-partijenovereenkomst\n"
    r = corp.client.post(
        "/werk/externe-plaatsingen/upload",
        data={"csrf": corp.csrf},
        files={"bestand": ("extern.csv", slecht.encode(), "text/csv")},
        follow_redirects=False,
    )
    assert r.status_code == 400 and "rij 2" in r.text
    assert api.as_(CORP).get("/v1/externe-plaatsingen").json()["totaal"] == 1
    levering = corp.get("/werk/levering").text
    assert "<td>4</td>" in levering and re.search(r"<td>\d+,\d%</td>", levering)  # 8,3% style
    assert "Woongroen" not in levering  # only its own


def test_regiobeheer_reallocates_on_the_page(api, als):  # noqa: F811
    jaar = vandaag().year
    i = ids(api)
    verdeling = verdeling_body(jaar, {i["kwintes"]: "1", i["lister"]: "1"})
    r = api.as_(RB).post("/v1/verdelingen", verdeling)
    if r.status_code != 201:  # no commitments yet: the distribution needs a total
        api.as_(RB).post("/v1/toezeggingen", {"corporatieId": i[CORP], "jaar": jaar, "aantal": 6})
        r = api.as_(RB).post("/v1/verdelingen", verdeling)
    assert r.status_code == 201, r.text
    rb = als(RB)
    page = rb.get("/werk/herverdeling")
    assert page.status_code == 200 and "Kwintes" in page.text
    r = rb.post("/werk/herverdeling", {"jaar": str(jaar), "vanId": i["kwintes"]})
    assert r.status_code == 400 and 'href="#naarId"' in r.text
    r = rb.post(
        "/werk/herverdeling",
        {
            "jaar": str(jaar),
            "vanId": i["kwintes"],
            "naarId": i["lister"],
            "aantal": "1",
            "reden": "Lister heeft meer nodig",
        },
    )
    assert r.status_code == 303, r.text
    assert "1 woning is herverdeeld" in rb.get(r.headers["location"]).text
    assert als("het-vierde-huis").get("/werk/herverdeling").status_code == 200
    assert als(CORP).post("/werk/herverdeling", {}).status_code == 403
