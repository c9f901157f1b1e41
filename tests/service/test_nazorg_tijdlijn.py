"""The timeline around the move as signaleringen for the casushouder (ZOU-L1..L5, ZOU-P3,
ZOU-P4): move the clock forward and a signal appears at each missed step; recording the step
closes it. The timings come from the region file."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from datetime import timedelta

import pytest

from service import clock
from service.clock import plus_maanden
from tests.service.nazorg_hulp import plaats
from tests.service.world import BEMIDDELAAR

START = date(2026, 3, 2)  # a fixed day: the test passes at any date


@pytest.fixture
def klok() -> Iterator[object]:
    def zet(dag: date) -> None:
        clock.verzet(dag)

    zet(START)
    try:
        yield zet
    finally:
        clock.verzet(None)


def open_soorten(api, org: str) -> set[str]:
    api.as_(BEMIDDELAAR).post("/v1/signaleringen/berekening")
    r = api.as_(org).get("/v1/signaleringen", params={"status": "open", "paginaGrootte": 200})
    return {s["soort"] for s in r.json()["resultaten"]}


def test_preparation_signals_before_the_move(api, registreer, klok):
    """ZOU-L1 (3-6 months before), ZOU-L2 (parties, 3 months), ZOU-L3 (wijkteam, 6 weeks)."""
    k = registreer(aanmelddatum=(START - timedelta(days=30)).isoformat())
    verhuizing = plus_maanden(START, 7)
    pad = f"/v1/kandidaten/{k['id']}/voorbereiding"
    r = api.as_("kwintes").request("PUT", pad, {"verwachteVerhuisdatum": verhuizing.isoformat()})
    assert r.status_code == 200, r.text
    tijdlijn = {"voorbereiding", "partijen-betrekken", "wijkteam-betrekken"}
    assert open_soorten(api, "kwintes") & tijdlijn == set()
    klok(plus_maanden(verhuizing, -6))
    assert open_soorten(api, "kwintes") & tijdlijn == {"voorbereiding"}  # ZOU-L1
    klok(plus_maanden(verhuizing, -3))
    assert open_soorten(api, "kwintes") & tijdlijn == {"voorbereiding", "partijen-betrekken"}
    api.as_("kwintes").request(
        "PUT",
        pad,
        {
            "verwachteVerhuisdatum": verhuizing.isoformat(),
            "voorbereidingGestartOp": plus_maanden(verhuizing, -3).isoformat(),
            "partijenBetrokkenOp": plus_maanden(verhuizing, -3).isoformat(),
        },
    )
    assert open_soorten(api, "kwintes") & tijdlijn == set()  # recorded: closed
    klok(verhuizing - timedelta(weeks=6))
    assert open_soorten(api, "kwintes") & tijdlijn == {"wijkteam-betrekken"}  # ZOU-L3
    r = api.as_("kwintes").get("/v1/signaleringen", params={"soort": "wijkteam-betrekken"})
    assert "ZOU-L3" in r.json()["resultaten"][0]["titel"]
    assert open_soorten(api, "nabij-wonen") & tijdlijn == set()  # the casushouder's work


def test_preparation_dates_lie_within_five_years(api, registreer, klok):
    """ZOU-L1: a preparation date far from today is a typing error, refused with every field
    named at once and nothing stored (the bound the Schemathesis run cannot express)."""
    k = registreer(aanmelddatum=(START - timedelta(days=30)).isoformat())
    pad = f"/v1/kandidaten/{k['id']}/voorbereiding"
    r = api.as_("kwintes").request(
        "PUT", pad, {"verwachteVerhuisdatum": "2000-01-01", "voorbereidingGestartOp": "2040-01-01"}
    )
    assert r.status_code == 400, r.text
    namen = {p["name"] for p in r.json()["invalidParams"]}
    assert namen == {"verwachteVerhuisdatum", "voorbereidingGestartOp"}
    assert "vijf jaar" in r.json()["invalidParams"][0]["reason"]
    ok = api.as_("kwintes").request("PUT", pad, {"verwachteVerhuisdatum": "2026-09-01"})
    assert ok.status_code == 200, ok.text
    assert ok.json()["verwachteVerhuisdatum"] == "2026-09-01"


def _als(app, code: str, lijst):
    """``lijst(session, actor)`` for the organisation ``code``, as its pages would call it."""
    from sqlmodel import Session
    from sqlmodel import select

    from service.auth import Actor
    from service.models import Organisatie

    with Session(app.state.engine) as session:
        org = session.exec(select(Organisatie).where(Organisatie.code == code)).one()
        actor = Actor(organisatie_id=org.id, code=org.code, naam=org.naam, soort=org.soort)
        return lijst(session, actor)


def taken_van(app, code: str) -> list[dict[str, str]]:
    from service.web.werk.nazorg import mijn_taken

    return _als(app, code, mijn_taken)


def start_van(app, code: str):
    from service.web.start import takenlijst

    return _als(app, code, takenlijst)


def test_signals_after_the_move(app, api, registreer, meld, klok):
    """ZOU-P4 (gemeente informed), ZOU-P3/ZOU-L4 (warm handover within three months), ZOU-L5
    (the dip within half a year; the end of guidance after two years)."""
    w = plaats(api, registreer, meld, contractdatum=START.isoformat())
    na = {
        "gemeente-informeren",
        "warme-overdracht",
        "dip-na-verhuizing",
        "begeleiding-beeindigd",
    }
    assert open_soorten(api, "kwintes") & na == set()
    klok(START + timedelta(days=15))
    assert open_soorten(api, "kwintes") & na == {"gemeente-informeren"}  # ZOU-P4
    assert "gemeente-informeren" in open_soorten(api, "nabij-wonen")
    # The to-do list on /start (issue 12) includes these items, with the page to open.
    taken = taken_van(app, "kwintes")
    assert any(
        t["url"] == f"/werk/plaatsingen/{w['plaatsing']}" and "ZOU-P4" in t["tekst"] for t in taken
    )
    open_, _ = start_van(app, "kwintes")  # and /start shows them as one line to the oldest
    stap = next(t for t in open_ if t.tekst == "Stappen voor en na de verhuizing")
    assert stap.aantal == len(taken) and stap.href.startswith("/werk/")
    assert "ZOU-" not in " ".join(t.tekst for t in open_)
    for soort, wie in (("gemeente", "Gemeente Zeist"), ("sociaal-wijkteam", "Sociaal team Zeist")):
        r = api.as_("nabij-wonen").post(
            f"/v1/plaatsingen/{w['plaatsing']}/kennisgevingen",
            {
                "ontvangerSoort": soort,
                "ontvanger": wie,
                "geinformeerdOp": (START + timedelta(days=15)).isoformat(),
                "wijze": "e-mail",
            },
        )
        assert r.status_code == 201, r.text
    assert open_soorten(api, "kwintes") & na == set()
    klok(plus_maanden(START, 3) + timedelta(days=1))
    assert open_soorten(api, "kwintes") & na == {"warme-overdracht"}  # ZOU-P3, ZOU-L4
    [s] = (
        api.as_("kwintes")
        .get("/v1/signaleringen", params={"soort": "warme-overdracht"})
        .json()["resultaten"]
    )
    assert "BT-indicatie" in s["titel"]  # ZOU-L4: the kandidaat has beschermd thuis
    klok(plus_maanden(START, 4))
    assert open_soorten(api, "kwintes") & na == {"warme-overdracht", "dip-na-verhuizing"}
    r = api.as_("kwintes").post(
        f"/v1/plaatsingen/{w['plaatsing']}/overdrachten",
        {
            "datum": plus_maanden(START, 4).isoformat(),
            "naarNaam": "Sociaal team Zeist",
            "naarSoort": "sociaal-wijkteam",
        },
    )
    assert r.status_code == 201, r.text
    assert "warme-overdracht" not in open_soorten(api, "kwintes")
    klok(plus_maanden(START, 7))
    assert open_soorten(api, "kwintes") & na == set()  # past the half year
    klok(plus_maanden(START, 24) + timedelta(days=1))
    assert "begeleiding-beeindigd" in open_soorten(api, "kwintes")  # ZOU-L5
    assert "begeleiding-beeindigd" in open_soorten(api, "nabij-wonen")
    assert "evaluatie" in open_soorten(api, "kwintes")  # ZOU-P2 evaluations were missed too
