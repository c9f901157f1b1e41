"""Signaleringen (ZOU-M2 and friends), waarom-niet, evaluations (ZOU-P2) and retention."""

from __future__ import annotations

import uuid
from datetime import timedelta

from sqlmodel import select

from service import clock
from service.db import session_scope
from service.models import Gebeurtenis
from service.models import Kandidaat
from service.retentie import pseudonimiseer
from tests.service.conftest import days_ago
from tests.service.world import approve
from tests.service.world import plek_of

HVH = "het-vierde-huis"


def bereken(api):
    r = api.as_(HVH).post("/v1/signaleringen/berekening")
    assert r.status_code == 201, r.text
    return r.json()


def signalen(api, org=HVH, **params):
    return api.as_(org).get("/v1/signaleringen", params=params).json()["resultaten"]


def test_zou_m2_long_waiter_gets_signal_with_diagnosis_naming_the_reason(api, registreer, meld):
    lang = registreer(
        aanmelddatum=days_ago(250),
        huishouden={"volwassenen": 2, "kinderen": 2},
        behoeften={"minimumKamers": 3},
        gemeentevoorkeuren=["Zeist"],
    )["id"]
    registreer(aanmelddatum=days_ago(30))
    meld(kamers=2, maxBewoners=2)
    assert bereken(api)["nieuw"] >= 1
    [s] = signalen(api, soort="langwachtend")
    assert s["onderwerpId"] == lang and s["status"] == "open"
    d = s["diagnose"]
    assert d["woningenGemeld"] == 1 and d["geschikt"] == 0 and d["blokkerendeRegel"] == "MATCH-E3"
    assert (
        d["bindendeBeperking"]
        == "Sinds aanmelding geen woning voor 4 personen met minstens 3 kamers in Zeist."
    )
    assert any("maatwerk" in v for v in d["voorstellen"]) and any(
        "gemeente" in v for v in d["voorstellen"]
    )
    # visible to the kandidaat's zorgaanbieder, not to another one
    assert [x["id"] for x in signalen(api, "kwintes", soort="langwachtend")] == [s["id"]]
    assert signalen(api, "lister", soort="langwachtend") == []


def test_paused_time_does_not_count(api, registreer):
    k = registreer(aanmelddatum=days_ago(150))["id"]
    api.as_("kwintes").post(f"/v1/kandidaten/{k}/statuswijzigingen", {"status": "gepauzeerd"})
    clock.verzet(clock.vandaag() + timedelta(days=60))
    try:
        bereken(api)
        assert (
            signalen(api, soort="langwachtend") == []
        )  # 210 days registered, 60 of them paused: 150 count
        api.as_("kwintes").post(f"/v1/kandidaten/{k}/statuswijzigingen", {"status": "wachtend"})
        clock.verzet(clock.vandaag() + timedelta(days=40))  # 250 registered, 60 paused: 190 count
        bereken(api)
        assert [s["onderwerpId"] for s in signalen(api, soort="langwachtend")] == [k]
    finally:
        clock.verzet(None)


def test_signal_resolves_itself_when_the_cause_is_gone_and_keeps_history(api, registreer, meld):
    k = registreer(aanmelddatum=days_ago(300))["id"]
    bereken(api)
    [s] = signalen(api, soort="langwachtend")
    r = api.as_(HVH).post(
        f"/v1/signaleringen/{s['id']}/behandeling", {"status": "in-behandeling", "notitie": "Bel"}
    )
    assert r.status_code == 201 and r.json()["status"] == "in-behandeling"
    vd = approve(api, meld()["voordrachtId"])
    a = (
        api.as_("nabij-wonen")
        .post(f"/v1/voordrachten/{vd['id']}/keuze", {"plekId": plek_of(vd, k)})
        .json()
    )
    api.as_(HVH).post(f"/v1/aanbiedingen/{a['id']}/antwoord", {"besluit": "accepteren"})
    api.as_("nabij-wonen").post(
        "/v1/plaatsingen", {"aanbiedingId": a["id"], "contractdatum": days_ago(0)}
    )
    # the placement closes the waiting signal at once (ZOU-P1 closing), not at the next run
    done = api.as_(HVH).get(f"/v1/signaleringen/{s['id']}").json()
    assert done["status"] == "afgehandeld" and done["automatischAfgehandeld"]
    assert [h["status"] for h in done["historie"]] == ["open", "in-behandeling", "afgehandeld"]


def test_closing_needs_a_note_and_only_the_owner_may(api, registreer):
    registreer(aanmelddatum=days_ago(300))
    bereken(api)
    [s] = signalen(api, soort="langwachtend")
    assert (
        api.as_(HVH)
        .post(f"/v1/signaleringen/{s['id']}/behandeling", {"status": "afgehandeld"})
        .status_code
        == 400
    )
    r = api.as_("kwintes").post(
        f"/v1/signaleringen/{s['id']}/behandeling", {"status": "afgehandeld", "notitie": "x"}
    )
    assert r.status_code == 409 and "eigenaar" in r.json()["detail"]
    r = api.as_(HVH).post(
        f"/v1/signaleringen/{s['id']}/behandeling",
        {"status": "afgehandeld", "notitie": "Maatwerk gestart"},
    )
    assert r.status_code == 201
    bereken(api)  # still waiting: a new signal opens, the handled one stays closed
    assert len(signalen(api, soort="langwachtend", status="open")) == 1


def test_woning_without_enough_kandidaten_and_overdue_evaluation(api, app, registreer, meld):
    k = registreer()["id"]
    vd = approve(api, meld()["voordrachtId"])
    bereken(api)
    [s] = signalen(api, soort="woning-zonder-kandidaten")
    assert s["diagnose"]["gevonden"] == 1 and s["titel"].startswith("Voordracht met 1 van de 3")
    a = (
        api.as_("nabij-wonen")
        .post(f"/v1/voordrachten/{vd['id']}/keuze", {"plekId": plek_of(vd, k)})
        .json()
    )
    api.as_(HVH).post(f"/v1/aanbiedingen/{a['id']}/antwoord", {"besluit": "accepteren"})
    p = (
        api.as_("nabij-wonen")
        .post("/v1/plaatsingen", {"aanbiedingId": a["id"], "contractdatum": days_ago(100)})
        .json()
    )
    bereken(api)
    [e] = signalen(api, "nabij-wonen", soort="evaluatie")
    assert e["diagnose"]["teLaat"] is True and "Evaluatie na 3 maanden" in e["titel"]  # ZOU-P2
    # The guiding organisation records it, with its outcome (ZOU-P2).
    goed = {"oordeel": "goed"}
    r = api.as_("kwintes").post(
        f"/v1/plaatsingen/{p['id']}/evaluaties",
        {
            "volgnummer": 1,
            "uitgevoerdOp": days_ago(1),
            "uitkomsten": dict.fromkeys(
                ("wonen", "financien", "netwerk", "begeleiding", "overlast"), goed
            ),
            "positief": True,
            "besluit": "voortzetten",
            "volgendeStap": "Over een jaar weer.",
        },
    )
    assert r.status_code == 201 and r.json()["evaluaties"][0]["uitgevoerdOp"] == days_ago(1)
    bereken(api)
    assert signalen(api, "nabij-wonen", soort="evaluatie", status="open") == []


def test_waarom_niet_explains_each_recent_woning(api, registreer, meld):
    k = registreer(aanmelddatum=days_ago(200), jaarinkomen=20000)["id"]
    meld(kaleHuur="800.00")  # above the aftoppingsgrens for this income
    meld()
    r = api.as_("kwintes").get(f"/v1/kandidaten/{k}/waarom-niet")
    assert r.status_code == 200
    body = r.json()
    uitkomsten = sorted(w["uitkomst"] for w in body["woningen"])
    assert uitkomsten == ["niet-geschikt", "voorgedragen"]
    niet = next(w for w in body["woningen"] if w["uitkomst"] == "niet-geschikt")
    assert niet["regel"] == "MATCH-E4" and "te hoog" in niet["reden"]
    assert api.as_("lister").get(f"/v1/kandidaten/{k}/waarom-niet").status_code == 404
    assert api.as_("nabij-wonen").get(f"/v1/kandidaten/{k}/waarom-niet").status_code == 403


def test_retention_removes_personal_data_of_closed_files_but_keeps_figures(api, app, registreer):
    k = registreer(voornaam="Bewaar", aanmelddatum=days_ago(100))["id"]
    api.as_("kwintes").post(
        f"/v1/kandidaten/{k}/statuswijzigingen",
        {"status": "uitgeschreven", "reden": "zelf-woning-gevonden", "toelichting": "Via familie"},
    )
    with session_scope(app.state.engine, app.state.regio) as s:
        assert pseudonimiseer(s) == 0  # not yet: the retention period runs
    clock.verzet(clock.vandaag() + timedelta(days=25 * 31))
    try:
        with session_scope(app.state.engine, app.state.regio) as s:
            assert pseudonimiseer(s, proefrun=True) == 1
            assert pseudonimiseer(s) == 1
    finally:
        clock.verzet(None)
    with session_scope(app.state.engine, app.state.regio) as s:
        row = s.exec(select(Kandidaat).where(Kandidaat.id == uuid.UUID(k))).one()
        assert (
            row.voornaam == "(verwijderd)"
            and row.casushouder_naam is None
            and row.geboortedatum.day == 1
        )
        assert row.aanmelddatum.isoformat() == days_ago(100)  # figures keep working
        events = s.exec(select(Gebeurtenis).where(Gebeurtenis.object_id == k)).all()
        assert "Bewaar" not in str([(e.voor, e.na) for e in events])
        assert "kandidaat-gepseudonimiseerd" in {e.actie for e in events}
