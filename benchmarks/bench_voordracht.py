"""Benchmark: proposing a voordracht against a waiting list of 100,000 kandidaten.

Measures, on SQLite and PostgreSQL (issue 3, "Performance"):

* engine + database: ``service.levensloop.pool.propose`` (index read in keyset batches
  feeding ``matching.stel_voor(..., gesorteerd=True)``), and the full ``create_for_woning``
  inside a transaction that is rolled back;
* the bare floor: a hand-written indexed top-3 query through the DBAPI cursor, and the
  ratio engine p50 / floor p50; plus the query plans of the floor and the service queries;
* end to end: ``POST /v1/woningen`` against the real server (uvicorn subprocess), and the
  server's resident memory afterwards.

Run from the repository root::

    .venv/bin/python benchmarks/bench_voordracht.py                 # both databases
    .venv/bin/python benchmarks/bench_voordracht.py --only sqlite --kandidaten 20000

Writes a Markdown report to ``benchmarks/results.md`` (see ``--output``).
"""

from __future__ import annotations

import argparse
import contextlib
import itertools
import os
import platform
import random
import re
import sqlite3
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from collections.abc import Iterator
from dataclasses import dataclass
from dataclasses import field
from datetime import datetime
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import httpx  # noqa: E402
from sqlalchemy import Engine  # noqa: E402
from sqlalchemy import event  # noqa: E402
from sqlalchemy import insert  # noqa: E402
from sqlalchemy import text  # noqa: E402
from sqlmodel import Session  # noqa: E402
from sqlmodel import select  # noqa: E402

from benchmarks import databank  # noqa: E402
from benchmarks.server import running_server  # noqa: E402
from service.auth import create_api_key  # noqa: E402
from service.clock import vandaag  # noqa: E402
from service.db import REGIO as _SESSIE_REGIO  # noqa: E402
from service.db import make_engine  # noqa: E402
from service.db import migrate  # noqa: E402
from service.db import session_scope  # noqa: E402
from service.demo import GEMEENTE_GEWICHT  # noqa: E402
from service.demo import actor_for  # noqa: E402
from service.demo import synthetic_woning  # noqa: E402
from service.levensloop import pool  # noqa: E402
from service.levensloop.overgangen import create_for_woning  # noqa: E402
from service.mapping import woning_input  # noqa: E402
from service.models import Gemeentevoorkeur  # noqa: E402
from service.models import Kandidaat  # noqa: E402
from service.models import Organisatie  # noqa: E402
from service.models import OrganisatieSoort  # noqa: E402
from service.models import Woning  # noqa: E402
from service.organisaties.actions import sync_region_organisaties  # noqa: E402
from service.regio import Regio  # noqa: E402
from service.regio import load_regio  # noqa: E402
from service.regio import shipped_regio as _shipped_regio  # noqa: E402
from service.schaal import kandidaat_rijen  # noqa: E402
from service.schemas import zet_invoer_regio  # noqa: E402
from service.woningen.actions import create_woning  # noqa: E402

#: The region every benchmark here runs for (the demo region).
BENCH_REGIO = _shipped_regio("zuidoost-utrecht")
zet_invoer_regio(BENCH_REGIO)

CHUNK = 5_000
SEED = 2026
CORPORATIE = "nabij-wonen"  # route omgekeerde-plaatsing (ZOU-R3)

FLOOR_SQL = (
    "SELECT kandidaat_id FROM gemeentevoorkeur WHERE gemeente = {p} AND in_pool "
    "ORDER BY rangklasse, aanmelddatum, volgnummer, kandidaat_id LIMIT 3"
)

# Targets from issue 3.
TARGET_ENGINE_P50_MS = 5.0
TARGET_RATIO = 5.0
TARGET_POST_P95_MS = 50.0
TARGET_RSS_MB = 300.0


# --- small helpers ---------------------------------------------------------------------------


def sqlalchemy_url(url: str) -> str:
    """Same translation as ``service.settings.Settings.sqlalchemy_url``."""
    if url.startswith("postgresql://"):
        return "postgresql+psycopg://" + url[len("postgresql://") :]
    return url


def pct(values: list[float], q: float) -> float:
    """Nearest-rank percentile, in the unit of ``values``."""
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(q / 100 * len(ordered) + 0.5) - 1))
    return ordered[k]


def timed(fn: Callable[[], object]) -> float:
    t0 = time.perf_counter()
    fn()
    return (time.perf_counter() - t0) * 1000


def log(msg: str) -> None:
    print(msg, flush=True)


@dataclass
class Row:
    db: str
    name: str
    p50: float | None = None
    p95: float | None = None
    ratio: float | None = None
    target: str = "—"
    met: str = "—"
    note: str = ""


@dataclass
class DbResult:
    db: str
    version: str = ""
    load_seconds: float = 0.0
    pool_sizes: dict[str, int] = field(default_factory=dict)
    rows: list[Row] = field(default_factory=list)
    plans: list[tuple[str, str, str]] = field(default_factory=list)  # (title, sql, plan)
    skipped: str = ""


# --- loading ---------------------------------------------------------------------------------


def kandidaat_rows(
    n: int, regio: Regio, zorg: list[Organisatie]
) -> Iterator[tuple[list[dict], list[dict]]]:
    """Chunks of (kandidaat rows, gemeentevoorkeur rows), built as create_kandidaat does."""
    return kandidaat_rijen(n, regio, zorg, rng=random.Random(SEED), today=vandaag())


def load(engine: Engine, n: int, regio: Regio, n_woningen: int) -> tuple[str, list[uuid.UUID]]:
    """Organisations, one API key, ``n`` kandidaten, ``n_woningen`` woningen. Returns (key, ids)."""
    with session_scope(engine, BENCH_REGIO) as s:
        sync_region_organisaties(s, regio)
        orgs = s.exec(select(Organisatie).order_by(Organisatie.code)).all()
        corporatie = next(o for o in orgs if o.code == CORPORATIE)
        _, key = create_api_key(s, corporatie, "benchmark")
        zorg = [o for o in orgs if o.soort == OrganisatieSoort.zorgaanbieder]
    done = 0
    for ks, gvs in kandidaat_rows(n, regio, zorg):
        with engine.begin() as conn:
            conn.execute(insert(Kandidaat.__table__), ks)
            conn.execute(insert(Gemeentevoorkeur.__table__), gvs)
        done += len(ks)
        if done % 20_000 == 0 or done == n:
            log(f"    {done:>7,} kandidaten geladen")
    # Woningen to propose for: all five gemeenten, weighted like the demo data.
    rng = random.Random(SEED + 1)
    gemeenten = list(regio.gemeenten)
    weights = [GEMEENTE_GEWICHT.get(g, 1) for g in gemeenten]
    ids: list[uuid.UUID] = []
    with session_scope(engine, BENCH_REGIO) as s:
        by = actor_for(s.exec(select(Organisatie).where(Organisatie.code == CORPORATIE)).one())
        for i in range(n_woningen):
            g = gemeenten[i] if i < len(gemeenten) else rng.choices(gemeenten, weights)[0]
            w = create_woning(s, data=synthetic_woning(rng, g, vandaag()), by=by)
            ids.append(w.id)
    with engine.connect() as conn:
        if engine.dialect.name == "postgresql":
            conn.exec_driver_sql(
                "SELECT setval('kandidaat_volgnummer_seq', COALESCE(MAX(volgnummer), 0) + 1, "
                "false) FROM kandidaat"
            )
            conn.commit()
            conn.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql("ANALYZE")
        else:
            conn.exec_driver_sql("ANALYZE")
            conn.commit()
    return key, ids


# --- measurements ----------------------------------------------------------------------------


def capture_sql(engine: Engine, fn: Callable[[], object]) -> list[tuple[str, object]]:
    statements: list[tuple[str, object]] = []

    def before(conn, cursor, statement, parameters, context, executemany):  # type: ignore[no-untyped-def]
        statements.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", before)
    try:
        fn()
    finally:
        event.remove(engine, "before_cursor_execute", before)
    return statements


def explain(engine: Engine, sql: str, params: object) -> str:
    raw = engine.raw_connection()
    try:
        cur = raw.cursor()
        if engine.dialect.name == "sqlite":
            cur.execute("EXPLAIN QUERY PLAN " + sql, params)
            lines = [r[-1] for r in cur.fetchall()]
        else:
            cur.execute("EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) " + sql, params)
            lines = [r[0] for r in cur.fetchall()]
        cur.close()
        raw.rollback()
        return "\n".join(lines)
    finally:
        raw.close()


def bench_engine(
    engine: Engine, regio: Regio, ids: list[uuid.UUID], iterations: int, res: DbResult
) -> None:
    zet_invoer_regio(regio)
    woningen: dict[uuid.UUID, Woning] = {}
    with Session(engine, expire_on_commit=False, info={_SESSIE_REGIO: BENCH_REGIO}) as s:
        for wid in ids:
            woningen[wid] = s.get(Woning, wid)
        by = actor_for(s.exec(select(Organisatie).where(Organisatie.code == CORPORATIE)).one())
    order = [ids[i % len(ids)] for i in range(iterations)]
    warm = order[: min(20, len(order))]

    def measure_propose() -> tuple[list[float], list[int]]:
        times: list[float] = []
        onderzocht: list[int] = []
        for i, wid in enumerate(warm + order):
            with Session(engine, expire_on_commit=False, info={_SESSIE_REGIO: BENCH_REGIO}) as s:
                w = s.merge(woningen[wid], load=False)
                s.exec(select(1)).one()  # begin the transaction outside the timing
                t0 = time.perf_counter()
                voorstel = pool.propose(s, w, regio, plekken=[], aantal=3)
                dt = (time.perf_counter() - t0) * 1000
                s.rollback()
            if i >= len(warm):
                times.append(dt)
                onderzocht.append(voorstel.onderzocht)
        return times, onderzocht

    def measure_create() -> list[float]:
        times: list[float] = []
        for i, wid in enumerate(warm + order):
            with Session(engine, expire_on_commit=False, info={_SESSIE_REGIO: BENCH_REGIO}) as s:
                w = s.merge(woningen[wid], load=False)
                s.exec(select(1)).one()
                t0 = time.perf_counter()
                create_for_woning(s, w, by=by)
                s.flush()
                dt = (time.perf_counter() - t0) * 1000
                s.rollback()
            if i >= len(warm):
                times.append(dt)
        return times

    prop, onderzocht = measure_propose()
    create = measure_create()

    # the bare floor: same gemeenten, DBAPI cursor, no ORM
    p = "?" if engine.dialect.name == "sqlite" else "%s"
    floor_sql = FLOOR_SQL.format(p=p)
    raw = engine.raw_connection()
    floor: list[float] = []
    try:
        cur = raw.cursor()
        for wid in warm:
            cur.execute(floor_sql, (woningen[wid].gemeente,))
            cur.fetchall()
        for wid in order:
            g = woningen[wid].gemeente
            t0 = time.perf_counter()
            cur.execute(floor_sql, (g,))
            rows = cur.fetchall()
            floor.append((time.perf_counter() - t0) * 1000)
            assert len(rows) == 3
        cur.close()
        raw.rollback()
    finally:
        raw.close()

    floor_p50 = statistics.median(floor)

    def engine_row(name: str, times: list[float], note: str) -> Row:
        p50 = statistics.median(times)
        ratio = p50 / floor_p50
        ok_p50, ok_ratio = p50 <= TARGET_ENGINE_P50_MS, ratio <= TARGET_RATIO
        met = (
            "yes"
            if ok_p50 and ok_ratio
            else (
                f"no (p50 {'ok' if ok_p50 else 'missed'}, ratio {'ok' if ok_ratio else 'missed'})"
            )
        )
        target = f"p50 ≤ {TARGET_ENGINE_P50_MS:g} ms and ≤ {TARGET_RATIO:g}× floor"
        return Row(res.db, name, p50, pct(times, 95), ratio, target, met, note)

    res.rows.append(
        engine_row(
            "engine + DB: `pool.propose` (top 3)",
            prop,
            f"kandidaten onderzocht: median {statistics.median(onderzocht):g}, max {max(onderzocht)}",
        )
    )
    res.rows.append(
        Row(
            res.db,
            "engine + DB: `create_for_woning` (rolled back)",
            statistics.median(create),
            pct(create, 95),
            statistics.median(create) / floor_p50,
            "— (inside the POST budget)",
        )
    )
    res.rows.append(
        Row(res.db, "bare floor: indexed top-3 SQL (DBAPI)", floor_p50, pct(floor, 95), 1.0)
    )

    # query plans: the floor, and every statement the service sends for the first two
    # batches of the ranked pool (the second one is the keyset continuation) and declined()
    sample = woningen[ids[0]]
    res.plans.append(
        (
            f"floor query (gemeente = {sample.gemeente!r})",
            floor_sql,
            explain(engine, floor_sql, (sample.gemeente,)),
        )
    )

    def statements() -> list[tuple[str, object]]:
        with Session(engine, expire_on_commit=False, info={_SESSIE_REGIO: BENCH_REGIO}) as s:

            def consume() -> None:
                rij = pool.ranked_pool(s, woning_input(sample), regio.matching.beleid())
                list(itertools.islice(rij, pool.EERSTE_BATCH + 1))
                pool.declined(s, sample.id)

            out = capture_sql(engine, consume)
            s.rollback()
        return out

    seen: set[str] = set()
    for sql, params in statements():
        key = re.sub(r"\s+", " ", sql)
        if key in seen or not sql.lstrip().upper().startswith("SELECT"):
            continue
        seen.add(key)
        if "JOIN kandidaat" in sql:
            what = (
                "ranked_pool keyset batch"
                if "> (" in sql or ">(" in sql
                else "ranked_pool first batch"
            )
        elif "rangorde" in sql:
            what = "gemeentevoorkeuren of a batch"
        elif "aanbieding" in sql:
            what = "declined()"
        else:
            what = "query"
        plan = explain(engine, sql, params)
        if "JOIN kandidaat" in sql and "ix_gemeentevoorkeur_rang" not in plan:
            log(f"  WARNING: {what} does not use ix_gemeentevoorkeur_rang")
        res.plans.append((f"service: {what}", sql, plan))


def proc_status(pid: int) -> dict[str, int]:
    out: dict[str, int] = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            out[key] = int(value.split()[0])  # kB
    return out


def bench_e2e(
    url: str,
    key: str,
    regio: Regio,
    iterations: int,
    res: DbResult,
    workdir: Path,
) -> None:
    with (
        running_server(url, workdir / f"server-{res.db}.log") as (base, proc),
        httpx.Client(base_url=base, timeout=30) as client,
    ):
        idle = proc_status(proc.pid)
        rng = random.Random(SEED + 2)
        gemeenten = list(regio.gemeenten)
        weights = [GEMEENTE_GEWICHT.get(g, 1) for g in gemeenten]
        headers = {"X-Api-Key": key}

        def body() -> dict:
            w = synthetic_woning(rng, rng.choices(gemeenten, weights)[0], vandaag())
            return w.model_dump(mode="json", by_alias=True, exclude_none=True)

        def post() -> float:
            b = body()
            t0 = time.perf_counter()
            r = client.post("/v1/woningen", json=b, headers=headers)
            dt = (time.perf_counter() - t0) * 1000
            assert r.status_code == 201, (r.status_code, r.text)
            assert r.json().get("voordrachtId"), r.text
            return dt

        for _ in range(10):
            post()
        times = [post() for _ in range(iterations)]
        mem = proc_status(proc.pid)
    p95 = pct(times, 95)
    res.rows.append(
        Row(
            res.db,
            "end to end: `POST /v1/woningen` (+ voordracht)",
            statistics.median(times),
            p95,
            None,
            f"p95 ≤ {TARGET_POST_P95_MS:g} ms",
            "yes" if p95 <= TARGET_POST_P95_MS else "no",
            "one keep-alive httpx client, sequential",
        )
    )
    rss, hwm = mem["VmRSS"] / 1024, mem["VmHWM"] / 1024
    res.rows.append(
        Row(
            res.db,
            "server memory: RSS after the POSTs (peak VmHWM)",
            None,
            None,
            None,
            f"≤ {TARGET_RSS_MB:g} MB",
            "yes" if max(rss, hwm) <= TARGET_RSS_MB else "no",
            f"RSS {rss:.0f} MB, peak {hwm:.0f} MB (idle after start: {idle['VmRSS'] / 1024:.0f} MB)",
        )
    )


# --- per database ----------------------------------------------------------------------------


def pool_sizes(engine: Engine, regio: Regio) -> dict[str, int]:
    with engine.connect() as conn:
        return {
            g: conn.execute(
                text("SELECT count(*) FROM gemeentevoorkeur WHERE gemeente = :g AND in_pool"),
                {"g": g},
            ).scalar_one()
            for g in regio.gemeenten
        }


def run_db(db: str, url: str, args: argparse.Namespace, regio: Regio, workdir: Path) -> DbResult:
    res = DbResult(db)
    engine = make_engine(sqlalchemy_url(url))
    try:
        migrate(engine)
        with engine.connect() as conn:
            res.version = (
                "SQLite " + conn.exec_driver_sql("select sqlite_version()").scalar_one()
                if db == "sqlite"
                else conn.exec_driver_sql("show server_version").scalar_one()
            )
            if db == "postgresql":
                res.version = "PostgreSQL " + res.version
        log(f"  loading {args.kandidaten:,} kandidaten ...")
        t0 = time.perf_counter()
        key, ids = load(engine, args.kandidaten, regio, args.woningen)
        res.load_seconds = time.perf_counter() - t0
        res.pool_sizes = pool_sizes(engine, regio)
        log(f"  loaded in {res.load_seconds:.1f} s; pool per gemeente: {res.pool_sizes}")
        log(f"  engine + DB ({args.iterations} iterations) ...")
        bench_engine(engine, regio, ids, args.iterations, res)
    finally:
        engine.dispose()
    log(f"  end to end ({args.iterations} POSTs) ...")
    bench_e2e(url, key, regio, args.iterations, res, workdir)
    return res


# --- report ----------------------------------------------------------------------------------


def fmt(v: float | None, spec: str = ".3f") -> str:
    return "—" if v is None else format(v, spec)


def table(results: list[DbResult]) -> str:
    lines = [
        "| database | measurement | p50 ms | p95 ms | ratio to floor | target | met | notes |",
        "|---|---|---:|---:|---:|---|---|---|",
    ]
    for res in results:
        if res.skipped:
            lines.append(f"| {res.db} | skipped | — | — | — | — | — | {res.skipped} |")
        for r in res.rows:
            ratio = "—" if r.ratio is None else f"{r.ratio:.1f}×"
            lines.append(
                f"| {r.db} | {r.name} | {fmt(r.p50)} | {fmt(r.p95)} | {ratio} | {r.target} | {r.met} | {r.note} |"
            )
    return "\n".join(lines)


def machine() -> list[str]:
    mem_kb = 0
    cpu = platform.processor() or platform.machine()
    with contextlib.suppress(OSError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                mem_kb = int(line.split()[1])
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    return [
        f"- date: {datetime.now().astimezone().isoformat(timespec='seconds')}",
        f"- machine: {platform.system()} {platform.release()}, {cpu}, nproc {os.cpu_count()}, "
        f"memory {mem_kb / 1024 / 1024:.1f} GiB",
        f"- Python {platform.python_version()}, SQLite library {sqlite3.sqlite_version}",
    ]


def report(results: list[DbResult], args: argparse.Namespace) -> str:
    out = [
        "# Benchmark: voordracht against a large waiting list",
        "",
        f"Generated by `benchmarks/bench_voordracht.py --kandidaten {args.kandidaten} "
        f"--iterations {args.iterations}`.",
        "",
        *machine(),
    ]
    for res in results:
        if res.version:
            out.append(
                f"- {res.db}: {res.version}; load {res.load_seconds:.1f} s; "
                f"pool per gemeente (in_pool rows): "
                + ", ".join(f"{g} {n:,}" for g, n in res.pool_sizes.items())
            )
    out += ["", "## Results", "", table(results), ""]
    out += [
        "ratio to floor = p50 of the row / p50 of the bare floor query on the same database.",
        "",
        "## Query plans",
        "",
    ]
    for res in results:
        for title, sql, plan in res.plans:
            out += [
                f"### {res.db}: {title}",
                "",
                "```sql",
                sql.strip(),
                "```",
                "",
                "```",
                plan,
                "```",
                "",
            ]
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--kandidaten", type=int, default=100_000)
    ap.add_argument("--iterations", type=int, default=200)
    ap.add_argument("--woningen", type=int, default=50, help="distinct woningen to propose for")
    ap.add_argument("--only", choices=("sqlite", "postgresql"))
    databank.add_argument(ap)
    ap.add_argument("--output", type=Path, default=REPO / "benchmarks" / "results.md")
    args = ap.parse_args(argv)

    os.chdir(REPO)
    regio = load_regio("zuidoost-utrecht")
    zet_invoer_regio(regio)
    results: list[DbResult] = []
    with tempfile.TemporaryDirectory(prefix="woonroute-bench-") as tmp:
        workdir = Path(tmp)
        if args.only in (None, "sqlite"):
            log("== SQLite")
            results.append(
                run_db("sqlite", f"sqlite:///{workdir / 'bench.db'}", args, regio, workdir)
            )
        if args.only in (None, "postgresql"):
            log("== PostgreSQL")
            reason = databank.prepare(args.database_url)
            if reason:
                log(f"  SKIPPED: {reason}")
                results.append(DbResult("postgresql", skipped=reason))
            else:
                results.append(run_db("postgresql", args.database_url, args, regio, workdir))
    log("")
    log(table(results))
    args.output.write_text(report(results, args) + "\n", encoding="utf-8")
    log(f"\nwritten to {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
