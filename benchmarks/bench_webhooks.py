"""Webhooks (issue 16): what the transactional outbox costs, and how fast the dispatcher delivers.

1. Outbox cost on ``POST /v1/woningen`` p95 (target ≤ 10 %): two real servers side by side on
   SQLite, one from the commit before webhooks (``--basis``, extracted with ``git archive``) and
   one from this tree with a subscription for every organisation on every kind it may receive
   (dispatcher off, so only the outbox is measured). Both are seeded alike; blocks of POSTs
   alternate between them so machine noise hits both. The same is measured for
   ``POST /v1/voordrachten/{id}/beoordeling`` (the approval, which does write berichten: one per
   subscribed bemiddelaar and corporatie, with the payload view built in the transaction).
2. Dispatch throughput: N berichten over many onderwerpen in the outbox, one in-process
   ``Dispatcher`` delivering to a local uvicorn receiver that verifies every signature with the
   Standard Webhooks library; berichten per second, on SQLite and PostgreSQL.

    .venv/bin/python benchmarks/bench_webhooks.py [--posts 300] [--berichten 2000] [--pg URL]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import httpx  # noqa: E402

from benchmarks import databank  # noqa: E402
from benchmarks.server import running_server  # noqa: E402

SEED = """
import json
from service.db import make_engine, migrate, session_scope
from service.demo import seed_demo
from service.settings import get_settings
engine = make_engine(get_settings().sqlalchemy_url)
migrate(engine)
try:  # the region as a value (this tree)
    from service.regio import load_regio
    scope = session_scope(engine, load_regio(get_settings().regio))
except ImportError:  # an older tree, the comparison's base: the region was a process global
    region.set_active(region.load_regio(get_settings().regio))
    scope = session_scope(engine)
with scope as session:
    keys = seed_demo(session, kandidaten={kandidaten}, woningen=0)
print(json.dumps(keys))
"""


def pct(values: list[float], q: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, int(round(q / 100 * (len(s) - 1))))]


def seed(tree: Path, url: str, kandidaten: int) -> dict[str, str]:
    env = {**os.environ, "DATABASE_URL": url}
    out = subprocess.run(
        [sys.executable, "-c", SEED.format(kandidaten=kandidaten)],
        cwd=tree,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def subscribe_all(client: httpx.Client, keys: dict[str, str]) -> int:
    from service.webhooks.soorten import SOORTEN

    n = 0
    orgs = client.get(
        "/v1/organisaties",
        headers={"X-Api-Key": keys["het-vierde-huis"]},
        params={"paginaGrootte": 100},
    ).json()["resultaten"]
    soort = {o["code"]: o["soort"] for o in orgs}
    for code, key in keys.items():
        kinds = [s for s, d in SOORTEN.items() if soort[code] in d.ontvangers]
        r = client.post(
            "/v1/abonnementen",
            json={"url": "https://93.184.216.34/hook", "soorten": kinds},
            headers={"X-Api-Key": key},
        )
        assert r.status_code == 201, r.text
        n += 1
    return n


def bench_outbox(base_tree: Path, posts: int, kandidaten: int, work: Path) -> dict:
    import random

    from service.clock import vandaag
    from service.demo import synthetic_woning
    from service.regio import load_regio
    from service.schemas import zet_invoer_regio
    from service.settings import Settings

    zet_invoer_regio(load_regio(Settings().regio))
    os.environ["WOONROUTE_DISPATCHER_AAN"] = "false"
    urls = {"basis": f"sqlite:///{work / 'basis.db'}", "outbox": f"sqlite:///{work / 'outbox.db'}"}
    trees = {"basis": base_tree, "outbox": REPO}
    keys = {name: seed(trees[name], urls[name], kandidaten) for name in urls}
    times: dict[str, dict[str, list[float]]] = {n: {"woning": [], "goedkeuring": []} for n in urls}
    servers = {}
    import contextlib

    with contextlib.ExitStack() as stack:
        for name in urls:
            base, _proc = stack.enter_context(
                running_server(urls[name], work / f"{name}.log", cwd=trees[name])
            )
            client = stack.enter_context(httpx.Client(base_url=base, timeout=30))
            servers[name] = client
        assert servers["basis"].get("/v1/abonnementen").status_code == 404  # really the old code
        abonnementen = subscribe_all(servers["outbox"], keys["outbox"])
        rng = {n: random.Random(7) for n in urls}
        gemeenten = ["Zeist", "De Bilt", "Utrechtse Heuvelrug", "Bunnik", "Wijk bij Duurstede"]

        def one(name: str, measure: bool) -> None:
            c, k = servers[name], keys[name]
            w = synthetic_woning(rng[name], rng[name].choice(gemeenten), vandaag())
            body = w.model_dump(mode="json", by_alias=True, exclude_none=True)
            t0 = time.perf_counter()
            r = c.post("/v1/woningen", json=body, headers={"X-Api-Key": k["nabij-wonen"]})
            dt = (time.perf_counter() - t0) * 1000
            assert r.status_code == 201, r.text
            vd = r.json()["voordrachtId"]
            t0 = time.perf_counter()
            r = c.post(
                f"/v1/voordrachten/{vd}/beoordeling",
                json={"besluit": "goedkeuren"},
                headers={"X-Api-Key": k["het-vierde-huis"]},
            )
            dt2 = (time.perf_counter() - t0) * 1000
            assert r.status_code in (201, 409), r.text
            if measure:
                times[name]["woning"].append(dt)
                if r.status_code == 201:
                    times[name]["goedkeuring"].append(dt2)

        for name in urls:
            for _ in range(10):
                one(name, False)
        blok = 25
        for i in range(0, posts, blok):
            for name in ("basis", "outbox") if (i // blok) % 2 == 0 else ("outbox", "basis"):
                for _ in range(min(blok, posts - i)):
                    one(name, True)
        import sqlite3

        with sqlite3.connect(work / "outbox.db") as conn:
            berichten = conn.execute("SELECT count(*) FROM webhookbericht").fetchone()[0]
    result = {"abonnementen": abonnementen, "berichten_geschreven": berichten, "rijen": []}
    for what in ("woning", "goedkeuring"):
        b, o = times["basis"][what], times["outbox"][what]
        result["rijen"].append(
            {
                "meting": what,
                "n": [len(b), len(o)],
                "basis_p50": statistics.median(b),
                "basis_p95": pct(b, 95),
                "outbox_p50": statistics.median(o),
                "outbox_p95": pct(o, 95),
                "p95_verschil_pct": (pct(o, 95) / pct(b, 95) - 1) * 100,
            }
        )
    return result


def bench_dispatch(url: str, n: int, work: Path) -> dict:
    from sqlmodel import Session
    from sqlmodel import select

    from service.db import REGIO
    from service.db import make_engine
    from service.db import migrate
    from service.db import session_scope
    from service.models import Abonnement
    from service.models import BerichtStatus
    from service.models import Organisatie
    from service.models import WebhookBericht
    from service.organisaties.actions import sync_region_organisaties
    from service.regio import load_regio
    from service.schemas import zet_invoer_regio
    from service.settings import Settings
    from service.webhooks.actions import nieuw_geheim
    from service.webhooks.dispatcher import Dispatcher
    from service.webhooks.dispatcher import Regels
    from tests.service.ontvanger import Ontvanger

    regio = load_regio(Settings().regio)
    zet_invoer_regio(regio)
    engine = make_engine(Settings(database_url=url).sqlalchemy_url)
    migrate(engine)
    with Ontvanger() as ontvanger:
        with session_scope(engine, regio) as session:
            sync_region_organisaties(session, regio)
            org = session.exec(select(Organisatie).where(Organisatie.code == "nabij-wonen")).one()
            geheim = nieuw_geheim()
            a = Abonnement(
                organisatie_id=org.id,
                url=ontvanger.url("/b"),
                soorten=["plaatsing.vastgelegd"],
                geheim=geheim,
            )
            session.add(a)
            session.flush()
            ontvanger.geheimen["/b"] = geheim
            onderwerpen = [str(uuid.uuid4()) for _ in range(max(1, n // 10))]
            data = {"id": str(uuid.uuid4()), "status": "lopend", "contractdatum": "2026-11-30"}
            for i in range(n):
                session.add(
                    WebhookBericht(
                        bericht_id=f"msg_{uuid.uuid4().hex}",
                        abonnement_id=a.id,
                        soort="plaatsing.vastgelegd",
                        onderwerp=onderwerpen[i % len(onderwerpen)],
                        inhoud={
                            "type": "plaatsing.vastgelegd",
                            "timestamp": "2026-11-30T10:00:00Z",
                            "data": data,
                        },
                    )
                )
        d = Dispatcher(engine, Regels(timeout=10, lease=60, demo=True, gelijktijdig=8))
        t0 = time.perf_counter()
        while d.ronde():
            pass
        dt = time.perf_counter() - t0
        d.close()
        with Session(engine, info={REGIO: regio}) as session:
            klaar = len(
                session.exec(
                    select(WebhookBericht.id).where(
                        WebhookBericht.status == BerichtStatus.afgeleverd
                    )
                ).all()
            )
        ontvangen = len(set(ontvanger.ids()))
    engine.dispose()
    return {
        "berichten": n,
        "afgeleverd": klaar,
        "ontvangen_geverifieerd": ontvangen,
        "seconden": dt,
        "per_seconde": n / dt,
    }


def main() -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument(
        "--basis", default="78c368b", help="commit without webhooks (default: the one before)"
    )
    ap.add_argument("--posts", type=int, default=300)
    ap.add_argument("--kandidaten", type=int, default=2000)
    ap.add_argument("--berichten", type=int, default=2000)
    databank.add_argument(ap)
    ap.add_argument("--alleen", choices=["outbox", "dispatch"], default=None)
    args = ap.parse_args()
    out: dict = {}
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        if args.alleen in (None, "outbox"):
            base_tree = work / "basis"
            base_tree.mkdir()
            archive = subprocess.run(
                ["git", "archive", args.basis], cwd=REPO, check=True, capture_output=True
            ).stdout
            subprocess.run(["tar", "-x", "-C", str(base_tree)], input=archive, check=True)
            out["outbox"] = bench_outbox(base_tree, args.posts, args.kandidaten, work)
            print(json.dumps(out["outbox"], indent=1), flush=True)
        if args.alleen in (None, "dispatch"):
            out["dispatch_sqlite"] = bench_dispatch(
                f"sqlite:///{work / 'dispatch.db'}", args.berichten, work
            )
            print(json.dumps(out["dispatch_sqlite"]), flush=True)
            if reden := databank.prepare(args.database_url):
                print(f"PostgreSQL skipped: {reden}")
            else:
                out["dispatch_postgresql"] = bench_dispatch(args.database_url, args.berichten, work)
                print(json.dumps(out["dispatch_postgresql"]), flush=True)
    (REPO / "artifacts").mkdir(exist_ok=True)
    (REPO / "artifacts" / "bench-webhooks.json").write_text(json.dumps(out, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
