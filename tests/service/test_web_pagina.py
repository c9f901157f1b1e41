"""Every page (issue 12): confirmations from the server-side session (never from the address),
titles without a client's name, skip link and aria-current, the menu per kind, the person on
every change made through a page, and the start page as a to-do list per kind."""

from __future__ import annotations

import re

import pytest

from service.web import menu
from service.web.woorden import datum
from service.web.woorden import maand
from service.web.woorden import procent
from tests.service.conftest import days_ago
from tests.service.test_web_bemiddelaar_corporatie import CORP  # noqa: F401 (fixtures)
from tests.service.test_web_bemiddelaar_corporatie import HVH  # noqa: F401 (fixtures)
from tests.service.test_web_bemiddelaar_corporatie import als  # noqa: F401 (fixtures)
from tests.service.test_web_bemiddelaar_corporatie import voordracht  # noqa: F401 (fixtures)
from tests.service.world import approve
from tests.service.world import plek_of

ZORG = "kwintes"


def test_a_message_in_the_address_is_never_shown(als):  # noqa: F811
    hvh = als(HVH)
    page = hvh.get("/werk/voordrachten", params={"melding": "Bel direct 030-1234567"})
    assert page.status_code == 200 and "Bel direct" not in page.text
    login = hvh.client.get("/inloggen", params={"melding": "Bel direct 030-1234567"})
    assert "Bel direct" not in login.text


def test_the_confirmation_comes_from_the_session_and_is_shown_once(als, voordracht):  # noqa: F811
    hvh = als(HVH)
    r = hvh.post(f"/werk/voordrachten/{voordracht['id']}/goedkeuren", {})
    assert r.status_code == 303 and "melding" not in r.headers["location"]
    eerste = hvh.get(r.headers["location"])
    assert "De voordracht is goedgekeurd" in eerste.text and 'role="status"' in eerste.text
    tweede = hvh.get(r.headers["location"])
    assert "De voordracht is goedgekeurd" not in tweede.text  # once


def test_logout_message_is_a_fixed_text(als):  # noqa: F811
    hvh = als(HVH)
    r = hvh.post("/uitloggen", {})
    assert r.status_code == 303 and r.headers["location"] == "/inloggen?reden=uitgelogd"
    assert "U bent uitgelogd." in hvh.client.get(r.headers["location"]).text


def test_titles_never_contain_the_clients_name(als, registreer):  # noqa: F811
    k = registreer(voornaam="Zwaantje", achternaam="Oudenrijn")
    zorg = als(ZORG)
    for path in (f"/werk/kandidaten/{k['id']}", f"/werk/kandidaten/{k['id']}/wijzigen"):
        html = zorg.get(path).text
        titel = re.search(r"<title>(.*?)</title>", html, re.S).group(1)
        assert "Zwaantje" not in titel and "Oudenrijn" not in titel
        assert "Zwaantje" in html  # the page itself shows the name


def test_skip_link_and_the_current_menu_item(als):  # noqa: F811
    hvh = als(HVH)
    html = hvh.get("/werk/signaleringen").text
    assert '<a class="overslaan" href="#inhoud">Naar de inhoud</a>' in html
    assert '<main id="inhoud"' in html
    huidig = re.findall(r'<a href="([^"]+)" aria-current="page">', html)
    assert huidig == ["/werk/signaleringen"]
    start = hvh.get("/start").text
    assert re.findall(r'<a href="([^"]+)" aria-current="page">', start) == ["/start"]


@pytest.mark.parametrize("code", [HVH, CORP, ZORG, "beter-wonen"])
def test_every_menu_item_opens_for_its_kind(als, code):  # noqa: F811
    p = als(code)
    html = p.get("/start").text
    nav = re.search(r"<nav.*?</nav>", html, re.S).group(0)
    hrefs = re.findall(r'<li><a href="([^"]+)"', nav)
    soort = next(s for s, items in menu.MENU.items() if [h for h, _ in items] == hrefs)
    assert hrefs == [h for h, _ in menu.items(soort)]
    for href in hrefs:
        r = p.get(href)
        assert r.status_code == 200, (code, href, r.status_code)


def test_the_person_is_recorded_on_a_change_made_through_a_page(api, als, voordracht):  # noqa: F811
    hvh = als(HVH)
    hvh.post(f"/werk/voordrachten/{voordracht['id']}/goedkeuren", {})
    rijen = api.as_(HVH).get("/v1/gebeurtenissen", params={"objectId": voordracht["id"]}).json()
    via_pagina = [r for r in rijen["resultaten"] if r["gebruikerId"]]
    assert via_pagina and via_pagina[0]["organisatieId"]
    # a change by API key names no person
    api.as_(CORP).post("/v1/knelpunten", {"onderwerp": "Vraag", "beschrijving": "Een vraag."})
    alle = api.as_(HVH).get("/v1/gebeurtenissen", params={"actie": "knelpunt-gemeld"}).json()
    assert all(r["gebruikerId"] is None for r in alle["resultaten"])


def test_phone_width_tables_keep_their_column_labels(client):
    css = client.get("/static/woonroute.css").text
    assert "th, td { display: block" not in css  # the labels row stays
    assert ".tabel { overflow-x: auto" in css


# --- the start page as a to-do list ---------------------------------------------------------


def _taken(html: str) -> list[tuple[int, str, str]]:
    """(count, text, link) per to-do line, in the order shown."""
    return [
        (int(n), tekst, href)
        for n, href, tekst in re.findall(
            r'<li><span class="aantal">(\d+)</span><a href="([^"]+)">([^<]+)</a>', html
        )
    ]


def test_bemiddelaar_start_lists_the_voordrachten_to_review(als, voordracht):  # noqa: F811
    taken = _taken(als(HVH).get("/start").text)
    assert (1, "Voordrachten beoordelen", "/werk/voordrachten") in taken


def test_corporatie_start_lists_the_choice_then_the_lease(api, als, voordracht):  # noqa: F811
    corp = als(CORP)
    assert not _taken(corp.get("/start").text)  # nothing visible before approval
    vd = approve(api, voordracht["id"])
    taken = _taken(corp.get("/start").text)
    assert (1, "Goedgekeurde voordrachten: kies een kandidaat", "/werk/voordrachten") in taken
    r = api.as_(CORP).post(
        f"/v1/voordrachten/{voordracht['id']}/keuze",
        {"plekId": plek_of(vd, voordracht["annabel"]), "reden": "langst wachtend"},
    )
    assert r.status_code == 201, r.text
    zorg_taken = _taken(als(ZORG).get("/start").text)
    assert zorg_taken[0][:2] == (1, "Aanbiedingen beantwoorden")
    api.as_(HVH).post(f"/v1/aanbiedingen/{r.json()['id']}/antwoord", {"besluit": "accepteren"})
    taken = _taken(corp.get("/start").text)
    assert (1, "Huurcontracten vastleggen", "/werk/woningen") in taken
    assert not any(t[1].startswith("Goedgekeurde") for t in taken)


def test_the_todo_list_is_oldest_first_with_due_dates(api, als, registreer):  # noqa: F811
    registreer(aanmelddatum=days_ago(400))
    api.as_(HVH).post("/v1/signaleringen/berekening", {})
    html = als(HVH).get("/start").text
    taken = _taken(html)
    assert any(t[2].startswith("/werk/signaleringen?soort=") for t in taken)
    datums = re.findall(r"(?:vóór|wacht sinds) (\d\d-\d\d-\d{4})", html)
    as_iso = ["-".join(reversed(d.split("-"))) for d in datums]
    assert as_iso == sorted(as_iso)


def test_regiobeheer_start_lists_missing_commitments_and_distribution(als):  # noqa: F811
    taken = _taken(als("beter-wonen").get("/start").text)
    teksten = [t[1] for t in taken]
    assert any(t.startswith("Toezeggingen voor") for t in teksten)
    assert any(t.startswith("Verdeling van het contingent") for t in teksten)


# --- words, numbers, dates ------------------------------------------------------------------


def test_numbers_months_and_dates_the_dutch_way():
    from datetime import date

    assert procent(8.333) == "8,3%"
    assert maand(2026, 11) == "november 2026"
    assert datum(date(2026, 3, 5)) == "05-03-2026"


def test_the_error_summary_links_to_each_field_and_date_hints_match(als):  # noqa: F811
    zorg = als(ZORG)
    r = zorg.post("/werk/kandidaten/nieuw", {"voornaam": "", "achternaam": ""})
    assert r.status_code == 400
    samenvatting = re.search(r'<div class="foutblok" role="alert">.*?</div>', r.text, re.S).group(0)
    links = re.findall(r'<a href="#([^"]+)">', samenvatting)
    assert "voornaam" in links and "achternaam" in links
    for veld in links:
        assert f'id="{veld}"' in r.text  # every link finds its field
    formulier = zorg.get("/werk/kandidaten/nieuw").text
    assert "Als dd-mm-jjjj" in formulier and "JJJJ-MM-DD" not in formulier
