"""The bemiddelaar's kandidaten page with 100,000 kandidaten (issue 12): each page ≤ 300 ms.

Loads the waiting list as ``bench_voordracht`` does (same synthetic kandidaten, bulk insert),
starts the real server, logs in as Het Vierde Huis through the login form and times
``GET /werk/kandidaten`` for the searches, filters, sorts and pages a person uses. Every answer
must be 200 and the p95 of every case at most 300 ms.

    .venv/bin/python benchmarks/bench_kandidaten_pagina.py --only sqlite
    .venv/bin/python benchmarks/bench_kandidaten_pagina.py --database-url postgresql://postgres@127.0.0.1:5432/wr_x
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import httpx  # noqa: E402
from sqlmodel import select  # noqa: E402

from benchmarks import databank  # noqa: E402
from benchmarks.bench_voordracht import load  # noqa: E402
from benchmarks.bench_voordracht import log  # noqa: E402
from benchmarks.bench_voordracht import sqlalchemy_url  # noqa: E402
from benchmarks.server import running_server  # noqa: E402
from service.db import make_engine  # noqa: E402
from service.db import migrate  # noqa: E402
from service.db import session_scope  # noqa: E402
from service.models import Organisatie  # noqa: E402
from service.regio import load_regio  # noqa: E402
from service.regio import shipped_regio as _shipped_regio  # noqa: E402
from service.schemas import zet_invoer_regio  # noqa: E402
from service.web.sessies import maak_gebruiker  # noqa: E402

#: The region every benchmark here runs for (the demo region).
BENCH_REGIO = _shipped_regio("zuidoost-utrecht")
zet_invoer_regio(BENCH_REGIO)

TARGET_MS = 300.0
WACHTWOORD = "benchmark-wachtwoord"
CASES: list[tuple[str, dict[str, str]]] = [
    ("eerste pagina, langst wachtend", {}),
    ("pagina 500", {"pagina": "500"}),
    ("zoek op naam", {"zoek": "jan"}),
    ("zoek op code", {"zoek": "3f2a"}),
    ("gemeente Zeist", {"gemeente": "Zeist"}),
    ("status wachtend, 12-24 maanden", {"status": "wachtend", "wachttijd": "12-24"}),
    ("doelgroep, sorteer op naam", {"doelgroep": "beschermd-thuis", "sorteer": "naam"}),
    ("sorteer op status aflopend", {"sorteer": "status", "richting": "af"}),
    ("alles samen", {"zoek": "de", "gemeente": "De Bilt", "status": "wachtend"}),
]


def prepare(url: str, n: int) -> None:
    engine = make_engine(sqlalchemy_url(url))
    try:
        migrate(engine)
        regio = load_regio("zuidoost-utrecht")
        zet_invoer_regio(regio)
        log(f"  loading {n:,} kandidaten ...")
        load(engine, n, regio, 0)
        with session_scope(engine, BENCH_REGIO) as s:
            org = s.exec(select(Organisatie).where(Organisatie.code == "het-vierde-huis")).one()
            maak_gebruiker(
                s, organisatie=org, email="bench@hvh.example", naam="Bench", wachtwoord=WACHTWOORD
            )
    finally:
        engine.dispose()


def measure(url: str, iterations: int, workdir: Path) -> list[tuple[str, float, float, str]]:
    out = []
    with (
        running_server(url, workdir / "server.log") as (base, _),
        httpx.Client(base_url=base, timeout=30, follow_redirects=True) as c,
    ):
        # the login form's CSRF token (the form sets its cookie on the client)
        csrf = re.search(r'name="csrf" value="([^"]+)"', c.get("/inloggen").text)
        assert csrf, "login form without CSRF token"
        r = c.post(
            "/inloggen",
            data={"email": "bench@hvh.example", "wachtwoord": WACHTWOORD, "csrf": csrf.group(1)},
        )
        assert r.status_code == 200 and "Welkom" in r.text, r.status_code
        for naam, params in CASES:
            tijden = []
            for i in range(iterations + 3):
                t0 = time.perf_counter()
                r = c.get("/werk/kandidaten", params=params)
                ms = (time.perf_counter() - t0) * 1000
                assert r.status_code == 200, (naam, r.status_code)
                if i >= 3:  # warm-up
                    tijden.append(ms)
            gevonden = re.search(r"<caption>((?:meer dan )?)([\d.]+) kandida", r.text)
            totaal = (
                f"{gevonden.group(1)}{int(gevonden.group(2).replace('.', '')):,}"
                if gevonden
                else "0"
            )
            tijden.sort()
            p95 = tijden[max(0, int(len(tijden) * 0.95) - 1)]
            out.append((naam, statistics.median(tijden), p95, totaal))
            log(f"    {naam}: p50 {out[-1][1]:.0f} ms, p95 {p95:.0f} ms, {totaal} gevonden")
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--kandidaten", type=int, default=100_000)
    ap.add_argument("--iterations", type=int, default=20)
    ap.add_argument("--only", choices=["sqlite", "postgresql"])
    databank.add_argument(ap)
    args = ap.parse_args(argv)
    ok = True
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        dbs = []
        if args.only in (None, "sqlite"):
            dbs.append(("sqlite", f"sqlite:///{work / 'bench.db'}"))
        if args.only in (None, "postgresql"):
            if reden := databank.prepare(args.database_url):
                log(f"PostgreSQL overgeslagen: {reden}")
            else:
                dbs.append(("postgresql", args.database_url))
        for db, url in dbs:
            log(f"== {db} ==")
            prepare(url, args.kandidaten)
            for naam, p50, p95, totaal in measure(url, args.iterations, work):
                if p95 > TARGET_MS:
                    ok = False
                print(f"| {db} | {naam} | {p50:.0f} | {p95:.0f} | {totaal} |", flush=True)
    print("OK" if ok else f"TE LANGZAAM: een p95 boven {TARGET_MS:.0f} ms")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
