"""The waiting list: registration, own-only reads, status life cycle (ZOU-T1, ZOU-C1/C3/C4)."""

from __future__ import annotations

import uuid

from sqlmodel import select

from service.db import session_scope
from service.models import Gebeurtenis
from service.models import Inzage
from service.models import Kandidaat
from tests.service.conftest import kandidaat_body


def test_registration_sets_defaults_from_doelgroep_zou_t1(api, registreer):
    k = registreer(doelgroep="uitstroom-zvw", casushouder={"naam": "Els"})
    assert k["casushouder"]["rol"].startswith("GGZ-aanbieder")
    assert k["casushouder"]["organisatie"] == "Kwintes"
    assert k["status"] == "wachtend" and k["route"] == "omgekeerde-plaatsing"
    assert k["gemeentevoorkeuren"] == ["Zeist", "De Bilt"] and k["wachttijdDagen"] == 60
    ll = registreer(doelgroep="living-lab")
    assert ll["route"] == "maatwerk"  # special criteria go through maatwerk (ZOU-R2)
    geen = registreer(doelgroep="reguliere-uitstroom-ontraden")
    assert geen["casushouder"]["organisatie"] is None


def test_zorgaanbieder_sees_only_own_kandidaten(api, registreer):
    own = registreer("kwintes")["id"]
    foreign = registreer("lister")["id"]
    ids = {k["id"] for k in api.as_("kwintes").get("/v1/kandidaten").json()["resultaten"]}
    assert ids == {own}
    r = api.as_("kwintes").get(f"/v1/kandidaten/{foreign}")
    assert r.status_code == 404 and "mag deze kandidaat niet zien" in r.json()["detail"]
    assert (
        api.as_("kwintes").patch(f"/v1/kandidaten/{foreign}", {"jaarinkomen": 1}).status_code == 404
    )
    all_ids = {
        k["id"] for k in api.as_("het-vierde-huis").get("/v1/kandidaten").json()["resultaten"]
    }
    assert all_ids == {own, foreign}


def test_corporatie_and_regiobeheer_never_see_the_list(api, registreer):
    registreer()
    assert api.as_("nabij-wonen").get("/v1/kandidaten").status_code == 403
    assert api.as_("beter-wonen").get("/v1/kandidaten").status_code == 403


def test_list_filters_and_orders_longest_waiting_first(api, registreer):
    a = registreer(aanmelddatum="2026-01-01", gemeentevoorkeuren=["Bunnik"])["id"]
    b = registreer(aanmelddatum="2025-06-01")["id"]
    ids = [k["id"] for k in api.as_("kwintes").get("/v1/kandidaten").json()["resultaten"]]
    assert ids == [b, a]
    r = (
        api.as_("kwintes")
        .get("/v1/kandidaten", params={"gemeente": "Bunnik", "metTotaal": "true"})
        .json()
    )
    assert [k["id"] for k in r["resultaten"]] == [a] and r["totaal"] == 1


def test_status_transitions_allowed_and_refused(api, registreer):
    k = registreer()["id"]
    url = f"/v1/kandidaten/{k}/statuswijzigingen"
    r = api.as_("kwintes").post(url, {"status": "gepauzeerd", "toelichting": "Opname"})
    assert r.status_code == 201 and r.json()["status"] == "gepauzeerd"
    assert api.as_("kwintes").post(url, {"status": "gepauzeerd"}).status_code == 409
    assert api.as_("kwintes").post(url, {"status": "geplaatst"}).status_code == 409
    r = api.as_("kwintes").post(url, {"status": "uitgeschreven"})
    assert r.status_code == 400 and r.json()["invalidParams"][0]["name"] == "reden"
    r = api.as_("kwintes").post(
        url, {"status": "uitgeschreven", "reden": "woont-bij-eigen-netwerk"}
    )  # ZOU-C4
    assert r.status_code == 201 and r.json()["statusReden"] == "woont-bij-eigen-netwerk"
    r = api.as_("kwintes").post(url, {"status": "wachtend"})
    assert r.status_code == 409 and "uitgeschreven" in r.json()["detail"]
    assert api.as_("kwintes").patch(f"/v1/kandidaten/{k}", {"jaarinkomen": 1}).status_code == 409


def test_refused_change_writes_nothing(api, app, registreer):
    k = registreer()["id"]
    before = api.as_("kwintes").get(f"/v1/kandidaten/{k}").json()
    r = api.as_("kwintes").patch(
        f"/v1/kandidaten/{k}", {"gemeentevoorkeuren": ["Zeist", "Amsterdam"], "jaarinkomen": 25000}
    )
    assert r.status_code == 400
    assert (
        api.as_("kwintes").get(f"/v1/kandidaten/{k}").json()["jaarinkomen"] == before["jaarinkomen"]
    )
    with session_scope(app.state.engine, app.state.regio) as s:
        assert (
            s.exec(select(Gebeurtenis).where(Gebeurtenis.actie == "kandidaat-gewijzigd")).all()
            == []
        )


def test_change_updates_preferences_and_audits_before_after(api, app, registreer):
    k = registreer()["id"]
    r = api.as_("kwintes").patch(
        f"/v1/kandidaten/{k}", {"gemeentevoorkeuren": ["Bunnik"], "jaarinkomen": 25000}
    )
    assert r.status_code == 200
    assert r.json()["gemeentevoorkeuren"] == ["Bunnik"] and r.json()["jaarinkomen"] == 25000
    with session_scope(app.state.engine, app.state.regio) as s:
        ev = s.exec(select(Gebeurtenis).where(Gebeurtenis.actie == "kandidaat-gewijzigd")).one()
        assert ev.voor["jaarinkomen"] == 20000 and ev.na["jaarinkomen"] == 25000
        assert ev.na["gemeentevoorkeuren"] == ["Bunnik"]


def test_bemiddelaar_may_only_change_the_route(api, registreer):
    k = registreer()["id"]
    r = api.as_("het-vierde-huis").patch(f"/v1/kandidaten/{k}", {"jaarinkomen": 1})
    assert r.status_code == 403 and "jaarinkomen" in r.json()["detail"]
    r = api.as_("het-vierde-huis").patch(f"/v1/kandidaten/{k}", {"route": "maatwerk"})
    assert r.status_code == 200 and r.json()["route"] == "maatwerk"


def test_reads_of_personal_data_are_logged(api, app, registreer):
    k = registreer()["id"]
    api.as_("het-vierde-huis").get(f"/v1/kandidaten/{k}")
    with session_scope(app.state.engine, app.state.regio) as s:
        ev = s.exec(select(Inzage).where(Inzage.kandidaat_id == uuid.UUID(k))).one()
        assert ev.organisatie_id is not None and ev.bron == "kandidaat"


def test_future_registration_date_and_bad_age_are_refused(api):
    r = api.as_("kwintes").post(
        "/v1/kandidaten", kandidaat_body(aanmelddatum="2999-01-01", geboortedatum="2020-01-01")
    )
    assert r.status_code == 400
    assert {p["name"] for p in r.json()["invalidParams"]} == {"aanmelddatum", "geboortedatum"}


def test_pool_flag_follows_status(api, app, registreer):
    from service.models import Gemeentevoorkeur

    k = registreer()["id"]
    api.as_("kwintes").post(f"/v1/kandidaten/{k}/statuswijzigingen", {"status": "gepauzeerd"})
    with session_scope(app.state.engine, app.state.regio) as s:
        rows = s.exec(select(Gemeentevoorkeur).join(Kandidaat)).all()
        assert rows and not any(r.in_pool for r in rows)


def test_full_record_for_the_right_of_access(api, registreer):
    k = registreer(voornaam="Inzage")["id"]
    api.as_("kwintes").post(f"/v1/kandidaten/{k}/statuswijzigingen", {"status": "gepauzeerd"})
    r = api.as_("kwintes").get(f"/v1/kandidaten/{k}/dossier")
    assert r.status_code == 200
    d = r.json()
    assert d["kandidaat"]["voornaam"] == "Inzage"
    assert {e["actie"] for e in d["logboek"]} >= {"kandidaat-aangemeld", "kandidaat-gepauzeerd"}
    assert set(d) == {
        "kandidaat",
        "voordrachtplekken",
        "aanbiedingen",
        "plaatsingen",
        "evaluaties",
        "maatwerktrajecten",
        "signaleringen",
        "logboek",
        "inzagen",
    }
    assert api.as_("lister").get(f"/v1/kandidaten/{k}/dossier").status_code == 404


def test_list_pages_by_keyset_in_waiting_order_without_a_count(api, registreer):
    """The waiting list pages with the cursor ``volgende`` (keyset, issue 15): the pages
    together are the list in waiting order, each kandidaat once; ``totaal`` only when asked;
    a cursor that was not given out is a 400."""
    ids = [registreer(aanmelddatum=f"2025-0{m}-01")["id"] for m in (5, 3, 9, 1, 7)]
    ids.append(registreer(aanmelddatum="2025-03-01")["id"])  # same day: the later one after
    verwacht = [ids[3], ids[1], ids[5], ids[0], ids[4], ids[2]]
    zorg = api.as_("kwintes")
    gezien, vanaf = [], None
    for _ in range(4):
        params = {"paginaGrootte": 2, **({"vanaf": vanaf} if vanaf else {})}
        r = zorg.get("/v1/kandidaten", params=params).json()
        assert r["totaal"] is None
        gezien += [k["id"] for k in r["resultaten"]]
        vanaf = r["volgende"]
        if vanaf is None:
            break
    assert gezien == verwacht
    eerste = zorg.get("/v1/kandidaten", params={"paginaGrootte": 2, "metTotaal": "true"})
    assert eerste.json()["totaal"] == 6 and eerste.json()["volgende"]
    r = zorg.get("/v1/kandidaten", params={"vanaf": "geen-cursor"})
    assert r.status_code == 400 and r.json()["invalidParams"][0]["name"] == "vanaf"
