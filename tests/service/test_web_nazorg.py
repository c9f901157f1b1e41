"""The nazorg pages (issue 13): the casushouder fills in the forms, prints and downloads them,
sees readiness (ZOU-C1); the plaatsing page records the handover, the notification, the
evaluation with outcomes and the 3 -> 2 conversion; the questionnaire in plain Dutch (ZOU-M5);
figures with small groups suppressed (ZOU-M4)."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from tests.service.conftest import days_ago
from tests.service.nazorg_hulp import plaats
from tests.service.test_web_zorgaanbieder_regiobeheer import Browser


@pytest.mark.formulieren_vereist
def test_forms_readiness_print_and_pdf_through_the_pages(client, app, registreer):
    """ZOU-B3/ZOU-B4 on the page: messages next to the fields, a new version per save, a
    printable page and a PDF; readiness names what is missing (ZOU-C1)."""
    k = registreer(voornaam="Lotte", achternaam="Smit")
    z = Browser(client, app, "kwintes")
    r = z.get(f"/werk/kandidaten/{k['id']}/voorbereiding")
    assert r.status_code == 200 and "preventie-actieplan is nog niet compleet" in r.text
    pad = f"/werk/kandidaten/{k['id']}/formulieren/preventie-actieplan"
    assert z.get(pad).status_code == 200
    r = z.post(pad, {"opgesteld_op": "morgen", "goed_financien_kenmerken": "Rekeningen betaald"})
    assert r.status_code == 400 and 'aria-invalid="true"' in r.text
    r = z.post(pad, {"opgesteld_op": days_ago(0), "goed_financien_kenmerken": "Rekeningen betaald"})
    assert r.status_code == 303
    assert "Versie 1 van het preventie-actieplan" in z.get(r.headers["location"]).text
    r = z.get(f"{pad}/afdruk")
    assert r.status_code == 200 and "Lotte Smit" in r.text and "Rekeningen betaald" in r.text
    assert 'href="/static/afdruk.css"' in r.text
    r = z.get(f"{pad}/pdf")
    assert r.headers["content-type"] == "application/pdf"
    assert "Rekeningen betaald" in PdfReader(io.BytesIO(r.content)).pages[0].extract_text()
    r = z.post(
        f"/werk/kandidaten/{k['id']}/voorbereiding",
        {"verwachteVerhuisdatum": days_ago(-120), "voorbereidingGestartOp": days_ago(1)},
    )
    assert r.status_code == 303
    assert days_ago(-120) in z.get(f"/werk/kandidaten/{k['id']}/voorbereiding").text
    c = Browser(client, app, "nabij-wonen")
    assert c.get(f"{pad}/afdruk").status_code == 403


def test_the_plaatsing_page_for_each_party(client, app, api, registreer, meld):
    """ZOU-P1..P4 and ZOU-B5 on the page; the corporatie sees no outcomes per topic."""
    w = plaats(api, registreer, meld, contractdatum=days_ago(100))
    pad = f"/werk/plaatsingen/{w['plaatsing']}"
    z = Browser(client, app, "kwintes")
    r = z.get(pad)
    assert (
        r.status_code == 200
        and "Evaluatie vastleggen" in r.text
        and "Contactpunt sociaal team Zeist" in r.text
    )
    r = z.post(f"{pad}/evaluatie", {"volgnummer": "1", "uitgevoerdOp": days_ago(1)})
    assert r.status_code == 400 and "velden zijn niet goed ingevuld" in r.text
    uitkomst = {
        f"{o}.oordeel": "goed" for o in ("wonen", "financien", "netwerk", "begeleiding", "overlast")
    }
    r = z.post(
        f"{pad}/evaluatie",
        {
            "volgnummer": "1",
            "uitgevoerdOp": days_ago(1),
            **uitkomst,
            "financien.toelichting": "Schuld bijna afgelost",
            "positief": "ja",
            "besluit": "voortzetten",
            "volgendeStap": "Over negen maanden weer",
        },
    )
    assert r.status_code == 303, r.text
    assert "Schuld bijna afgelost" in z.get(pad).text
    r = z.post(
        f"{pad}/overdracht",
        {"datum": days_ago(0), "naarSoort": "sociaal-wijkteam", "naarNaam": "Sociaal team Zeist"},
    )
    assert r.status_code == 303
    c = Browser(client, app, "nabij-wonen")
    r = c.get(pad)
    assert (
        r.status_code == 200 and "Schuld bijna afgelost" not in r.text and "voortzetten" in r.text
    )
    r = c.post(
        f"{pad}/kennisgeving",
        {
            "ontvangerSoort": "gemeente",
            "ontvanger": "Gemeente Zeist",
            "geinformeerdOp": days_ago(0),
            "wijze": "brief",
        },
    )
    assert r.status_code == 303
    r = c.get(f"{pad}/kennisgeving")
    assert r.status_code == 200 and "Sanne de Vries" in r.text and "zeist@zeist.nl" in r.text
    omzetting = {
        "datum": days_ago(0),
        "beslotenDoor": "Alle partijen",
        "reden": "Gaat goed",
        "begeleiding": "beeindigen",
    }
    r = c.post(f"{pad}/omzetting", omzetting)
    assert r.status_code == 400 and "vervolgafspraak" in r.text.lower()
    r = c.post(f"{pad}/omzetting", {**omzetting, "vervolgafspraak": "Buurvrouw kijkt om"})
    assert r.status_code == 303
    assert "2-partijenovereenkomst" in c.get(pad).text
    r = c.post(f"{pad}/melding", {"toelichting": "Geen contact meer"})
    assert r.status_code == 303
    assert c.post(f"{pad}/melding", {"toelichting": "Nog eens"}).status_code == 409


def test_questionnaire_in_plain_dutch_and_figures(client, app):
    """ZOU-M5: short sentences, no name; ZOU-M4: figures per year, small groups hidden."""
    z = Browser(client, app, "kwintes")
    r = z.get("/werk/clientervaring")
    assert r.status_code == 200 and "Je naam staat er niet bij." in r.text and "Aanvraag" in r.text
    assert "Aanvraag" not in z.get("/werk/clientervaring?moment=evaluatie").text
    for _ in range(5):
        r = z.post("/werk/clientervaring", {"moment": "evaluatie", "vraag4e": "ja"})
        assert r.status_code == 303
    r = z.post("/werk/clientervaring", {"moment": "evaluatie", "vraag1c": "ja"})
    assert r.status_code == 400
    rb = Browser(client, app, "beter-wonen")
    r = rb.get("/werk/nazorgcijfers")
    assert r.status_code == 200 and "5 vragenlijsten" in r.text
    assert "Minder dan 5 vragenlijsten" in r.text  # the kennismaking group is empty


def test_route_advice_with_the_application_form_through_the_pages(client, app, api, registreer):
    """DRE-F1 kept with the advice; DRE-R4 the chosen route reported from the page."""
    k = registreer()
    z = Browser(client, app, "kwintes")
    pad = f"/werk/kandidaten/{k['id']}/routeadvies"
    assert z.get(pad).status_code == 200
    r = z.post(pad, {"uitstroomdeadline": "ja", "adres": "Slotlaan 1"})
    assert r.status_code == 400 and "Beantwoord vraag 2a" in r.text
    r = z.post(
        pad,
        {
            "uitstroomdeadline": "ja",
            "zelfstandigGewoondInRegio": "ja",
            "adres": "Slotlaan 1",
            "lift": "ja",
            "drugs": "nee",
        },
    )
    assert r.status_code == 303, r.text
    [advies] = api.as_("kwintes").get(f"/v1/kandidaten/{k['id']}/routeadviezen").json()
    assert advies["aanvraag"]["lift"] is True and advies["aanvraag"]["adres"] == "Slotlaan 1"
    r = z.post(f"/werk/routeadviezen/{advies['id']}/routekeuze", {"route": "regulier"})
    assert r.status_code == 303
    assert (
        "gekozen: <strong>regulier</strong>"
        in z.get(f"/werk/kandidaten/{k['id']}/voorbereiding").text
    )
