"""After the keys: contract and parties, 3 -> 2 conversion (ZOU-P1), warm handover (ZOU-P3,
ZOU-L4, ZOU-B5), informing the gemeente (ZOU-P4), evaluations with outcomes (ZOU-P2, ZOU-L5),
and what the corporatie may see."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from pypdf import PdfReader

from service.clock import plus_maanden
from service.clock import vandaag
from tests.service.conftest import days_ago
from tests.service.nazorg_hulp import compleet
from tests.service.nazorg_hulp import plaats
from tests.service.world import BEMIDDELAAR

ONDERWERPEN = ("wonen", "financien", "netwerk", "begeleiding", "overlast")


def evaluatie(volgnummer: int, dag: str, *, besluit: str = "voortzetten", positief: bool = True):
    return {
        "volgnummer": volgnummer,
        "uitgevoerdOp": dag,
        "uitkomsten": {
            o: {"oordeel": "goed", "toelichting": f"{o}: gaat goed"} for o in ONDERWERPEN
        },
        "positief": positief,
        "besluit": besluit,
        "volgendeStap": "Zus Anna belt elke week; bij zorgen het wijkteam.",
    }


def org_id(api, code: str) -> str:
    orgs = api.as_(BEMIDDELAAR).get("/v1/organisaties", params={"paginaGrootte": 100}).json()
    return next(o["id"] for o in orgs["resultaten"] if o["code"] == code)


def test_contract_parties_and_the_dated_availability(api, registreer, meld):
    """ZOU-P1: tenant, corporatie and casushouder; ZOU-P3: available at least three months."""
    w = plaats(api, registreer, meld)
    p = api.as_("kwintes").get(f"/v1/plaatsingen/{w['plaatsing']}").json()
    assert p["contractvorm"] == "3-partijenovereenkomst"
    assert p["partijen"]["huurderKandidaatId"] == w["kandidaat"]
    assert p["partijen"]["casushouderSoort"] == "zorgaanbieder"
    assert p["begeleiding"]["naam"] == "Kwintes"
    assert p["begeleiding"]["beschikbaarTot"] == plus_maanden(vandaag(), 3).isoformat()
    assert {e["verantwoordelijke"] for e in p["evaluaties"]} == {"begeleidende-organisatie"}


def test_three_to_two_parties_on_a_date_with_who_and_why(api, registreer, meld):
    """ZOU-P1: the conversion hands the guidance over (or ends it with a follow-up)."""
    w = plaats(api, registreer, meld)
    pad = f"/v1/plaatsingen/{w['plaatsing']}/omzetting"
    r = api.as_("nabij-wonen").post(
        pad,
        {"datum": days_ago(0), "beslotenDoor": "", "reden": "x", "begeleiding": "beeindigen"},
    )
    assert r.status_code == 400
    namen = {f["name"] for f in r.json()["invalidParams"]}
    assert "beslotenDoor" in namen
    assert (
        api.client.patch(
            f"/v1/plaatsingen/{w['plaatsing']}", headers={"X-Api-Key": api.keys["nabij-wonen"]}
        ).status_code
        == 405
    )
    r = api.as_("nabij-wonen").post(
        pad,
        {
            "datum": days_ago(0),
            "beslotenDoor": "Huurder, Nabij Wonen en Kwintes",
            "reden": "Het zelfstandig wonen gaat goed.",
            "begeleiding": "overdragen",
            "overdracht": {
                "datum": days_ago(0),
                "naarNaam": "Sociaal team Zeist",
                "naarSoort": "sociaal-wijkteam",
            },
        },
    )
    assert r.status_code == 201, r.text
    p = r.json()
    assert p["contractvorm"] == "2-partijenovereenkomst"
    assert p["omzetting"] == {
        "datum": days_ago(0),
        "beslotenDoor": "Huurder, Nabij Wonen en Kwintes",
        "reden": "Het zelfstandig wonen gaat goed.",
    }
    assert p["partijen"]["casushouderSoort"] is None
    assert p["begeleiding"]["naam"] == "Sociaal team Zeist"
    opnieuw = {
        "datum": days_ago(0),
        "beslotenDoor": "x",
        "reden": "y",
        "begeleiding": "beeindigen",
        "vervolgafspraak": "z",
    }
    assert api.as_("kwintes").post(pad, opnieuw).status_code == 409


def test_handover_names_the_new_organisation_which_then_sees_the_overdrachtsdocument(
    api, registreer, meld
):
    """ZOU-B3: the document goes from the old to the new begeleider; ZOU-P3/ZOU-B5: the new
    organisation takes over the same obligations (it records the evaluations)."""
    w = plaats(api, registreer, meld)
    k = w["kandidaat"]
    api.as_("kwintes").post(
        f"/v1/kandidaten/{k}/overdrachtsdocument/versies", compleet("overdrachtsdocument")
    )
    assert api.as_("lister").get(f"/v1/kandidaten/{k}/overdrachtsdocument").status_code == 404
    assert api.as_("lister").get(f"/v1/plaatsingen/{w['plaatsing']}").status_code == 404
    r = api.as_("kwintes").post(
        f"/v1/plaatsingen/{w['plaatsing']}/overdrachten",
        {
            "datum": days_ago(0),
            "naarOrganisatieId": org_id(api, "lister"),
            "naarSoort": "zorgaanbieder",
        },
    )
    assert r.status_code == 201, r.text
    assert r.json()["overdrachten"][0]["naarNaam"] == "Lister"
    assert api.as_("lister").get(f"/v1/kandidaten/{k}/overdrachtsdocument").status_code == 200
    assert api.as_("lister").get(f"/v1/kandidaten/{k}/preventie-actieplan").status_code == 404
    assert api.as_("lister").get(f"/v1/plaatsingen/{w['plaatsing']}").status_code == 200
    r = api.as_("lister").post(
        f"/v1/plaatsingen/{w['plaatsing']}/evaluaties", evaluatie(1, days_ago(0))
    )
    assert r.status_code == 201, r.text


def test_no_handover_without_a_successor(api, registreer, meld):
    """ZOU-C3/ZOU-B5: no unilateral end: a handover must name who takes over."""
    w = plaats(api, registreer, meld)
    r = api.as_("kwintes").post(
        f"/v1/plaatsingen/{w['plaatsing']}/overdrachten",
        {"datum": days_ago(0), "naarSoort": "sociaal-wijkteam"},
    )
    assert r.status_code == 400 and "nieuwe begeleidende organisatie" in r.text


def test_corporatie_sees_only_the_lease_decisions(api, registreer, meld):
    """ZOU-P2 with minimal data: the corporatie sees decisions, never outcomes per topic."""
    w = plaats(api, registreer, meld, contractdatum=days_ago(100))
    r = api.as_("kwintes").post(
        f"/v1/plaatsingen/{w['plaatsing']}/evaluaties", evaluatie(1, days_ago(1))
    )
    assert r.status_code == 201, r.text
    eigen = r.json()["evaluaties"][0]
    assert eigen["uitkomsten"]["financien"]["toelichting"] == "financien: gaat goed"
    corp = api.as_("nabij-wonen").get(f"/v1/plaatsingen/{w['plaatsing']}").json()["evaluaties"][0]
    assert corp["besluit"] == "voortzetten" and corp["positief"] is True
    assert corp["uitkomsten"] is None and corp["volgendeStap"] is None
    assert (
        api.as_("nabij-wonen")
        .post(f"/v1/plaatsingen/{w['plaatsing']}/evaluaties", evaluatie(2, days_ago(1)))
        .status_code
        == 403
    )


def test_evaluations_to_the_lease_without_guidance(api, registreer, meld):
    """ZOU-P2: outcomes per topic, extend by 3 months, and after the final positive evaluation
    the lease is for an indefinite period without guidance; ZOU-L5: guidance ended -> a signal
    to the casushouder and the corporatie with the agreed follow-up."""
    start = vandaag() - timedelta(days=2 * 366 + 120)
    w = plaats(api, registreer, meld, contractdatum=start.isoformat())
    pad = f"/v1/plaatsingen/{w['plaatsing']}/evaluaties"
    bad = evaluatie(1, days_ago(1), besluit="beeindigen", positief=False)
    assert api.as_("kwintes").post(pad, bad).status_code == 400
    r = api.as_("kwintes").post(pad, evaluatie(1, plus_maanden(start, 3).isoformat()))
    assert r.status_code == 201, r.text
    r = api.as_("kwintes").post(
        pad, evaluatie(2, plus_maanden(start, 12).isoformat(), besluit="verlengen-3-maanden")
    )
    assert r.status_code == 201
    p = r.json()
    assert len(p["evaluaties"]) == 4  # one more, three months after evaluation 2
    assert (
        api.as_("kwintes").post(pad, evaluatie(3, plus_maanden(start, 24).isoformat())).status_code
        == 400
    )
    r = api.as_("kwintes").post(
        pad, evaluatie(3, plus_maanden(start, 24).isoformat(), besluit="verlengen-3-maanden")
    )
    assert r.status_code == 201
    p = r.json()
    assert p["begeleidingTot"] == plus_maanden(plus_maanden(start, 24), 3).isoformat()
    laatste = max(e["volgnummer"] for e in p["evaluaties"])
    r = api.as_("kwintes").post(pad, evaluatie(laatste, days_ago(1), besluit="beeindigen"))
    assert r.status_code == 201, r.text
    p = r.json()
    assert p["onbepaaldeTijdSinds"] == days_ago(1)
    assert p["begeleiding"]["beeindigdOp"] == days_ago(1)
    api.as_(BEMIDDELAAR).post("/v1/signaleringen/berekening")
    for org in ("kwintes", "nabij-wonen"):
        s = api.as_(org).get("/v1/signaleringen", params={"soort": "begeleiding-beeindigd"}).json()
        [sig] = s["resultaten"]
        assert "Zus Anna belt elke week" in sig["titel"] and "ZOU-L5" in sig["titel"]


@pytest.fixture
def regio_met(app):
    origineel = app.state.regio

    def zet(**nazorg):
        app.state.regio = origineel.model_copy(
            update={"nazorg": origineel.nazorg.model_copy(update=nazorg)}
        )

    yield zet
    app.state.regio = origineel


def test_drechtsteden_evaluation_three_weeks_after_the_keys(api, registreer, meld, regio_met):
    """ZOU-P2 (Drechtsteden step 13): a region setting adds an evaluation 3 weeks after the key
    handover; the responsible party follows the region's reading (WA 11: corporatie)."""
    regio_met(evaluatie_na_sleuteloverdracht_weken=3, evaluatie_verantwoordelijke="corporatie")
    w = plaats(api, registreer, meld, contractdatum=days_ago(30))
    p = api.as_("kwintes").get(f"/v1/plaatsingen/{w['plaatsing']}").json()
    eerste = p["evaluaties"][0]
    assert eerste["geplandOp"] == days_ago(9) and "3 weken" in eerste["omschrijving"]
    assert eerste["verantwoordelijke"] == "corporatie"
    api.as_(BEMIDDELAAR).post("/v1/signaleringen/berekening")
    corp = api.as_("nabij-wonen").get("/v1/signaleringen", params={"soort": "evaluatie"}).json()
    assert any(s["eigenaarId"] == org_id(api, "nabij-wonen") for s in corp["resultaten"])


def test_informing_gemeente_and_wijkteam(api, registreer, meld):
    """ZOU-P4: record to whom and when; the printable notification names the sociaal team of
    the gemeente from the region's contacts (ZOU-B1)."""
    w = plaats(api, registreer, meld)
    r = api.as_("nabij-wonen").post(
        f"/v1/plaatsingen/{w['plaatsing']}/kennisgevingen",
        {
            "ontvangerSoort": "gemeente",
            "ontvanger": "Gemeente Zeist",
            "geinformeerdOp": days_ago(0),
            "wijze": "brief",
        },
    )
    assert r.status_code == 201, r.text
    assert r.json()["kennisgevingen"][0]["ontvanger"] == "Gemeente Zeist"
    r = api.as_("kwintes").get(f"/v1/plaatsingen/{w['plaatsing']}/kennisgevingsbrief")
    assert r.status_code == 200 and r.headers["content-type"] == "application/pdf"
    tekst = "\n".join(pg.extract_text() for pg in PdfReader(io.BytesIO(r.content)).pages)
    assert "Sanne de Vries" in tekst and "Slotlaan 12" in tekst
    assert "zeist@zeist.nl" in tekst  # ZOU-B1 contact of the sociaal team in Zeist


def test_any_party_raises_that_living_threatens_to_fail(api, registreer, meld):
    """ZOU-B5: any party raises it; the referring organisation owns it, the corporatie reads."""
    w = plaats(api, registreer, meld)
    pad = f"/v1/plaatsingen/{w['plaatsing']}/signaleringen"
    r = api.as_("nabij-wonen").post(pad, {"toelichting": "Drie maanden huurachterstand."})
    assert r.status_code == 201, r.text
    s = r.json()
    assert s["soort"] == "dreigt-te-mislukken" and s["eigenaarId"] == org_id(api, "kwintes")
    zichtbaar = api.as_("kwintes").get("/v1/signaleringen", params={"soort": "dreigt-te-mislukken"})
    assert [x["id"] for x in zichtbaar.json()["resultaten"]] == [s["id"]]
    assert api.as_("kwintes").post(pad, {"toelichting": "Nog een"}).status_code == 409
    api.as_(BEMIDDELAAR).post("/v1/signaleringen/berekening")  # a raised signal stays open
    assert api.as_("kwintes").get(f"/v1/signaleringen/{s['id']}").json()["status"] == "open"
