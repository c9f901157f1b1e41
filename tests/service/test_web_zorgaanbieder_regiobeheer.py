"""Web pages of the zorgaanbieder and the regiobeheer (issue 7): the same actions and checks as the
API, forms with the API's messages next to the fields, CSRF, charts as SVG with a table."""

from __future__ import annotations

import re

import pytest
from sqlmodel import select

from service.db import session_scope
from service.models import Gebruiker
from service.models import WebSessie
from tests.service.bodies import verdeling_body
from tests.service.conftest import days_ago
from tests.service.conftest import ingelogd
from tests.service.conftest import web_account
from tests.service.world import approve
from tests.service.world import plek_of

WACHTWOORD = "een-lang-wachtwoord"
JAAR = int(days_ago(0)[:4])


class Browser:
    """A logged-in person: the session cookie and the CSRF token of that session."""

    def __init__(self, client, app, code: str) -> None:
        self.client = client
        email = web_account(app, code, f"test@{code}.example", "Test", WACHTWOORD)
        ingelogd(client, email, WACHTWOORD)
        with session_scope(app.state.engine, app.state.regio) as s:
            g = s.exec(select(Gebruiker).where(Gebruiker.email == email)).one()
            self.csrf = (
                s.exec(select(WebSessie).where(WebSessie.gebruiker_id == g.id)).all()[-1].csrf
            )

    def get(self, path: str, **kw):
        return self.client.get(path, **kw)

    def post(self, path: str, data: dict, csrf: bool = True):
        return self.client.post(
            path, data={**data, **({"csrf": self.csrf} if csrf else {})}, follow_redirects=False
        )


@pytest.fixture
def als(client, app):
    def login(code: str) -> Browser:
        return Browser(client, app, code)

    return login


def fout_bij(html: str, veld: str) -> str:
    """The message the page shows next to the field ``veld`` (its id: dots become dashes)."""
    m = re.search(
        rf'<p class="fout" id="{re.escape(veld.replace(".", "-"))}-fout">([^<]*)</p>', html
    )
    assert m, f"geen foutmelding bij {veld}"
    return m.group(1)


def kandidaat_formulier(**overrides: str) -> dict[str, str]:
    form = {
        "voornaam": "Noor",
        "achternaam": "Bakker",
        "geboortedatum": days_ago(30 * 365),
        "doelgroep": "beschermd-thuis",
        "aanmelddatum": days_ago(10),
        "herkomst.soort": "overgenomen-van-vorige-wachtlijst",
        "herkomst.datum": days_ago(20),
        "herkomst.toelichting": "Stond op de wachtlijst van de vorige bemiddelaar.",
        "gemeentevoorkeuren.0": "Zeist",
        "gemeentevoorkeuren.1": "De Bilt",
        "gemeentevoorkeuren.2": "",
        "huishouden.volwassenen": "1",
        "huishouden.kinderen": "0",
        "jaarinkomen": "18000",
        "behoeften.minimumKamers": "1",
        "behoeften.hoogsteVerdieping": "",
        "casushouder.naam": "Piet Jansen",
        "casushouder.telefoon": "030 1234567",
        "casushouder.email": "",
        "casushouder.organisatie": "",
        "gereedVerklaard": "ja",
        "begeleidingAkkoord": "ja",
        "route": "",
    }
    form.update(overrides)
    return form


# --- zorgaanbieder -------------------------------------------------------------------------------


def test_zorgaanbieder_registers_a_kandidaat_through_the_form(api, als):
    b = als("kwintes")
    page = b.get("/werk/kandidaten/nieuw")
    assert page.status_code == 200
    assert '<label for="huishouden-volwassenen">' in page.text
    assert '<option value="Zeist">' in page.text  # the region's gemeenten
    r = b.post("/werk/kandidaten/nieuw", kandidaat_formulier())
    assert r.status_code == 303, r.text
    assert r.headers["location"].startswith("/werk/kandidaten/")
    lijst = api.as_("kwintes").get("/v1/kandidaten").json()["resultaten"]
    assert [(k["voornaam"], k["gemeentevoorkeuren"]) for k in lijst] == [
        ("Noor", ["Zeist", "De Bilt"])
    ]
    assert lijst[0]["casushouder"]["naam"] == "Piet Jansen" and lijst[0]["gereedVerklaard"]
    detail = b.get(r.headers["location"])
    assert detail.status_code == 200 and "staat nu op de wachtlijst" in detail.text
    assert "Waarom nog geen woning?" in detail.text
    overzicht = b.get("/werk/kandidaten")
    assert "Noor Bakker" in overzicht.text and "10 dagen" in overzicht.text


def test_bad_form_shows_each_api_message_next_to_its_field_and_creates_nothing(api, als):
    b = als("kwintes")
    r = b.post(
        "/werk/kandidaten/nieuw",
        kandidaat_formulier(
            voornaam="",
            jaarinkomen="-5",
            **{"gemeentevoorkeuren.0": "Atlantis", "huishouden.volwassenen": ""},
        ),
    )
    assert r.status_code == 400
    assert fout_bij(r.text, "voornaam") == "Vul de voornaam in."
    assert fout_bij(r.text, "jaarinkomen") == "Moet minstens 0 zijn."
    assert fout_bij(r.text, "gemeentevoorkeuren").startswith("Onbekende gemeente: Atlantis.")
    assert fout_bij(r.text, "huishouden.volwassenen") == "Vul het aantal volwassenen in."
    assert 'aria-invalid="true"' in r.text and "velden zijn niet goed ingevuld" in r.text
    assert 'value="Bakker"' in r.text  # what was typed stays
    # the API gives the same messages for the same input
    api_r = api.as_("kwintes").post(
        "/v1/kandidaten",
        {
            "voornaam": "",
            "achternaam": "Bakker",
            "geboortedatum": days_ago(30 * 365),
            "doelgroep": "beschermd-thuis",
            "aanmelddatum": days_ago(10),
            "gemeentevoorkeuren": ["Atlantis", "De Bilt"],
            "huishouden": {},
            "jaarinkomen": -5,
            "gereedVerklaard": True,
            "begeleidingAkkoord": True,
        },
    )
    api_fouten = {p["name"]: p["reason"] for p in api_r.json()["invalidParams"]}
    assert api_fouten["voornaam"] == fout_bij(r.text, "voornaam")
    assert api_fouten["jaarinkomen"] == fout_bij(r.text, "jaarinkomen")
    assert api_fouten["gemeentevoorkeuren"] == fout_bij(r.text, "gemeentevoorkeuren")
    assert api_fouten["huishouden.volwassenen"] == fout_bij(r.text, "huishouden.volwassenen")
    assert (
        api.as_("kwintes").get("/v1/kandidaten", params={"metTotaal": "true"}).json()["totaal"] == 0
    )


def test_zorgaanbieder_edits_a_kandidaat(api, als, registreer):
    k = registreer()
    b = als("kwintes")
    page = b.get(f"/werk/kandidaten/{k['id']}/wijzigen")
    assert page.status_code == 200 and 'value="Sanne"' in page.text
    form = kandidaat_formulier(
        voornaam="Sanne",
        achternaam="de Vries",
        **{"gemeentevoorkeuren.0": "De Bilt", "gemeentevoorkeuren.1": ""},
    )
    del form["aanmelddatum"]
    r = b.post(f"/werk/kandidaten/{k['id']}/wijzigen", {**form, "jaarinkomen": ""})
    assert r.status_code == 400 and fout_bij(r.text, "jaarinkomen") == "Vul het jaarinkomen in."
    r = b.post(f"/werk/kandidaten/{k['id']}/wijzigen", form)
    assert r.status_code == 303, r.text
    na = api.as_("kwintes").get(f"/v1/kandidaten/{k['id']}").json()
    assert na["gemeentevoorkeuren"] == ["De Bilt"] and na["jaarinkomen"] == 18000
    assert na["aanmelddatum"] == k["aanmelddatum"]


def test_zorgaanbieder_cannot_open_another_zorgaanbieders_kandidaat(als, registreer):
    k = registreer("lister")
    b = als("kwintes")
    for path in (f"/werk/kandidaten/{k['id']}", f"/werk/kandidaten/{k['id']}/wijzigen"):
        r = b.get(path)
        assert r.status_code == 404 and "Niet gevonden" in r.text and "Sanne" not in r.text
    r = b.post(f"/werk/kandidaten/{k['id']}/wijzigen", kandidaat_formulier())
    assert r.status_code == 404
    assert b.get("/werk/kandidaten/geen-id").status_code == 404
    assert "Sanne" not in b.get("/werk/kandidaten").text


def _aanbieding(api, registreer, meld) -> tuple[dict, dict]:
    k = registreer(aanmelddatum=days_ago(200))
    vd = approve(api, meld()["voordrachtId"])
    a = api.as_("nabij-wonen").post(
        f"/v1/voordrachten/{vd['id']}/keuze", {"plekId": plek_of(vd, k["id"])}
    )
    assert a.status_code == 201, a.text
    return k, a.json()


def test_zorgaanbieder_answers_an_aanbieding_through_the_page(api, als, registreer, meld):
    k, a = _aanbieding(api, registreer, meld)
    b = als("kwintes")
    page = b.get("/werk/aanbiedingen")
    assert page.status_code == 200 and "Slotlaan 12, 3701AB Zeist" in page.text
    assert "Sanne de Vries" in page.text and "Antwoord uiterlijk" in page.text
    # afwijzen without a reason: the API's message next to the reason field
    r = b.post(f"/werk/aanbiedingen/{a['id']}/antwoord", {"besluit": "afwijzen"})
    assert r.status_code == 400 and fout_bij(r.text, "a1-reden") == "Geef bij afwijzen een reden."
    r = b.post(f"/werk/aanbiedingen/{a['id']}/antwoord", {"besluit": "accepteren"})
    assert r.status_code == 303
    assert api.as_("kwintes").get(f"/v1/aanbiedingen/{a['id']}").json()["status"] == "geaccepteerd"
    page = b.get(r.headers["location"])
    assert "accepteert de woning" in page.text and "huurcontract" in page.text
    # a second answer is refused with the API's message, shown on the page
    r = b.post(f"/werk/aanbiedingen/{a['id']}/antwoord", {"besluit": "accepteren"})
    assert r.status_code == 409 and "al beantwoord" in r.text
    # another zorgaanbieder cannot answer it
    r = als("lister").post(f"/werk/aanbiedingen/{a['id']}/antwoord", {"besluit": "afwijzen"})
    assert r.status_code in (400, 404)


def test_viewing_with_a_local_time(api, als, registreer, meld):
    _, a = _aanbieding(api, registreer, meld)
    b = als("kwintes")
    r = b.post(
        f"/werk/aanbiedingen/{a['id']}/antwoord",
        {"besluit": "bezichtigen", "bezichtigingOp": f"{days_ago(-1)}T10:00"},
    )
    assert r.status_code == 303, r.text
    uit = api.as_("kwintes").get(f"/v1/aanbiedingen/{a['id']}").json()
    assert uit["status"] == "bezichtiging" and uit["bezichtigingOp"][11:13] in ("08", "09")


def test_contingent_page_shows_an_svg_chart_with_the_numbers(api, als):
    orgs = api.as_("het-vierde-huis").get("/v1/organisaties", params={"paginaGrootte": 100})
    ids = {o["code"]: o["id"] for o in orgs.json()["resultaten"]}
    api.as_("beter-wonen").post(
        "/v1/toezeggingen", {"corporatieId": ids["nabij-wonen"], "jaar": JAAR, "aantal": 10}
    )
    r = api.as_("beter-wonen").post(
        "/v1/verdelingen", verdeling_body(JAAR, {ids["kwintes"]: "3", ids["lister"]: "2"})
    )
    assert r.status_code == 201, r.text
    page = als("kwintes").get("/werk/contingent")
    assert page.status_code == 200
    assert '<svg role="img"' in page.text
    assert "Toegewezen: 6; Gebruikt: 0; In behandeling: 0; Resterend: 6" in page.text
    assert '<th scope="row">Toegewezen</th><td>6</td>' in page.text


# --- access and CSRF -----------------------------------------------------------------------------


def test_csrf_missing_or_wrong_is_403_and_changes_nothing(api, als):
    b = als("kwintes")
    r = b.post("/werk/kandidaten/nieuw", kandidaat_formulier(), csrf=False)
    assert r.status_code == 403 and "formulier is verlopen" in r.text
    r = b.post("/werk/kandidaten/nieuw", {**kandidaat_formulier(), "csrf": "fout"}, csrf=False)
    assert r.status_code == 403
    assert (
        api.as_("kwintes").get("/v1/kandidaten", params={"metTotaal": "true"}).json()["totaal"] == 0
    )
    rb = als("beter-wonen")
    r = rb.post(
        "/werk/toezeggingen", {"corporatieId": "x", "jaar": "2026", "aantal": "1"}, csrf=False
    )
    assert r.status_code == 403


def test_kind_checks_are_the_apis(als):
    corp = als("nabij-wonen")
    for path in ("/werk/toezeggingen", "/werk/verdeling", "/werk/cijfers", "/werk/kandidaten"):
        r = corp.get(path)
        assert r.status_code == 403 and "Geen toegang" in r.text, path
    zorg = als("kwintes")
    assert zorg.get("/werk/toezeggingen").status_code == 403
    assert als("beter-wonen").get("/werk/kandidaten/nieuw").status_code == 403


# --- regiobeheer ---------------------------------------------------------------------------------


def _ids(api) -> dict[str, str]:
    orgs = api.as_("het-vierde-huis").get("/v1/organisaties", params={"paginaGrootte": 100})
    return {o["code"]: o["id"] for o in orgs.json()["resultaten"]}


def test_regiobeheer_sets_a_commitment_through_the_form(api, als):
    ids = _ids(api)
    b = als("beter-wonen")
    page = b.get("/werk/toezeggingen")
    assert page.status_code == 200 and "nog niet vastgelegd" in page.text
    assert '<label for="corporatieId">' in page.text and "Nabij Wonen" in page.text
    r = b.post("/werk/toezeggingen", {"corporatieId": "", "jaar": str(JAAR), "aantal": "-1"})
    assert r.status_code == 400
    assert fout_bij(r.text, "corporatieId") == "Vul de corporatie in."
    assert fout_bij(r.text, "aantal") == "Moet minstens 0 zijn."
    body = {"corporatieId": ids["nabij-wonen"], "jaar": str(JAAR), "aantal": "12"}
    r = b.post("/werk/toezeggingen", {**body, "toelichting": "Prestatieafspraken"})
    assert r.status_code == 303 and f"jaar={JAAR}" in r.headers["location"]
    toezeggingen = api.as_("beter-wonen").get("/v1/toezeggingen", params={"jaar": JAAR}).json()
    assert [(t["corporatieId"], t["aantal"]) for t in toezeggingen] == [(ids["nabij-wonen"], 12)]
    page = b.get(r.headers["location"])
    assert "is vastgelegd: 12 woningen" in page.text and "Prestatieafspraken" in page.text
    # the bemiddelaar reads the same table (as in the API), without the form
    hvh = als("het-vierde-huis").get("/werk/toezeggingen")
    assert hvh.status_code == 200 and "Prestatieafspraken" in hvh.text
    assert "Toezegging vastleggen" not in hvh.text
    assert als("het-vierde-huis").post("/werk/toezeggingen", body).status_code == 403


def test_regiobeheer_makes_a_distribution_through_the_form(api, als):
    ids = _ids(api)
    b = als("beter-wonen")
    b.post(
        "/werk/toezeggingen",
        {"corporatieId": ids["nabij-wonen"], "jaar": str(JAAR), "aantal": "10"},
    )
    page = b.get("/werk/verdeling")
    assert page.status_code == 200 and "nog geen verdeling" in page.text
    zorg = re.findall(r'name="aandelen\.(\d+)\.zorgaanbiederId" value="([^"]+)"', page.text)
    rij = {zid: i for i, zid in zorg}
    k, lister = rij[ids["kwintes"]], rij[ids["lister"]]
    form = {"jaar": str(JAAR), "reden": "Jaarverdeling naar plekken"}
    form |= {f"aandelen.{i}.zorgaanbiederId": zid for i, zid in zorg}
    # a wrong weight: the message sits at that zorgaanbieder's row of the form
    r = b.post(
        "/werk/verdeling",
        {**form, f"aandelen.{k}.gewicht": "3", f"aandelen.{lister}.gewicht": "veel", "reden": ""},
    )
    assert r.status_code == 400
    assert (
        fout_bij(r.text, f"aandelen.{lister}.gewicht")
        == "Moet een bedrag zijn, bijvoorbeeld 650.00."
    )
    assert fout_bij(r.text, "reden") == "Vul de reden in."
    r = b.post(
        "/werk/verdeling",
        {
            **form,
            f"aandelen.{k}.gewicht": "3",
            f"aandelen.{lister}.gewicht": "2,0",
            f"aandelen.{lister}.minimum": "5",
        },
    )
    assert r.status_code == 303, r.text
    versies = api.as_("beter-wonen").get("/v1/verdelingen", params={"jaar": JAAR}).json()
    assert len(versies) == 1
    assert {x["zorgaanbieder"]: x["toegewezen"] for x in versies[0]["regels"]} == {
        "Kwintes": 5,
        "Lister": 5,
    }
    page = b.get(r.headers["location"])
    assert "Versie 1 van de verdeling" in page.text and "Huidige verdeling: versie 1" in page.text
    assert "minimum 5" in page.text
    # the next version starts from the current one
    assert f'name="aandelen.{k}.gewicht" type="text" value="3"' in page.text


def test_regional_figures_as_charts_with_tables(api, als, registreer, meld):
    leeg = als("beter-wonen").get("/werk/cijfers")
    assert leeg.status_code == 200 and "nog geen kandidaat een huurcontract" in leeg.text
    k, a = _aanbieding(api, registreer, meld)
    api.as_("kwintes").post(f"/v1/aanbiedingen/{a['id']}/antwoord", {"besluit": "accepteren"})
    r = api.as_("nabij-wonen").post(
        "/v1/plaatsingen", {"aanbiedingId": a["id"], "contractdatum": days_ago(0)}
    )
    assert r.status_code == 201, r.text
    registreer("lister", aanmelddatum=days_ago(40))
    page = als("beter-wonen").get("/werk/cijfers")
    assert page.status_code == 200
    assert page.text.count('<svg role="img"') >= 9
    assert "Mediaan dagen tot huurcontract per corporatie" in page.text
    assert "Kwintes: 200" in page.text  # the chart's text alternative: 200 days to a contract
    # every chart has its own title and description for a screen reader
    ids = re.findall(r'aria-labelledby="([^"]+)"', page.text)
    assert len(ids) == len(set(ids))
    assert (
        "Wachttijd per zorgaanbieder" in page.text and '<th scope="row">Kwintes</th>' in page.text
    )
    assert "Eerlijkheid per gemeente" in page.text and "Eerlijkheid per corporatie" in page.text
    assert als("het-vierde-huis").get("/werk/cijfers").status_code == 200
    assert als("kwintes").get("/werk/cijfers").status_code == 403


def test_kandidaten_longest_waiting_or_newest_first(als, registreer):
    registreer(voornaam="Oud", aanmelddatum=days_ago(400))
    registreer(voornaam="Nieuw", aanmelddatum=days_ago(3))
    registreer(voornaam="Midden", aanmelddatum=days_ago(100))
    b = als("kwintes")

    def namen(volgorde: str) -> list[str]:
        html = b.get("/werk/kandidaten", params={"volgorde": volgorde}).text
        return re.findall(r'<th scope="row"><a href="/werk/kandidaten/[^"]+">(\w+) ', html)

    assert namen("langst") == ["Oud", "Midden", "Nieuw"]
    assert namen("nieuwst") == ["Nieuw", "Midden", "Oud"]
    html = b.get("/werk/kandidaten").text
    assert "400 dagen (13 maanden)" in html and "3 dagen" in html
