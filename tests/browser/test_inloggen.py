"""Issue 7 in a real browser: each kind logs in; pages are Dutch and accessible; a corporatie
cannot open another corporatie's pages by URL."""

from __future__ import annotations

import httpx

KINDS = {
    "bemiddelaar": "het-vierde-huis",
    "zorgaanbieder": "kwintes",
    "corporatie": "nabij-wonen",
    "regiobeheer": "beter-wonen",
}


def test_each_kind_logs_in_and_sees_its_menu(als):
    menus = {
        "bemiddelaar": "Voordrachten",
        "zorgaanbieder": "Kandidaten",
        "corporatie": "Woningen",
        "regiobeheer": "Toezeggingen",
    }
    for kind, code in KINDS.items():
        s = als(code)
        page = s.page
        assert page.locator("html").get_attribute("lang") == "nl"
        assert page.get_by_role("heading", level=1).inner_text().startswith("Welkom")
        assert (
            page.get_by_role("navigation", name="Hoofdmenu")
            .get_by_role("link", name=menus[kind])
            .is_visible()
        )
        s.screenshot(f"start-{kind}")


def test_wrong_password_shows_a_plain_message(browser, demo):
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{demo[0]}/inloggen")
    page.get_by_label("E-mailadres").fill("nabij-wonen@demo.woonroute.nl")
    page.get_by_label("Wachtwoord").fill("fout")
    page.get_by_role("button", name="Inloggen").click()
    assert "horen niet bij elkaar" in page.get_by_role("alert").inner_text()
    context.close()


def test_corporatie_cannot_open_another_corporaties_voordracht_by_url(als, demo):
    url, keys = demo
    woongroen = [
        v
        for v in httpx.get(
            f"{url}/v1/voordrachten",
            headers={"X-Api-Key": keys["het-vierde-huis"]},
            params={"paginaGrootte": 100},
        ).json()["resultaten"]
    ]
    orgs = httpx.get(
        f"{url}/v1/organisaties",
        headers={"X-Api-Key": keys["het-vierde-huis"]},
        params={"paginaGrootte": 100},
    ).json()["resultaten"]
    woongroen_id = next(o["id"] for o in orgs if o["code"] == "woongroen")
    vreemd = next(v for v in woongroen if v["corporatieId"] == woongroen_id)
    s = als("nabij-wonen")
    response = s.page.goto(f"{url}/werk/voordrachten/{vreemd['id']}")
    assert response.status == 404
    assert "Niet gevonden" in s.page.get_by_role("heading", level=1).inner_text()
    s.screenshot("corporatie-vreemde-voordracht")
