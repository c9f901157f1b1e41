"""Issue 12 in a real browser: one test per role that walks its to-do list (``/start``) and does
its tasks through the pages only. Every page on the way gets axe-core (0 violations) and
screenshots at 1280 and 390 px (``artifacts/screenshots/<rol>-<pagina>-<breedte>.png``).

The API is only used to arrange what another role does elsewhere (e.g. the bemiddelaar
approving the voordracht a corporatie then chooses from) and to check the outcome.
"""

from __future__ import annotations

import re
from datetime import date
from datetime import timedelta
from typing import Any

import httpx

from service.web.woorden import maand
from tests.service.test_import import csv_bytes
from tests.service.test_import import rij


def _api(demo: Any, code: str) -> httpx.Client:
    url, keys = demo
    return httpx.Client(base_url=url, headers={"X-Api-Key": keys[code]}, timeout=30)


def _org_ids(demo: Any) -> dict[str, str]:
    with _api(demo, "het-vierde-huis") as c:
        orgs = c.get("/v1/organisaties", params={"paginaGrootte": 100}).json()["resultaten"]
    return {o["code"]: o["id"] for o in orgs}


def _melding(page: Any) -> str:
    return page.get_by_role("status").first.inner_text()


def _meld_knelpunt(s: Any, soort: str, onderwerp: str, tekst: str) -> None:
    """On the knelpunten page (screenshot ``<soort>-knelpunten``), report one; it is confirmed."""
    s.bezoek("/werk/knelpunten", f"{soort}-knelpunten")
    s.page.get_by_label("Onderwerp").fill(onderwerp)
    s.page.get_by_label("Wat speelt er").fill(tekst)
    s.page.get_by_role("button", name="Knelpunt melden").click()
    assert "gemeld" in _melding(s.page)


def _wacht(page: Any, tekst: str) -> None:
    """After a click that loads a page: wait until ``tekst`` shows (``page.content()`` right
    after the click may read the page while it is still being replaced)."""
    page.get_by_text(tekst).first.wait_for()


def _todo(page: Any) -> list[str]:
    return [a.inner_text() for a in page.locator("ul.todo a").all()]


def _vorige_maand() -> date:
    return (date.today().replace(day=1) - timedelta(days=1)).replace(day=1)


def _titel_zonder_naam(page: Any, naam: str) -> None:
    for deel in naam.split():
        assert deel not in page.title(), (page.title(), naam)


def test_bemiddelaar_works_from_the_todo_list(als, demo):
    s = als("het-vierde-huis")
    page = s.page
    s.controleer("bemiddelaar-start")
    taken = _todo(page)
    assert "Voordrachten beoordelen" in taken, taken

    # 1. Review: from the to-do line to the voordracht, approve.
    page.get_by_role("link", name="Voordrachten beoordelen").click()
    s.controleer("bemiddelaar-voordrachten")
    page.locator("a[href^='/werk/voordrachten/']").first.click()
    s.controleer("bemiddelaar-voordracht")
    page.get_by_role("button", name="Voordracht goedkeuren").click()
    assert "goedgekeurd" in _melding(page)

    # 2. Signaleringen: computed at start-up; recompute; filter; take one in hand.
    s.bezoek("/werk/signaleringen", "bemiddelaar-signaleringen")
    page.get_by_role("button", name="Nu opnieuw berekenen").click()
    assert "opnieuw berekend" in _melding(page)
    page.get_by_label("Soort").select_option("langwachtend")
    page.get_by_role("button", name="Filteren").click()
    kaart = page.locator("article.kaart").first
    assert kaart.locator("span.label").count() >= 1  # the kandidaat's code
    kaart.get_by_role("button", name="Opslaan").click()
    assert "in behandeling" in _melding(page)
    s.controleer("bemiddelaar-signaleringen-gefilterd")

    # 3. Kandidaten: search by name, sort by a column, numbered pages.
    s.bezoek("/werk/kandidaten", "bemiddelaar-kandidaten")
    eerste = page.locator("tbody th a").first.inner_text()
    page.get_by_label("Naam of code").fill(eerste.split()[-1])
    page.get_by_role("button", name="Zoeken").click()
    page.wait_for_url("**zoek=*")
    assert eerste in page.locator("tbody").inner_text()
    page.get_by_role("link", name="Naam").click()
    page.locator("th[aria-sort]").first.wait_for()
    assert page.locator("th[aria-sort]").count() == 1
    s.controleer("bemiddelaar-kandidaten-gezocht")
    page.locator("tbody th a").first.click()
    s.controleer("bemiddelaar-kandidaat")

    # 4. Maatwerk: forward from the work list with the form; escalaties.
    s.bezoek("/werk/maatwerk", "bemiddelaar-maatwerk")
    knop = page.locator("a.knop", has_text="Doorsturen")
    if knop.count():
        knop.first.click()
        s.controleer("bemiddelaar-doorsturen")
        page.get_by_label("Corporatie").select_option(label="Portaal")
        page.get_by_label("Wensen en behoeften voor de woning").fill(
            "Rustige straat, begane grond."
        )
        page.get_by_role("button", name="Doorsturen").click()
        assert "doorgestuurd" in _melding(page)
    s.bezoek("/werk/escalaties", "bemiddelaar-escalaties")

    # 5. Knelpunten: report, answer, close.
    s.bezoek("/werk/knelpunten", "bemiddelaar-knelpunten")
    page.get_by_label("Onderwerp").fill("Te weinig woningen in Bunnik")
    page.get_by_label("Wat speelt er").fill("Er komen bijna geen woningen vrij.")
    page.get_by_role("button", name="Knelpunt melden").click()
    assert "gemeld" in _melding(page)
    kaart = page.locator("article.kaart", has_text="Te weinig woningen in Bunnik")
    kaart.get_by_label("Antwoord").fill("We vragen Portaal om extra woningen.")
    kaart.get_by_role("button", name="Antwoord versturen").click()
    assert "Het antwoord is opgeslagen" in _melding(page)

    # 6. Waiting-list import: dry run, then import.
    s.bezoek("/werk/import", "bemiddelaar-import")
    bestand = {"name": "lijst.csv", "mimeType": "text/csv", "buffer": csv_bytes([rij()])}
    page.get_by_label("Bestand (.csv of .xlsx)").set_input_files(bestand)
    page.get_by_role("button", name="Controleren (proefrun)").click()
    _wacht(page, "Het bestand klopt: 1 kandidaten")
    s.controleer("bemiddelaar-import-proefrun")
    page.get_by_label("Bestand (.csv of .xlsx)").set_input_files(bestand)
    page.get_by_role("button", name="Inlezen").click()
    assert "1 kandidaten zijn ingelezen" in _melding(page)

    # 7. The region's pages in the menu.
    for pad, naam in (
        ("/werk/aanbiedingen", "bemiddelaar-aanbiedingen"),
        ("/werk/toezeggingen", "bemiddelaar-toezeggingen"),
        ("/werk/verdeling", "bemiddelaar-verdeling"),
        ("/werk/cijfers", "bemiddelaar-cijfers"),
    ):
        s.bezoek(pad, naam)
        assert page.locator("nav a[aria-current='page']").get_attribute("href") == pad

    # 8. Aanmelddatum (arranged: Kwintes asks twice for a correction, as its own test does by
    # page): from the to-do line, reject one with a reason, approve the other; then correct a
    # kandidaat's aanmelddatum on its page, with a reason, and see it in the history.
    with _api(demo, "kwintes") as kw:
        eigen = kw.get("/v1/kandidaten", params={"status": "wachtend"}).json()["resultaten"][:3]
        for k, dagen in zip(eigen[:2], (40, 50), strict=True):
            r = kw.post(
                f"/v1/kandidaten/{k['id']}/aanmelddatum-verzoeken",
                json={
                    "aanmelddatum": (date.today() - timedelta(days=dagen)).isoformat(),
                    "reden": "Eerder aangemeld bij de gemeente (brief).",
                },
            )
            assert r.status_code == 201, r.text
    s.bezoek("/start", "bemiddelaar-start-verzoeken")
    taken = _todo(page)
    assert "Verzoeken om de aanmelddatum te corrigeren" in taken, taken
    page.get_by_role("link", name="Verzoeken om de aanmelddatum te corrigeren").click()
    s.controleer("bemiddelaar-aanmelddatum-verzoeken")
    kaart = page.locator("article.kaart").first
    kaart.get_by_role("button", name="Afwijzen").click()  # without a reason: the form says so
    page.locator("p.fout", has_text="Vul de reden in.").first.wait_for()
    assert page.locator("p.fout", has_text="Vul de reden in.").count() == 1
    s.controleer("bemiddelaar-aanmelddatum-verzoeken-fout")
    kaart = page.locator("article.kaart").first
    kaart.get_by_label("Reden van afwijzen").fill("De brief noemt een latere datum.")
    kaart.get_by_role("button", name="Afwijzen").click()
    assert "afgewezen" in _melding(page)
    page.locator("article.kaart").first.get_by_role(
        "button", name=re.compile("^Goedkeuren")
    ).click()
    assert "Goedgekeurd" in _melding(page)
    assert "Er zijn geen open verzoeken." in page.content()
    s.bezoek(f"/werk/kandidaten/{eigen[2]['id']}", "bemiddelaar-kandidaat-aanmelddatum")
    page.get_by_label("De juiste aanmelddatum").fill(
        (date.today() - timedelta(days=200)).isoformat()
    )
    page.get_by_label("Reden").last.fill("Stond op de vorige wachtlijst van de regio.")
    page.get_by_role("button", name="Aanmelddatum corrigeren").click()
    assert "gecorrigeerd" in _melding(page)
    assert "Het Vierde Huis corrigeerde de aanmelddatum" in page.content()
    s.controleer("bemiddelaar-kandidaat-gecorrigeerd")


def test_corporatie_works_from_the_todo_list(als, demo):
    orgs = _org_ids(demo)
    with _api(demo, "het-vierde-huis") as hvh:
        vds = hvh.get("/v1/voordrachten", params={"paginaGrootte": 100}).json()["resultaten"]
        eigen = [
            v
            for v in vds
            if v["corporatieId"] == orgs["nabij-wonen"]
            and v["plekken"]
            and v["status"] != "afgerond"
        ]
        assert eigen, "the demo has a voordracht for nabij-wonen"
        if eigen[0]["status"] == "te-beoordelen":
            hvh.post(
                f"/v1/voordrachten/{eigen[0]['id']}/beoordeling", json={"besluit": "goedkeuren"}
            )
    s = als("nabij-wonen")
    page = s.page
    s.controleer("corporatie-start")
    assert "Goedgekeurde voordrachten: kies een kandidaat" in _todo(page)

    # 1. Choose the longest waiting from the approved voordracht.
    page.get_by_role("link", name="Goedgekeurde voordrachten: kies een kandidaat").click()
    s.controleer("corporatie-voordrachten")
    page.locator(f"a[href='/werk/voordrachten/{eigen[0]['id']}']").first.click()
    s.controleer("corporatie-voordracht")
    page.get_by_label("(langst wachtend)", exact=False).check()
    page.get_by_role("button", name="Deze kandidaat kiezen").click()
    assert "gekozen" in _melding(page)

    # (the zorgaanbieder accepts on the kandidaat's behalf — its own test does that by page)
    with _api(demo, "nabij-wonen") as c:
        a = next(
            x
            for x in c.get("/v1/aanbiedingen").json()["resultaten"]
            if x["voordrachtId"] == eigen[0]["id"]
        )
    with _api(demo, "het-vierde-huis") as hvh:
        hvh.post(f"/v1/aanbiedingen/{a['id']}/antwoord", json={"besluit": "accepteren"})

    # 2. Record the lease from the to-do list.
    s.bezoek("/start", "corporatie-start-huurcontract")
    page.get_by_role("link", name="Huurcontracten vastleggen").click()
    page.locator(f"a[href='/werk/aanbiedingen/{a['id']}/plaatsing']").click()
    s.controleer("corporatie-plaatsing")
    page.get_by_label("Datum van het getekende huurcontract", exact=False).fill(
        date.today().isoformat()
    )
    page.get_by_role("button", name="Huurcontract vastleggen").click()
    assert "Het huurcontract is vastgelegd" in _melding(page)

    # 3. Maatwerk: accept a forwarded kandidaat, report a woning.
    with _api(demo, "het-vierde-huis") as hvh:
        werk = hvh.get("/v1/maatwerkkandidaten").json()["resultaten"]
        if werk:
            hvh.post(
                "/v1/maatwerktrajecten",
                json={
                    "kandidaatId": werk[0]["id"],
                    "corporatieId": orgs["nabij-wonen"],
                    "aanleiding": "route-maatwerk",
                    "wensen": "Dicht bij de begeleiding.",
                },
            )
    s.bezoek("/werk/maatwerk", "corporatie-maatwerk")
    if werk:
        kaart = page.locator("article.kaart").first
        kaart.get_by_label("Uw besluit").select_option("accepteren")
        kaart.get_by_role("button", name="Besluit opslaan").click()
        assert "aangenomen" in _melding(page)
        s.controleer("corporatie-maatwerk-zoekend")

    # 4. Knelpunten (today a 403 no more), escalaties, the month report.
    _meld_knelpunt(
        s, "corporatie", "Vraag over de huurgrens", "Geldt de grens ook voor servicekosten?"
    )
    s.bezoek("/werk/escalaties", "corporatie-escalaties")
    s.bezoek("/werk/woningen", "corporatie-woningen")
    s.bezoek("/werk/maandrapportage", "corporatie-maandrapportage")

    # 5. The month report not yet sent (ZOU-M1): a placement outside woonroute last month,
    # reported by form; last month's report is then a to-do line; send it from its page.
    vorige = _vorige_maand()
    s.bezoek("/werk/externe-plaatsingen", "corporatie-extern")
    page.get_by_label("Gemeente").select_option("Zeist")
    page.get_by_label("Datum van het getekende huurcontract").fill(vorige.isoformat())
    page.get_by_role("button", name="Plaatsing melden").click()
    assert "gemeld" in _melding(page)
    s.bezoek("/start", "corporatie-start-maandrapportage")
    regel = f"Maandrapportage {maand(vorige.year, vorige.month)} verzenden"
    assert regel in _todo(page), _todo(page)
    page.get_by_role("link", name=regel).click()
    s.controleer("corporatie-maandrapportage-verzenden")
    page.get_by_role("button", name=re.compile("^Rapportage van .* verzenden$")).click()
    assert "is verzonden" in _melding(page)
    assert "Verzonden" in page.locator("#verzonden").inner_text()
    s.controleer("corporatie-maandrapportage-verzonden")
    s.bezoek("/start", "corporatie-start-na-verzenden")
    assert regel not in _todo(page)


def test_zorgaanbieder_works_from_the_todo_list(als, demo):
    s = als("kwintes")
    page = s.page
    s.controleer("zorgaanbieder-start")
    s.bezoek("/werk/aanbiedingen", "zorgaanbieder-aanbiedingen")

    # 1. A waiting kandidaat: the page matches the state; pause and resume.
    s.bezoek("/werk/kandidaten?status=wachtend", "zorgaanbieder-kandidaten")
    link = page.locator("tbody th a").first
    naam = link.inner_text()
    link.click()
    s.controleer("zorgaanbieder-kandidaat")
    _titel_zonder_naam(page, naam)
    _wacht(page, "Waarom nog geen woning?")
    page.get_by_label("Wat wilt u doen").select_option("gepauzeerd")
    page.get_by_role("button", name="Status opslaan").click()
    assert "gepauzeerd" in _melding(page)
    page.get_by_label("Wat wilt u doen").select_option("wachtend")
    page.get_by_role("button", name="Status opslaan").click()
    assert "wacht weer" in _melding(page)
    # ... and ask Het Vierde Huis to correct the aanmelddatum, from the same page
    page.get_by_label("De juiste aanmelddatum").fill(
        (date.today() - timedelta(days=30)).isoformat()
    )
    page.get_by_label("Reden").last.fill("De aanmelding kwam al eerder binnen per mail.")
    page.get_by_role("button", name="Correctie aanvragen").click()
    assert "naar Het Vierde Huis gestuurd" in _melding(page)
    assert "nog niet beantwoord" in page.locator("#aanmelddatum-historie").inner_text()
    s.controleer("zorgaanbieder-kandidaat-correctie-gevraagd")

    # 2. A placed kandidaat shows the plaatsing and its evaluations.
    s.bezoek("/werk/kandidaten?status=geplaatst", "zorgaanbieder-kandidaten-geplaatst")
    if page.locator("tbody th a").count():
        page.locator("tbody th a").first.click()
        _wacht(page, "Evaluaties")
        assert "Waarom nog geen woning?" not in page.content()
        s.controleer("zorgaanbieder-kandidaat-geplaatst")

    # 3. Knelpunten, maatwerk, contingent.
    _meld_knelpunt(
        s,
        "zorgaanbieder",
        "Lange wachttijd in Zeist",
        "Drie cliënten wachten al meer dan een jaar.",
    )
    s.bezoek("/werk/maatwerk", "zorgaanbieder-maatwerk")
    s.bezoek("/werk/contingent", "zorgaanbieder-contingent")


def test_regiobeheer_works_from_the_todo_list(als, demo):
    s = als("beter-wonen")
    page = s.page
    s.controleer("regiobeheer-start")
    taken = _todo(page)
    assert any(t.startswith("Toezeggingen voor") for t in taken), taken
    page.get_by_role("link", name=re.compile("^Toezeggingen voor")).click()
    s.controleer("regiobeheer-toezeggingen")
    s.bezoek("/werk/verdeling", "regiobeheer-verdeling")
    s.bezoek("/werk/cijfers", "regiobeheer-cijfers")
    # which corporaties sent their month report (the corporatie's own test sent last month's)
    s.bezoek("/werk/maandrapportages", "regiobeheer-maandrapportages")
    rij = page.locator("tbody tr", has_text="Nabij Wonen")
    assert "verzonden" in rij.inner_text()
