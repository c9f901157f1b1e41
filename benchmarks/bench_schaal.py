"""Benchmark: a full waiting list (issue 15, "Fast at a full waiting list"), every target in
one run, on SQLite and on PostgreSQL, written as ONE table into ``benchmarks/README.md``.

Run from the repository root::

    .venv/bin/python benchmarks/bench_schaal.py --database-url postgresql://postgres@127.0.0.1:5432/wr_fast
    .venv/bin/python benchmarks/bench_schaal.py --kandidaten 20000 --woningen 1000   # quick, SQLite only

Without ``--database-url`` only SQLite (a temporary file) is measured. The PostgreSQL database
named by ``--database-url`` must exist; its schema ``public`` is DROPPED and recreated: give it
a database of its own. The database ``test`` is refused.

The load generator is ``wrk`` (Debian package ``wrk``), 2 threads and 8 connections for 10 s,
against uvicorn with one worker, the same settings for the bare hello app
(``benchmarks/hello.py``) and for the service.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import platform
import random
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import httpx  # noqa: E402
from sqlalchemy import Engine  # noqa: E402
from sqlalchemy import delete  # noqa: E402
from sqlalchemy import func  # noqa: E402
from sqlalchemy import text  # noqa: E402
from sqlmodel import Session  # noqa: E402
from sqlmodel import select  # noqa: E402

import matching  # noqa: E402
from benchmarks.bench_import import clear  # noqa: E402
from benchmarks.bench_import import rows  # noqa: E402
from benchmarks.bench_import import xlsx_file  # noqa: E402
from benchmarks.bench_voordracht import pct  # noqa: E402
from benchmarks.bench_voordracht import proc_status  # noqa: E402
from benchmarks.bench_voordracht import sqlalchemy_url  # noqa: E402
from benchmarks.server import free_port  # noqa: E402
from benchmarks.server import running_server  # noqa: E402
from service.auth import create_api_key  # noqa: E402
from service.clock import vandaag  # noqa: E402
from service.db import REGIO as _SESSIE_REGIO  # noqa: E402
from service.db import make_engine  # noqa: E402
from service.db import migrate  # noqa: E402
from service.db import session_scope  # noqa: E402
from service.kandidaten.actions import _cursor  # noqa: E402
from service.levensloop import pool  # noqa: E402
from service.models import Gebeurtenis  # noqa: E402
from service.models import Kandidaat  # noqa: E402
from service.models import Organisatie  # noqa: E402
from service.models import Signalering  # noqa: E402
from service.models import SignaleringStap  # noqa: E402
from service.models import Taakclaim  # noqa: E402
from service.models import Woning  # noqa: E402
from service.organisaties.actions import sync_region_organisaties  # noqa: E402
from service.regio import load_regio  # noqa: E402
from service.regio import shipped_regio as _shipped_regio  # noqa: E402
from service.schaal import plaatsingen  # noqa: E402
from service.schaal import vul  # noqa: E402
from service.schemas import zet_invoer_regio  # noqa: E402

#: The region every benchmark here runs for (the demo region).
BENCH_REGIO = _shipped_regio("zuidoost-utrecht")
zet_invoer_regio(BENCH_REGIO)

REGIO = "zuidoost-utrecht"
CORPORATIE = "nabij-wonen"
BEMIDDELAAR = "het-vierde-huis"
MB = 1024 * 1024


def log(msg: str) -> None:
    print(msg, flush=True)


@dataclass
class Meting:
    """One line of the table: a figure, its target, and a value per database."""

    figuur: str
    doel: str
    eenheid: str
    goed: Callable[[float], bool]
    waarden: dict[str, float | None]
    noot: str = ""


METINGEN: dict[str, Meting] = {}


def zet(key: str, figuur: str, doel: str, eenheid: str, goed: Callable[[float], bool]) -> None:
    METINGEN.setdefault(key, Meting(figuur, doel, eenheid, goed, {}))


def meet(key: str, db: str, waarde: float | None, noot: str = "") -> None:
    m = METINGEN[key]
    m.waarden[db] = waarde
    if noot:
        m.noot = (m.noot + "; " if m.noot else "") + f"{db}: {noot}"
    log(f"    {m.figuur}: {waarde if waarde is None else round(waarde, 3)} {m.eenheid} {noot}")


# --- the database ----------------------------------------------------------------------------


def prepare_postgresql(url: str) -> None:
    import psycopg

    naam = url.rsplit("/", 1)[-1].split("?")[0]
    if naam in ("test", "postgres", "template0", "template1"):
        raise SystemExit(f"bench_schaal: weigert database {naam!r}; geef een eigen database.")
    with psycopg.connect(url, autocommit=True, connect_timeout=5) as conn:
        conn.execute("DROP SCHEMA IF EXISTS public CASCADE")
        conn.execute("CREATE SCHEMA public")


def analyse(engine: Engine) -> None:
    with engine.connect() as conn:
        if engine.dialect.name == "postgresql":
            conn.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql("ANALYZE")
        else:
            conn.exec_driver_sql("ANALYZE")
            conn.commit()


def sleutels(engine: Engine) -> dict[str, str]:
    with session_scope(engine, BENCH_REGIO) as s:
        orgs = {o.code: o for o in s.exec(select(Organisatie)).all()}
        return {code: create_api_key(s, orgs[code], "bench_schaal")[1] for code in orgs}


# --- child processes: time and peak memory of one job ------------------------------------------


def kind(url: str, code: str) -> tuple[float, float, str]:
    """Run ``code`` (which sets ``duur`` in seconds and ``uit``) in a fresh Python process on
    ``url``; returns (seconds, peak RSS in MB of that process, its ``uit``)."""
    script = (
        "import resource, sys, time\n"
        f"sys.path.insert(0, {str(REPO)!r})\n"
        "from service.regio import load_regio\n"
        "from service.schemas import zet_invoer_regio\n"
        f"BENCH_REGIO = load_regio({REGIO!r})\n"
        "zet_invoer_regio(BENCH_REGIO)\n"
        "from service.db import make_engine, session_scope\n"
        f"engine = make_engine({sqlalchemy_url(url)!r})\n"
        f"{code}\n"
        "print('UIT', duur, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, uit)\n"
    )
    r = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=REPO, check=False
    )
    regel = next((x for x in r.stdout.splitlines() if x.startswith("UIT ")), None)
    if r.returncode != 0 or regel is None:
        raise RuntimeError(f"child failed:\n{r.stdout[-2000:]}\n{r.stderr[-4000:]}")
    _, duur, rss, uit = regel.split(" ", 3)
    return float(duur), float(rss), uit


SIGNALEN = """
from service.signaleringen.actions import bereken
t0 = time.perf_counter()
with session_scope(engine, BENCH_REGIO) as s:
    uit = bereken(s)
duur = time.perf_counter() - t0
"""


def wis_signalen(engine: Engine) -> None:
    with engine.begin() as conn:
        conn.execute(delete(SignaleringStap))
        conn.execute(delete(Signalering))
        conn.execute(delete(Gebeurtenis).where(Gebeurtenis.objecttype == "signalering"))


# --- HTTP ------------------------------------------------------------------------------------


def wrk(url: str, key: str | None = None, seconden: int = 10) -> tuple[float, float]:
    """(requests per second, p50 latency in ms) from ``wrk -t2 -c8``."""
    cmd = ["wrk", "-t2", "-c8", f"-d{seconden}s", "--latency"]
    if key:
        cmd += ["-H", f"X-Api-Key: {key}"]
    out = subprocess.run([*cmd, url], capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    m = re.search(r"50%\s+([\d.]+)(us|ms|s)", out)
    p50 = float(m.group(1)) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[m.group(2)] if m else 0.0
    fouten = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if fouten:
        raise RuntimeError(f"wrk: {fouten.group(1)} failed responses for {url}")
    return rps, p50


@contextlib.contextmanager
def hello_server(workdir: Path) -> Iterator[str]:
    port = free_port()
    with (workdir / "hello.log").open("wb") as logf:
        proc = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "benchmarks.hello:app", "--host", "127.0.0.1",
             "--port", str(port), "--log-level", "warning"],
            cwd=REPO, stdout=logf, stderr=subprocess.STDOUT,
        )  # fmt: skip
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(200):
                with contextlib.suppress(httpx.TransportError):
                    if httpx.get(f"{base}/hallo", timeout=1).status_code == 200:
                        break
                time.sleep(0.1)
            yield base
        finally:
            proc.terminate()
            proc.wait(timeout=20)


def woning_body(rng: random.Random) -> dict[str, Any]:
    from service.demo import synthetic_woning

    w = synthetic_woning(rng, rng.choice(list(BENCH_REGIO.gemeenten)), vandaag())
    return w.model_dump(mode="json", by_alias=True, exclude_none=True)


def tijden(fn: Callable[[], object], n: int) -> list[float]:
    out = []
    for _ in range(n):
        t0 = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t0) * 1000)
    return out


# --- the fair floor: the rules that SQL can say, in one statement --------------------------------

FAIR_SQL = """
SELECT gv.kandidaat_id FROM gemeentevoorkeur gv JOIN kandidaat k ON k.id = gv.kandidaat_id
WHERE gv.gemeente = :gemeente AND gv.in_pool
  AND k.volwassenen + k.kinderen <= :max_bewoners
  AND k.minimum_kamers <= :kamers
  AND k.volwassenen + k.kinderen <= :max_personen_tabel
  AND :sociaal
  AND k.jaarinkomen <= CASE WHEN k.volwassenen + k.kinderen = 1 THEN :daeb_een ELSE :daeb_meer END
  AND (CASE WHEN k.volwassenen + k.kinderen <= 2 THEN :past_laag ELSE :past_hoog END
       OR k.jaarinkomen > CASE WHEN k.geboortedatum <= :aow_grens
            THEN CASE WHEN k.volwassenen + k.kinderen = 1 THEN :pas_aow_een ELSE :pas_aow_meer END
            ELSE CASE WHEN k.volwassenen + k.kinderen = 1 THEN :pas_een ELSE :pas_meer END END)
  AND (NOT k.rolstoel OR :rolstoel_ok)
  AND (NOT k.trapvrij OR :trapvrij_ok)
  AND (k.hoogste_verdieping IS NULL OR k.hoogste_verdieping >= :verdieping)
  AND k.geboortedatum <= :leeftijd_grens
  AND NOT EXISTS (SELECT 1 FROM aanbieding a WHERE a.woning_id = :woning_id
                  AND a.kandidaat_id = k.id AND a.status = 'afgewezen')
ORDER BY gv.rangklasse, gv.aanmelddatum, gv.volgnummer, gv.kandidaat_id
LIMIT 3
"""


def _laatste_dag(voorwaarde: Callable[[date], bool], start: date) -> date:
    """The latest birth date for which ``voorwaarde`` holds, searching down from ``start``."""
    d = start
    while not voorwaarde(d):
        d = date.fromordinal(d.toordinal() - 1)
    return d


def fair_params(w: Woning, context: matching.Context, pg: bool) -> dict[str, Any]:
    """The woning's side of MATCH-E2..E7 as parameters (E1 is ``in_pool``)."""
    g, peil = context.grenzen, context.peildatum
    tabel = context.kamers_per_huishouden or (1,)
    past = [p for p in range(1, 20) if tabel[min(p, len(tabel)) - 1] <= w.kamers]
    bij = peil.replace(day=min(peil.day, 28))
    aow = _laatste_dag(
        lambda d: matching.heeft_aow_leeftijd(d, peil, g),
        bij.replace(year=bij.year - g.aow_leeftijd_jaren + 1),
    )
    leeftijd = (
        _laatste_dag(
            lambda d: matching.leeftijd_op(d, peil) >= (w.minimumleeftijd or 0),
            bij.replace(year=bij.year - (w.minimumleeftijd or 0) + 1),
        )
        if w.minimumleeftijd
        else date(9999, 12, 31)
    )
    bereikbaar = w.verdieping == 0 or w.lift
    p = {
        "gemeente": w.gemeente,
        "max_bewoners": w.max_bewoners,
        "kamers": w.kamers,
        "max_personen_tabel": max(past, default=0) if len(past) < 19 else 99,
        "sociaal": w.kale_huur <= g.liberalisatiegrens,
        "daeb_een": g.daeb_inkomen_een,
        "daeb_meer": g.daeb_inkomen_meer,
        "past_laag": w.kale_huur <= g.aftoppingsgrens_laag,
        "past_hoog": w.kale_huur <= g.aftoppingsgrens_hoog,
        "aow_grens": aow,
        "pas_aow_een": g.passend_inkomen_aow_een,
        "pas_aow_meer": g.passend_inkomen_aow_meer,
        "pas_een": g.passend_inkomen_een,
        "pas_meer": g.passend_inkomen_meer,
        "rolstoel_ok": w.rolstoeltoegankelijk and bereikbaar,
        "trapvrij_ok": bereikbaar and w.gelijkvloers,
        "verdieping": w.verdieping,
        "leeftijd_grens": leeftijd,
        "woning_id": w.id,
    }
    if not pg:  # SQLite stores dates as text and uuids as 32 hex digits
        p = {
            k: (v.isoformat() if isinstance(v, date) else v.hex if isinstance(v, uuid.UUID) else v)
            for k, v in p.items()
        }
    return p


def dbapi_sql(pg: bool) -> str:
    return re.sub(r":(\w+)", r"%(\1)s", FAIR_SQL) if pg else FAIR_SQL


# --- the measurements ------------------------------------------------------------------------


def bench_xlsx(
    db: str, url: str, engine: Engine, key: str, inhoud: bytes, n: int, wd: Path
) -> None:
    with (
        running_server(url, wd / f"xlsx-{db}.log") as (base, proc),
        httpx.Client(base_url=base, timeout=600) as client,
    ):
        t0 = time.perf_counter()
        r = client.post(
            "/v1/kandidaatimports",
            files={"bestand": ("wachtlijst.xlsx", inhoud, "application/octet-stream")},
            headers={"X-Api-Key": key},
        )
        dt = time.perf_counter() - t0
        assert r.status_code == 201, (r.status_code, r.text[:2000])
        piek = proc_status(proc.pid)["VmHWM"] / 1024
    meet("xlsx_s", db, dt, f"{n:,} rows, {len(inhoud) / 1e6:.1f} MB")
    meet("xlsx_mb", db, piek)
    clear(engine)


def bench_signalen(db: str, url: str, engine: Engine) -> None:
    duur, rss, uit = kind(url, SIGNALEN)
    meet("sig_s", db, duur, uit)
    meet("sig_mb", db, rss)
    duur2, _, uit2 = kind(url, SIGNALEN)
    meet("sig2_s", db, duur2, uit2)


def bench_stop(db: str, url: str, engine: Engine, wd: Path) -> None:
    """SIGTERM to a server (jobs on) in the middle of its first signal run: seconds to exit."""
    wis_signalen(engine)
    with engine.begin() as conn:
        conn.execute(delete(Taakclaim))
    port = free_port()
    env = {**os.environ, "DATABASE_URL": sqlalchemy_url(url), "WOONROUTE_TAKEN_AAN": "true"}
    with (wd / f"stop-{db}.log").open("wb") as logf:
        proc = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "service.main:app_factory", "--factory",
             "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"],
            cwd=REPO, env=env, stdout=logf, stderr=subprocess.STDOUT,
        )  # fmt: skip
        try:
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline and proc.poll() is None:
                with engine.connect() as conn:
                    if conn.execute(select(func.count()).select_from(Signalering)).one()[0]:
                        break  # the first batch is written: the run is under way
                time.sleep(0.2)
            else:
                raise RuntimeError("the server's signal job did not start")
            time.sleep(1.0)
            proc.send_signal(signal.SIGTERM)
            t0 = time.perf_counter()
            proc.wait(timeout=60)
            meet("stop_s", db, time.perf_counter() - t0, f"exit code {proc.returncode}")
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()


def bench_api(
    db: str,
    url: str,
    engine: Engine,
    keys: dict[str, str],
    wd: Path,
    alleen_lezen: bool = False,
) -> None:
    with session_scope(engine, BENCH_REGIO) as s:
        corp = s.exec(select(Organisatie).where(Organisatie.code == CORPORATIE)).one()
        woning_id = s.exec(
            select(Woning.id).where(Woning.corporatie_id == corp.id).order_by(Woning.id)
        ).first()
        diep = s.exec(
            select(Kandidaat).order_by(Kandidaat.aanmelddatum, Kandidaat.volgnummer, Kandidaat.id)
            .offset(50_000 if METINGEN["n"].waarden.get("n", 0) >= 60_000 else 1_000).limit(1)
        ).one()  # fmt: skip
    cursor = _cursor(diep)
    rng = random.Random(7)
    with (
        running_server(url, wd / f"api-{db}.log") as (base, proc),
        httpx.Client(base_url=base, timeout=120) as client,
    ):
        corp_h = {"X-Api-Key": keys[CORPORATIE]}
        woning = f"/v1/woningen/{woning_id}"

        def get() -> None:
            assert client.get(woning, headers=corp_h).status_code == 200

        def post() -> None:
            r = client.post("/v1/woningen", json=woning_body(rng), headers=corp_h)
            assert r.status_code == 201, r.text

        for _ in range(10):
            get()
            post()
        if alleen_lezen:
            lezen(db, base, woning, cursor, keys, wd, proc.pid)
            return
        # Responsiveness while the signal job runs (SQLite: its batches share the write lock).
        idle_get, idle_post = pct(tijden(get, 40), 95), pct(tijden(post, 40), 95)
        wis_signalen(engine)
        job = subprocess.Popen(
            [sys.executable, "-c", f"import sys; sys.path.insert(0, {str(REPO)!r})\n"
             "from service.regio import load_regio\n"
             "from service.db import make_engine, session_scope\n"
             "from service.signaleringen.actions import bereken\n"
             "from service.taken import lage_prioriteit\n"
             "lage_prioriteit()  # as woonroute signalen and the server's job thread run it\n"
             f"regio = load_regio({REGIO!r})\n"
             f"with session_scope(make_engine({sqlalchemy_url(url)!r}), regio) as s: bereken(s)\n"],
            cwd=REPO,
        )  # fmt: skip
        tijdens_get: list[float] = []
        tijdens_post: list[float] = []
        time.sleep(1.0)  # past its imports, into the job
        while job.poll() is None:
            tijdens_get += tijden(get, 1)
            tijdens_post += tijden(post, 1)
        job.wait()
        meet("resp_get", db, pct(tijdens_get, 95) / idle_get,
             f"p95 {pct(tijdens_get, 95):.0f} vs {idle_get:.0f} ms idle, {len(tijdens_get)} GETs")  # fmt: skip
        meet("resp_post", db, pct(tijdens_post, 95) / idle_post,
             f"p95 {pct(tijdens_post, 95):.0f} vs {idle_post:.0f} ms idle")  # fmt: skip
        # POST /v1/woningen (woning + its voordracht), sequential.
        posts = tijden(post, 100)
        meet("post_p95", db, pct(posts, 95), f"p50 {statistics.median(posts):.1f} ms")
        lezen(db, base, woning, cursor, keys, wd, proc.pid)


def lezen(
    db: str, base: str, woning: str, cursor: str, keys: dict[str, str], wd: Path, pid: int
) -> None:
    """Reads with wrk, against the bare hello app in the same run."""
    with hello_server(wd) as hallo:
        hello_rps, _ = wrk(f"{hallo}/hallo")
    w_rps, w_p50 = wrk(f"{base}{woning}", keys[CORPORATIE])
    k_rps, k_p50 = wrk(f"{base}/v1/kandidaten", keys[BEMIDDELAAR])
    d_rps, d_p50 = wrk(f"{base}/v1/kandidaten?vanaf={cursor}", keys[BEMIDDELAAR])
    meet("hello", db, hello_rps)
    meet("get_woning", db, 100 * w_rps / hello_rps, f"{w_rps:.0f} req/s, p50 {w_p50:.1f} ms")
    meet("get_kand", db, 100 * k_rps / hello_rps, f"{k_rps:.0f} req/s, p50 {k_p50:.1f} ms")
    meet("diep", db, d_p50 / k_p50 if k_p50 else None,
         f"deep page p50 {d_p50:.1f} ms vs first {k_p50:.1f} ms; {d_rps:.0f} req/s")  # fmt: skip
    meet("srv_mb", db, proc_status(pid)["VmHWM"] / 1024)


def bench_voorstel(db: str, engine: Engine, iteraties: int) -> None:
    regio = BENCH_REGIO
    pg = engine.dialect.name == "postgresql"
    with Session(engine, info={_SESSIE_REGIO: BENCH_REGIO}) as s:
        ws = s.exec(select(Woning).order_by(Woning.aangemaakt_op.desc()).limit(50)).all()  # type: ignore[attr-defined]
    context = regio.context(vandaag())
    sql = dbapi_sql(pg)
    gelijk = 0
    motor: list[float] = []
    vloer: list[float] = []
    raw = engine.raw_connection()
    try:
        cur = raw.cursor()
        for w in ws:
            params = fair_params(w, context, pg)
            with Session(engine, info={_SESSIE_REGIO: BENCH_REGIO}) as s:
                s.exec(select(1)).one()
                voorstel = pool.propose(s, w, regio, plekken=[], aantal=3)
                s.rollback()
            cur.execute(sql, params)
            ids = [str(uuid.UUID(str(r[0]))) for r in cur.fetchall()]
            gelijk += ids == [p.kandidaat_id for p in voorstel.plekken]
        for i in range(iteraties):
            w = ws[i % len(ws)]
            params = fair_params(w, context, pg)
            with Session(engine, info={_SESSIE_REGIO: BENCH_REGIO}) as s:
                s.exec(select(1)).one()  # the transaction begins outside the clock
                t0 = time.perf_counter()
                pool.propose(s, w, regio, plekken=[], aantal=3)
                motor.append((time.perf_counter() - t0) * 1000)
                s.rollback()
            t0 = time.perf_counter()
            cur.execute(sql, params)
            cur.fetchall()
            vloer.append((time.perf_counter() - t0) * 1000)
        raw.rollback()
    finally:
        raw.close()
    m, v = statistics.median(motor), statistics.median(vloer)
    meet("top3", db, gelijk, f"of {len(ws)} woningen")
    meet("floor_p50", db, v)
    meet("prop_p50", db, m, f"p95 {pct(motor, 95):.2f} ms")
    meet("prop_ratio", db, m / v)


RAPPORTEN = """
from sqlmodel import select
from service.auth import Actor
from service.models import Organisatie, Plaatsing
from service.rapportages.actions import maandrapportage, regiocijfers
from sqlalchemy import func
from service.clock import vandaag
from service.regio import shipped_regio
BENCH_REGIO = shipped_regio("zuidoost-utrecht")
with session_scope(engine, BENCH_REGIO) as s:
    rb = s.exec(select(Organisatie).where(Organisatie.soort == "regiobeheer")).first()
    actor = Actor.van(rb)
    jaar = vandaag().year
    t0 = time.perf_counter()
    r = regiocijfers(s, actor, jaar=jaar)
    regio_s = time.perf_counter() - t0
    dag = s.exec(select(Plaatsing.contractdatum).order_by(Plaatsing.contractdatum.desc())).first()
    t0 = time.perf_counter()
    m = maandrapportage(s, actor, jaar=dag.year, maand=dag.month, corporatie_id=None)
    maand_s = time.perf_counter() - t0
duur = max(regio_s, maand_s)
uit = f"{regio_s:.4f}|{maand_s:.4f}"
"""


def bench_rapporten(db: str, url: str) -> None:
    _, rss, uit = kind(url, RAPPORTEN)
    regio_s, maand_s = (float(x) for x in uit.split("|"))
    meet("regio_s", db, regio_s)
    meet("maand_s", db, maand_s)
    meet("rap_mb", db, rss, "one process: both reports, with its imports")


# --- the run ---------------------------------------------------------------------------------


def doelen(args: argparse.Namespace) -> None:
    def le(x: float) -> Callable[[float], bool]:
        return lambda v: v <= x

    def ge(x: float) -> Callable[[float], bool]:
        return lambda v: v >= x

    zet("n", "kandidaten / woningen / long waiters", "100,000 / 5,000 / 30,000", "", ge(0))
    zet("sig_s", "signals: full run (first, all new)", "≤ 10 s", "s", le(10))
    zet("sig_mb", "signals: peak memory of the job's process", "≤ 300 MB", "MB", le(300))
    zet("sig2_s", "signals: next run (nothing new)", "≤ 10 s", "s", le(10))
    zet("stop_s", "server stops on SIGTERM mid signal run", "≤ 5 s", "s", le(5))
    zet("resp_get", "during the signal run: GET woning p95 / idle p95", "≤ 3×", "×", le(3))
    zet("resp_post", "during the signal run: POST woning p95 / idle p95", "≤ 3×", "×", le(3))
    zet(
        "xlsx_s", f"XLSX import, {args.xlsx_rijen:,} rows, HTTP upload → 201", "≤ 30 s", "s", le(30)
    )
    zet("xlsx_mb", "XLSX import: server peak RSS", "≤ 300 MB", "MB", le(300))
    zet("hello", "bare FastAPI hello, wrk -t2 -c8", "(reference)", "req/s", ge(0))
    zet("get_woning", "GET /v1/woningen/{id} throughput / hello", "≥ 25 %", "%", ge(25))
    zet("get_kand", "GET /v1/kandidaten page 1 throughput / hello", "≥ 25 %", "%", ge(25))
    zet(
        "diep",
        "GET /v1/kandidaten deep page (keyset) p50 / page 1 p50",
        "≈ 1 (≤ 1.5×)",
        "×",
        le(1.5),
    )
    zet("top3", "fair floor: same top 3 as the engine", "50 of 50", "woningen", ge(50))
    zet("floor_p50", "fair floor (E1–E7 in one SQL statement) p50", "(reference)", "ms", ge(0))
    zet("prop_p50", "proposal (engine + DB, `pool.propose`) p50", "PostgreSQL ≤ 5 ms", "ms", le(5))
    zet("prop_ratio", "proposal p50 / fair floor p50", "≤ 5×", "×", le(5))
    zet("post_p95", "POST /v1/woningen (+ voordracht) p95", "≤ 50 ms", "ms", le(50))
    zet("srv_mb", "server peak RSS after the API measurements", "≤ 300 MB", "MB", le(300))
    zet("regio_s", "regiocijfers (year)", "≤ 1 s", "s", le(1))
    zet("maand_s", "maandrapportage (busiest month)", "≤ 1 s", "s", le(1))
    zet("rap_mb", "reports: peak memory", "≤ 300 MB", "MB", le(300))


#: The parts of a run, in order (``--alleen``); the data is loaded after the XLSX import.
DELEN = ("xlsx", "signalen", "api", "lezen", "voorstel", "rapporten")


def deel(args: argparse.Namespace, naam: str) -> bool:
    return not args.alleen or naam in args.alleen


def run_db(db: str, url: str, args: argparse.Namespace, xlsx: bytes, wd: Path) -> None:
    log(f"== {db}")
    engine = make_engine(sqlalchemy_url(url))
    try:
        migrate(engine)
        with session_scope(engine, BENCH_REGIO) as s:
            sync_region_organisaties(s, BENCH_REGIO)
        keys = sleutels(engine)
        if deel(args, "xlsx"):
            log("  XLSX import …")
            bench_xlsx(db, url, engine, keys[BEMIDDELAAR], xlsx, args.xlsx_rijen, wd)
        if not {"signalen", "api", "lezen", "voorstel", "rapporten"} & set(args.alleen or DELEN):
            return
        log(f"  loading {args.kandidaten:,} kandidaten, {args.woningen:,} woningen …")
        t0 = time.perf_counter()
        vul(engine, BENCH_REGIO, kandidaten=args.kandidaten, woningen=args.woningen, today=vandaag(),
            lang_deel=args.lang_deel)  # fmt: skip
        analyse(engine)
        with Session(engine, info={_SESSIE_REGIO: BENCH_REGIO}) as s:
            lang = s.exec(
                text(
                    "SELECT count(*) FROM kandidaat WHERE status IN ('wachtend','gepauzeerd',"
                    "'aangeboden') AND aanmelddatum <= :grens"
                ),
                params={"grens": str(date.fromordinal(vandaag().toordinal() - 183))},
            ).one()[0]
        METINGEN["n"].waarden["n"] = args.kandidaten
        meet("n", db, None, f"{args.kandidaten:,} / {args.woningen:,} / {lang:,} (loaded in "
             f"{time.perf_counter() - t0:.0f} s)")  # fmt: skip
        if deel(args, "signalen"):
            log("  signals …")
            bench_signalen(db, url, engine)
            log("  SIGTERM mid signal run …")
            bench_stop(db, url, engine, wd)
        if deel(args, "api"):
            log("  API …")
            bench_api(db, url, engine, keys, wd)
        elif deel(args, "lezen"):
            log("  reads …")
            bench_api(db, url, engine, keys, wd, alleen_lezen=True)
        if deel(args, "voorstel"):
            log("  proposals …")
            bench_voorstel(db, engine, args.iteraties)
        if deel(args, "rapporten"):
            log("  placements and reports …")
            n = plaatsingen(engine, args.plaatsingen, today=vandaag())
            analyse(engine)
            log(f"    {n:,} placements")
            bench_rapporten(db, url)
    finally:
        engine.dispose()


def fmt(v: float | None, eenheid: str) -> str:
    if v is None:
        return "—"
    if eenheid in ("req/s", "woningen", "MB", "%"):
        return f"{v:,.0f}"
    return f"{v:.3g}" if v < 10 else f"{v:,.1f}"


def tabel(dbs: list[str]) -> str:
    kop = "| figure | target | " + " | ".join(dbs) + " | ratio |"
    regels = [kop, "|" + "---|" * (len(dbs) + 3)]
    for key, m in METINGEN.items():
        cellen = []
        for db in dbs:
            v = m.waarden.get(db)
            mark = "" if v is None or key in ("n", "hello", "floor_p50") else (
                " ✓" if m.goed(v) else " **✗**"
            )  # fmt: skip
            cellen.append(
                f"{fmt(v, m.eenheid)} {m.eenheid}{mark}".strip() if v is not None else "—"
            )
        a, b = (m.waarden.get(db) for db in (dbs + [dbs[0]])[:2])
        ratio = f"{b / a:.2f}" if len(dbs) == 2 and a and b is not None else "—"
        regels.append(f"| {m.figuur} | {m.doel} | " + " | ".join(cellen) + f" | {ratio} |")
    noten = [f"- {m.figuur}: {m.noot}" for m in METINGEN.values() if m.noot]
    return "\n".join(regels) + "\n\nNotes per figure:\n\n" + "\n".join(noten) + "\n"


def schrijf(rapport: str, pad: Path) -> None:
    begin, eind = "<!-- bench_schaal:begin -->", "<!-- bench_schaal:eind -->"
    tekst = pad.read_text()
    blok = f"{begin}\n{rapport}{eind}"
    if begin in tekst:
        tekst = re.sub(
            re.escape(begin) + ".*?" + re.escape(eind), lambda _: blok, tekst, flags=re.S
        )
    else:
        tekst += "\n" + blok + "\n"
    pad.write_text(tekst)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument(
        "--database-url", help="PostgreSQL (schema public is replaced); else SQLite only"
    )
    p.add_argument("--kandidaten", type=int, default=100_000)
    p.add_argument("--woningen", type=int, default=5_000)
    p.add_argument("--lang-deel", type=float, default=0.32)
    p.add_argument("--plaatsingen", type=int, default=5_000)
    p.add_argument("--xlsx-rijen", type=int, default=100_000)
    p.add_argument("--iteraties", type=int, default=300)
    p.add_argument("--readme", type=Path, default=REPO / "benchmarks" / "README.md")
    p.add_argument("--geen-readme", action="store_true", help="print the table only")
    p.add_argument(
        "--alleen",
        action="append",
        choices=DELEN,
        help="measure only this part (repeatable); api includes the responsiveness and reads; lezen: only the reads",
    )
    p.add_argument(
        "--only", choices=("sqlite", "postgresql"), help="one database (with --database-url)"
    )
    args = p.parse_args(argv)
    if shutil.which("wrk") is None:
        raise SystemExit("bench_schaal: wrk ontbreekt (apt-get install wrk).")
    zet_invoer_regio(load_regio(REGIO))
    doelen(args)
    uptime_voor = Path("/proc/loadavg").read_text().split()[:3]
    xlsx = b""
    if deel(args, "xlsx"):
        log(f"generating {args.xlsx_rijen:,} XLSX rows …")
        xlsx = xlsx_file(rows(args.xlsx_rijen, BENCH_REGIO))
    dbs = []
    with tempfile.TemporaryDirectory(prefix="bench_schaal_") as tmp:
        wd = Path(tmp)
        if args.only != "postgresql":
            run_db("SQLite", f"sqlite:///{wd / 'schaal.db'}", args, xlsx, wd)
            dbs.append("SQLite")
        if args.database_url and args.only != "sqlite":
            prepare_postgresql(args.database_url)
            run_db("PostgreSQL", args.database_url, args, xlsx, wd)
            dbs.append("PostgreSQL")
    uptime_na = Path("/proc/loadavg").read_text().split()[:3]
    rapport = (
        f"Run of {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} on {platform.machine()}, "
        f"{os.cpu_count()} cores, Python {platform.python_version()}. Load average (1/5/15 min) "
        f"{' / '.join(uptime_voor)} before and {' / '.join(uptime_na)} after: the machine is "
        "shared, so every absolute figure is noisy; ratios taken in one run are steadier. "
        "Ratio column: PostgreSQL / SQLite.\n\n" + tabel(dbs)
    )
    print(rapport)
    if not args.geen_readme and not args.alleen:  # a partial run never writes the table
        schrijf(rapport, args.readme)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
