"""Issue 15, seeing it run: liveness, readiness, metrics, request ids; migrations never raced."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text

from service.db import MIGRATIE_SLOT
from service.db import head_revisie
from service.db import make_engine
from service.db import migrate
from service.main import create_app
from service.settings import Settings


def _app(tmp_path: Path, **settings) -> object:  # type: ignore[no-untyped-def]
    return create_app(
        Settings(
            database_url=f"sqlite:///{tmp_path / 'g.db'}",
            taken_aan=False,
            dispatcher_aan=False,
            **settings,
        )
    )


def test_liveness_and_readiness_need_no_key(client):
    r = client.get("/v1/gezondheid")
    assert r.status_code == 200 and r.json() == {"status": "ok"}
    r = client.get("/v1/gereed")
    assert r.status_code == 200
    assert r.json() == {"status": "gereed", "schemaversie": head_revisie()}


def test_not_ready_when_the_schema_is_behind(tmp_path: Path):
    app = _app(tmp_path)
    with TestClient(app) as c:
        with app.state.engine.begin() as conn:
            conn.execute(text("UPDATE alembic_version SET version_num = '0012_secure'"))
        r = c.get("/v1/gereed")
        assert r.status_code == 503
        assert r.headers["content-type"] == "application/problem+json"
        assert "woonroute migrate" in r.json()["detail"]
        assert c.get("/v1/gezondheid").status_code == 200  # alive all the same


def test_without_migration_at_start_the_server_refuses_an_old_schema(tmp_path: Path):
    app = _app(tmp_path, migreren_bij_start=False)
    with pytest.raises(RuntimeError, match="woonroute migrate"), TestClient(app):
        pass
    migrate(make_engine(f"sqlite:///{tmp_path / 'g.db'}"))
    with TestClient(app) as c:  # migrated by the explicit step: starts
        assert c.get("/v1/gereed").status_code == 200


def test_request_id_is_returned_and_a_callers_plain_id_kept(client):
    eigen = client.get("/v1/gezondheid").headers["x-request-id"]
    assert len(eigen) == 32
    assert (
        client.get("/v1/gezondheid", headers={"X-Request-ID": "abc-123"}).headers["x-request-id"]
        == "abc-123"
    )
    vreemd = client.get("/v1/gezondheid", headers={"X-Request-ID": "a b<script>"})
    assert vreemd.headers["x-request-id"] != "a b<script>"


def test_metrics_only_for_the_addresses_in_the_setting(tmp_path: Path, client):
    assert client.get("/metrics").status_code == 404  # the setting is empty: no metrics
    app = _app(tmp_path, metrics_adressen="10.0.0.0/8")
    with TestClient(app, client=("10.1.2.3", 5000)) as binnen:
        binnen.get("/v1/kandidaten/00000000-0000-0000-0000-000000000001")  # 401
        r = binnen.get("/metrics")
        assert r.status_code == 200
        assert r.headers["content-type"].startswith("text/plain")
        tekst = r.text
    assert (
        'woonroute_verzoeken_total{methode="GET",route="/v1/kandidaten/{kandidaat_id}",status="401"}'
        in tekst
    ), "by route template, never the concrete path"
    assert "00000000-0000-0000-0000-000000000001" not in tekst
    for naam in (
        "woonroute_verzoek_seconden_bucket",
        "woonroute_kandidaten",
        "woonroute_signaleringen_open",
        "woonroute_webhook_berichten",
        "woonroute_taak_runs_total",
    ):
        assert naam in tekst, naam
    with TestClient(app, client=("192.168.1.5", 5000)) as buiten:
        assert buiten.get("/metrics").status_code == 404


def test_job_runs_are_counted(app):
    from prometheus_client import REGISTRY

    from service.taken import Planner
    from service.taken import Taak

    def voor() -> float:
        return (
            REGISTRY.get_sample_value(
                "woonroute_taak_runs_total", {"taak": "geteld", "uitkomst": "gelukt"}
            )
            or 0.0
        )

    eerst = voor()
    Planner(app.state.engine, [Taak("geteld", 3600, lambda e, s: "ok")]).ronde()
    assert voor() == eerst + 1


def test_migrations_wait_for_each_other(app):
    """Two processes starting together never migrate at once: the second waits for the lock
    (PostgreSQL advisory lock; on SQLite a file lock beside the database)."""
    engine = app.state.engine
    klaar = threading.Event()
    if engine.dialect.name == "postgresql":
        conn = engine.connect()
        conn.exec_driver_sql(f"SELECT pg_advisory_lock({MIGRATIE_SLOT})")
        conn.commit()

        def release() -> None:
            conn.exec_driver_sql(f"SELECT pg_advisory_unlock({MIGRATIE_SLOT})")
            conn.commit()
            conn.close()
    else:
        import fcntl

        fh = open(f"{engine.url.database}.migratie.lock", "a")  # noqa: SIM115
        fcntl.flock(fh, fcntl.LOCK_EX)

        def release() -> None:
            fcntl.flock(fh, fcntl.LOCK_UN)
            fh.close()

    t = threading.Thread(target=lambda: (migrate(engine), klaar.set()))
    t.start()
    time.sleep(0.5)
    assert not klaar.is_set(), "migrate ran while another process held the lock"
    release()
    t.join(30)
    assert klaar.is_set()


def test_docs_work_offline_no_external_host(client):
    """``/v1/docs`` loads Swagger UI from this server only: no URL on the page and no source
    in its Content-Security-Policy names another host, and every asset it names is served."""
    import re

    r = client.get("/v1/docs")
    assert r.status_code == 200
    urls = re.findall(r"""(?:src|href|url)\s*[=:]\s*['"]([^'"]+)['"]""", r.text)
    assert urls, r.text
    for url in urls:
        assert not re.match(r"^(https?:)?//", url), url
    assert "http" not in r.headers["content-security-policy"]
    for asset in ("/docs-bestanden/swagger-ui-bundle.js", "/docs-bestanden/swagger-ui.css"):
        assert asset in r.text
        assert client.get(asset).status_code == 200
    assert client.get("/v1/openapi.json").status_code == 200


def test_processes_starting_together_on_an_empty_database(app):
    """Four processes' start-ups at the same moment on an empty PostgreSQL schema: one migrates
    and seeds the organisations and the secret, the others wait and find them (no duplicate-key
    crash at start). On SQLite writers queue anyway; there the same runs one after another."""
    from types import SimpleNamespace
    from urllib.parse import quote

    from service.main import startup

    engine = app.state.engine
    url = engine.url.render_as_string(hide_password=False)
    if engine.dialect.name == "postgresql":
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA IF EXISTS starttest CASCADE"))
            conn.execute(text("CREATE SCHEMA starttest"))
        url += ("&" if "?" in url else "?") + "options=" + quote("-csearch_path=starttest")
    else:
        url = url.replace(".db", "-start.db")
    apps = [SimpleNamespace(state=SimpleNamespace()) for _ in range(4)]
    barrier = threading.Barrier(len(apps))
    fouten: list[BaseException] = []

    def begin(a: object) -> None:
        try:
            barrier.wait()
            startup(a, Settings(database_url=url, taken_aan=False, dispatcher_aan=False))  # type: ignore[arg-type]
        except BaseException as exc:
            fouten.append(exc)

    threads = [threading.Thread(target=begin, args=(a,)) for a in apps]
    try:
        for t in threads:
            t.start()
        for t in threads:
            t.join(120)
        assert fouten == []
        assert len({a.state.pseudoniem_sleutel for a in apps}) == 1
        with apps[0].state.engine.connect() as conn:
            codes = conn.execute(text("SELECT code FROM organisatie")).scalars().all()
        assert codes and len(codes) == len(set(codes))
    finally:
        for a in apps:
            if hasattr(a.state, "engine"):
                a.state.engine.dispose()
        if engine.dialect.name == "postgresql":
            with engine.begin() as conn:
                conn.execute(text("DROP SCHEMA IF EXISTS starttest CASCADE"))


def test_serve_with_two_workers_adds_up_the_metrics_of_both(tmp_path: Path):
    """``woonroute serve --workers 2``: whichever worker answers a scrape, the request counters
    are the sum over both (prometheus-client's multiprocess mode, set up by ``serve``)."""
    import os
    import socket
    import subprocess
    import sys

    import httpx

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("WOONROUTE_", "PROMETHEUS"))},
        "DATABASE_URL": f"sqlite:///{tmp_path / 'w.db'}",
        "WOONROUTE_TAKEN_AAN": "false",
        "WOONROUTE_DISPATCHER_AAN": "false",
        "WOONROUTE_METRICS_ADRESSEN": "127.0.0.1",
        "WOONROUTE_LOG_NIVEAU": "WARNING",
    }
    proc = subprocess.Popen(
        [sys.executable, "-m", "service.cli", "serve", "--port", str(port), "--workers", "2"],
        cwd=Path(__file__).resolve().parents[2],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    basis = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                if httpx.get(f"{basis}/v1/gereed", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, "serve --workers 2 did not become ready"
            time.sleep(0.3)
        time.sleep(2)  # the second worker too
        voor = _gezondheid_geteld(basis)
        for _ in range(20):  # new connections: spread over both workers
            assert httpx.get(f"{basis}/v1/gezondheid", timeout=5).status_code == 200
        for _ in range(4):
            assert _gezondheid_geteld(basis) == voor + 20
    finally:
        proc.terminate()
        proc.wait(timeout=15)


def _gezondheid_geteld(basis: str) -> float:
    import re

    import httpx

    tekst = httpx.get(f"{basis}/metrics", timeout=5).text
    m = re.search(
        r'^woonroute_verzoeken_total\{methode="GET",route="/v1/gezondheid",status="200"\} (\S+)$',
        tekst,
        re.M,
    )
    return float(m.group(1)) if m else 0.0
