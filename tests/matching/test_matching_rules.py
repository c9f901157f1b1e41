"""Per-rule tests: MATCH-E1..E7 and MATCH-V1, each passing and excluding, with boundaries."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest
from matching_testdata import GRENZEN_2026
from matching_testdata import PEILDATUM
from matching_testdata import context
from matching_testdata import kandidaat
from matching_testdata import woning

from matching import REGEL_IDS
from matching import REGELS
from matching import Context
from matching import aow_datum
from matching import beoordeel
from matching import beoordeel_tot_uitsluiting
from matching import eerste_uitsluiting
from matching import heeft_aow_leeftijd
from matching import leeftijd_op
from matching import regel_e1_actief
from matching import regel_e2_gemeente
from matching import regel_e3_huishouden
from matching import regel_e4_betaalbaar
from matching import regel_e5_toegankelijk
from matching import regel_e6_woningeisen
from matching import regel_e7_niet_afgewezen
from matching import regel_v1_geschrapt


def test_default_test_data_passes_every_rule() -> None:
    uitkomsten = beoordeel(kandidaat(), woning(), context())
    assert [u.regel for u in uitkomsten] == [f"MATCH-E{i}" for i in range(1, 8)]
    assert all(u.geschikt and u.reden for u in uitkomsten)
    assert eerste_uitsluiting(kandidaat(), woning(), context()) is None


def test_regels_are_e1_to_e7_in_order() -> None:
    assert [r(kandidaat(), woning(), context()).regel for r in REGELS] == list(REGEL_IDS[1:])
    assert REGEL_IDS[0] == "MATCH-V1"


# --- MATCH-E1 ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("velden", "reden"),
    [
        ({"status": "gepauzeerd"}, "Staat niet op wachtend (status: gepauzeerd)"),
        ({"status": "aangeboden"}, "Staat niet op wachtend (status: aangeboden)"),
        ({"status": "geplaatst"}, "Staat niet op wachtend (status: geplaatst)"),
        ({"status": "uitgeschreven"}, "Staat niet op wachtend (status: uitgeschreven)"),
        ({"route": "maatwerk"}, "Loopt via maatwerk"),
        ({"gereed_verklaard": False}, "Niet gereed verklaard (ZOU-C1)"),
        ({"begeleiding_akkoord": False}, "Geen akkoord met begeleiding (ZOU-C3)"),
    ],
)
def test_match_e1_excludes_inactive_kandidaat(velden: dict[str, object], reden: str) -> None:
    uitkomst = regel_e1_actief(kandidaat(**velden), woning(), context())
    assert uitkomst.regel == "MATCH-E1"
    assert not uitkomst.geschikt
    assert uitkomst.reden == reden


def test_match_e1_names_the_first_failing_condition() -> None:
    k = kandidaat(status="gepauzeerd", route="maatwerk", gereed_verklaard=False)
    assert regel_e1_actief(k, woning(), context()).reden.startswith("Staat niet op wachtend")


def test_match_e1_passes_active_kandidaat() -> None:
    assert regel_e1_actief(kandidaat(), woning(), context()).geschikt


# --- MATCH-E2 ---------------------------------------------------------------------------


def test_match_e2_first_choice() -> None:
    uitkomst = regel_e2_gemeente(kandidaat(), woning(gemeente="Zeist"), context())
    assert uitkomst.geschikt
    assert uitkomst.reden == "Zeist is de eerste keuze"


def test_match_e2_later_choice() -> None:
    uitkomst = regel_e2_gemeente(kandidaat(), woning(gemeente="De Bilt"), context())
    assert uitkomst.geschikt
    assert uitkomst.reden == "De Bilt is keuze 2"


def test_match_e2_excludes_gemeente_not_chosen() -> None:
    uitkomst = regel_e2_gemeente(kandidaat(), woning(gemeente="Bunnik"), context())
    assert not uitkomst.geschikt
    assert uitkomst.reden == "Bunnik is geen gekozen gemeente"


def test_match_e2_excludes_kandidaat_without_preferences() -> None:
    assert not regel_e2_gemeente(kandidaat(gemeentevoorkeuren=()), woning(), context()).geschikt


# --- MATCH-E3 ---------------------------------------------------------------------------


def test_match_e3_persons_equal_to_max_bewoners_fits() -> None:
    k = kandidaat(volwassenen=2, kinderen=1)
    assert regel_e3_huishouden(k, woning(max_bewoners=3, kamers=3), context()).geschikt


def test_match_e3_one_person_too_many_is_excluded() -> None:
    k = kandidaat(volwassenen=2, kinderen=2)
    uitkomst = regel_e3_huishouden(k, woning(max_bewoners=3, kamers=3), context())
    assert not uitkomst.geschikt
    assert (
        uitkomst.reden == "Huishouden van 4 personen is te groot (woning voor hoogstens 3 personen)"
    )


def test_match_e3_rooms_exactly_enough_fits() -> None:
    assert regel_e3_huishouden(kandidaat(minimum_kamers=2), woning(kamers=2), context()).geschikt


def test_match_e3_too_few_rooms_is_excluded() -> None:
    uitkomst = regel_e3_huishouden(kandidaat(minimum_kamers=3), woning(kamers=2), context())
    assert not uitkomst.geschikt
    assert uitkomst.reden == "Woning heeft 2 kamers, nodig is minstens 3 kamers"


# --- MATCH-E4 ---------------------------------------------------------------------------


def test_match_e4_rent_exactly_at_aftoppingsgrens_laag_fits() -> None:
    uitkomst = regel_e4_betaalbaar(
        kandidaat(jaarinkomen=20000), woning(kale_huur=Decimal("713.00")), context()
    )
    assert uitkomst.geschikt
    assert uitkomst.reden == "Huur € 713,00 past bij dit inkomen (grens € 713,00)"


def test_match_e4_rent_one_cent_above_aftoppingsgrens_is_excluded_for_low_income() -> None:
    uitkomst = regel_e4_betaalbaar(
        kandidaat(jaarinkomen=20000), woning(kale_huur=Decimal("713.01")), context()
    )
    assert not uitkomst.geschikt
    assert uitkomst.reden == "Huur € 713,01 is te hoog voor dit inkomen (grens € 713,00)"


def test_match_e4_spec_example_text() -> None:
    uitkomst = regel_e4_betaalbaar(kandidaat(), woning(kale_huur=Decimal("745")), context())
    assert uitkomst.reden == "Huur € 745,00 is te hoog voor dit inkomen (grens € 713,00)"


def test_match_e4_income_exactly_at_passend_limit_still_gets_aftopping() -> None:
    k = kandidaat(jaarinkomen=29400)
    assert not regel_e4_betaalbaar(k, woning(kale_huur=Decimal("745.00")), context()).geschikt


def test_match_e4_income_above_passend_limit_may_rent_above_aftopping() -> None:
    k = kandidaat(jaarinkomen=29401)
    uitkomst = regel_e4_betaalbaar(k, woning(kale_huur=Decimal("900.00")), context())
    assert uitkomst.geschikt
    assert "€ 51.537" in uitkomst.reden


def test_match_e4_two_persons_use_aftoppingsgrens_laag_and_limit_meer() -> None:
    k = kandidaat(volwassenen=2, jaarinkomen=39925)
    assert regel_e4_betaalbaar(k, woning(kale_huur=Decimal("713.00")), context()).geschikt
    assert not regel_e4_betaalbaar(k, woning(kale_huur=Decimal("713.01")), context()).geschikt
    # above the "meer" passend limit: no aftopping
    k = kandidaat(volwassenen=2, jaarinkomen=39926)
    assert regel_e4_betaalbaar(k, woning(kale_huur=Decimal("800.00")), context()).geschikt


def test_match_e4_three_persons_use_aftoppingsgrens_hoog() -> None:
    k = kandidaat(volwassenen=1, kinderen=2, jaarinkomen=30000)
    assert regel_e4_betaalbaar(k, woning(kale_huur=Decimal("764.00")), context()).geschikt
    uitkomst = regel_e4_betaalbaar(k, woning(kale_huur=Decimal("764.01")), context())
    assert not uitkomst.geschikt
    assert uitkomst.reden == "Huur € 764,01 is te hoog voor dit inkomen (grens € 764,00)"


def test_match_e4_rent_above_liberalisatiegrens_is_not_social_rent() -> None:
    k = kandidaat(jaarinkomen=45000)
    assert regel_e4_betaalbaar(k, woning(kale_huur=Decimal("932.93")), context()).geschikt
    uitkomst = regel_e4_betaalbaar(k, woning(kale_huur=Decimal("932.94")), context())
    assert not uitkomst.geschikt
    assert uitkomst.reden == "Huur € 932,94 is geen sociale huur (grens € 932,93)"


def test_match_e4_zou_c2_daeb_income_limit_one_person() -> None:
    huur = woning(kale_huur=Decimal("800.00"))
    assert regel_e4_betaalbaar(kandidaat(jaarinkomen=51537), huur, context()).geschikt
    uitkomst = regel_e4_betaalbaar(kandidaat(jaarinkomen=51538), huur, context())
    assert not uitkomst.geschikt
    assert (
        uitkomst.reden == "Inkomen € 51.538 is te hoog voor sociale huur (grens € 51.537, ZOU-C2)"
    )


def test_match_e4_zou_c2_daeb_income_limit_more_persons() -> None:
    huur = woning(kale_huur=Decimal("800.00"))
    assert regel_e4_betaalbaar(
        kandidaat(volwassenen=2, jaarinkomen=56910), huur, context()
    ).geschikt
    k = kandidaat(volwassenen=2, jaarinkomen=56911)
    assert not regel_e4_betaalbaar(k, huur, context()).geschikt


def test_match_e4_children_count_for_household_size() -> None:
    # 1 adult + 1 child is "meer personen": 52.000 is above the 1-person DAEB limit,
    # not above the 56.910 limit for more persons
    k = kandidaat(volwassenen=1, kinderen=1, jaarinkomen=52000)
    assert regel_e4_betaalbaar(k, woning(kale_huur=Decimal("800.00")), context()).geschikt


def test_match_e4_aow_birthday_on_peildatum_uses_aow_limit() -> None:
    """Born exactly 67 years before the peildatum: AOW age reached that day."""
    jarig = date(PEILDATUM.year - 67, PEILDATUM.month, PEILDATUM.day)
    huur = woning(kale_huur=Decimal("745.00"))
    # 29.000 is below the normal limit (29.400) but above the AOW limit (28.775)
    assert regel_e4_betaalbaar(
        kandidaat(geboortedatum=jarig, jaarinkomen=29000), huur, context()
    ).geschikt
    een_dag_later = date(jarig.year, jarig.month, jarig.day + 1)
    assert not regel_e4_betaalbaar(
        kandidaat(geboortedatum=een_dag_later, jaarinkomen=29000), huur, context()
    ).geschikt


def test_match_e4_aow_age_with_months() -> None:
    grenzen = replace(GRENZEN_2026, aow_leeftijd_jaren=67, aow_leeftijd_maanden=3)
    ctx = context(grenzen=grenzen, peildatum=date(2026, 3, 2))
    huur = woning(kale_huur=Decimal("745.00"))
    # born 2 Dec 1958: 67 years and 3 months exactly on 2 March 2026
    net = kandidaat(geboortedatum=date(1958, 12, 2), jaarinkomen=29000)
    assert regel_e4_betaalbaar(net, huur, ctx).geschikt
    te_jong = kandidaat(geboortedatum=date(1958, 12, 3), jaarinkomen=29000)
    assert not regel_e4_betaalbaar(te_jong, huur, ctx).geschikt


def test_aow_datum_clamps_to_end_of_month_and_handles_leap_day() -> None:
    assert aow_datum(date(1959, 1, 31), 67, 3) == date(2026, 4, 30)
    assert aow_datum(date(1960, 2, 29), 66, 0) == date(2026, 2, 28)
    assert aow_datum(date(1959, 11, 15), 67, 3) == date(2027, 2, 15)
    assert heeft_aow_leeftijd(date(1959, 3, 2), date(2026, 3, 2), GRENZEN_2026)
    assert not heeft_aow_leeftijd(date(1959, 3, 3), date(2026, 3, 2), GRENZEN_2026)


# --- MATCH-E5 ---------------------------------------------------------------------------


def test_match_e5_no_needs_passes_anything() -> None:
    w = woning(verdieping=5, lift=False, gelijkvloers=False)
    uitkomst = regel_e5_toegankelijk(kandidaat(), w, context())
    assert uitkomst.geschikt
    assert uitkomst.reden == "Geen eisen aan toegankelijkheid"


def test_match_e5_wheelchair() -> None:
    k = kandidaat(rolstoel=True)
    assert regel_e5_toegankelijk(k, woning(rolstoeltoegankelijk=True), context()).geschikt
    uitkomst = regel_e5_toegankelijk(k, woning(rolstoeltoegankelijk=False), context())
    assert not uitkomst.geschikt
    assert uitkomst.reden == "Woning is niet geschikt voor een rolstoel"


def test_match_e5_trapvrij_ground_floor_or_lift_and_step_free() -> None:
    k = kandidaat(trapvrij=True)
    ctx = context()
    assert regel_e5_toegankelijk(k, woning(verdieping=0, lift=False), ctx).geschikt
    assert regel_e5_toegankelijk(k, woning(verdieping=3, lift=True), ctx).geschikt
    zonder_lift = regel_e5_toegankelijk(k, woning(verdieping=1, lift=False), ctx)
    assert not zonder_lift.geschikt
    assert zonder_lift.reden == "Woning ligt op verdieping 1 zonder lift; kan geen trap lopen"
    trap_binnen = regel_e5_toegankelijk(k, woning(verdieping=0, gelijkvloers=False), ctx)
    assert not trap_binnen.geschikt
    assert trap_binnen.reden == "Woning is niet gelijkvloers; kan geen trap lopen"


def test_match_e5_floor_equal_to_hoogste_verdieping_fits() -> None:
    k = kandidaat(hoogste_verdieping=2)
    assert regel_e5_toegankelijk(k, woning(verdieping=2), context()).geschikt
    uitkomst = regel_e5_toegankelijk(k, woning(verdieping=3, lift=True), context())
    assert not uitkomst.geschikt
    assert uitkomst.reden == "Woning ligt op verdieping 3, hoogstens 2 gewenst"


def test_match_e5_hoogste_verdieping_zero_means_ground_floor_only() -> None:
    k = kandidaat(hoogste_verdieping=0)
    assert regel_e5_toegankelijk(k, woning(verdieping=0), context()).geschikt
    assert not regel_e5_toegankelijk(k, woning(verdieping=1), context()).geschikt


# --- MATCH-E6 ---------------------------------------------------------------------------


def test_match_e6_no_minimum_age() -> None:
    assert regel_e6_woningeisen(kandidaat(), woning(minimumleeftijd=None), context()).geschikt


def test_match_e6_birthday_on_peildatum_reaches_minimum_age() -> None:
    jarig = date(PEILDATUM.year - 55, PEILDATUM.month, PEILDATUM.day)
    senior = woning(minimumleeftijd=55)
    assert regel_e6_woningeisen(kandidaat(geboortedatum=jarig), senior, context()).geschikt
    morgen = date(jarig.year, jarig.month, jarig.day + 1)
    uitkomst = regel_e6_woningeisen(kandidaat(geboortedatum=morgen), senior, context())
    assert not uitkomst.geschikt
    assert uitkomst.reden == "Woning is voor 55 jaar en ouder (leeftijd: 54)"


def test_leeftijd_op_leap_day() -> None:
    assert leeftijd_op(date(2000, 2, 29), date(2026, 2, 28)) == 25
    assert leeftijd_op(date(2000, 2, 29), date(2026, 3, 1)) == 26
    assert leeftijd_op(date(2000, 2, 29), date(2028, 2, 29)) == 28


# --- MATCH-E7 ---------------------------------------------------------------------------


def test_match_e7_declined_this_woning() -> None:
    uitkomst = regel_e7_niet_afgewezen(kandidaat("k1"), woning(), context(afgewezen={"k1"}))
    assert not uitkomst.geschikt
    assert uitkomst.reden == "Heeft deze woning al afgewezen"
    assert regel_e7_niet_afgewezen(kandidaat("k2"), woning(), context(afgewezen={"k1"})).geschikt


# --- MATCH-V1 and the combination -------------------------------------------------------


def test_match_v1_struck_kandidaat() -> None:
    ctx = context(geschrapt={"k1": "Verhuist naar familie"})
    uitkomst = regel_v1_geschrapt(kandidaat("k1"), woning(), ctx)
    assert uitkomst == regel_v1_geschrapt(kandidaat("k1"), woning(), ctx)
    assert not uitkomst.geschikt
    assert uitkomst.regel == "MATCH-V1"
    assert uitkomst.reden == "Geschrapt door Het Vierde Huis: Verhuist naar familie"
    assert eerste_uitsluiting(kandidaat("k1"), woning(), ctx) == uitkomst


def test_beoordeel_puts_match_v1_first_when_struck() -> None:
    ctx = context(geschrapt={"k1": "reden"})
    uitkomsten = beoordeel(kandidaat("k1"), woning(), ctx)
    assert [u.regel for u in uitkomsten] == ["MATCH-V1"] + [f"MATCH-E{i}" for i in range(1, 8)]
    assert [u.geschikt for u in uitkomsten] == [False] + [True] * 7


def test_eerste_uitsluiting_returns_the_first_failing_rule_in_order() -> None:
    k = kandidaat("k1", status="gepauzeerd", minimum_kamers=9)
    ctx = context(afgewezen={"k1"})
    uitsluiting = eerste_uitsluiting(k, woning(gemeente="Bunnik"), ctx)
    assert uitsluiting is not None
    assert uitsluiting.regel == "MATCH-E1"
    alle = beoordeel(k, woning(gemeente="Bunnik"), ctx)
    assert [u.regel for u in alle if not u.geschikt] == [
        "MATCH-E1",
        "MATCH-E2",
        "MATCH-E3",
        "MATCH-E7",
    ]


@pytest.mark.parametrize(
    ("velden", "ctx", "regel"),
    [
        ({}, context(), None),
        ({"status": "gepauzeerd"}, context(), "MATCH-E1"),
        ({"minimum_kamers": 9}, context(), "MATCH-E3"),
        ({"jaarinkomen": 90_000}, context(), "MATCH-E4"),
        ({"hoogste_verdieping": 0}, context(), "MATCH-E5"),
        ({}, context(afgewezen={"k1"}), "MATCH-E7"),
        ({"status": "gepauzeerd"}, context(geschrapt={"k1": "reden"}), "MATCH-V1"),
    ],
    ids=["geschikt", "E1", "E3", "E4", "E5", "E7", "V1"],
)
def test_beoordeel_tot_uitsluiting_is_beoordeel_up_to_the_first_failing_rule(
    velden: dict[str, object], ctx: Context, regel: str | None
) -> None:
    """MATCH-V1, MATCH-E1..E7: what a proposal evaluates per kandidaat (and shows as the
    reasons of a place) is ``beoordeel``'s outcomes up to and including the first failure."""
    k = kandidaat("k1", **velden)
    w = woning(verdieping=2)
    alle = beoordeel(k, w, ctx)
    tot = beoordeel_tot_uitsluiting(k, w, ctx)
    fout = next((i for i, u in enumerate(alle) if not u.geschikt), None)
    assert tot == (alle if fout is None else alle[: fout + 1])
    uitsluiting = eerste_uitsluiting(k, w, ctx)
    assert (uitsluiting.regel if uitsluiting else None) == regel
    assert uitsluiting == (None if tot[-1].geschikt else tot[-1])


def test_match_e3_e4_e6_cached_wordings_follow_every_input() -> None:
    """MATCH-E3, E4 and E6 keep their outcomes per set of inputs: a kandidaat or woning that
    differs in one of them gets its own verdict and wording, however often the others were
    judged before, and an income and a rent of equal value keep their own format (MATCH-E4)."""
    ctx = context()
    basis = regel_e3_huishouden(kandidaat(), woning(), ctx)
    assert regel_e3_huishouden(kandidaat("k2"), woning("w2"), ctx) is basis
    assert regel_e3_huishouden(kandidaat(minimum_kamers=3), woning(), ctx).geschikt is False
    assert regel_e3_huishouden(kandidaat(), woning(kamers=3), ctx).reden != basis.reden
    tabel = context(kamers_per_huishouden=(3,))
    assert "voor 1 persoon" in regel_e3_huishouden(kandidaat(), woning(), tabel).reden

    laag = regel_e4_betaalbaar(kandidaat(jaarinkomen=20_000), woning(), ctx)
    hoog = regel_e4_betaalbaar(kandidaat(jaarinkomen=90_000), woning(), ctx)
    assert laag.geschikt and not hoog.geschikt
    assert "€ 90.000" in hoog.reden  # an int income: no cents
    duur = regel_e4_betaalbaar(kandidaat(jaarinkomen=20_000), woning(kale_huur=Decimal(900)), ctx)
    assert not duur.geschikt and "€ 900,00" in duur.reden  # a Decimal rent: cents

    jong = kandidaat(geboortedatum=date(PEILDATUM.year - 20, 1, 1))
    oud = kandidaat(geboortedatum=date(PEILDATUM.year - 70, 1, 1))
    w55 = woning(minimumleeftijd=55)
    assert not regel_e6_woningeisen(jong, w55, ctx).geschikt
    assert regel_e6_woningeisen(oud, w55, ctx).geschikt
    assert regel_e6_woningeisen(oud, woning(minimumleeftijd=75), ctx).geschikt is False
