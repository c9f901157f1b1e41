"""API keys: created by CLI, shown once, stored hashed, revocable; failed logins are limited."""

from __future__ import annotations

import subprocess
import sys

from sqlmodel import select

from service.auth import FailureLimiter
from service.auth import hash_key
from service.db import session_scope
from service.errors import TeVeelPogingen
from service.models import ApiSleutel


def run_cli(tmp_path, *args):
    env = {"DATABASE_URL": f"sqlite:///{tmp_path / 'cli.db'}", "PATH": "/usr/bin:/bin"}
    return subprocess.run(
        [sys.executable, "-m", "service.cli", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )


def test_cli_creates_lists_and_revokes_keys(tmp_path):
    r = run_cli(tmp_path, "api-key", "create", "kwintes", "--omschrijving", "koppeling")
    assert r.returncode == 0, r.stderr
    key = r.stdout.strip().splitlines()[-1]
    assert key.startswith("wr_")
    prefix = key.split("_")[1]
    listing = run_cli(tmp_path, "api-key", "list").stdout
    assert (
        prefix in listing and "actief" in listing and key not in listing
    )  # the secret is never shown again
    assert run_cli(tmp_path, "api-key", "revoke", prefix).returncode == 0
    assert "ingetrokken" in run_cli(tmp_path, "api-key", "list").stdout
    assert run_cli(tmp_path, "api-key", "create", "bestaat-niet").returncode == 2


def test_keys_are_stored_hashed_and_revoked_keys_refused(app, api, keys):
    with session_scope(app.state.engine, app.state.regio) as s:
        rows = s.exec(select(ApiSleutel)).all()
        assert all(len(r.hash) == 64 for r in rows)
        assert not any(r.hash == k or k in r.hash for r in rows for k in keys.values())
        assert hash_key(keys["lister"]) in {r.hash for r in rows}
    from service.auth import create_api_key
    from service.auth import revoke_api_key
    from service.models import Organisatie

    with session_scope(app.state.engine, app.state.regio) as s:
        org = s.exec(select(Organisatie).where(Organisatie.code == "lister")).one()
        row, key = create_api_key(s, org, "tijdelijk")
        prefix = row.prefix
    assert api.client.get("/v1/regio", headers={"X-Api-Key": key}).status_code == 200
    with session_scope(app.state.engine, app.state.regio) as s:
        revoke_api_key(s, prefix)
    r = api.client.get("/v1/regio", headers={"X-Api-Key": key})
    assert r.status_code == 401 and "ingetrokken" in r.json()["detail"]


def test_failed_authentications_are_rate_limited(app):
    limiter = FailureLimiter(app.state.engine, limit=3)
    for _ in range(3):
        limiter.check("ip:1.2.3.4")
        limiter.failed("ip:1.2.3.4")
    try:
        limiter.check("ip:1.2.3.4")
    except TeVeelPogingen as exc:
        assert "seconden" in exc.detail and 1 <= exc.retry_after <= 60
    else:
        raise AssertionError("fourth attempt was not refused")
    limiter.check("ip:5.6.7.8")  # another client is not affected
