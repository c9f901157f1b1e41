"""Route advice for the Drechtsteden (DRE-R2 decision tree, DRE-R3 timing, DRE-R1/R4 reminders).

Unit tests walk every path of the pure tree in ``service.routeadvies.advies`` and the binding
computation from residence periods; API tests go through ``POST /v1/routeadviezen``.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from datetime import timedelta

import pytest

from service.clock import plus_maanden
from service.clock import vandaag
from service.regio import REGIONS_DIR
from service.regio import RegioFout
from service.regio import RouteAdviesInstellingen
from service.regio import load_regio
from service.routeadvies.advies import AdviesRoute
from service.routeadvies.advies import Antwoorden
from service.routeadvies.advies import Instellingen
from service.routeadvies.advies import OntbrekendAntwoord
from service.routeadvies.advies import Woonperiode
from service.routeadvies.advies import advies
from service.routeadvies.advies import bereken_binding
from service.routeadvies.advies import jaren_terug
from tests.service.conftest import kandidaat_body

P = date(2026, 3, 1)  # peildatum of the unit tests
STANDAARD = Instellingen()
REGULIER, VOORRANG = AdviesRoute.regulier, AdviesRoute.voorrang


def periode(van: date, tot: date | None = None) -> Woonperiode:
    return Woonperiode(van, tot)


def regels(uitkomst) -> list[str]:
    return [p.regel for p in uitkomst.aandachtspunten]


# --- every path of the tree (DRE-R2) ------------------------------------------------------


def na_2b_ja(**verder: bool) -> Antwoorden:
    """The answers of the paths past question 2b-ja (a deadline, no independent living in the
    region, returning is unsafe or impossible), with ``verder`` for questions 3a and 3b."""
    return Antwoorden(
        uitstroomdeadline=True,
        zelfstandig_gewoond_in_regio=False,
        terugkeer_onveilig_of_onhaalbaar=True,
        **verder,
    )


PAD_2B_JA = [("1", True), ("2a", False), ("2b", True)]

PADEN = {
    # name: (answers, advised route, question numbers on the path with their answers)
    "1-nee_geen-deadline_regulier": (
        Antwoorden(uitstroomdeadline=False),
        REGULIER,
        [("1", False)],
    ),
    "2a-ja_zelfstandig-gewoond_voorrang": (
        Antwoorden(uitstroomdeadline=True, zelfstandig_gewoond_in_regio=True),
        VOORRANG,
        [("1", True), ("2a", True)],
    ),
    "2b-nee_terugkeer-kan_regulier": (
        Antwoorden(
            uitstroomdeadline=True,
            zelfstandig_gewoond_in_regio=False,
            terugkeer_onveilig_of_onhaalbaar=False,
        ),
        REGULIER,
        [("1", True), ("2a", False), ("2b", False)],
    ),
    "3a-ja_binding-aaneengesloten_voorrang": (
        na_2b_ja(binding_aaneengesloten=True),
        VOORRANG,
        [*PAD_2B_JA, ("3a", True)],
    ),
    "3a-ja_binding-jaren-van-venster_voorrang": (
        na_2b_ja(binding_aaneengesloten=False, binding_jaren_van_venster=True),
        VOORRANG,
        [*PAD_2B_JA, ("3a", True)],
    ),
    "3b-ja_andere-redenen_voorrang": (
        na_2b_ja(
            binding_aaneengesloten=False, binding_jaren_van_venster=False, andere_redenen=True
        ),
        VOORRANG,
        [*PAD_2B_JA, ("3a", False), ("3b", True)],
    ),
    "3b-nee_geen-binding-geen-redenen_regulier": (
        na_2b_ja(
            binding_aaneengesloten=False, binding_jaren_van_venster=False, andere_redenen=False
        ),
        REGULIER,
        [*PAD_2B_JA, ("3a", False), ("3b", False)],
    ),
}


@pytest.mark.parametrize("naam", sorted(PADEN))
def test_dre_r2_every_path_of_the_tree(naam):
    """DRE-R2: each path gives its route and lists each question, answer and rule."""
    antwoorden, route, verwacht = PADEN[naam]
    uitkomst = advies(antwoorden, STANDAARD, P)
    assert uitkomst.advies == route
    assert [(s.vraag_nummer, s.antwoord) for s in uitkomst.pad] == verwacht
    assert all(s.regel == "DRE-R2" and s.vraag.endswith("?") for s in uitkomst.pad)
    assert "een advies" in uitkomst.toelichting  # the client may choose otherwise (step 4)
    # DRE-R1 (register at Woonkeus early) and DRE-R4 (report the route) on every path.
    assert regels(uitkomst)[0] == "DRE-R1" and "Woonkeus" in uitkomst.aandachtspunten[0].tekst
    assert regels(uitkomst)[-1] == "DRE-R4"
    if route == VOORRANG:
        assert uitkomst.voorrang is not None and "aanvraagformulier" in uitkomst.toelichting
    else:
        assert uitkomst.voorrang is None and "reguliere route" in uitkomst.toelichting
    assert (uitkomst.binding is not None) == any(n == "3a" for n, _ in verwacht)


def test_dre_r2_the_paths_cover_every_outcome_of_every_question():
    seen = {(n, a) for _, _, pad in PADEN.values() for n, a in pad}
    assert seen == {(n, a) for n in ("1", "2a", "2b", "3a", "3b") for a in (True, False)}


def test_dre_r2_only_questions_on_the_path_need_an_answer():
    """Path 1-nee needs nothing else; later answers are not asked for and do not matter."""
    kort = advies(Antwoorden(uitstroomdeadline=False), STANDAARD, P)
    vol = advies(
        replace(PADEN["2a-ja_zelfstandig-gewoond_voorrang"][0], uitstroomdeadline=False),
        STANDAARD,
        P,
    )
    assert kort.advies == vol.advies == REGULIER and len(vol.pad) == 1


@pytest.mark.parametrize(
    ("antwoorden", "nummer", "velden"),
    [
        (Antwoorden(uitstroomdeadline=True), "2a", ("zelfstandig_gewoond_in_regio",)),
        (
            Antwoorden(uitstroomdeadline=True, zelfstandig_gewoond_in_regio=False),
            "2b",
            ("terugkeer_onveilig_of_onhaalbaar",),
        ),
        (
            Antwoorden(True, False, True),
            "3a",
            ("binding_aaneengesloten", "binding_jaren_van_venster", "woonperiodes"),
        ),
        (
            Antwoorden(True, False, True, binding_aaneengesloten=False),
            "3a",
            ("binding_jaren_van_venster",),
        ),
        (Antwoorden(True, False, True, False, False), "3b", ("andere_redenen",)),
    ],
)
def test_dre_r2_a_question_on_the_path_without_answer_is_refused(antwoorden, nummer, velden):
    with pytest.raises(OntbrekendAntwoord) as exc:
        advies(antwoorden, STANDAARD, P)
    assert exc.value.vraag_nummer == nummer and exc.value.velden == velden


def test_dre_r2_binding_as_answers_or_as_periods_not_both():
    with pytest.raises(ValueError, match="niet allebei"):
        Antwoorden(True, False, True, binding_aaneengesloten=True, woonperiodes=())
    with pytest.raises(ValueError, match="na de begindatum"):
        Woonperiode(date(2024, 1, 1), date(2023, 1, 1))


# --- DRE-R3 timing on the priority route --------------------------------------------------


def test_dre_r3_priority_route_carries_the_timing():
    antwoorden = replace(
        PADEN["2a-ja_zelfstandig-gewoond_voorrang"][0], gewenste_verhuisdatum=date(2026, 9, 15)
    )
    uitkomst = advies(antwoorden, STANDAARD, P)
    v = uitkomst.voorrang
    assert v.aanvragen_maanden_voor_verhuizing == 3 and v.besluit_binnen_weken == 8
    assert v.uiterlijke_aanvraagdatum == date(2026, 6, 15)
    assert v.kosten_terug_bij_afwijzing is False
    teksten = " ".join(p.tekst for p in uitkomst.aandachtspunten if p.regel == "DRE-R3")
    assert "minstens 3 maanden" in teksten and "15 juni 2026" in teksten
    assert "binnen 8 weken" in teksten and "komt niet terug" in teksten
    assert "voorbij" not in teksten


def test_dre_r3_latest_filing_date_already_past_is_said():
    antwoorden = replace(
        PADEN["2a-ja_zelfstandig-gewoond_voorrang"][0], gewenste_verhuisdatum=date(2026, 4, 1)
    )
    uitkomst = advies(antwoorden, STANDAARD, P)
    assert uitkomst.voorrang.uiterlijke_aanvraagdatum == date(2026, 1, 1)
    assert any("al voorbij" in p.tekst for p in uitkomst.aandachtspunten)


def test_dre_r3_without_move_date_no_filing_date_and_regular_route_has_no_term():
    voorrang = advies(PADEN["2a-ja_zelfstandig-gewoond_voorrang"][0], STANDAARD, P)
    assert voorrang.voorrang.uiterlijke_aanvraagdatum is None
    regulier = advies(Antwoorden(uitstroomdeadline=False), STANDAARD, P)
    assert regels(regulier) == ["DRE-R1", "DRE-R3", "DRE-R4"]
    assert "geen vaste termijn" in regulier.aandachtspunten[1].tekst


def test_dre_r3_settings_change_the_timing():
    instellingen = Instellingen(voorrang_aanvraag_maanden_voor_verhuizing=4, besluit_weken=6)
    antwoorden = replace(
        PADEN["2a-ja_zelfstandig-gewoond_voorrang"][0], gewenste_verhuisdatum=date(2026, 9, 15)
    )
    v = advies(antwoorden, instellingen, P).voorrang
    assert v.uiterlijke_aanvraagdatum == date(2026, 5, 15) and v.besluit_binnen_weken == 6


def test_calendar_months_back_clamp_to_the_months_last_day():
    assert plus_maanden(date(2026, 5, 31), -3) == date(2026, 2, 28)
    assert plus_maanden(date(2026, 1, 15), -3) == date(2025, 10, 15)
    assert jaren_terug(date(2024, 2, 29), 2) == date(2022, 2, 28)


# --- binding from residence periods (DRE-R2, question 3a) ---------------------------------


def test_binding_uninterrupted_exactly_two_years_counts():
    """Boundary: the stretch began exactly 2 calendar years before the peildatum."""
    b = bereken_binding([periode(date(2024, 3, 1))], P, STANDAARD)
    assert b.aaneengesloten and b.aaneengesloten_sinds == date(2024, 3, 1) and b.berekend


def test_binding_uninterrupted_one_day_short_does_not_count():
    b = bereken_binding([periode(date(2024, 3, 2))], P, STANDAARD)
    assert not b.aaneengesloten and not b.jaren_van_venster and not b.aanwezig


def test_binding_uninterrupted_stretch_must_reach_the_peildatum():
    """Two years in the region that ended a year ago are no current uninterrupted residence."""
    b = bereken_binding([periode(date(2020, 1, 1), date(2025, 3, 1))], P, STANDAARD)
    assert not b.aaneengesloten and b.aaneengesloten_sinds is None


def test_binding_open_ended_and_future_end_mean_still_living_there():
    open_ = bereken_binding([periode(date(2023, 1, 1))], P, STANDAARD)
    later = bereken_binding([periode(date(2023, 1, 1), date(2027, 1, 1))], P, STANDAARD)
    assert open_ == later and open_.aaneengesloten
    assert open_.dagen_in_venster == (P - date(2023, 1, 1)).days


def test_binding_six_of_last_ten_years_with_gaps():
    """Three stretches of two years with gaps: not uninterrupted, but 6 of the last 10."""
    periodes = [
        periode(date(2016, 3, 1), date(2018, 3, 1)),
        periode(date(2019, 3, 1), date(2021, 3, 1)),
        periode(date(2022, 3, 1), date(2024, 3, 1)),
    ]
    b = bereken_binding(periodes, P, STANDAARD)
    assert not b.aaneengesloten and b.jaren_van_venster
    assert b.dagen_in_venster == 730 + 731 + 731 and b.dagen_nodig == (P - date(2020, 3, 1)).days


def test_binding_six_of_ten_boundary_exactly_enough_and_one_day_short():
    eerste = periode(date(2017, 1, 1), date(2020, 1, 1))
    nodig = (P - date(2020, 3, 1)).days
    rest = nodig - (eerste.tot - eerste.van).days
    genoeg = periode(date(2021, 1, 1), date(2021, 1, 1) + timedelta(days=rest))
    krap = periode(date(2021, 1, 1), date(2021, 1, 1) + timedelta(days=rest - 1))
    assert bereken_binding([eerste, genoeg], P, STANDAARD).jaren_van_venster
    assert not bereken_binding([eerste, krap], P, STANDAARD).jaren_van_venster


def test_binding_days_before_the_window_do_not_count():
    """Nine years, but only three of them within the last ten (window starts 1 March 2016)."""
    b = bereken_binding([periode(date(2010, 1, 1), date(2019, 3, 1))], P, STANDAARD)
    assert b.dagen_in_venster == (date(2019, 3, 1) - date(2016, 3, 1)).days
    assert not b.jaren_van_venster


def test_binding_overlapping_periods_are_merged_and_not_counted_twice():
    periodes = [periode(date(2022, 6, 1)), periode(date(2020, 1, 1), date(2023, 1, 1))]
    b = bereken_binding(periodes, P, STANDAARD)
    assert b.aaneengesloten_sinds == date(2020, 1, 1)
    assert b.dagen_in_venster == (P - date(2020, 1, 1)).days


def test_binding_touching_periods_are_one_stretch_a_real_gap_is_not():
    """Moving-out date equal to the next moving-in date, or an inclusive last day (one day
    apart): one stretch since June 2023. Two days apart: a new stretch since June 2024."""
    exclusief = [periode(date(2023, 6, 1), date(2024, 6, 1)), periode(date(2024, 6, 1))]
    inclusief = [periode(date(2023, 6, 1), date(2024, 5, 31)), periode(date(2024, 6, 1))]
    gat = [periode(date(2023, 6, 1), date(2024, 5, 30)), periode(date(2024, 6, 1))]
    for periodes in (exclusief, inclusief):
        b = bereken_binding(periodes, P, STANDAARD)
        assert b.aaneengesloten_sinds == date(2023, 6, 1) and b.aaneengesloten
    b = bereken_binding(gat, P, STANDAARD)
    assert b.aaneengesloten_sinds == date(2024, 6, 1) and not b.aaneengesloten


def test_binding_without_periods_is_no_binding():
    b = bereken_binding([], P, STANDAARD)
    assert not b.aanwezig and b.dagen_in_venster == 0 and b.aaneengesloten_sinds is None


def test_binding_window_uninterrupted_reading_is_a_setting():
    """The seed's literal "zes jaar onafgebroken" asks for one stretch; the gaps case then fails,
    while one six-year stretch that ended two years ago still counts."""
    onafgebroken = Instellingen(binding_venster_onafgebroken=True)
    met_gaten = [
        periode(date(2016, 3, 1), date(2018, 3, 1)),
        periode(date(2019, 3, 1), date(2021, 3, 1)),
        periode(date(2022, 3, 1), date(2024, 3, 1)),
    ]
    assert not bereken_binding(met_gaten, P, onafgebroken).jaren_van_venster
    een_stuk = [periode(date(2018, 1, 1), date(2024, 1, 1))]
    b = bereken_binding(een_stuk, P, onafgebroken)
    assert b.jaren_van_venster and not b.aaneengesloten


def test_dre_r2_path_3a_from_periods_explains_the_numbers():
    antwoorden = Antwoorden(True, False, True, woonperiodes=(periode(date(2023, 1, 1)),))
    uitkomst = advies(antwoorden, STANDAARD, P)
    assert uitkomst.advies == VOORRANG and uitkomst.binding.berekend
    assert "sinds 1 januari 2023" in uitkomst.pad[-1].uitleg


# --- settings (the binding numbers are region data) ---------------------------------------


def test_dre_r2_binding_years_setting_changes_the_outcome():
    """Two and a half years in the region: binding with 2 years, none with 3 (sources differ)."""
    antwoorden = Antwoorden(
        True, False, True, woonperiodes=(periode(date(2023, 9, 1)),), andere_redenen=False
    )
    assert advies(antwoorden, Instellingen(binding_aaneengesloten_jaren=2), P).advies == VOORRANG
    drie = advies(antwoorden, Instellingen(binding_aaneengesloten_jaren=3), P)
    assert drie.advies == REGULIER and "3 jaar" in drie.pad[3].vraag


def test_region_settings_map_onto_the_tree_settings():
    instellingen = RouteAdviesInstellingen(binding_aaneengesloten_jaren=3)
    assert Instellingen(**instellingen.model_dump()) == Instellingen(binding_aaneengesloten_jaren=3)
    assert RouteAdviesInstellingen().model_dump() == Instellingen().__dict__
    with pytest.raises(ValueError, match="groter dan"):
        RouteAdviesInstellingen(binding_jaren_van=11, binding_jaren_venster=10)


@pytest.mark.parametrize("pad", sorted(REGIONS_DIR.glob("*.toml")), ids=lambda p: p.stem)
def test_every_shipped_region_file_loads(pad):
    assert load_regio(pad.stem).code == pad.stem


def test_both_shipped_regions_are_there():
    assert {p.stem for p in REGIONS_DIR.glob("*.toml")} >= {"zuidoost-utrecht", "drechtsteden"}
    assert load_regio("zuidoost-utrecht").routeadvies == RouteAdviesInstellingen()


def test_drechtsteden_region_file():
    regio = load_regio("drechtsteden")
    assert len(regio.gemeenten) == 7
    assert {"Dordrecht", "Hardinxveld-Giessendam"} <= set(regio.gemeenten)
    assert regio.termijnen.reactietermijn_dagen == 1  # DRE-O1
    assert regio.termijnen.acceptatietermijn_dagen == 2  # DRE-O2
    r = regio.routeadvies
    assert (r.binding_aaneengesloten_jaren, r.binding_jaren_van, r.binding_jaren_venster) == (
        2,
        6,
        10,
    )
    assert (r.voorrang_aanvraag_maanden_voor_verhuizing, r.besluit_weken) == (3, 8)  # DRE-R3
    assert {o.soort.value for o in regio.organisaties} >= {"bemiddelaar", "regiobeheer"}
    assert regio.grenzen_voor(date(2026, 3, 1)) == load_regio("zuidoost-utrecht").grenzen_voor(
        date(2026, 3, 1)
    )


def test_region_file_with_bad_routeadvies_is_refused(tmp_path):
    tekst = (REGIONS_DIR / "drechtsteden.toml").read_text(encoding="utf-8")
    slecht = tmp_path / "slecht.toml"
    slecht.write_text(tekst.replace("besluit_weken = 8", "besluit_weken = 0"), encoding="utf-8")
    with pytest.raises(RegioFout, match="routeadvies.besluit_weken"):
        load_regio(str(slecht))


# --- the endpoint ------------------------------------------------------------------------

URL = "/v1/routeadviezen"


def vraag(**overrides):
    body = {
        "uitstroomdeadline": True,
        "zelfstandigGewoondInRegio": False,
        "terugkeerOnveiligOfOnhaalbaar": True,
        "bindingAaneengesloten": True,
        "peildatum": "2026-03-01",
        "gewensteVerhuisdatum": "2026-09-15",
    }
    body.update(overrides)
    return {k: v for k, v in body.items() if v is not None}


def test_api_priority_advice_with_path_and_timing(api):
    r = api.as_("kwintes").post(URL, vraag())
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["advies"] == "voorrang-en-directe-bemiddeling"
    assert [s["vraagNummer"] for s in body["pad"]] == ["1", "2a", "2b", "3a"]
    assert {s["regel"] for s in body["pad"]} == {"DRE-R2"}
    assert body["voorrang"] == {
        "aanvragenMaandenVoorVerhuizing": 3,
        "besluitBinnenWeken": 8,
        "uiterlijkeAanvraagdatum": "2026-06-15",
        "kostenTerugBijAfwijzing": False,
    }
    assert body["binding"]["aaneengesloten"] is True and body["binding"]["berekend"] is False
    assert [p["regel"] for p in body["aandachtspunten"]][0] == "DRE-R1"


def test_api_bemiddelaar_may_ask_too_and_peildatum_defaults_to_today(api):
    r = api.as_("het-vierde-huis").post(URL, {"uitstroomdeadline": False})
    assert r.status_code == 200, r.text
    assert r.json()["advies"] == "regulier" and r.json()["peildatum"] == vandaag().isoformat()
    assert r.json()["voorrang"] is None and r.json()["binding"] is None


@pytest.mark.parametrize("org", ["nabij-wonen", "beter-wonen"])
def test_api_corporatie_and_regiobeheer_are_refused(api, org):
    assert api.as_(org).post(URL, vraag()).status_code == 403
    assert api.post(URL, vraag()).status_code == 401


def test_api_binding_from_residence_periods(api):
    body = vraag(
        bindingAaneengesloten=None,
        andereRedenen=False,
        woonperiodes=[
            {"van": "2016-03-01", "tot": "2018-03-01"},
            {"van": "2019-03-01", "tot": "2021-03-01"},
            {"van": "2022-03-01", "tot": "2024-03-01"},
        ],
    )
    r = api.as_("kwintes").post(URL, body)
    assert r.status_code == 200, r.text
    b = r.json()["binding"]
    assert b["berekend"] and not b["aaneengesloten"] and b["jarenVanVenster"]
    assert b["dagenInVenster"] == 2192 and r.json()["advies"] == "voorrang-en-directe-bemiddeling"


def test_api_period_ending_before_it_starts_is_a_field_error(api):
    body = vraag(
        bindingAaneengesloten=None, woonperiodes=[{"van": "2024-01-01", "tot": "2023-01-01"}]
    )
    r = api.as_("kwintes").post(URL, body)
    assert r.status_code == 400 and r.headers["content-type"] == "application/problem+json"
    [fout] = r.json()["invalidParams"]
    assert fout["name"] == "woonperiodes.0.tot" and "na de begindatum" in fout["reason"]


def test_api_periods_and_binding_answers_together_are_refused(api):
    r = api.as_("kwintes").post(URL, vraag(woonperiodes=[{"van": "2020-01-01"}]))
    assert r.status_code == 400
    [fout] = r.json()["invalidParams"]
    assert fout["name"] == "woonperiodes" and "niet allebei" in fout["reason"]


def test_api_period_after_peildatum_and_move_before_it_are_refused(api):
    body = vraag(
        bindingAaneengesloten=None,
        woonperiodes=[{"van": "2020-01-01"}, {"van": "2026-05-01"}],
        gewensteVerhuisdatum="2026-01-01",
    )
    r = api.as_("kwintes").post(URL, body)
    assert r.status_code == 400
    namen = {f["name"]: f["reason"] for f in r.json()["invalidParams"]}
    assert "Woonperiode 2" in namen["woonperiodes"]
    assert "vóór de peildatum" in namen["gewensteVerhuisdatum"]


def test_api_unanswered_question_on_the_path_is_named(api):
    r = api.as_("kwintes").post(URL, {"uitstroomdeadline": True})
    assert r.status_code == 400
    assert "Vraag 2a" in r.json()["detail"]
    [fout] = r.json()["invalidParams"]
    assert fout["name"] == "zelfstandigGewoondInRegio" and fout["code"] == "missing"


def test_api_unknown_field_and_wrong_type_are_refused(api):
    r = api.as_("kwintes").post(URL, vraag(deadline=True, uitstroomdeadline="misschien"))
    assert r.status_code == 400
    assert {f["name"] for f in r.json()["invalidParams"]} == {"deadline", "uitstroomdeadline"}


def test_api_uses_the_active_regions_settings(api):
    """Binding 2 or 3 years is region data: the same question flips with the setting."""
    body = vraag(
        bindingAaneengesloten=None, andereRedenen=False, woonperiodes=[{"van": "2023-09-01"}]
    )
    assert api.as_("kwintes").post(URL, body).json()["advies"] == "voorrang-en-directe-bemiddeling"
    oud = api.client.app.state.regio
    strenger = oud.routeadvies.model_copy(update={"binding_aaneengesloten_jaren": 3})
    api.client.app.state.regio = oud.model_copy(update={"routeadvies": strenger})
    try:
        assert api.as_("kwintes").post(URL, body).json()["advies"] == "regulier"
    finally:
        api.client.app.state.regio = oud


def test_api_retry_with_idempotency_key_gives_the_same_advice(api):
    headers = {"X-Api-Key": api.keys["kwintes"], "Idempotency-Key": "advies-1"}
    first = api.client.post(URL, json=vraag(), headers=headers)
    again = api.client.post(URL, json=vraag(), headers=headers)
    assert first.status_code == again.status_code == 200
    assert first.json() == again.json() and again.headers["Idempotent-Replayed"] == "true"
    other = api.client.post("/v1/kandidaten", json=kandidaat_body(), headers=headers)
    assert other.status_code == 422  # the key belongs to this advice now


def test_api_refused_advice_releases_the_idempotency_key(api):
    headers = {"X-Api-Key": api.keys["kwintes"], "Idempotency-Key": "advies-2"}
    bad = api.client.post(URL, json={"uitstroomdeadline": True}, headers=headers)
    assert bad.status_code == 400
    good = api.client.post(URL, json=vraag(), headers=headers)
    assert good.status_code == 200 and "Idempotent-Replayed" not in good.headers
