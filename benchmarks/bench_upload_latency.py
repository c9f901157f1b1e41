"""Other clients' latency while a limit-size upload is parsed (issue 11, API4).

Starts the real server (``benchmarks/server.py``) on a fresh SQLite file and, with
``--database-url``, on that PostgreSQL database (its ``public`` schema is dropped and recreated:
give it a database of its own), then measures the p95 of a concurrent ``GET /v1/woningen`` and
``POST /v1/woningen`` (nabij-wonen):

1. idle: no upload running;
2. busy: while a bemiddelaar uploads, again and again, a CSV of ``--rijen`` rows to
   ``POST /v1/kandidaatimports?proefrun=true`` (parsed and checked in full, nothing written).

Target: busy p95 < 10x idle p95 for both. Before the fix the upload was parsed inside the write
transaction (SQLite: holding the write lock) and every other write waited for it, then got 503.

    .venv/bin/python benchmarks/bench_upload_latency.py [--rijen 100000] [--n 200] \
        [--database-url postgresql://postgres@127.0.0.1:5432/woonroute_bench_upload]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx
from sqlmodel import select

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.server import running_server  # noqa: E402
from service.auth import create_api_key  # noqa: E402
from service.db import make_engine  # noqa: E402
from service.db import migrate  # noqa: E402
from service.db import session_scope  # noqa: E402
from service.importeren.actions import KOLOMMEN  # noqa: E402
from service.models import Organisatie  # noqa: E402
from service.organisaties.actions import sync_region_organisaties  # noqa: E402
from service.regio import load_regio  # noqa: E402
from service.regio import shipped_regio as _shipped_regio  # noqa: E402
from service.schemas import zet_invoer_regio  # noqa: E402
from tests.service.bodies import woning_body  # noqa: E402

#: The region every benchmark here runs for (the demo region).
BENCH_REGIO = _shipped_regio("zuidoost-utrecht")
zet_invoer_regio(BENCH_REGIO)


def bestand(rijen: int) -> bytes:
    kop = ";".join(KOLOMMEN)
    regels = [
        f"kwintes;Voor{i};Achter{i};1990-01-01;beschermd-thuis;2025-01-01;Zeist;1;0;20000;"
        "nee;nee;;1;ja;ja;;;;;"
        for i in range(rijen)
    ]
    return ("\n".join([kop, *regels]) + "\n").encode()


def p95(waarden: list[float]) -> float:
    return statistics.quantiles(waarden, n=20)[-1] * 1000


def meet(base: str, sleutel: str, n: int) -> tuple[float, float]:
    gets, posts = [], []
    with httpx.Client(base_url=base, headers={"X-Api-Key": sleutel}, timeout=60) as c:
        for _ in range(n):
            t = time.perf_counter()
            assert c.get("/v1/woningen").status_code == 200
            gets.append(time.perf_counter() - t)
            t = time.perf_counter()
            r = c.post("/v1/woningen", json=woning_body())
            assert r.status_code == 201, r.text
            posts.append(time.perf_counter() - t)
    return p95(gets), p95(posts)


def prepare(url: str) -> tuple[str, str]:
    """A fresh schema with the ZOU organisations; API keys for nabij-wonen and the bemiddelaar."""
    engine = make_engine(url)
    if engine.dialect.name == "postgresql":
        from service import testdb

        # Emptied only when empty or marked by an earlier run: never someone's data.
        testdb.maak_leeg(engine.url.render_as_string(hide_password=False))
    migrate(engine)
    with session_scope(engine, BENCH_REGIO) as s:
        sync_region_organisaties(s, regio_zou())
        orgs = {o.code: o for o in s.exec(select(Organisatie)).all()}
        corp = create_api_key(s, orgs["nabij-wonen"], "bench")[1]
        bem = create_api_key(s, orgs["het-vierde-huis"], "bench")[1]
    engine.dispose()
    return corp, bem


def regio_zou():  # type: ignore[no-untyped-def]
    regio = load_regio("zuidoost-utrecht")
    zet_invoer_regio(regio)
    return regio


def run(url: str, logdir: Path, inhoud: bytes, n: int) -> dict[str, object]:
    corp, bem = prepare(url)
    with running_server(url, logdir / "server.log") as (base, _proc):
        idle = meet(base, corp, n)
        stop = threading.Event()
        uploads: list[float] = []

        def upload() -> None:
            with httpx.Client(base_url=base, headers={"X-Api-Key": bem}, timeout=600) as c:
                while not stop.is_set():
                    t = time.perf_counter()
                    r = c.post(
                        "/v1/kandidaatimports",
                        params={"proefrun": "true"},
                        files={"bestand": ("lijst.csv", inhoud)},
                    )
                    uploads.append(time.perf_counter() - t)
                    assert r.status_code in (200, 400), r.text[:300]

        t = threading.Thread(target=upload)
        t.start()
        time.sleep(1)
        busy = meet(base, corp, n)
        stop.set()
        t.join()
    return {"idle": idle, "busy": busy, "uploads": uploads}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rijen", type=int, default=100_000, help="rows (default: the row limit)")
    parser.add_argument("--n", type=int, default=200)
    parser.add_argument("--database-url", help="a PostgreSQL database of its own (schema dropped)")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="woonroute-upload-"))
    inhoud = bestand(args.rijen)
    urls = {"SQLite": f"sqlite:///{tmp / 'bench.db'}"}
    if args.database_url:
        urls["PostgreSQL"] = args.database_url
    uitkomst = {naam: run(url, tmp, inhoud, args.n) for naam, url in urls.items()}
    print(f"upload: {len(inhoud) / 1e6:.1f} MB CSV, {args.rijen} rows, dry run, repeated")
    print("| database | measure | idle p95 | during upload p95 | ratio | target |")
    print("|---|---|---|---|---|---|")
    for db, r in uitkomst.items():
        idle, busy = r["idle"], r["busy"]
        for i, naam in enumerate(("GET /v1/woningen", "POST /v1/woningen")):
            a, b = idle[i], busy[i]  # type: ignore[index]
            print(f"| {db} | {naam} | {a:.1f} ms | {b:.1f} ms | {b / a:.1f}x | < 10x |")
        ups = r["uploads"]
        print(
            f"| {db} | upload (each) | | {statistics.median(ups):.1f} s median, {len(ups)} runs | | |"
        )  # type: ignore[arg-type]
    return 0


if __name__ == "__main__":
    sys.exit(main())
