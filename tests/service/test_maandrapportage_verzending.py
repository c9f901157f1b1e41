"""ZOU-M1: corporaties report all placements monthly to Het Vierde Huis. Sending the month's
report is recorded (who, when, which month, how many), once per month, through the API and the
page; each finished month not yet sent is a line on the corporatie's /start, due on the
region's day of the following month (default the 10th), oldest first."""

from __future__ import annotations

import re
from datetime import timedelta

from service import clock
from service.clock import plus_maanden
from tests.service.test_web_bemiddelaar_corporatie import als  # noqa: F401

CORP = "nabij-wonen"


def _vorige_maand() -> tuple[int, int]:
    eerste = plus_maanden(clock.vandaag().replace(day=1), -1)
    return eerste.year, eerste.month


def test_zou_m1_sending_is_recorded_once_per_finished_month(api):
    jaar, maand = _vorige_maand()
    corp = api.as_(CORP)
    r = corp.post("/v1/maandrapportage-verzendingen", {"jaar": jaar, "maand": maand})
    assert r.status_code == 201, r.text
    uit = r.json()
    assert (uit["jaar"], uit["maand"], uit["aantal"]) == (jaar, maand, 0)
    assert uit["verzondenDoor"].endswith("(API-sleutel)") and uit["verzondenOp"]
    # a second time: 409, nothing new
    again = corp.post("/v1/maandrapportage-verzendingen", {"jaar": jaar, "maand": maand})
    assert again.status_code == 409 and "al verzonden" in again.json()["detail"]
    # the running month cannot be sent yet
    nu = clock.vandaag()
    r = corp.post("/v1/maandrapportage-verzendingen", {"jaar": nu.year, "maand": nu.month})
    assert r.status_code == 400
    assert r.json()["invalidParams"][0]["reason"] == "Moet een afgelopen maand zijn."
    # out of range: the same "Moet … zijn" style
    r = corp.post("/v1/maandrapportage-verzendingen", {"jaar": jaar, "maand": 13})
    assert (
        r.status_code == 400 and r.json()["invalidParams"][0]["reason"] == "Moet hoogstens 12 zijn."
    )
    # Het Vierde Huis sees who sent which month; another corporatie sees none of it
    lijst = api.as_("het-vierde-huis").get("/v1/maandrapportage-verzendingen").json()
    assert [(v["corporatie"], v["maand"]) for v in lijst] == [("Nabij Wonen", maand)]
    assert api.as_("woongroen").get("/v1/maandrapportage-verzendingen").json() == []


def test_zou_m1_page_button_sends_with_the_persons_name(als):  # noqa: F811
    jaar, maand = _vorige_maand()
    corp = als(CORP)
    pagina = corp.get("/werk/maandrapportage", params={"jaar": jaar, "maand": maand}).text
    assert 'action="/werk/maandrapportage/verzending"' in pagina
    r = corp.post("/werk/maandrapportage/verzending", {"jaar": str(jaar), "maand": str(maand)})
    assert r.status_code == 303
    na = corp.get("/werk/maandrapportage", params={"jaar": jaar, "maand": maand}).text
    assert re.search(
        r'id="verzonden"><strong>Verzonden</strong> op [0-9-]+ [0-9:]+ door '
        r"Medewerker nabij-wonen",
        na,
    )
    assert 'action="/werk/maandrapportage/verzending"' not in na
    # Het Vierde Huis sees it in the overview per corporatie; the corporatie has no overview
    overzicht = als("het-vierde-huis").get("/werk/maandrapportages").text
    rij = re.search(r'<th scope="row">Nabij Wonen</th>(.*?)</tr>', overzicht, re.S)
    assert rij and "door Medewerker nabij-wonen" in rij.group(1)
    # months before a corporatie started in woonroute are not due (no "te laat")
    andere = re.search(r'<th scope="row">Woongroen</th>(.*?)</tr>', overzicht, re.S)
    assert andere and "te laat" not in andere.group(1)
    assert "nog niet in woonroute" in andere.group(1)
    assert corp.get("/werk/maandrapportages").status_code == 403
    # twice through the page: the same 409 as the API, shown on the page
    r = corp.post("/werk/maandrapportage/verzending", {"jaar": str(jaar), "maand": str(maand)})
    assert r.status_code == 409 and "al verzonden" in r.text


def test_zou_m1_start_lists_each_unsent_month_oldest_first_with_its_due_date(als):  # noqa: F811
    begin = clock.vandaag().replace(day=1)
    clock.verzet(plus_maanden(begin, 3) + timedelta(days=14))
    try:
        corp = als(CORP)
        start = corp.get("/start").text
        regels = re.findall(
            r'<a href="/werk/maandrapportage\?jaar=(\d+)&amp;maand=(\d+)">Maandrapportage ', start
        )
        verwacht = [plus_maanden(begin, i) for i in range(3)]
        assert regels == [(str(d.year), str(d.month)) for d in verwacht]
        # due on the 10th of the following month (the region default)
        eerste_uiterlijk = plus_maanden(begin, 1).replace(day=10).strftime("%d-%m-%Y")
        assert eerste_uiterlijk in start
        corp.post(
            "/werk/maandrapportage/verzending", {"jaar": str(begin.year), "maand": str(begin.month)}
        )
        regels = re.findall(r"maandrapportage\?jaar=(\d+)&amp;maand=(\d+)", corp.get("/start").text)
        assert (str(begin.year), str(begin.month)) not in regels and len(regels) == 2
    finally:
        clock.verzet(None)
