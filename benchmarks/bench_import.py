"""Benchmark: importing a waiting list of 100,000 rows from CSV and XLSX (issue 6, "Import").

Target: 100,000 rows in ≤ 30 s end to end (parse + validate + insert) on SQLite and
PostgreSQL. Measured per database and per format:

* action: ``service.importeren.actions.importeer`` called directly in a fresh session
  (dry run: parse + validate; real run: parse + validate + insert + commit);
* HTTP: ``POST /v1/kandidaatimports`` as a multipart upload against the real server
  (uvicorn subprocess, one request, timed by the client), and the server's peak memory.

Run from the repository root::

    .venv/bin/python benchmarks/bench_import.py                       # both databases, 100k
    .venv/bin/python benchmarks/bench_import.py --only sqlite --rijen 20000

Prints a Markdown table (and writes it to ``--output`` if given).
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import io
import os
import platform
import random
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import httpx  # noqa: E402
import openpyxl  # noqa: E402
from sqlalchemy import Engine  # noqa: E402
from sqlalchemy import delete  # noqa: E402
from sqlalchemy import func  # noqa: E402
from sqlalchemy import select  # noqa: E402
from sqlmodel import Session  # noqa: E402

from benchmarks import databank  # noqa: E402
from benchmarks.server import running_server  # noqa: E402
from service.auth import create_api_key  # noqa: E402
from service.clock import vandaag  # noqa: E402
from service.db import REGIO as _SESSIE_REGIO  # noqa: E402
from service.db import make_engine  # noqa: E402
from service.db import migrate  # noqa: E402
from service.db import session_scope  # noqa: E402
from service.demo import actor_for  # noqa: E402
from service.demo import synthetic_kandidaat  # noqa: E402
from service.importeren.actions import KOLOMMEN  # noqa: E402
from service.importeren.actions import importeer  # noqa: E402
from service.models import Gebeurtenis  # noqa: E402
from service.models import Gemeentevoorkeur  # noqa: E402
from service.models import Kandidaat  # noqa: E402
from service.models import Organisatie  # noqa: E402
from service.organisaties.actions import sync_region_organisaties  # noqa: E402
from service.regio import Regio  # noqa: E402
from service.regio import load_regio  # noqa: E402
from service.regio import shipped_regio as _shipped_regio  # noqa: E402
from service.schemas import zet_invoer_regio  # noqa: E402

#: The region every benchmark here runs for (the demo region).
BENCH_REGIO = _shipped_regio("zuidoost-utrecht")
zet_invoer_regio(BENCH_REGIO)

SEED = 2026
BEMIDDELAAR = "het-vierde-huis"
TARGET_S = 30.0


def log(msg: str) -> None:
    print(msg, flush=True)


def sqlalchemy_url(url: str) -> str:
    if url.startswith("postgresql://"):
        return "postgresql+psycopg://" + url[len("postgresql://") :]
    return url


# --- the files -------------------------------------------------------------------------------


def rows(n: int, regio: Regio) -> list[list[object]]:
    """N rows in the template's column order, typed (dates as date, numbers as int)."""
    rng = random.Random(SEED)
    today = vandaag()
    zorg = [o.code for o in regio.organisaties if o.soort == "zorgaanbieder"]
    out: list[list[object]] = []
    for i in range(n):
        k = synthetic_kandidaat(rng, regio.gemeenten, today)
        b, c = k.behoeften, k.casushouder
        out.append(
            [
                zorg[i % len(zorg)],
                k.voornaam,
                k.achternaam,
                k.geboortedatum,
                k.doelgroep.value,
                k.aanmelddatum,
                "|".join(k.gemeentevoorkeuren),
                k.huishouden.volwassenen,
                k.huishouden.kinderen,
                k.jaarinkomen,
                "ja" if b.rolstoel else "nee",
                "ja" if b.trapvrij else "nee",
                b.hoogste_verdieping,
                b.minimum_kamers,
                "ja" if k.gereed_verklaard else "nee",
                "ja" if k.begeleiding_akkoord else "nee",
                c.naam,
                c.telefoon,
                None,  # casushouder_email
            ]
        )
        # synthetic names repeat; the row number keeps every kandidaat distinct
        out[-1][2] = f"{k.achternaam} {i}"
    return out


def kop() -> list[str]:
    return [k for k, (verplicht, _, _) in KOLOMMEN.items() if verplicht]


def csv_file(data: list[list[object]]) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=";", lineterminator="\r\n")
    w.writerow(kop())
    for r in data:
        w.writerow(["" if v is None else v for v in r])
    return buf.getvalue().encode("utf-8-sig")


def xlsx_file(data: list[list[object]]) -> bytes:
    boek = openpyxl.Workbook(write_only=True)
    blad = boek.create_sheet("kandidaten")
    blad.append(kop())
    for r in data:
        blad.append(r)
    buf = io.BytesIO()
    boek.save(buf)
    return buf.getvalue()


# --- measurements ----------------------------------------------------------------------------


@dataclass
class Row:
    db: str
    fmt: str
    what: str
    seconds: float
    note: str = ""

    @property
    def met(self) -> str:
        return "yes" if self.seconds <= TARGET_S else "no"


def clear(engine: Engine) -> None:
    with engine.begin() as conn:
        conn.execute(delete(Gemeentevoorkeur))
        conn.execute(delete(Kandidaat))
        conn.execute(delete(Gebeurtenis))


def counts(engine: Engine) -> tuple[int, int]:
    with engine.connect() as conn:
        return (
            conn.execute(select(func.count()).select_from(Kandidaat)).scalar_one(),
            conn.execute(select(func.count()).select_from(Gemeentevoorkeur)).scalar_one(),
        )


def bench_action(engine: Engine, db: str, fmt: str, naam: str, inhoud: bytes, n: int) -> list[Row]:
    with Session(engine, info={_SESSIE_REGIO: BENCH_REGIO}) as s:
        by = actor_for(
            s.exec(select(Organisatie).where(Organisatie.code == BEMIDDELAAR)).scalar_one()
        )
    out: list[Row] = []
    for proefrun in (True, False):
        clear(engine)
        with Session(engine, expire_on_commit=False, info={_SESSIE_REGIO: BENCH_REGIO}) as s:
            t0 = time.perf_counter()
            res = importeer(s, bestandsnaam=naam, inhoud=inhoud, by=by, proefrun=proefrun)
            if not proefrun:
                s.commit()
            dt = time.perf_counter() - t0
        k, gv = counts(engine)
        assert res.aantal == n and k == (0 if proefrun else n), (res.aantal, k)
        what = (
            "action, dry run (parse + validate)"
            if proefrun
            else "action, import (parse + validate + insert + commit)"
        )
        out.append(
            Row(db, fmt, what, dt, "" if proefrun else f"{k:,} kandidaten, {gv:,} voorkeuren")
        )
        log(f"    {fmt} {what}: {dt:.1f} s")
    clear(engine)
    return out


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def bench_http(
    url: str,
    engine: Engine,
    key: str,
    db: str,
    files: dict[str, tuple[str, bytes]],
    n: int,
    workdir: Path,
) -> list[Row]:
    out: list[Row] = []
    with (
        running_server(url, workdir / f"server-{db}.log") as (base, proc),
        httpx.Client(base_url=base, timeout=300) as client,
    ):
        headers = {"X-Api-Key": key}
        for fmt, (naam, inhoud) in files.items():
            clear(engine)
            soort = "text/csv" if fmt == "csv" else "application/octet-stream"
            t0 = time.perf_counter()
            r = client.post(
                "/v1/kandidaatimports",
                files={"bestand": (naam, inhoud, soort)},
                headers=headers,
            )
            dt = time.perf_counter() - t0
            assert r.status_code == 201, (r.status_code, r.text[:2000])
            assert r.json()["aantal"] == n and counts(engine)[0] == n
            out.append(
                Row(
                    db,
                    fmt,
                    "HTTP `POST /v1/kandidaatimports` (upload → 201)",
                    dt,
                    f"{len(inhoud) / 1e6:.1f} MB upload; server peak RSS so far "
                    f"{peak_rss_mb(proc.pid):.0f} MB",
                )
            )
            log(f"    {fmt} HTTP: {dt:.1f} s")
        clear(engine)
    return out


def run_db(
    db: str,
    url: str,
    regio: Regio,
    files: dict[str, tuple[str, bytes]],
    n: int,
    workdir: Path,
) -> list[Row]:
    engine = make_engine(sqlalchemy_url(url))
    out: list[Row] = []
    try:
        migrate(engine)
        with session_scope(engine, BENCH_REGIO) as s:
            sync_region_organisaties(s, regio)
            org = s.exec(select(Organisatie).where(Organisatie.code == BEMIDDELAAR)).scalar_one()
            _, key = create_api_key(s, org, "benchmark")
        for fmt, (naam, inhoud) in files.items():
            out += bench_action(engine, db, fmt, naam, inhoud, n)
        out += bench_http(url, engine, key, db, files, n, workdir)
    finally:
        engine.dispose()
    return out


def table(rows: list[Row], skipped: dict[str, str]) -> str:
    lines = [
        "| database | format | measurement | seconds | target ≤ 30 s | notes |",
        "|---|---|---|---:|---|---|",
    ]
    for r in rows:
        lines.append(f"| {r.db} | {r.fmt} | {r.what} | {r.seconds:.1f} | {r.met} | {r.note} |")
    for db, reason in skipped.items():
        lines.append(f"| {db} | — | skipped | — | — | {reason} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--rijen", type=int, default=100_000)
    ap.add_argument("--only", choices=("sqlite", "postgresql"))
    databank.add_argument(ap)
    ap.add_argument("--formaat", choices=("csv", "xlsx"), help="only this format")
    ap.add_argument("--output", type=Path)
    args = ap.parse_args(argv)

    os.chdir(REPO)
    regio = load_regio("zuidoost-utrecht")
    zet_invoer_regio(regio)
    log(f"generating {args.rijen:,} rows ...")
    data = rows(args.rijen, regio)
    files: dict[str, tuple[str, bytes]] = {}
    t0 = time.perf_counter()
    if args.formaat in (None, "csv"):
        files["csv"] = ("wachtlijst.csv", csv_file(data))
    if args.formaat in (None, "xlsx"):
        files["xlsx"] = ("wachtlijst.xlsx", xlsx_file(data))
    del data
    log(
        f"  files in {time.perf_counter() - t0:.1f} s: "
        + ", ".join(f"{k} {len(v[1]) / 1e6:.1f} MB" for k, v in files.items())
    )
    results: list[Row] = []
    skipped: dict[str, str] = {}
    with tempfile.TemporaryDirectory(prefix="woonroute-import-") as tmp:
        workdir = Path(tmp)
        if args.only in (None, "sqlite"):
            log("== SQLite")
            results += run_db(
                "sqlite", f"sqlite:///{workdir / 'bench.db'}", regio, files, args.rijen, workdir
            )
        if args.only in (None, "postgresql"):
            log("== PostgreSQL")
            reason = databank.prepare(args.database_url)
            if reason:
                log(f"  SKIPPED: {reason}")
                skipped["postgresql"] = reason
            else:
                results += run_db(
                    "postgresql", args.database_url, regio, files, args.rijen, workdir
                )
    cpu = platform.machine()
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    report = "\n".join(
        [
            f"# Benchmark: import of {args.rijen:,} rows",
            "",
            f"- date: {datetime.now().astimezone().isoformat(timespec='seconds')}",
            f"- machine: {cpu}, nproc {os.cpu_count()}, Python {platform.python_version()}",
            "",
            table(results, skipped),
            "",
        ]
    )
    log("")
    log(report)
    if args.output:
        args.output.write_text(report, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
