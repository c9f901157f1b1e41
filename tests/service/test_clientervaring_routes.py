"""Client experience (ZOU-M4, ZOU-B6): stored apart from the identity, aggregated per year with
every group smaller than 5 suppressed. Drechtsteden: the application form stored with the route
advice (DRE-F1), the chosen route reported and counted (DRE-R4)."""

from __future__ import annotations

from sqlmodel import select

from service.clock import vandaag
from service.db import session_scope
from service.models import Clientervaring
from tests.service.nazorg_hulp import compleet
from tests.service.world import BEMIDDELAAR

KENNIS = {"moment": "kennismaking"}


def vul_in(api, n: int, moment: str, **antwoorden) -> None:
    for _ in range(n):
        r = api.as_("kwintes").post(
            "/v1/clientervaringen", {"moment": moment, "antwoorden": antwoorden}
        )
        assert r.status_code == 201, r.text


def cijfers(api, org: str = "beter-wonen") -> dict:
    r = api.as_(org).get("/v1/regiocijfers/nazorg", params={"jaar": vandaag().year})
    assert r.status_code == 200, r.text
    return r.json()


def vraag(c: dict, moment: str, code: str) -> dict:
    m = next(x for x in c["clientervaring"] if x["moment"] == moment)
    return next(v for v in m["vragen"] if v["vraag"] == code)


def test_answers_are_stored_without_identity(api, app):
    """ZOU-M4: no kandidaat, no name: the year, the moment and the provider only."""
    r = api.as_("kwintes").post(
        "/v1/clientervaringen", {**KENNIS, "antwoorden": {"vraag1c": "ja", "vraag2c": 3}}
    )
    assert r.status_code == 201 and r.json()["beantwoord"] == 2
    with session_scope(app.state.engine, app.state.regio) as session:
        [c] = session.exec(select(Clientervaring)).all()
        assert set(Clientervaring.model_fields) == {
            "id",
            "jaar",
            "moment",
            "zorgaanbieder_id",
            "antwoorden",
            "aangemaakt_op",
        }
        assert c.antwoorden == {"vraag_1c": "ja", "vraag_2c": 3}
    assert (
        api.as_("nabij-wonen")
        .post("/v1/clientervaringen", {**KENNIS, "antwoorden": {}})
        .status_code
        == 403
    )


def test_at_evaluations_only_the_living_topics(api):
    """ZOU-B6 §3.3: the whole list at kennismaking; parts 4 and 5 at an evaluation."""
    r = api.as_("kwintes").post(
        "/v1/clientervaringen",
        {"moment": "evaluatie", "antwoorden": {"vraag1c": "ja", "vraag4e": "ja", "vraag2c": 2}},
    )
    assert r.status_code == 400
    assert {p["name"] for p in r.json()["invalidParams"]} == {
        "antwoorden.vraag1c",
        "antwoorden.vraag2c",
    }
    r = api.as_("kwintes").post(
        "/v1/clientervaringen", {"moment": "evaluatie", "antwoorden": {"vraag4e": "nee"}}
    )
    assert r.status_code == 201
    r = api.as_("kwintes").post(
        "/v1/clientervaringen", {"moment": "evaluatie", "antwoorden": {"vraag4e": "soms"}}
    )
    assert r.status_code == 400


def test_groups_smaller_than_five_are_suppressed(api):
    """ZOU-M4: counts and averages per year; a group of fewer than 5 is never shown."""
    vul_in(api, 4, "kennismaking", vraag1c="ja", vraag2c=2)
    c = cijfers(api)
    kennis = next(x for x in c["clientervaring"] if x["moment"] == "kennismaking")
    assert kennis["onderdrukt"] is True and kennis["vragenlijsten"] is None
    assert vraag(c, "kennismaking", "1c")["aantal"] is None
    assert vraag(c, "kennismaking", "1c")["gemiddelde"] is None
    vul_in(api, 2, "kennismaking", vraag1c="nee", vraag2c=5)
    c = cijfers(api)
    assert (
        next(x for x in c["clientervaring"] if x["moment"] == "kennismaking")["vragenlijsten"] == 6
    )
    v = vraag(c, "kennismaking", "1c")
    assert v["aantal"] == 6 and v["gemiddelde"] == round((4 * 3 + 2 * 1) / 6, 2)
    assert v["verdeling"] == {"ja": None, "een-beetje": 0, "nee": None}  # 4 and 2: both < 5
    assert vraag(c, "kennismaking", "2c")["gemiddelde"] == round((4 * 2 + 2 * 5) / 6, 1)
    assert vraag(c, "kennismaking", "1d")["aantal"] is None  # nobody answered: suppressed
    assert next(x for x in c["clientervaring"] if x["moment"] == "evaluatie")["onderdrukt"] is True
    assert api.as_("kwintes").get("/v1/regiocijfers/nazorg").status_code == 403


def vragen_voorrang() -> dict:
    return {
        "uitstroomdeadline": True,
        "zelfstandigGewoondInRegio": True,
    }


def test_application_form_kept_with_the_advice_and_the_chosen_route_counted(api, registreer):
    """DRE-F1: the form's fields stored with the advice; DRE-R4: the chosen route reported."""
    k = registreer()
    pad = f"/v1/kandidaten/{k['id']}/routeadviezen"
    r = api.as_("kwintes").post(
        pad, {"vragen": {"uitstroomdeadline": True}, "aanvraag": compleet("voorrangsaanvraag")}
    )
    assert r.status_code == 400  # question 2a not answered: nothing is stored
    assert api.as_("kwintes").get(pad).json() == []
    aanvraag = compleet("voorrangsaanvraag", lift=True, woonkeusPunten=120, drugs="nee")
    r = api.as_("kwintes").post(pad, {"vragen": vragen_voorrang(), "aanvraag": aanvraag})
    assert r.status_code == 201, r.text
    opgeslagen = r.json()
    assert opgeslagen["advies"] == "voorrang-en-directe-bemiddeling"
    assert opgeslagen["aanvraag"]["woonkeusPunten"] == 120 and opgeslagen["formulierVersie"] == 1
    assert opgeslagen["uitkomst"]["pad"][0]["vraagNummer"] == "1"
    lijst = api.as_(BEMIDDELAAR).get(pad).json()
    assert [x["id"] for x in lijst] == [opgeslagen["id"]]
    assert api.as_("lister").get(pad).status_code == 404
    assert api.as_("nabij-wonen").get(pad).status_code == 403
    keuze = f"/v1/routeadviezen/{opgeslagen['id']}/routekeuze"
    assert api.as_("lister").post(keuze, {"route": "regulier"}).status_code == 404
    r = api.as_("kwintes").post(
        keuze, {"route": "regulier", "toelichting": "De cliënt zoekt zelf."}
    )
    assert r.status_code == 201 and r.json()["gekozenRoute"] == "regulier"
    assert api.as_("kwintes").post(keuze, {"route": "regulier"}).status_code == 409
    routes = cijfers(api, BEMIDDELAAR)["routes"]
    assert routes == {
        "geadviseerd": {"voorrang-en-directe-bemiddeling": 1},
        "gekozen": {"regulier": 1},
        "afwijkend": 1,
    }
