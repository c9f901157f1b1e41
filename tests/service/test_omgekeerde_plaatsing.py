"""Omgekeerde plaatsing end to end (ZOU-R1, MATCH-*, DRE-O1/O2, ZOU-P1/P2)."""

from __future__ import annotations

from datetime import datetime
from datetime import timedelta

from sqlmodel import select

from service.clock import nu
from service.db import session_scope
from service.levensloop.overgangen import expire_overdue
from service.models import Aanbieding
from service.models import Gebeurtenis
from service.regio import MatchingInstellingen
from service.werkdagen import termijn_einde
from tests.service.conftest import days_ago
from tests.service.world import approve
from tests.service.world import plek_of

HVH = "het-vierde-huis"
CORP = "nabij-wonen"


def voordracht(api, vd_id, org=HVH):
    r = api.as_(org).get(f"/v1/voordrachten/{vd_id}")
    assert r.status_code == 200, r.text
    return r.json()


def kandidaat(api, kid, org=HVH):
    return api.as_(org).get(f"/v1/kandidaten/{kid}").json()


def test_zou_r1_woning_gets_voordracht_of_three_longest_waiting(api, registreer, meld):
    ids = [registreer(aanmelddatum=days_ago(d))["id"] for d in (50, 400, 200, 300, 10)]
    w = meld()
    vd = voordracht(api, w["voordrachtId"])
    assert vd["status"] == "te-beoordelen" and vd["volledig"]
    assert [p["kandidaatId"] for p in vd["plekken"]] == [ids[1], ids[3], ids[2]]  # MATCH-K2
    assert [p["positie"] for p in vd["plekken"]] == [1, 2, 3]
    first = vd["plekken"][0]["uitleg"]
    assert [r["regel"] for r in first["waaromGeschikt"]] == [f"MATCH-E{i}" for i in range(1, 8)]
    assert first["waaromDezePlek"].startswith("Plek 1: Zeist is de eerste keuze")
    assert vd["uitleg"]["wachtendMetDezeGemeente"] == 5


def test_match_k1_first_choice_before_longer_waiting(api, registreer, meld):
    second_choice = registreer(aanmelddatum=days_ago(500), gemeentevoorkeuren=["De Bilt", "Zeist"])[
        "id"
    ]
    first_choice = registreer(aanmelddatum=days_ago(20))["id"]
    vd = voordracht(api, meld()["voordrachtId"])
    assert [p["kandidaatId"] for p in vd["plekken"]] == [first_choice, second_choice]
    assert vd["volledig"] is False  # MATCH-N: fewer than three is marked
    assert "niet de eerste keuze" in vd["plekken"][1]["uitleg"]["waaromDezePlek"]


def test_unsuitable_kandidaten_are_counted_per_rule(api, registreer, meld):
    registreer(aanmelddatum=days_ago(300), huishouden={"volwassenen": 2, "kinderen": 3})  # E3
    registreer(aanmelddatum=days_ago(250), jaarinkomen=80000)  # E4 (DAEB)
    registreer(aanmelddatum=days_ago(200), behoeften={"rolstoel": True})  # E5
    ok = registreer(aanmelddatum=days_ago(100))["id"]
    vd = voordracht(api, meld(rolstoeltoegankelijk=False)["voordrachtId"])
    assert [p["kandidaatId"] for p in vd["plekken"]] == [ok]
    counts = vd["uitleg"]["uitgeslotenPerRegel"]
    assert (counts["MATCH-E3"], counts["MATCH-E4"], counts["MATCH-E5"]) == (1, 1, 1)


def test_zou_r3_maatwerk_corporatie_gets_no_automatic_voordracht(api, registreer, meld):
    registreer()
    w = meld("portaal")
    assert w["voordrachtId"] is None
    assert api.as_(HVH).get("/v1/voordrachten").json()["totaal"] == 0


def test_match_v1_corporatie_sees_nothing_before_review_and_strike_refills(api, registreer, meld):
    ids = [registreer(aanmelddatum=days_ago(d))["id"] for d in (400, 300, 200, 100)]
    vd_id = meld()["voordrachtId"]
    assert api.as_(CORP).get(f"/v1/voordrachten/{vd_id}").status_code == 404
    assert api.as_(CORP).get("/v1/voordrachten").json()["totaal"] == 0
    vd = voordracht(api, vd_id)
    r = api.as_(HVH).post(
        f"/v1/voordrachten/{vd_id}/beoordeling",
        {"besluit": "schrappen", "plekId": vd["plekken"][0]["id"], "reden": "Conflict met buren"},
    )
    assert r.status_code == 201
    actief = [p for p in r.json()["plekken"] if p["status"] == "te-beoordelen"]
    assert [p["kandidaatId"] for p in actief] == ids[1:]  # the fourth fills the place
    assert [p["positie"] for p in actief] == [1, 2, 3]
    assert any("Conflict met buren" in w for w in r.json()["uitleg"]["wijzigingen"])
    assert r.json()["uitleg"]["uitgeslotenPerRegel"]["MATCH-V1"] == 1
    approve(api, vd_id)
    seen = api.as_(CORP).get(f"/v1/voordrachten/{vd_id}").json()
    assert len(seen["plekken"]) == 3 and seen["weergave"] == "beperkt"


def test_corporatie_sees_minimal_data_until_choice(api, registreer, meld):
    k = registreer(
        voornaam="Geheim", doelgroep="uitstroom-forensische-zorg", aanmelddatum=days_ago(90)
    )
    vd_id = meld()["voordrachtId"]
    approve(api, vd_id)
    r = api.as_(CORP).get(f"/v1/voordrachten/{vd_id}")
    text = r.text
    for secret in ("Geheim", "forensisch", k["id"], "Piet Jansen", "doelgroep"):
        assert secret not in text
    plek = r.json()["plekken"][0]
    assert plek["pseudoniem"].startswith("K-") and plek["huishoudgrootte"] == 1
    assert plek["wachttijdDagen"] == 90 and plek["eersteKeuze"] and plek["huurPassend"]
    assert plek["begeleidingDoor"] == "Kwintes" and plek["contact"] is None
    r = api.as_(CORP).post(f"/v1/voordrachten/{vd_id}/keuze", {"plekId": plek["id"]})
    assert r.status_code == 201
    assert r.json()["kandidaat"]["naam"] == "Geheim de Vries"
    after = api.as_(CORP).get(f"/v1/voordrachten/{vd_id}").json()["plekken"][0]
    assert after["contact"]["casushouderNaam"] == "Piet Jansen"


def test_pseudonym_differs_per_corporatie(api, registreer, meld):
    registreer()
    a, b = meld("nabij-wonen")["voordrachtId"], meld("woongroen")["voordrachtId"]
    approve(api, a)
    approve(api, b)
    pa = api.as_("nabij-wonen").get(f"/v1/voordrachten/{a}").json()["plekken"][0]["pseudoniem"]
    pb = api.as_("woongroen").get(f"/v1/voordrachten/{b}").json()["plekken"][0]["pseudoniem"]
    assert pa != pb


def test_match_v2_not_longest_waiting_needs_reason_and_changes_nothing(api, app, registreer, meld):
    ids = [registreer(aanmelddatum=days_ago(d))["id"] for d in (300, 200)]
    vd_id = meld()["voordrachtId"]
    vd = approve(api, vd_id)
    r = api.as_(CORP).post(f"/v1/voordrachten/{vd_id}/keuze", {"plekId": plek_of(vd, ids[1])})
    assert r.status_code == 400 and r.json()["invalidParams"][0]["name"] == "redenSoort"
    assert kandidaat(api, ids[1])["status"] == "wachtend"
    assert api.as_(HVH).get("/v1/aanbiedingen").json()["totaal"] == 0
    r = api.as_(CORP).post(
        f"/v1/voordrachten/{vd_id}/keuze",
        {"plekId": plek_of(vd, ids[1]), "reden": "Woont dicht bij werk"},
    )
    assert r.status_code == 201 and r.json()["keuzeReden"] == "Woont dicht bij werk"
    assert kandidaat(api, ids[1])["status"] == "aangeboden"


def test_choice_of_plek_not_on_voordracht_is_400(api, registreer, meld):
    registreer()
    vd_id = meld()["voordrachtId"]
    approve(api, vd_id)
    r = api.as_(CORP).post(f"/v1/voordrachten/{vd_id}/keuze", {"plekId": vd_id})
    assert r.status_code == 400 and "niet op deze voordracht" in r.json()["detail"]


def test_choice_refills_other_voordrachten_holding_the_kandidaat(api, registreer, meld):
    top = registreer(aanmelddatum=days_ago(400))["id"]
    others = [registreer(aanmelddatum=days_ago(d))["id"] for d in (300, 200, 100)]
    vd1, vd2 = meld("nabij-wonen")["voordrachtId"], meld("woongroen")["voordrachtId"]
    v1 = approve(api, vd1)
    approve(api, vd2)
    assert (
        api.as_(CORP)
        .post(f"/v1/voordrachten/{vd1}/keuze", {"plekId": plek_of(v1, top)})
        .status_code
        == 201
    )
    v2 = voordracht(api, vd2)
    by_id = {p["kandidaatId"]: p["status"] for p in v2["plekken"]}
    assert by_id[top] == "vervallen"
    assert [
        p["kandidaatId"] for p in v2["plekken"] if p["status"] in ("goedgekeurd", "te-beoordelen")
    ] == others
    assert by_id[others[2]] == "te-beoordelen"  # the newcomer waits for review (MATCH-V1)
    events = api.as_(HVH).get("/v1/gebeurtenissen", params={"objectId": vd2}).json()["resultaten"]
    assert "voordracht-aangevuld" in {e["actie"] for e in events}


def test_decline_returns_kandidaat_and_excludes_from_this_woning(api, registreer, meld):
    a_id, b_id = (registreer(aanmelddatum=days_ago(d))["id"] for d in (300, 200))
    w = meld()
    vd = approve(api, w["voordrachtId"])
    aanbieding = (
        api.as_(CORP)
        .post(f"/v1/voordrachten/{vd['id']}/keuze", {"plekId": plek_of(vd, a_id)})
        .json()
    )
    r = api.as_("kwintes").post(
        f"/v1/aanbiedingen/{aanbieding['id']}/antwoord",
        {"besluit": "afwijzen", "reden": "locatie", "toelichting": "Te ver van familie"},
    )
    assert r.status_code == 201 and r.json()["status"] == "afgewezen"
    assert kandidaat(api, a_id)["status"] == "wachtend"
    assert api.as_(CORP).get(f"/v1/woningen/{w['id']}").json()["status"] == "beschikbaar"
    v = voordracht(api, vd["id"])
    assert {p["kandidaatId"]: p["status"] for p in v["plekken"]}[a_id] == "afgewezen"  # MATCH-E7
    r = api.as_(CORP).post(f"/v1/voordrachten/{vd['id']}/keuze", {"plekId": plek_of(vd, b_id)})
    assert r.status_code == 201  # the next is now the longest waiting: no reason needed
    # answering the closed aanbieding again changes nothing
    r = api.as_("kwintes").post(
        f"/v1/aanbiedingen/{aanbieding['id']}/antwoord", {"besluit": "accepteren"}
    )
    assert r.status_code == 409 and "al beantwoord" in r.json()["detail"]


def test_dre_o1_deadline_falls_back_to_next_kandidaat(api, app, registreer, meld):
    a_id, b_id = (registreer(aanmelddatum=days_ago(d))["id"] for d in (300, 200))
    vd = approve(api, meld()["voordrachtId"])
    first = (
        api.as_(CORP)
        .post(f"/v1/voordrachten/{vd['id']}/keuze", {"plekId": plek_of(vd, a_id)})
        .json()
    )
    assert first["reactieDeadline"] > first["aangemaaktOp"]
    with session_scope(app.state.engine, app.state.regio) as s:
        assert expire_overdue(s, moment=nu()) == []  # not yet
        deadline = datetime.fromisoformat(first["reactieDeadline"])
        expired = expire_overdue(s, moment=deadline + timedelta(minutes=1))
    assert [str(x) for x in expired] == [first["id"]]
    assert api.as_(HVH).get(f"/v1/aanbiedingen/{first['id']}").json()["status"] == "verlopen"
    assert kandidaat(api, a_id)["status"] == "wachtend"
    lopend = api.as_(HVH).get("/v1/aanbiedingen", params={"status": "open"}).json()["resultaten"]
    assert [a["kandidaatId"] for a in lopend] == [b_id]
    assert "Automatisch doorgeschoven" in lopend[0]["keuzeReden"]
    r = api.as_("kwintes").post(
        f"/v1/aanbiedingen/{first['id']}/antwoord", {"besluit": "accepteren"}
    )
    assert r.status_code == 409


def test_dre_o2_accept_within_two_days_after_viewing(api, registreer, meld):
    k = registreer()["id"]
    vd = approve(api, meld()["voordrachtId"])
    a = api.as_(CORP).post(f"/v1/voordrachten/{vd['id']}/keuze", {"plekId": plek_of(vd, k)}).json()
    moment = (nu() + timedelta(hours=5)).isoformat()
    r = api.as_("kwintes").post(
        f"/v1/aanbiedingen/{a['id']}/antwoord", {"besluit": "bezichtigen", "bezichtigingOp": moment}
    )
    assert r.status_code == 201 and r.json()["status"] == "bezichtiging"
    verwacht = termijn_einde(datetime.fromisoformat(moment), 2, werkdagen=True)
    assert datetime.fromisoformat(r.json()["acceptatieDeadline"]) == verwacht


def test_zou_p1_placement_needs_acceptance_then_plans_evaluations(api, registreer, meld):
    k = registreer()["id"]
    w = meld()
    vd = approve(api, w["voordrachtId"])
    a = api.as_(CORP).post(f"/v1/voordrachten/{vd['id']}/keuze", {"plekId": plek_of(vd, k)}).json()
    r = api.as_(CORP).post(
        "/v1/plaatsingen", {"aanbiedingId": a["id"], "contractdatum": "2026-01-15"}
    )
    assert r.status_code == 409 and "geaccepteerd" in r.json()["detail"]
    assert api.as_(HVH).get("/v1/plaatsingen").json()["totaal"] == 0
    api.as_(HVH).post(f"/v1/aanbiedingen/{a['id']}/antwoord", {"besluit": "accepteren"})
    r = api.as_(CORP).post(
        "/v1/plaatsingen", {"aanbiedingId": a["id"], "contractdatum": "2026-01-15"}
    )
    assert r.status_code == 201
    p = r.json()
    assert p["contractvorm"] == "3-partijenovereenkomst"
    assert [e["geplandOp"] for e in p["evaluaties"]] == [
        "2026-04-15",
        "2027-01-15",
        "2028-01-15",
    ]  # ZOU-P2
    assert p["begeleidingTot"] == "2028-01-15"  # ZOU-C3
    assert kandidaat(api, k)["status"] == "geplaatst"
    assert api.as_(CORP).get(f"/v1/woningen/{w['id']}").json()["status"] == "verhuurd"
    assert voordracht(api, vd["id"])["status"] == "afgerond"
    r = api.as_(CORP).post(
        "/v1/plaatsingen", {"aanbiedingId": a["id"], "contractdatum": "2026-01-15"}
    )
    assert r.status_code == 409


def test_every_step_is_audited(api, app, registreer, meld):
    k = registreer()["id"]
    vd = approve(api, meld()["voordrachtId"])
    a = api.as_(CORP).post(f"/v1/voordrachten/{vd['id']}/keuze", {"plekId": plek_of(vd, k)}).json()
    api.as_(HVH).post(f"/v1/aanbiedingen/{a['id']}/antwoord", {"besluit": "accepteren"})
    api.as_(CORP).post("/v1/plaatsingen", {"aanbiedingId": a["id"], "contractdatum": days_ago(1)})
    with session_scope(app.state.engine, app.state.regio) as s:
        acties = set(s.exec(select(Gebeurtenis.actie)).all())
        assert s.exec(select(Aanbieding)).one().status == "geplaatst"
    assert {
        "kandidaat-aangemeld",
        "woning-gemeld",
        "voordracht-gemaakt",
        "voordracht-goedgekeurd",
        "kandidaat-gekozen",
        "aanbieding-gedaan",
        "aanbieding-geaccepteerd",
        "plaatsing-vastgelegd",
    } <= acties


def test_changed_kandidaat_leaves_voordrachten_it_no_longer_suits(api, registreer, meld):
    k = registreer(aanmelddatum=days_ago(300))["id"]
    other = registreer(aanmelddatum=days_ago(100))["id"]
    vd_id = meld()["voordrachtId"]
    r = api.as_("kwintes").patch(
        f"/v1/kandidaten/{k}", {"huishouden": {"volwassenen": 2, "kinderen": 2}}
    )
    assert r.status_code == 200
    plekken = {p["kandidaatId"]: p for p in voordracht(api, vd_id)["plekken"]}
    assert plekken[k]["status"] == "vervallen" and plekken[k]["reden"].startswith("MATCH-E3")
    assert plekken[other]["status"] == "te-beoordelen"
    api.as_("kwintes").patch(
        f"/v1/kandidaten/{other}", {"jaarinkomen": 21000}
    )  # still suitable: stays
    assert {p["kandidaatId"]: p for p in voordracht(api, vd_id)["plekken"]}[other][
        "status"
    ] == "te-beoordelen"


def test_paused_kandidaat_leaves_open_voordrachten(api, registreer, meld):
    k = registreer()["id"]
    vd_id = meld()["voordrachtId"]
    api.as_("kwintes").post(f"/v1/kandidaten/{k}/statuswijzigingen", {"status": "gepauzeerd"})
    assert voordracht(api, vd_id)["plekken"][0]["status"] == "vervallen"
    assert voordracht(api, vd_id)["volledig"] is False


def test_match_k1_begrensd_region_policy_lets_long_waiting_later_choice_go_first(
    api, app, registreer, meld
):
    """MATCH-K1 region policy ``begrensd``: the first-choice lead is at most N months."""
    lang = registreer(aanmelddatum=days_ago(500), gemeentevoorkeuren=["De Bilt", "Zeist"])["id"]
    kort = registreer(aanmelddatum=days_ago(20))["id"]
    oud = app.state.regio
    beleid = MatchingInstellingen(eerste_keuze="begrensd", max_voorsprong_maanden=12)
    app.state.regio = oud.model_copy(update={"matching": beleid})
    try:
        vd = voordracht(api, meld()["voordrachtId"])
        instellingen = api.as_(HVH).get("/v1/regio").json()["matching"]
        assert (instellingen["eersteKeuze"], instellingen["maxVoorsprongMaanden"]) == (
            "begrensd",
            12,
        )
    finally:
        app.state.regio = oud
    assert [p["kandidaatId"] for p in vd["plekken"]] == [lang, kort]
    uitleg = vd["uitleg"]["eersteKeuzeBeleid"]
    assert uitleg["soort"] == "begrensd" and uitleg["maxVoorsprongMaanden"] == 12
    assert "meer dan 12 maanden eerder" in uitleg["uitleg"]
    assert "meer dan 12 maanden eerder is aangemeld" in vd["plekken"][1]["uitleg"]["waaromDezePlek"]
    # the default region keeps the hard tier
    assert (
        voordracht(api, meld(kaleHuur="610.00")["voordrachtId"])["uitleg"]["eersteKeuzeBeleid"][
            "soort"
        ]
        == "voorrang"
    )


def test_match_v2_longest_waiting_is_earliest_date_not_place_1(api, registreer, meld):
    """MATCH-V2 with MATCH-K1: taking the longest waiting (a later choice, on place 2) needs no
    reason; taking place 1 (first choice, registered later) needs a structured reason."""
    from service.teksten import KEUZE_ZONDER_REDEN
    from service.teksten import REDEN_VERPLICHT

    eerste = registreer(aanmelddatum=days_ago(20))["id"]
    langst = registreer(aanmelddatum=days_ago(400), gemeentevoorkeuren=["De Bilt", "Zeist"])["id"]
    vd_id = meld()["voordrachtId"]
    vd = approve(api, vd_id)
    assert [p["kandidaatId"] for p in vd["plekken"]] == [eerste, langst]
    r = api.as_(CORP).post(f"/v1/voordrachten/{vd_id}/keuze", {"plekId": plek_of(vd, eerste)})
    assert r.status_code == 400 and r.json()["detail"] == KEUZE_ZONDER_REDEN
    veld = r.json()["invalidParams"][0]
    assert (veld["name"], veld["reason"]) == ("redenSoort", REDEN_VERPLICHT)
    r = api.as_(CORP).post(
        f"/v1/voordrachten/{vd_id}/keuze",
        {"plekId": plek_of(vd, langst), "redenSoort": "eerste-keuze-van-de-kandidaat"},
    )
    assert r.status_code == 201, r.text
    assert r.json()["keuzeRedenSoort"] is None  # the longest waiting needs no reason


def test_match_v2_structured_reason_first_choice_and_anders_needs_text(api, registreer, meld):
    eerste = registreer(aanmelddatum=days_ago(20))["id"]
    registreer(aanmelddatum=days_ago(400), gemeentevoorkeuren=["De Bilt", "Zeist"])
    vd_id = meld()["voordrachtId"]
    vd = approve(api, vd_id)
    r = api.as_(CORP).post(
        f"/v1/voordrachten/{vd_id}/keuze", {"plekId": plek_of(vd, eerste), "redenSoort": "anders"}
    )
    assert r.status_code == 400 and "toelichting" in r.text
    r = api.as_(CORP).post(
        f"/v1/voordrachten/{vd_id}/keuze",
        {
            "plekId": plek_of(vd, eerste),
            "redenSoort": "eerste-keuze-van-de-kandidaat",
            "reden": "Wil dicht bij familie in Zeist wonen.",
        },
    )
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["keuzeRedenSoort"] == "eerste-keuze-van-de-kandidaat"
    assert body["keuzeReden"] == "Wil dicht bij familie in Zeist wonen."
