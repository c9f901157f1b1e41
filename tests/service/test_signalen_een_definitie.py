"""One definition per signal (issue 14): the signaleringen own it, the escalaties are a view.

Where the two old definitions disagreed, the domain rule decided:
- ``langwachtend`` (ZOU-M2): the waiting time runs from the registration date (MATCH-K2) and
  leaves out the days spent paused (a paused kandidaat is not on the waiting list, MATCH-E1);
  it must be *longer* than the threshold. The escalaties used to count paused days and to
  include the day the six months were reached.
- ``woning-zonder-kandidaten`` (MATCH-N): an open voordracht with fewer active places than
  asked. The escalaties show the woningen of that signal that hold nobody (ZOU-R2: omgekeerde
  plaatsing failed), with the reason from the signal's own counts.
"""

from __future__ import annotations

from datetime import timedelta

from service import clock
from service.clock import plus_maanden
from tests.service.conftest import days_ago

HVH = "het-vierde-huis"


def _signaal_onderwerpen(api, soort):
    assert api.as_(HVH).post("/v1/signaleringen/berekening").status_code == 201
    rows = api.as_(HVH).get("/v1/signaleringen", params={"soort": soort, "status": "open"})
    return {s["onderwerpId"]: s for s in rows.json()["resultaten"]}


def _escalaties(api):
    return api.as_(HVH).get("/v1/escalaties").json()


def _langwachtend_in_beide(api):
    signaal = set(_signaal_onderwerpen(api, "langwachtend"))
    view = {e["objectId"] for e in _escalaties(api)["langwachtenden"]["resultaten"]}
    return signaal, view


def test_zou_m2_paused_days_do_not_count_in_signal_nor_escalatie(api, registreer):
    k = registreer(aanmelddatum=days_ago(150))["id"]
    api.as_("kwintes").post(f"/v1/kandidaten/{k}/statuswijzigingen", {"status": "gepauzeerd"})
    clock.verzet(clock.vandaag() + timedelta(days=60))
    try:
        api.as_("kwintes").post(f"/v1/kandidaten/{k}/statuswijzigingen", {"status": "wachtend"})
        # 210 days registered, 60 of them paused: 150 count (MATCH-E1), not over six months
        assert _langwachtend_in_beide(api) == (set(), set())
        assert _escalaties(api)["langwachtenden"]["totaal"] == 0
        clock.verzet(clock.vandaag() + timedelta(days=40))  # 250 registered, 190 count
        assert _langwachtend_in_beide(api) == ({k}, {k})
    finally:
        clock.verzet(None)


def test_zou_m2_exactly_six_months_is_not_longer_than_six_months(api, registreer):
    grens = plus_maanden(clock.vandaag(), -6)
    registreer(aanmelddatum=grens.isoformat())
    assert _langwachtend_in_beide(api) == (set(), set())
    k = registreer(aanmelddatum=(grens - timedelta(days=1)).isoformat())["id"]
    assert _langwachtend_in_beide(api) == ({k}, {k})
    assert _escalaties(api)["langwachtenden"]["totaal"] == 1


def test_zou_m2_the_view_shows_whom_maatwerk_can_take(api, registreer):
    k = registreer(aanmelddatum=days_ago(300))["id"]
    api.as_("kwintes").post(f"/v1/kandidaten/{k}/statuswijzigingen", {"status": "gepauzeerd"})
    # still a long waiter (the signal), but maatwerk takes only a waiting kandidaat (ZOU-R2)
    assert _langwachtend_in_beide(api) == ({k}, set())


def test_match_n_fewer_than_asked_is_the_signal_none_at_all_the_escalatie(api, registreer, meld):
    registreer(jaarinkomen=20000, gemeentevoorkeuren=["Zeist"])
    een = meld(gemeente="Zeist")  # one suitable kandidaat of the three asked
    niemand = meld(gemeente="Zeist", kaleHuur="900.00")  # MATCH-E4 excludes the one
    signaal = _signaal_onderwerpen(api, "woning-zonder-kandidaten")
    assert {w: s["diagnose"]["gevonden"] for w, s in signaal.items()} == {
        een["id"]: 1,
        niemand["id"]: 0,
    }
    [escalatie] = _escalaties(api)["woningenZonderKandidaat"]
    assert escalatie["objectId"] == niemand["id"]
    assert escalatie["blokkerendeRegel"] == "MATCH-E4"
    assert signaal[niemand["id"]]["diagnose"]["uitgeslotenPerRegel"] == {"MATCH-E4": 1}
