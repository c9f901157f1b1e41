"""Web pages of the bemiddelaar and the corporatie (issue 7): review, choose, report a woning,
record the lease, the monthly report; the same actions, messages and checks as the API."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from typing import Any

import pytest
from fastapi.testclient import TestClient

from service.clock import vandaag
from service.teksten import KEUZEREGEL
from service.teksten import REDEN_VERPLICHT
from service.web.woorden import zonder_api
from tests.service.conftest import days_ago
from tests.service.conftest import ingelogd
from tests.service.conftest import web_account
from tests.service.conftest import woning_body
from tests.service.world import approve
from tests.service.world import plek_of

WACHTWOORD = "een-lang-wachtwoord"
HVH = "het-vierde-huis"
CORP = "nabij-wonen"
ANDERE_CORP = "woongroen"


@dataclass
class Persoon:
    client: TestClient
    csrf: str

    def get(self, path: str, **kw: Any) -> Any:
        return self.client.get(path, **kw)

    def post(self, path: str, data: dict[str, str], *, csrf: bool = True) -> Any:
        body = {**data, **({"csrf": self.csrf} if csrf else {})}
        return self.client.post(path, data=body, follow_redirects=False)


@pytest.fixture
def als(app):
    """A person of the organisation with this code, logged in through the login form."""

    def login(code: str) -> Persoon:
        email = web_account(app, code, f"web@{code}.example", f"Medewerker {code}", WACHTWOORD)
        c = TestClient(app, raise_server_exceptions=False)
        ingelogd(c, email, WACHTWOORD)
        start = c.get("/start")
        csrf = re.search(r'name="csrf" value="([^"]+)"', start.text)
        assert csrf is not None
        return Persoon(c, csrf.group(1))

    return login


def fout_bij(html: str, veld: str) -> str | None:
    """The error message shown next to a field (the macro of _velden.html), or None."""
    m = re.search(rf'<p class="fout" id="{re.escape(veld)}-fout">([^<]*)</p>', html)
    return m.group(1) if m else None


@pytest.fixture
def voordracht(api, registreer, meld):
    """A woning of nabij-wonen with a voordracht of two: Annabel waits longest, then Bram."""
    annabel = registreer(voornaam="Annabel", achternaam="Zwartkop", aanmelddatum=days_ago(300))
    bram = registreer(voornaam="Bram", achternaam="Witteveen", aanmelddatum=days_ago(200))
    woning = meld(CORP)
    vd = api.as_(HVH).get(f"/v1/voordrachten/{woning['voordrachtId']}").json()
    assert [p["kandidaatId"] for p in vd["plekken"]] == [annabel["id"], bram["id"]]
    return {
        "id": vd["id"],
        "woning": woning,
        "annabel": annabel["id"],
        "bram": bram["id"],
        "vd": vd,
    }


# --- bemiddelaar -------------------------------------------------------------------------------


def test_bemiddelaar_sees_the_explanation_and_approves(api, als, voordracht):
    hvh = als(HVH)
    lijst = hvh.get("/werk/voordrachten")
    assert lijst.status_code == 200
    assert f'href="/werk/voordrachten/{voordracht["id"]}"' in lijst.text
    assert "Slotlaan 12" in lijst.text

    page = hvh.get(f"/werk/voordrachten/{voordracht['id']}")
    assert page.status_code == 200
    html = page.text
    assert "Annabel Zwartkop" in html and "Bram Witteveen" in html  # the full view
    assert "Kwintes" in html or "kwintes" in html.lower()  # the zorgaanbieder
    plek = voordracht["vd"]["plekken"][0]
    assert plek["uitleg"]["waaromDezePlek"] in html  # why this place
    assert plek["uitleg"]["waaromGeschikt"][0]["reden"] in html  # why suitable, per rule
    assert "Wie vielen af" in html and str(voordracht["vd"]["uitleg"]["onderzocht"]) in html
    assert '<th scope="col">Eerste keuze</th>' in html and "Wacht sinds" in html

    r = hvh.post(f"/werk/voordrachten/{voordracht['id']}/goedkeuren", {})
    assert r.status_code == 303
    assert r.headers["location"] == f"/werk/voordrachten/{voordracht['id']}"
    na = hvh.get(r.headers["location"])
    assert "De voordracht is goedgekeurd" in na.text and 'role="status"' in na.text
    vd = api.as_(HVH).get(f"/v1/voordrachten/{voordracht['id']}").json()
    assert vd["status"] == "goedgekeurd"
    assert {p["status"] for p in vd["plekken"]} == {"goedgekeurd"}


def test_strike_without_reason_shows_the_message_at_the_field_and_changes_nothing(
    api, als, voordracht
):
    hvh = als(HVH)
    plek = plek_of(voordracht["vd"], voordracht["bram"])
    r = hvh.post(
        f"/werk/voordrachten/{voordracht['id']}/schrappen", {"plek_id": plek, "reden": "  "}
    )
    assert r.status_code == 400
    # The same message as the API gives for the same input, next to the reden field.
    api_r = api.as_(HVH).post(
        f"/v1/voordrachten/{voordracht['id']}/beoordeling", {"besluit": "schrappen", "plekId": plek}
    )
    assert api_r.status_code == 400
    api_reden = api_r.json()["invalidParams"][0]["reason"]
    assert fout_bij(r.text, "reden") == api_reden == "Bij schrappen zijn nodig: reden."
    assert 'aria-describedby="reden-hint reden-fout"' in r.text
    assert fout_bij(r.text, "plek_id") is None
    assert f'<option value="{plek}" selected>' in r.text  # the choice is kept
    vd = api.as_(HVH).get(f"/v1/voordrachten/{voordracht['id']}").json()
    assert [p["status"] for p in vd["plekken"]] == ["te-beoordelen", "te-beoordelen"]

    r = hvh.post(
        f"/werk/voordrachten/{voordracht['id']}/schrappen",
        {"plek_id": plek, "reden": "Past niet bij de buurt."},
    )
    assert r.status_code == 303
    vd = api.as_(HVH).get(f"/v1/voordrachten/{voordracht['id']}").json()
    geschrapt = next(p for p in vd["plekken"] if p["id"] == plek)
    assert geschrapt["status"] == "geschrapt" and geschrapt["reden"] == "Past niet bij de buurt."


def test_missing_csrf_is_refused_and_changes_nothing(api, als, voordracht):
    hvh = als(HVH)
    r = hvh.post(f"/werk/voordrachten/{voordracht['id']}/goedkeuren", {}, csrf=False)
    assert r.status_code == 403 and "text/html" in r.headers["content-type"]
    assert "Laad de pagina opnieuw" in r.text
    r = hvh.client.post(
        f"/werk/voordrachten/{voordracht['id']}/goedkeuren",
        data={"csrf": "van-een-andere-site"},
        follow_redirects=False,
    )
    assert r.status_code == 403
    vd = api.as_(HVH).get(f"/v1/voordrachten/{voordracht['id']}").json()
    assert vd["status"] == "te-beoordelen"


def test_signaleringen_show_the_diagnosis_and_can_be_handled(api, als, registreer, meld):
    registreer(
        aanmelddatum=days_ago(250),
        huishouden={"volwassenen": 2, "kinderen": 2},
        behoeften={"minimumKamers": 3},
        gemeentevoorkeuren=["Zeist"],
    )
    meld(kamers=2, maxBewoners=2)
    assert api.as_(HVH).post("/v1/signaleringen/berekening").status_code == 201
    [s] = (
        api.as_(HVH).get("/v1/signaleringen", params={"soort": "langwachtend"}).json()["resultaten"]
    )
    hvh = als(HVH)
    page = hvh.get("/werk/signaleringen")
    assert page.status_code == 200
    assert s["diagnose"]["bindendeBeperking"] in page.text
    assert zonder_api(s["diagnose"]["voorstellen"][0]) in page.text
    assert "/v1/" not in page.text  # advice never shows an API call

    r = hvh.post(f"/werk/signaleringen/{s['id']}/behandeling", {"status": "afgehandeld"})
    assert r.status_code == 400
    pre = next(
        m.group(1)
        for m in re.finditer(r'id="(s\d+-)kop"', r.text)
        if f"/werk/signaleringen/{s['id']}/" in r.text[m.end() :].split("</article>")[0]
    )
    assert (
        fout_bij(r.text, f"{pre}notitie")
        == "Schrijf bij afhandelen in een notitie wat er is gedaan."
    )

    r = hvh.post(f"/werk/signaleringen/{s['id']}/behandeling", {"status": "in-behandeling"})
    assert r.status_code == 303
    na = api.as_(HVH).get(f"/v1/signaleringen/{s['id']}").json()
    assert na["status"] == "in-behandeling"
    r = hvh.post(
        f"/werk/signaleringen/{s['id']}/behandeling",
        {"status": "afgehandeld", "notitie": "Besproken met Kwintes: ook De Bilt."},
    )
    assert r.status_code == 303
    assert api.as_(HVH).get(f"/v1/signaleringen/{s['id']}").json()["status"] == "afgehandeld"


def test_maatwerk_page_lists_the_work_list(als, registreer):
    registreer(voornaam="Lotte", doelgroep="living-lab", aanmelddatum=days_ago(500))
    page = als(HVH).get("/werk/maatwerk")
    assert page.status_code == 200
    assert "Maatwerktrajecten" in page.text and "Lotte de Vries" in page.text


def test_knelpunten_answer_and_close(api, als):
    r = api.as_("kwintes").post(
        "/v1/knelpunten",
        {"onderwerp": "Wachtlijst De Bilt", "beschrijving": "Niemand komt aan de beurt."},
    )
    k = r.json()["id"]
    hvh = als(HVH)
    assert "Wachtlijst De Bilt" in hvh.get("/werk/knelpunten").text
    r = hvh.post(f"/werk/knelpunten/{k}/antwoord", {"antwoord": ""})
    assert r.status_code == 400 and fout_bij(r.text, "k1-a-antwoord") == "Vul het antwoord in."
    r = hvh.post(f"/werk/knelpunten/{k}/antwoord", {"antwoord": "We kijken naar extra woningen."})
    assert r.status_code == 303
    assert api.as_("kwintes").get(f"/v1/knelpunten/{k}").json()["antwoord"] == (
        "We kijken naar extra woningen."
    )
    r = hvh.post(f"/werk/knelpunten/{k}/sluiting", {"toelichting": ""})
    assert r.status_code == 303
    assert api.as_("kwintes").get(f"/v1/knelpunten/{k}").json()["status"] == "gesloten"


def test_bemiddelaar_pages_are_for_the_bemiddelaar(als):
    corp = als(CORP)
    for path in ("/werk/signaleringen",):
        r = corp.get(path)
        assert r.status_code == 403 and "Dit mag alleen de bemiddelaar" in r.text


# --- corporatie --------------------------------------------------------------------------------


def test_corporatie_sees_no_names_before_choosing_and_the_contact_after(api, als, voordracht):
    approve(api, voordracht["id"])
    corp = als(CORP)
    lijst = corp.get("/werk/voordrachten")
    assert lijst.status_code == 200 and f"/werk/voordrachten/{voordracht['id']}" in lijst.text
    page = corp.get(f"/werk/voordrachten/{voordracht['id']}")
    assert page.status_code == 200
    minimal = api.as_(CORP).get(f"/v1/voordrachten/{voordracht['id']}").json()
    for naam in ("Annabel", "Zwartkop", "Bram", "Witteveen", "Piet Jansen"):
        assert naam not in page.text
    eerste = minimal["plekken"][0]
    assert eerste["pseudoniem"] in page.text and "(langst wachtend)" in page.text
    assert f"{eerste['wachttijdDagen']} dagen" in page.text and "Begeleiding door" in page.text

    r = corp.post(
        f"/werk/voordrachten/{voordracht['id']}/kiezen", {"plek_id": eerste["id"], "reden": ""}
    )
    assert r.status_code == 303
    na = corp.get(f"/werk/voordrachten/{voordracht['id']}")
    assert "U koos: Annabel Zwartkop" in na.text and "Piet Jansen" in na.text
    assert "Bram" not in na.text  # the others stay without a name
    assert "/kiezen" not in na.text  # chosen: no second choice while the aanbieding runs


def test_choosing_not_the_longest_waiting_needs_a_reason_next_to_the_field(api, als, voordracht):
    approve(api, voordracht["id"])
    corp = als(CORP)
    tweede = api.as_(CORP).get(f"/v1/voordrachten/{voordracht['id']}").json()["plekken"][1]
    r = corp.post(
        f"/werk/voordrachten/{voordracht['id']}/kiezen", {"plek_id": tweede["id"], "reden": ""}
    )
    assert r.status_code == 400
    assert fout_bij(r.text, "reden_soort") == REDEN_VERPLICHT  # MATCH-V2, one wording
    assert "U kiest niet de langst wachtende kandidaat" in r.text  # the whole-form message
    assert f'value="{tweede["id"]}" checked' in r.text
    assert "Bram" not in r.text
    assert api.as_(CORP).get("/v1/aanbiedingen").json()["totaal"] == 0
    vd = api.as_(CORP).get(f"/v1/voordrachten/{voordracht['id']}").json()
    assert {p["status"] for p in vd["plekken"]} == {"goedgekeurd"}

    r = corp.post(
        f"/werk/voordrachten/{voordracht['id']}/kiezen",
        {
            "plek_id": tweede["id"],
            "reden_soort": "dichtbij-netwerk-werk-of-school",
            "reden": "Woont al in de buurt van het werk.",
        },
    )
    assert r.status_code == 303
    assert "U koos: Bram Witteveen" in corp.get(r.headers["location"]).text
    aanbieding = api.as_(CORP).get("/v1/aanbiedingen").json()["resultaten"][0]
    assert aanbieding["keuzeRedenSoort"] == "dichtbij-netwerk-werk-of-school"


def test_choose_without_a_candidate_says_so_at_the_choice(api, als, voordracht):
    approve(api, voordracht["id"])
    r = als(CORP).post(f"/werk/voordrachten/{voordracht['id']}/kiezen", {"reden": ""})
    assert r.status_code == 400 and fout_bij(r.text, "plek_id") == "Vul de kandidaat in."


def test_another_corporaties_voordracht_by_url_is_a_404_page(api, als, voordracht):
    approve(api, voordracht["id"])
    ander = als(ANDERE_CORP)
    r = ander.get(f"/werk/voordrachten/{voordracht['id']}")
    assert r.status_code == 404 and "text/html" in r.headers["content-type"]
    assert "Niet gevonden" in r.text
    minimal = api.as_(CORP).get(f"/v1/voordrachten/{voordracht['id']}").json()
    assert minimal["plekken"][0]["pseudoniem"] not in r.text and "Slotlaan" not in r.text
    # Choosing on it by a crafted form is refused the same way, and changes nothing.
    r = ander.post(
        f"/werk/voordrachten/{voordracht['id']}/kiezen",
        {"plek_id": minimal["plekken"][0]["id"], "reden": ""},
    )
    assert r.status_code == 404
    assert api.as_(CORP).get("/v1/aanbiedingen").json()["totaal"] == 0
    assert ander.get("/werk/voordrachten/geen-id").status_code == 404


def test_corporatie_cannot_see_a_voordracht_before_review(als, voordracht):
    r = als(CORP).get(f"/werk/voordrachten/{voordracht['id']}")
    assert r.status_code == 404 and "Annabel" not in r.text
    assert "Het Vierde Huis beoordeelt de voordracht" in als(CORP).get("/werk/woningen").text


def test_zorgaanbieder_gets_the_403_page_for_reporting_a_woning(als):
    zorg = als("kwintes")
    r = zorg.get("/werk/woningen/nieuw")
    assert r.status_code == 403 and "text/html" in r.headers["content-type"]
    assert "Dit mag alleen een corporatie" in r.text
    r = zorg.post("/werk/woningen/nieuw", {"straat": "Slotlaan"})
    assert r.status_code == 403


def formulier(**overrides: str) -> dict[str, str]:
    body = woning_body()
    data = {
        **{k: v for k, v in body["adres"].items()},
        "gemeente": body["gemeente"],
        "kale_huur": "600,00",
        "servicekosten": "30",
        "kamers": "2",
        "oppervlakte": "50",
        "max_bewoners": "2",
        "verdieping": "0",
        "gelijkvloers": "ja",
        "beschikbaar_per": body["beschikbaarPer"],
        "minimumleeftijd": "",
        "opmerkingen": "",
    }
    data.update(overrides)
    return data


def test_report_woning_with_a_bad_postcode_shows_the_api_message_next_to_the_field(api, als):
    corp = als(CORP)
    assert corp.get("/werk/woningen/nieuw").status_code == 200
    r = corp.post("/werk/woningen/nieuw", formulier(postcode="12345", kamers=""))
    assert r.status_code == 400
    api_r = api.as_(CORP).post(
        "/v1/woningen", woning_body(adres={**woning_body()["adres"], "postcode": "12345"})
    )
    [api_fout] = api_r.json()["invalidParams"]
    assert api_fout["name"] == "adres.postcode"
    assert fout_bij(r.text, "postcode") == api_fout["reason"]
    assert fout_bij(r.text, "kamers") == "Vul het aantal kamers in."
    assert 'value="12345"' in r.text and 'value="Slotlaan"' in r.text  # input is kept
    assert api.as_(CORP).get("/v1/woningen").json()["totaal"] == 0


def test_report_woning_then_see_it_in_the_list_with_a_melding(api, als, registreer):
    registreer()
    corp = als(CORP)
    r = corp.post("/werk/woningen/nieuw", formulier(postcode="3701 ab"))
    assert r.status_code == 303 and r.headers["location"] == "/werk/woningen"
    page = corp.get(r.headers["location"])
    assert "De woning Slotlaan 12, Zeist is gemeld" in page.text and "Slotlaan 12" in page.text
    [w] = api.as_(CORP).get("/v1/woningen").json()["resultaten"]
    assert w["adres"]["postcode"] == "3701AB" and w["kaleHuur"] == "600.00"
    assert w["gelijkvloers"] is True and w["lift"] is False and w["voordrachtId"]


def test_record_the_lease_and_download_the_monthly_report(api, als, voordracht):
    vd = approve(api, voordracht["id"])
    corp = als(CORP)
    r = corp.post(
        f"/werk/voordrachten/{voordracht['id']}/kiezen",
        {"plek_id": plek_of(vd, voordracht["annabel"])},
    )
    assert r.status_code == 303
    [a] = api.as_(CORP).get("/v1/aanbiedingen").json()["resultaten"]
    assert corp.get(f"/werk/aanbiedingen/{a['id']}/plaatsing").status_code == 200
    r = api.as_(HVH).post(f"/v1/aanbiedingen/{a['id']}/antwoord", {"besluit": "accepteren"})
    assert r.status_code == 201, r.text
    woningen = corp.get("/werk/woningen").text
    assert f"/werk/aanbiedingen/{a['id']}/plaatsing" in woningen and "Annabel Zwartkop" in woningen

    # Another corporatie cannot record it.
    assert als(ANDERE_CORP).get(f"/werk/aanbiedingen/{a['id']}/plaatsing").status_code == 404

    r = corp.post(f"/werk/aanbiedingen/{a['id']}/plaatsing", {"contractdatum": ""})
    assert r.status_code == 400 and fout_bij(r.text, "contractdatum") == "Vul de contractdatum in."
    r = corp.post(
        f"/werk/aanbiedingen/{a['id']}/plaatsing",
        {
            "contractdatum": vandaag().isoformat(),
            "contractvorm": "2-partijenovereenkomst",
            "casushouder.soort": "sociaal-wijkteam",
            "casushouder.naam": "Sociaal team Zeist",
        },
    )
    [p] = api.as_(CORP).get("/v1/plaatsingen").json()["resultaten"]
    # Issue 13: on to the plaatsing page, to inform the gemeente (ZOU-P4).
    assert r.status_code == 303
    assert r.headers["location"] == f"/werk/plaatsingen/{p['id']}"
    assert p["contractvorm"] == "2-partijenovereenkomst"

    jaar, maand = vandaag().year, vandaag().month
    page = corp.get("/werk/maandrapportage", params={"jaar": jaar, "maand": maand})
    assert page.status_code == 200 and "1 plaatsing" in page.text
    assert f"/werk/maandrapportage.xlsx?jaar={jaar}&amp;maand={maand}" in page.text
    web = corp.get("/werk/maandrapportage.xlsx", params={"jaar": jaar, "maand": maand})
    via_api = api.as_(CORP).get(
        "/v1/maandrapportages", params={"jaar": jaar, "maand": maand, "formaat": "xlsx"}
    )
    assert web.status_code == via_api.status_code == 200
    assert web.headers["content-type"] == via_api.headers["content-type"]
    assert web.headers["content-disposition"] == via_api.headers["content-disposition"]
    assert cellen(web.content) == cellen(via_api.content) and len(cellen(web.content)) == 2


def test_monthly_report_form_shows_the_api_messages(als):
    corp = als(CORP)
    assert corp.get("/werk/maandrapportage").status_code == 200
    r = corp.get("/werk/maandrapportage", params={"jaar": "1999", "maand": "13"})
    assert r.status_code == 400
    assert fout_bij(r.text, "jaar") == "Moet minstens 2000 zijn."
    assert fout_bij(r.text, "maand") == "Moet hoogstens 12 zijn."
    assert corp.get("/werk/maandrapportage.xlsx", params={"jaar": "x"}).status_code == 400


def cellen(xlsx: bytes) -> list[tuple[Any, ...]]:
    from openpyxl import load_workbook

    ws = load_workbook(io.BytesIO(xlsx)).active
    return [tuple(c.value for c in row) for row in ws.iter_rows()]


def test_match_v2_pages_mark_longest_waiting_and_first_choice_with_one_wording(
    api, als, registreer, meld
):
    """MATCH-V2 with MATCH-K1: place 1 (first choice, registered later) is not the longest
    waiting; both pages and the API say which place is, in the catalogue's one wording."""
    eerste = registreer(voornaam="Eva", aanmelddatum=days_ago(20))
    langst = registreer(
        voornaam="Lotte", aanmelddatum=days_ago(400), gemeentevoorkeuren=["De Bilt", "Zeist"]
    )
    vd_id = meld(CORP)["voordrachtId"]
    volledig = api.as_(HVH).get(f"/v1/voordrachten/{vd_id}").json()
    assert volledig["keuzeregel"] == KEUZEREGEL
    plekken = {p["kandidaatId"]: p for p in volledig["plekken"]}
    assert plekken[eerste["id"]]["positie"] == 1 and plekken[eerste["id"]]["eersteKeuze"]
    assert plekken[langst["id"]]["langstWachtend"] and not plekken[eerste["id"]]["langstWachtend"]
    html = als(HVH).get(f"/werk/voordrachten/{vd_id}").text
    assert KEUZEREGEL in html and "Lotte de Vries (langst wachtend)" in html
    approve(api, vd_id)
    beperkt = api.as_(CORP).get(f"/v1/voordrachten/{vd_id}").json()
    assert beperkt["keuzeregel"] == KEUZEREGEL
    lw = next(p for p in beperkt["plekken"] if p["langstWachtend"])
    assert lw["positie"] == 2 and not lw["eersteKeuze"]
    page = als(CORP).get(f"/werk/voordrachten/{vd_id}").text
    assert KEUZEREGEL in page and f"{lw['pseudoniem']} (langst wachtend)" in page
    assert "ja, eerste keuze" in page
    assert "Verplicht als u niet de kandidaat op de hoogste plek kiest" not in page
