"""Signaleringen for the bemiddelaar (issue 12): cards with the kandidaat's name and code, the
zorgaanbieder, the waiting time and a link; filter by kind, status and owner; sort by due date;
pages; "nu opnieuw berekenen"; advice without API calls, maatwerk offered as a button."""

from __future__ import annotations

import re
import uuid

from service.web.zoeken import code
from tests.service.conftest import days_ago
from tests.service.test_web_bemiddelaar_corporatie import HVH  # noqa: F401 (fixture)
from tests.service.test_web_bemiddelaar_corporatie import als  # noqa: F401 (fixture)


def kaarten(html: str) -> list[str]:
    return re.findall(r'<article class="kaart".*?</article>', html, re.S)


def test_recompute_button_then_cards_with_name_code_and_waiting_time(api, als, registreer):  # noqa: F811
    k = registreer(voornaam="Wessel", achternaam="Wachter", aanmelddatum=days_ago(300))
    hvh = als(HVH)
    assert not kaarten(hvh.get("/werk/signaleringen").text)
    r = hvh.post("/werk/signaleringen/berekening", {})
    assert r.status_code == 303
    html = hvh.get("/werk/signaleringen").text
    assert "opnieuw berekend: 1 nieuw" in html
    [kaart] = kaarten(html)
    assert "Wessel Wachter" in kaart and code(uuid.UUID(k["id"])) in kaart
    assert "Kwintes" in kaart  # the zorgaanbieder
    assert "300 dagen" in kaart or "dagen zonder pauzes" in kaart
    assert f'href="/werk/kandidaten/{k["id"]}"' in kaart
    assert "/v1/" not in kaart and "(ZOU-" not in kaart  # no API calls, no codes in sentences
    assert (
        f'href="/werk/maatwerk/doorsturen?kandidaat={k["id"]}&amp;aanleiding=langwachtend"' in kaart
    )


def test_filters_kind_status_owner_and_sort(api, als, registreer):  # noqa: F811
    registreer(voornaam="Anna", aanmelddatum=days_ago(300))
    registreer(voornaam="Berend", aanmelddatum=days_ago(400))
    api.as_(HVH).post("/v1/signaleringen/berekening")
    hvh = als(HVH)
    assert len(kaarten(hvh.get("/werk/signaleringen", params={"soort": "langwachtend"}).text)) == 2
    assert not kaarten(hvh.get("/werk/signaleringen", params={"soort": "evaluatie"}).text)
    assert not kaarten(hvh.get("/werk/signaleringen", params={"status": "afgehandeld"}).text)
    eigenaar = re.search(
        r'<option value="([^"]+)">Het Vierde Huis</option>', hvh.get("/werk/signaleringen").text
    ).group(1)
    assert len(kaarten(hvh.get("/werk/signaleringen", params={"eigenaar": eigenaar}).text)) == 2
    # unknown values are ignored, never a 500
    r = hvh.get("/werk/signaleringen", params={"soort": "x", "eigenaar": "y", "pagina": "0"})
    assert r.status_code == 200 and len(kaarten(r.text)) == 2
