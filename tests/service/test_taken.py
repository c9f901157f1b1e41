"""Issue 15: scheduled work runs once across processes (``service.taken``, table ``taakclaim``).

Each "process" here is a ``Planner`` with its own holder name on the session's database (SQLite
or PostgreSQL); ``test_meerdere_processen.py`` does the same with real server processes.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from datetime import UTC
from datetime import datetime
from datetime import timedelta
from pathlib import Path

from sqlalchemy import select
from sqlalchemy import update

from service.models import Taakclaim
from service.taken import Planner
from service.taken import Taak
from service.taken import geef_vrij
from service.taken import neem
from service.taken import verleng

ROOT = Path(__file__).resolve().parents[2]


def _teller(runs: list[str], naam: str = "test", slaap: float = 0.0) -> Taak:
    def voer_uit(_engine, _stop):  # type: ignore[no-untyped-def]
        runs.append(threading.current_thread().name)
        time.sleep(slaap)
        return "gedaan"

    return Taak(naam, 3600, voer_uit)


def test_one_process_takes_a_lease_the_other_waits(app):
    e = app.state.engine
    assert neem(e, "x", "a", 30)
    assert not neem(e, "x", "b", 30)
    assert verleng(e, "x", "a", 30)
    assert not verleng(e, "x", "b", 30)


def test_a_lapsed_lease_is_taken_over_and_the_old_holder_notices(app):
    e = app.state.engine
    assert neem(e, "x", "dood", 30)
    with e.begin() as conn:  # the holder died 31 s ago: no renewal since
        conn.execute(
            update(Taakclaim.__table__)
            .where(Taakclaim.__table__.c.naam == "x")
            .values(geldig_tot=datetime.now(UTC) - timedelta(seconds=1))
        )
    assert neem(e, "x", "levend", 30)
    assert not verleng(e, "x", "dood", 30), "the old holder must learn it lost the lease"


def test_a_released_job_is_not_due_again_before_its_interval(app):
    e = app.state.engine
    assert neem(e, "x", "a", 30)
    geef_vrij(e, "x", "a", datetime.now(UTC) + timedelta(hours=1), "klaar")
    assert not neem(e, "x", "b", 30)  # free, but not due
    assert neem(e, "x", "b", 30, alleen_verschuldigd=False)  # ``woonroute jobs --alle``


def test_two_processes_run_each_job_once_per_interval(app):
    runs: list[str] = []
    taak = _teller(runs)
    a = Planner(app.state.engine, [taak], houder="a")
    b = Planner(app.state.engine, [taak], houder="b")
    assert a.ronde() == {"test": "gedaan"}  # at once: never ran before (signals at start-up)
    assert b.ronde() == {"test": None}
    assert a.ronde() == {"test": None}
    assert len(runs) == 1


def test_simultaneous_processes_one_runs(app):
    """Eight planners race for one job at the same moment: one runs it."""
    runs: list[str] = []
    taak = _teller(runs, slaap=0.3)
    planners = [Planner(app.state.engine, [taak], houder=f"p{i}") for i in range(8)]
    barrier = threading.Barrier(len(planners))
    uitkomsten: list[str | None] = []

    def race(p: Planner) -> None:
        barrier.wait()
        uitkomsten.append(p.ronde()["test"])

    threads = [threading.Thread(target=race, args=(p,)) for p in planners]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert sorted(uitkomsten, key=str) == [None] * 7 + ["gedaan"]
    assert len(runs) == 1


def test_the_heartbeat_keeps_a_long_job_s_lease(app):
    """A job running longer than its lease keeps it: the heartbeat renews it every third."""
    runs: list[str] = []
    lang = _teller(runs, slaap=1.5)
    a = Planner(app.state.engine, [lang], lease=0.6, houder="a")
    b = Planner(app.state.engine, [lang], lease=0.6, houder="b")
    t = threading.Thread(target=a.ronde)
    t.start()
    time.sleep(1.0)  # past the first lease
    assert b.ronde(alleen_verschuldigd=False) == {"test": None}
    t.join(10)
    assert len(runs) == 1


def test_stop_ends_a_batched_job_between_batches(app):
    batches: list[int] = []

    def batched(_engine, stop):  # type: ignore[no-untyped-def]
        while not stop.is_set():
            batches.append(1)
            time.sleep(0.05)
        return "gestopt"

    p = Planner(app.state.engine, [Taak("lang", 3600, batched)], tik=0.05)
    p.start()
    time.sleep(0.3)
    start = time.monotonic()
    p.stop(wacht=2.0)
    assert time.monotonic() - start < 1.0
    assert not p.bezig()
    with app.state.engine.connect() as conn:
        rij = conn.execute(select(Taakclaim.__table__).where(Taakclaim.naam == "lang")).one()
    assert rij.houder is None and rij.laatste_uitkomst == "gestopt"


def test_a_failing_job_releases_its_lease_and_waits_an_interval(app):
    def kapot(_engine, _stop):  # type: ignore[no-untyped-def]
        raise RuntimeError("boem")

    p = Planner(app.state.engine, [Taak("kapot", 3600, kapot)])
    assert p.ronde() == {"kapot": "mislukt: RuntimeError"}
    with app.state.engine.connect() as conn:
        rij = conn.execute(select(Taakclaim.__table__).where(Taakclaim.naam == "kapot")).one()
    assert rij.houder is None and rij.volgende_run is not None


def test_woonroute_jobs_runs_what_is_due_and_respects_leases(tmp_path: Path):
    """``woonroute jobs`` (cron) runs each due job once; a second run finds nothing due."""
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'cron.db'}",
    }

    def jobs(*args: str) -> str:
        r = subprocess.run(
            [sys.executable, "-m", "service.cli", "jobs", *args],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert r.returncode == 0, r.stderr
        return r.stdout

    eerste = jobs()
    assert "aanbiedingen-verlopen: 0 aanbieding(en) verlopen." in eerste
    assert "signaleringen: Signaleringen:" in eerste
    tweede = jobs()
    assert "aanbiedingen-verlopen: niet uitgevoerd" in tweede
    assert "aanbiedingen-verlopen: 0 aanbieding(en)" in jobs(
        "--alle", "--taak", "aanbiedingen-verlopen"
    )
