"""The indexed SQL walk gives exactly the proposal the pure engine gives on the whole list.

``service.levensloop.pool`` reads kandidaten in rank order from the partial index and stops
early; ``matching.stel_voor`` on the full, unsorted waiting list is the reference (MATCH-K1..K3,
MATCH-N). Same places, same order, same exclusion counts for the rules the walk sees.
"""

from __future__ import annotations

import random
from datetime import timedelta
from decimal import Decimal

import pytest
from sqlmodel import Session
from sqlmodel import select

import matching
from service.clock import vandaag
from service.demo import actor_for
from service.demo import synthetic_kandidaat
from service.demo import synthetic_woning
from service.kandidaten.actions import change_status
from service.kandidaten.actions import create_kandidaat
from service.kandidaten.schemas import Statuswijziging
from service.levensloop.pool import propose
from service.mapping import kandidaat_input
from service.mapping import woning_input
from service.models import Kandidaat
from service.models import Organisatie
from service.models import OrganisatieSoort
from service.models import Woning
from service.queries import voorkeuren
from service.regio import MatchingInstellingen
from service.woningen.actions import create_woning


@pytest.mark.parametrize(
    "beleid",
    [
        MatchingInstellingen(),
        MatchingInstellingen(eerste_keuze="begrensd", max_voorsprong_maanden=3),
        MatchingInstellingen(eerste_keuze="begrensd", max_voorsprong_maanden=0),
    ],
    ids=["voorrang", "begrensd-3", "begrensd-0"],
)
def test_sql_walk_equals_engine_on_full_list(app, beleid):
    """MATCH-K1 under both region policies: the SQL walk and the engine agree."""
    rng = random.Random(7)
    tabel = app.state.regio.matching.kamers_per_huishouden
    beleid = beleid.model_copy(update={"kamers_per_huishouden": tabel})
    regio = app.state.regio.model_copy(update={"matching": beleid})
    today = vandaag()
    with Session(app.state.engine, expire_on_commit=False) as s:
        orgs = s.exec(select(Organisatie)).all()
        zorg = [actor_for(o) for o in orgs if o.soort == OrganisatieSoort.zorgaanbieder]
        corp = actor_for(next(o for o in orgs if o.code == "nabij-wonen"))
        for i in range(150):
            data = synthetic_kandidaat(rng, regio.gemeenten, today)
            if i % 7 == 0:  # ties on aanmelddatum (MATCH-K3)
                data = data.model_copy(update={"aanmelddatum": today - timedelta(days=100)})
            k = create_kandidaat(s, data=data, by=zorg[i % len(zorg)])
            if i % 11 == 0:
                s.flush()
                change_status(
                    s,
                    kandidaat_id=k.id,
                    data=Statuswijziging(status="gepauzeerd"),
                    by=zorg[i % len(zorg)],
                )
        s.commit()
        rows = s.exec(select(Kandidaat)).all()
        prefs = voorkeuren(s, [k.id for k in rows])
        alle = [kandidaat_input(k, prefs[k.id]) for k in rows]
        compared = 0
        doorbroken = 0  # proposals where a later choice ranks above a first choice
        for gemeente in regio.gemeenten:
            for _ in range(6):
                woning = create_woning(s, data=synthetic_woning(rng, gemeente, today), by=corp)
                woning.kale_huur = Decimal(rng.choice(["480.00", "650.00", "712.99", "760.00"]))
                voorstel = propose(s, woning, regio, plekken=[], aantal=3)
                context = regio.context(today, aantal=3)
                referentie = matching.stel_voor(woning_input(woning), alle, context)
                in_pool = [
                    k
                    for k in alle
                    if k.status == "wachtend"
                    and k.route == "omgekeerde-plaatsing"
                    and k.gereed_verklaard
                    and k.begeleiding_akkoord
                    and gemeente in k.gemeentevoorkeuren
                ]
                geldig = matching.stel_voor(woning_input(woning), in_pool, context)
                assert [p.kandidaat_id for p in voorstel.plekken] == [
                    p.kandidaat_id for p in referentie.plekken
                ]
                assert voorstel.plekken == geldig.plekken
                assert voorstel.beleid == beleid.beleid()
                assert voorstel.uitgesloten_per_regel == geldig.uitgesloten_per_regel
                assert (
                    matching.controleer_voordracht(voorstel, woning_input(woning), in_pool, context)
                    == []
                )
                compared += 1
                plekken = voorstel.plekken
                doorbroken += any(
                    not a.eerste_keuze and b.eerste_keuze
                    for a, b in zip(plekken, plekken[1:], strict=False)
                )
        s.rollback()
        assert s.exec(select(Woning)).all() == []
    assert compared == 30
    assert (doorbroken > 0) == (beleid.eerste_keuze == "begrensd")


def test_ranking_query_is_served_by_the_partial_index(app):
    """Issue 3 performance: the rank order comes from ix_gemeentevoorkeur_rang, not a sort."""
    from service.levensloop.pool import IN_POOL
    from service.models import Gemeentevoorkeur as gv
    from tests.service.conftest import query_plan

    query = (
        select(gv.kandidaat_id)
        .where(gv.gemeente == "Zeist", IN_POOL, gv.rangklasse == 1)
        .order_by(gv.aanmelddatum, gv.volgnummer, gv.kandidaat_id)
        .limit(3)
    )
    plan = query_plan(app.state.engine, query)
    if app.state.engine.dialect.name == "sqlite":
        assert "USING" in plan and "ix_gemeentevoorkeur_rang" in plan, plan
        assert "TEMP B-TREE" not in plan, plan
    else:
        assert "ix_gemeentevoorkeur_rang" in plan and "Sort" not in plan, plan
