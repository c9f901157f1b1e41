"""Issue 7 done-when, in a real browser: Het Vierde Huis reviews and approves a voordracht,
the corporatie chooses a candidate (seeing only minimal data until then), the zorgaanbieder
accepts on the candidate's behalf, and the corporatie records the lease."""

from __future__ import annotations

from datetime import date

import httpx


def _api(demo, code, path, **params):
    url, keys = demo
    return httpx.get(f"{url}{path}", headers={"X-Api-Key": keys[code]}, params=params).json()


def test_review_choose_accept_in_the_browser(als, demo):
    url, _ = demo
    orgs = {
        o["id"]: o["code"]
        for o in _api(demo, "het-vierde-huis", "/v1/organisaties", paginaGrootte=100)["resultaten"]
    }
    vd = next(
        v
        for v in _api(demo, "het-vierde-huis", "/v1/voordrachten", status="te-beoordelen")[
            "resultaten"
        ]
        if orgs[v["corporatieId"]] == "nabij-wonen" and v["plekken"]
    )

    # 1. Het Vierde Huis: the work list, the explanation, approve.
    hvh = als("het-vierde-huis")
    page = hvh.page
    page.goto(f"{url}/werk/voordrachten")
    hvh.screenshot("bemiddelaar-werklijst")
    page.goto(f"{url}/werk/voordrachten/{vd['id']}")
    assert "Waarom deze plek" in page.content() or "Plek 1" in page.content()
    hvh.screenshot("bemiddelaar-voordracht")
    page.get_by_role("button", name="Voordracht goedkeuren").click()
    page.wait_for_load_state()
    assert page.get_by_role("status").count() > 0

    # 2. Nabij Wonen: minimal data, choose the longest waiting.
    corp = als("nabij-wonen")
    page = corp.page
    page.goto(f"{url}/werk/voordrachten/{vd['id']}")
    eerste = vd["plekken"][0]
    assert eerste["naam"] not in page.content()  # no names before the choice
    corp.screenshot("corporatie-voordracht")
    page.get_by_label("(langst wachtend)", exact=False).check()
    page.get_by_role("button", name="Deze kandidaat kiezen").click()
    page.wait_for_load_state()
    aanbieding = next(
        a
        for a in _api(demo, "nabij-wonen", "/v1/aanbiedingen")["resultaten"]
        if a["voordrachtId"] == vd["id"]
    )
    assert aanbieding["kandidaat"]["naam"] in page.content()  # now the name is shown
    corp.screenshot("corporatie-gekozen")

    # 3. The kandidaat's zorgaanbieder accepts on their behalf.
    zorg = als(orgs[aanbieding["zorgaanbiederId"]])
    page = zorg.page
    page.goto(f"{url}/werk/aanbiedingen")
    zorg.screenshot("zorgaanbieder-aanbiedingen")
    formulier = page.locator(f"form[action='/werk/aanbiedingen/{aanbieding['id']}/antwoord']")
    formulier.get_by_label("De kandidaat accepteert de woning").check()
    formulier.get_by_role("button", name="Antwoord opslaan").click()
    page.wait_for_load_state()
    status = _api(demo, "het-vierde-huis", f"/v1/aanbiedingen/{aanbieding['id']}")["status"]
    assert status == "geaccepteerd"

    # 4. Nabij Wonen records the lease.
    page = corp.page
    page.goto(f"{url}/werk/aanbiedingen/{aanbieding['id']}/plaatsing")
    page.get_by_label("Datum van het getekende huurcontract", exact=False).fill(
        date.today().isoformat()
    )
    page.get_by_role("button", name="Huurcontract vastleggen").click()
    page.wait_for_load_state()
    assert (
        _api(demo, "het-vierde-huis", f"/v1/aanbiedingen/{aanbieding['id']}")["status"]
        == "geplaatst"
    )
    corp.screenshot("corporatie-plaatsing")


def test_zorgaanbieder_pages_show_kandidaten_and_contingent_chart(als, demo):
    url, _ = demo
    s = als("kwintes")
    s.page.goto(f"{url}/werk/kandidaten")
    assert s.page.locator("table").count() >= 1
    s.screenshot("zorgaanbieder-kandidaten")
    s.page.goto(f"{url}/werk/contingent")
    assert (
        s.page.locator("svg[role=img]").count() >= 1
        or "Er is nog geen verdeling" in s.page.content()
    )
    s.screenshot("zorgaanbieder-contingent")


def test_regiobeheer_sees_the_figures_as_charts(als, demo):
    url, _ = demo
    s = als("beter-wonen")
    s.page.goto(f"{url}/werk/cijfers")
    assert s.page.locator("svg[role=img]").count() >= 1
    s.screenshot("regiobeheer-cijfers")
