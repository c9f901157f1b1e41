"""MATCH-E4: a year without income and rent limits in the region file is never filled in with
an earlier year's. It is a configuration problem (start-up log, /v1/regio, a signalering for
regiobeheer), and a voordracht in that year is refused with a 409 that writes nothing."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlmodel import select

from matching import EersteKeuzeBeleid
from service.clock import vandaag
from service.errors import GrenzenOntbreken
from service.main import create_app
from service.models import Signalering
from service.models import Voordracht
from service.models import Woning
from service.regio import REGIONS_DIR
from service.regio import MatchingInstellingen
from service.regio import Regio
from service.regio import load_regio
from service.settings import Settings
from tests.service.conftest import days_ago
from tests.service.conftest import woning_body

RB = "beter-wonen"
HVH = "het-vierde-huis"
CORP = "nabij-wonen"


def zonder_jaar(regio: Regio, jaar: int) -> Regio:
    rijen = tuple(g for g in regio.inkomensgrenzen if g.jaar != jaar)
    if not rijen:  # keep the file valid: one earlier year stays
        rijen = (regio.inkomensgrenzen[0].model_copy(update={"jaar": jaar - 1}),)
    return regio.model_copy(update={"inkomensgrenzen": rijen})


@pytest.fixture
def dit_jaar_ontbreekt(app) -> Iterator[int]:
    jaar = vandaag().year
    oud = app.state.regio
    app.state.regio = zonder_jaar(oud, jaar)
    try:
        yield jaar
    finally:
        app.state.regio = oud


def test_match_e4_limits_are_made_once_per_set_of_values():
    """The engine's limits of a year are cached on the configuration's values: a copy with
    another value (as the tests and the policy lab make) gets its own, never the cached one."""
    rij = load_regio("zuidoost-utrecht").inkomensgrenzen[0]
    assert rij.als_grenzen() is rij.als_grenzen()
    assert rij.als_grenzen().daeb_inkomen_een == rij.daeb_inkomen_een
    ander = rij.model_copy(update={"daeb_inkomen_een": rij.daeb_inkomen_een + 1})
    assert ander.als_grenzen().daeb_inkomen_een == rij.daeb_inkomen_een + 1
    assert rij.als_grenzen().daeb_inkomen_een == rij.daeb_inkomen_een


def test_match_e3_e4_k1_context_parts_are_made_once_per_region_and_date():
    """A context's parts from the region (limits, first-choice policy, rooms table) are made
    once per configured values (the limits and the policy are cached on them): a copy with
    other values (as the tests and the policy lab make) gets its own, another year its own
    limits, and the first region's context is unchanged after both."""
    regio = load_regio("zuidoost-utrecht")
    eerste, laatste = regio.inkomensgrenzen[0].jaar, regio.inkomensgrenzen[-1].jaar
    dag = date(laatste, 6, 1)
    c = regio.context(dag, aantal=2)
    assert c.grenzen == regio.grenzen_voor(dag) and c.aantal == 2
    assert c.beleid == regio.matching.beleid()
    assert c.kamers_per_huishouden == regio.matching.kamers_per_huishouden
    assert regio.context(dag, aantal=2).grenzen is c.grenzen
    ander = regio.model_copy(
        update={
            "inkomensgrenzen": tuple(
                g.model_copy(update={"daeb_inkomen_een": g.daeb_inkomen_een + 1})
                for g in regio.inkomensgrenzen
            ),
            "matching": MatchingInstellingen(
                eerste_keuze="begrensd", max_voorsprong_maanden=6, kamers_per_huishouden=(1, 2, 3)
            ),
        }
    )
    anders = ander.context(dag)
    assert anders.grenzen.daeb_inkomen_een == c.grenzen.daeb_inkomen_een + 1
    assert anders.beleid == EersteKeuzeBeleid("begrensd", 6)
    assert anders.kamers_per_huishouden == (1, 2, 3)
    assert regio.context(dag, aantal=2) == c
    assert regio.context(date(eerste, 6, 1)).grenzen.jaar == eerste
    with pytest.raises(GrenzenOntbreken):
        regio.context(date(laatste + 1, 1, 1))


def test_match_e4_no_earlier_year_stands_in_for_a_missing_one():
    """Before: 2025's limits were used in 2026 when 2026 was missing."""
    regio = load_regio("zuidoost-utrecht")
    laatste = max(g.jaar for g in regio.inkomensgrenzen)
    assert regio.grenzen_voor(date(laatste, 6, 1)).jaar == laatste
    with pytest.raises(GrenzenOntbreken) as fout:
        regio.grenzen_voor(date(laatste + 1, 1, 1))
    assert f"Voor {laatste + 1} zijn geen inkomens- en huurgrenzen ingesteld" in str(fout.value)
    assert regio.ontbrekende_grensjaren(date(laatste + 2, 3, 1)) == (laatste + 1, laatste + 2)
    assert zonder_jaar(regio, laatste).ontbrekende_grensjaren(date(laatste, 1, 1)) == (laatste,)


def test_match_e4_voordracht_in_a_year_without_limits_is_refused_and_nothing_written(
    api, registreer, db, dit_jaar_ontbreekt
):
    """MATCH-E4: the woning report that would make the voordracht is refused as a whole (409,
    plain Dutch naming the year and what to configure); no woning, no voordracht. Regiobeheer
    gets one signalering for the year, however many requests are refused."""
    jaar = dit_jaar_ontbreekt
    registreer(aanmelddatum=days_ago(40))
    for _ in range(2):
        r = api.as_(CORP).post("/v1/woningen", woning_body())
        assert r.status_code == 409, r.text
        assert r.headers["content-type"].startswith("application/problem+json")
        detail = r.json()["detail"]
        assert f"Voor {jaar} zijn geen inkomens- en huurgrenzen ingesteld" in detail
        assert "[[inkomensgrenzen]]" in detail and f"jaar = {jaar}" in detail
    assert db.exec(select(Woning)).all() == [] and db.exec(select(Voordracht)).all() == []
    db.rollback()  # the test's own session lets go of the write lock
    signalen = api.as_(RB).get("/v1/signaleringen", params={"soort": "grenzen-ontbreken"}).json()
    assert [s["diagnose"]["jaar"] for s in signalen["resultaten"]] == [jaar]
    assert signalen["resultaten"][0]["status"] == "open"
    # the scheduled run keeps that one signal
    assert api.as_(HVH).post("/v1/signaleringen/berekening").status_code in (200, 201)
    assert (
        len(db.exec(select(Signalering).where(Signalering.soort == "grenzen-ontbreken")).all()) == 1
    )
    # visible to regiobeheer on the region endpoint
    regio = api.as_(RB).get("/v1/regio").json()
    assert regio["ontbrekendeGrensjaren"] == [jaar]
    assert str(jaar) in regio["configuratieproblemen"][0]


def test_match_e4_reading_and_diagnosis_say_the_limits_are_missing(
    api, registreer, meld, dit_jaar_ontbreekt, app
):
    """Read paths do not fail in such a year: waarom-niet names the missing limits."""
    k = registreer(aanmelddatum=days_ago(40))["id"]
    w = api.as_(HVH).get(f"/v1/kandidaten/{k}/waarom-niet")
    assert w.status_code == 200, w.text
    assert (
        f"Voor {dit_jaar_ontbreekt} zijn geen inkomens- en huurgrenzen"
        in w.json()["bindendeBeperking"]
    )


def test_match_e4_start_up_lists_the_missing_years(tmp_path: Path, caplog):
    """At start-up each missing year is logged as a configuration problem."""
    jaar = vandaag().year
    regio = zonder_jaar(load_regio("zuidoost-utrecht"), jaar)
    bron = (REGIONS_DIR / "zuidoost-utrecht.toml").read_text(encoding="utf-8")
    bestand = tmp_path / "zonder.toml"
    bestand.write_text(_zonder_blok(bron, jaar, regio), encoding="utf-8")
    app = create_app(
        Settings(
            database_url=f"sqlite:///{tmp_path / 'start.db'}",
            regio=str(bestand),
            taken_aan=False,
            dispatcher_aan=False,
        )
    )
    from fastapi.testclient import TestClient

    with caplog.at_level(logging.ERROR, logger="woonroute"), TestClient(app):
        pass
    assert any(
        "configuratieprobleem" in r.getMessage() and f"Voor {jaar} zijn" in r.getMessage()
        for r in caplog.records
    )


def _zonder_blok(bron: str, jaar: int, regio: Regio) -> str:
    """The region file without the ``[[inkomensgrenzen]]`` block of ``jaar``."""
    blokken = bron.split("[[inkomensgrenzen]]")
    kop, rest = blokken[0], blokken[1:]
    behouden = [b for b in rest if f"jaar = {jaar}\n" not in b.split("\n", 2)[1] + "\n"]
    if len(behouden) == len(rest):
        return bron
    if not behouden:  # keep one (earlier) year so the file stays valid
        behouden = [rest[0].replace(f"jaar = {jaar}", f"jaar = {jaar - 1}", 1)]
    return kop + "".join("[[inkomensgrenzen]]" + b for b in behouden)


def test_match_e4_scheduled_jobs_keep_running_and_signal_without_limits(
    api, registreer, meld, app, db
):
    """MATCH-E4: an overdue aanbieding cannot lapse in a year without limits (lapsing refills the
    voordracht); the job logs it, leaves the aanbieding as it is, and still opens regiobeheer's
    signal for the year."""
    from datetime import timedelta

    from service import clock
    from service.models import Aanbieding
    from service.taken import Planner
    from service.taken import taken
    from tests.service.world import approve
    from tests.service.world import plek_of

    k = registreer(aanmelddatum=days_ago(40))["id"]
    registreer(aanmelddatum=days_ago(30))
    vd = approve(api, meld()["voordrachtId"])
    a = api.as_(CORP).post(f"/v1/voordrachten/{vd['id']}/keuze", {"plekId": plek_of(vd, k)})
    assert a.status_code == 201, a.text
    later = vandaag() + timedelta(days=10)  # past every deadline
    oud = app.state.regio
    app.state.regio = zonder_jaar(oud, later.year)
    clock.verzet(later)
    try:
        Planner(app.state.engine, taken(app.state.settings, app.state.regio)).ronde(
            alleen_verschuldigd=False
        )
    finally:
        clock.verzet(None)
        app.state.regio = oud
    rij = db.get(Aanbieding, uuid.UUID(a.json()["id"]))
    assert rij is not None and rij.status == "open"
    soorten = db.exec(select(Signalering.soort, Signalering.diagnose)).all()
    db.rollback()
    assert ("grenzen-ontbreken", later.year) in {(s, d.get("jaar")) for s, d in soorten}
