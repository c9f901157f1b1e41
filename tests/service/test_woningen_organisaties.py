"""Woningen (own only), organisations and ZOU-R3 routes as data, the region file."""

from __future__ import annotations

import pytest

from service.errors import GrenzenOntbreken
from service.regio import REGIONS_DIR
from service.regio import RegioFout
from service.regio import load_regio
from tests.service.conftest import woning_body


def test_corporatie_reports_and_sees_only_own_woningen(api, meld):
    own = meld("nabij-wonen")
    foreign = meld("woongroen")
    ids = {w["id"] for w in api.as_("nabij-wonen").get("/v1/woningen").json()["resultaten"]}
    assert ids == {own["id"]}
    assert api.as_("nabij-wonen").get(f"/v1/woningen/{foreign['id']}").status_code == 404
    assert own["adres"]["postcode"] == "3701AB" and own["kaleHuur"] == "600.00"


def test_unknown_gemeente_and_bad_values_are_400_all_at_once(api):
    r = api.as_("nabij-wonen").post(
        "/v1/woningen",
        woning_body(
            gemeente="Utrecht",
            kamers=0,
            kaleHuur="-5",
            adres={"straat": "X", "huisnummer": "1", "postcode": "123", "plaats": "Zeist"},
        ),
    )
    assert r.status_code == 400
    assert {p["name"] for p in r.json()["invalidParams"]} == {
        "gemeente",
        "kamers",
        "kaleHuur",
        "adres.postcode",
    }


def test_zou_r3_route_is_data_and_changes_without_release(api, registreer):
    registreer()
    orgs = (
        api.as_("beter-wonen")
        .get("/v1/organisaties", params={"soort": "corporatie"})
        .json()["resultaten"]
    )
    routes = {o["code"]: o["route"] for o in orgs}
    assert routes["nabij-wonen"] == routes["woongroen"] == "omgekeerde-plaatsing"
    assert {routes[c] for c in ("portaal", "stedelink", "rhenam", "woonin", "lekstede")} == {
        "maatwerk"
    }
    portaal = next(o for o in orgs if o["code"] == "portaal")
    r = api.as_("beter-wonen").patch(f"/v1/organisaties/{portaal['id']}", {"route": "beide"})
    assert r.status_code == 200
    try:
        w = api.as_("portaal").post("/v1/woningen", woning_body()).json()
        assert w["voordrachtId"] is not None
    finally:
        api.as_("beter-wonen").patch(f"/v1/organisaties/{portaal['id']}", {"route": "maatwerk"})


def test_withdrawn_woning_closes_its_voordracht(api, registreer, meld):
    registreer()
    w = meld()
    r = api.as_("nabij-wonen").post(f"/v1/woningen/{w['id']}/intrekking", {"reden": "Verkocht"})
    assert (
        r.status_code == 201
        and r.json()["status"] == "ingetrokken"
        and r.json()["voordrachtId"] is None
    )
    vd = api.as_("het-vierde-huis").get(f"/v1/voordrachten/{w['voordrachtId']}").json()
    assert vd["status"] == "gesloten"
    assert (
        api.as_("nabij-wonen")
        .post(f"/v1/woningen/{w['id']}/intrekking", {"reden": "x"})
        .status_code
        == 409
    )


def test_changed_woning_gets_a_fresh_voordracht(api, registreer, meld):
    registreer(jaarinkomen=20000)
    w = meld()
    r = api.as_("nabij-wonen").patch(
        f"/v1/woningen/{w['id']}", {"kaleHuur": "950.00"}
    )  # above liberalisation
    assert r.status_code == 200
    new = r.json()["voordrachtId"]
    assert new and new != w["voordrachtId"]
    vd = api.as_("het-vierde-huis").get(f"/v1/voordrachten/{new}").json()
    assert vd["plekken"] == [] and vd["uitleg"]["uitgeslotenPerRegel"]["MATCH-E4"] == 1


def test_region_file_is_validated_with_all_problems(tmp_path):
    bad = tmp_path / "regio.toml"
    bad.write_text(
        'code = "x"\nnaam = "X"\ngemeenten = []\norganisaties = [{code = "a", naam = "A", '
        'soort = "corporatie"}]\ninkomensgrenzen = []\n',
        encoding="utf-8",
    )
    with pytest.raises(RegioFout) as exc:
        load_regio(str(bad))
    text = str(exc.value)
    assert "gemeenten" in text and "inkomensgrenzen" in text and "route" in text


def test_region_limits_are_a_dated_table():
    from datetime import date

    regio = load_regio("zuidoost-utrecht")
    assert (
        regio.grenzen_voor(date(2025, 6, 1)).liberalisatiegrens
        == regio.grenzen_voor(date(2025, 1, 1)).liberalisatiegrens
    )
    assert str(regio.grenzen_voor(date(2026, 3, 1)).liberalisatiegrens) == "932.93"
    with pytest.raises(GrenzenOntbreken):  # MATCH-E4: no silent reuse of 2026 in 2027
        regio.grenzen_voor(date(2027, 3, 1))
    with pytest.raises(GrenzenOntbreken):  # nor a later year's before the table starts
        regio.grenzen_voor(date(2020, 1, 1))


def test_regiobeheer_manages_organisations(api):
    r = api.as_("beter-wonen").post(
        "/v1/organisaties", {"code": "thuis-plus", "naam": "Thuis Plus", "soort": "zorgaanbieder"}
    )
    assert r.status_code == 201
    assert (
        api.as_("beter-wonen")
        .post(
            "/v1/organisaties", {"code": "thuis-plus", "naam": "Dubbel", "soort": "zorgaanbieder"}
        )
        .status_code
        == 409
    )
    r = api.as_("beter-wonen").post(
        "/v1/organisaties", {"code": "x", "naam": "X", "soort": "corporatie"}
    )
    assert r.status_code == 400


def test_match_k1_region_file_checks_the_first_choice_policy(tmp_path):
    """MATCH-K1: ``begrensd`` needs ``max_voorsprong_maanden``; the shipped default is voorrang."""
    import pytest as _pytest

    tekst = (REGIONS_DIR / "zuidoost-utrecht.toml").read_text(encoding="utf-8")
    assert load_regio("zuidoost-utrecht").matching.beleid().soort == "voorrang"
    pad = tmp_path / "regio.toml"
    begrensd = tekst.replace('eerste_keuze = "voorrang"', 'eerste_keuze = "begrensd"')
    pad.write_text(begrensd, encoding="utf-8")
    with _pytest.raises(RegioFout, match="max_voorsprong_maanden"):
        load_regio(str(pad))
    pad.write_text(
        begrensd.replace("# max_voorsprong_maanden = 12", "max_voorsprong_maanden = 18"),
        encoding="utf-8",
    )
    beleid = load_regio(str(pad)).matching.beleid()
    assert (beleid.soort, beleid.max_voorsprong_maanden) == ("begrensd", 18)


def test_match_e5_wheelchair_accessible_above_ground_floor_without_lift_is_refused(api, meld):
    """MATCH-E5 at input: the contradiction is refused with a message naming both fields."""
    from tests.service.conftest import woning_body

    r = api.as_("nabij-wonen").post(
        "/v1/woningen", woning_body(rolstoeltoegankelijk=True, verdieping=1, lift=False)
    )
    assert r.status_code == 400
    namen = {p["name"] for p in r.json()["invalidParams"]}
    assert namen == {"rolstoeltoegankelijk", "lift"}
    assert "rolstoeltoegankelijk" in r.json()["detail"] and "lift" in r.json()["detail"]
    assert api.as_("nabij-wonen").get("/v1/woningen").json()["totaal"] == 0
    w = meld(verdieping=1, lift=False)
    r = api.as_("nabij-wonen").patch(f"/v1/woningen/{w['id']}", {"rolstoeltoegankelijk": True})
    assert r.status_code == 400 and "lift" in r.json()["detail"]
