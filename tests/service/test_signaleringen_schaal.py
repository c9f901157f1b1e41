"""The ``langwachtend`` signal in one pass per gemeente (ZOU-M2) gives exactly what the
per-kandidaat diagnosis gives, and ``bereken`` writes it in short batches."""

from __future__ import annotations

import random
import threading
from datetime import UTC
from datetime import date
from datetime import datetime
from datetime import time
from datetime import timedelta
from typing import Any

import pytest
from sqlmodel import Session
from sqlmodel import func
from sqlmodel import select

from service import clock
from service.clock import NL
from service.db import REGIO
from service.db import session_scope
from service.diagnose import diagnose
from service.models import Aanbieding
from service.models import AanbiedingStatus
from service.models import Gebeurtenis
from service.models import Kandidaat
from service.models import Organisatie
from service.models import PlekStatus
from service.models import Signalering
from service.models import Voordracht
from service.models import Voordrachtplek
from service.models import Woning
from service.schaal import vul
from service.signaleringen import actions
from service.signaleringen import langwachtend

DAG = date(2026, 6, 15)


@pytest.fixture
def vaste_dag() -> Any:
    clock.verzet(DAG)
    try:
        yield DAG
    finally:
        clock.verzet(None)


def _wereld(engine: Any, regio: Any) -> None:
    """400 kandidaten (60 % registered over 7 months ago), 300 woningen over two years, and
    on top: floor limits, paused time, declines, places on voordrachten, a running aanbieding
    and a kandidaat not ready (MATCH-E1)."""
    vul(engine, regio, kandidaten=400, woningen=300, today=DAG, lang_deel=0.6, seed=7)
    rng = random.Random(11)
    with session_scope(engine, regio) as s:
        corp = s.exec(select(Organisatie).where(Organisatie.code == "nabij-wonen")).one()
        ks = s.exec(select(Kandidaat).order_by(Kandidaat.id)).all()
        ws = s.exec(select(Woning).order_by(Woning.aangemaakt_op)).all()
        for i, k in enumerate(ks):
            if i % 7 == 0:
                k.hoogste_verdieping = rng.choice([0, 1, 2])
            if i % 11 == 0:
                k.gereed_verklaard = False
            s.add(k)
        grens = langwachtend.grens(regio, DAG)[1]
        net_lang = [k for k in ks if grens - timedelta(days=60) < k.aanmelddatum <= grens]
        assert net_lang  # the generated list has kandidaten just over six months
        for k in ks[::13] + net_lang[:5]:  # paused for 100 days, resumed 30 days ago
            for actie, dagen in (("kandidaat-gepauzeerd", 130), ("kandidaat-wachtend", 30)):
                s.add(
                    Gebeurtenis(
                        actie=actie,
                        objecttype="kandidaat",
                        object_id=str(k.id),
                        tijdstip=datetime.combine(DAG - timedelta(days=dagen), time(10), tzinfo=NL),
                    )
                )
        for n, k in enumerate(ks[::3]):
            for w in rng.sample(ws[-150:], 4):
                vd = Voordracht(woning_id=w.id, corporatie_id=corp.id, status="afgerond")
                s.add(vd)
                s.flush()
                s.add(
                    Voordrachtplek(
                        voordracht_id=vd.id,
                        kandidaat_id=k.id,
                        positie=rng.randint(1, 3),
                        status=PlekStatus.te_beoordelen,
                        eerste_keuze=True,
                        aanmelddatum=k.aanmelddatum,
                    )
                )
                if rng.random() < 0.5:  # MATCH-E7: declined
                    s.add(
                        Aanbieding(
                            woning_id=w.id,
                            kandidaat_id=k.id,
                            corporatie_id=corp.id,
                            zorgaanbieder_id=k.zorgaanbieder_id,
                            voordracht_id=vd.id,
                            status=AanbiedingStatus.afgewezen,
                            afwijsreden="te-ver",
                            toelichting=f"Afwijzing {n}",
                            reactie_deadline=datetime.now(UTC),
                            beantwoord_op=datetime.combine(DAG, time(12), tzinfo=NL),
                        )
                    )


def test_zou_m2_pass_per_gemeente_equals_per_kandidaat_diagnosis(app, vaste_dag):
    """ZOU-M2: the shared pass gives every long waiter the very diagnosis ``diagnose()``
    gives, on a generated waiting list with every rule (MATCH-E1, E3..E7) in play."""
    engine = app.state.engine
    _wereld(engine, app.state.regio)
    with Session(engine, info={REGIO: app.state.regio}) as s:
        snel = {w.kandidaat_id: w for w in langwachtend.alle(s, DAG, grootte=37)}
        assert len(snel) > 150
        regels = set()
        for kid, w in snel.items():
            k = s.get(Kandidaat, kid)
            traag = diagnose(s, k)
            assert w.diagnose.as_json() == traag.as_json(), kid
            regels.update(traag.uitsluitingen)
            regels.add(traag.regel)
        # The generated case exercises the rules it claims to.
        assert {"MATCH-E1", "MATCH-E3", "MATCH-E4", "MATCH-E5", "MATCH-E7"} <= regels
        # Paused time does not count: a kandidaat paused 100 days may drop out.
        grens = langwachtend.grens(app.state.regio, DAG)[1]
        lang = s.exec(
            select(func.count())
            .select_from(Kandidaat)
            .where(Kandidaat.aanmelddatum <= grens, Kandidaat.status == "wachtend")
        ).one()
        assert len(snel) < lang


def test_zou_m2_bereken_commits_in_batches_and_stops_between_them(app, vaste_dag, monkeypatch):
    """ZOU-M2: ``bereken`` writes the long waiters in batches; with the stop flag set after
    the first batch it ends there, the first batch written whole, and a next run completes."""
    engine = app.state.engine
    _wereld(engine, app.state.regio)
    monkeypatch.setattr(actions, "BATCH", 50)
    monkeypatch.setattr(actions, "BATCH_SQLITE", 50)
    stop = threading.Event()
    echt = langwachtend.batch

    def een_batch(*args: Any, **kw: Any) -> Any:
        uit = echt(*args, **kw)
        stop.set()
        return uit

    monkeypatch.setattr(langwachtend, "batch", een_batch)
    with session_scope(engine, app.state.regio) as s:
        eerste = actions.bereken(s, stop=stop)
    assert 0 < eerste.nieuw <= 50
    monkeypatch.setattr(langwachtend, "batch", echt)
    with session_scope(engine, app.state.regio) as s:
        rest = actions.bereken(s)
        alle = s.exec(
            select(func.count()).select_from(Signalering).where(Signalering.soort == "langwachtend")
        ).one()
        stappen = s.exec(
            select(func.count())
            .select_from(Gebeurtenis)
            .where(Gebeurtenis.actie == "signalering-geopend")
        ).one()
    assert rest.nieuw > 50
    assert alle == eerste.nieuw + rest.nieuw == stappen
    with session_scope(engine, app.state.regio) as s:
        again = actions.bereken(s)
    assert (again.nieuw, again.opgelost) == (0, 0)
