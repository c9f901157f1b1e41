#!/usr/bin/env python3
"""One entry point for people and CI, needing nothing but Python 3.11+.

    python3 scripts/dev.py demo    # start the demo server with Zuidoost-Utrecht demo data
    python3 scripts/dev.py test    # the test suite: SQLite, then PostgreSQL (WOONROUTE_TEST_DATABASE_URL)
    python3 scripts/dev.py lock    # after changing dependencies: rewrite the lock files (uv)

Creates ``.venv`` on first use and installs the locked dependencies (requirements-dev.lock) and
the project into it.
"""

from __future__ import annotations

import hashlib
import os
import socket
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PY = BIN / "python"
UV = "0.13.9"
STAMP = VENV / ".woonroute-installed"
#: Runtime and dev dependencies, pinned (``python3 scripts/dev.py lock`` writes it with uv).
LOCK = ROOT / "requirements-dev.lock"


def ensure_venv() -> None:
    if sys.version_info < (3, 11):  # noqa: UP036 - this script may be started by an older Python
        sys.exit("woonroute needs Python 3.11 or newer.")
    want = hashlib.sha256((ROOT / "pyproject.toml").read_bytes() + LOCK.read_bytes()).hexdigest()
    if STAMP.exists() and STAMP.read_text() == want and PY.exists():
        return
    if not PY.exists():
        print("Creating .venv ...", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    print("Installing woonroute and its dependencies into .venv ...", flush=True)
    subprocess.run([PY, "-m", "pip", "install", "-q", "--upgrade", "pip"], check=True)
    # The exact versions of the lock file, then the project itself without resolving again.
    subprocess.run([PY, "-m", "pip", "install", "-q", "-r", LOCK], check=True)
    subprocess.run(
        [PY, "-m", "pip", "install", "-q", "--no-deps", "-e", f"{ROOT}[dev]"], check=True
    )
    STAMP.write_text(want)


def postgres_reachable(url: str) -> bool:
    host_port = url.split("@", 1)[-1].split("/", 1)[0]
    host, _, port = host_port.partition(":")
    try:
        with socket.create_connection((host or "127.0.0.1", int(port or 5432)), timeout=2):
            return True
    except OSError:
        return False


def run_tests(extra: list[str]) -> int:
    """Both passes, always: SQLite, then PostgreSQL from ``WOONROUTE_TEST_DATABASE_URL`` (never
    ``DATABASE_URL``, which names a service's own data). Both results are reported; the exit
    code is non-zero when either pass fails (or, under CI, when PostgreSQL is missing)."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DATABASE_URL", "WOONROUTE_DATABASE_URL", "WOONROUTE_TEST_DATABASE_URL")
    }
    results: dict[str, str] = {}
    print("== tests on SQLite ==", flush=True)
    rc_sqlite = subprocess.run([PY, "-m", "pytest", "-q", *extra], cwd=ROOT, env=env).returncode
    results["SQLite"] = _outcome(rc_sqlite)
    pg = os.environ.get("WOONROUTE_TEST_DATABASE_URL")
    rc_pg = 0
    if not pg:
        rc_pg = 1 if os.environ.get("CI") else 0
        results["PostgreSQL"] = (
            "not run: set WOONROUTE_TEST_DATABASE_URL to an empty database the tests may use, "
            "e.g. postgresql://postgres@127.0.0.1:5432/woonroute_test"
            + (" (CI requires it)" if rc_pg else "")
        )
    elif not postgres_reachable(pg):
        rc_pg = 1 if os.environ.get("CI") else 0
        results["PostgreSQL"] = f"not run: {pg} is not reachable" + (
            " (CI requires it)" if rc_pg else ""
        )
    else:
        print(f"== tests on PostgreSQL ({pg}) ==", flush=True)
        rc_pg = subprocess.run(
            [PY, "-m", "pytest", "-q", *extra],
            cwd=ROOT,
            env={**env, "WOONROUTE_TEST_DATABASE_URL": pg},
        ).returncode
        results["PostgreSQL"] = _outcome(rc_pg)
    print("== results ==")
    for name, outcome in results.items():
        print(f"{name}: {outcome}")
    return 1 if (rc_sqlite or rc_pg) else 0


def _outcome(rc: int) -> str:
    return "passed" if rc == 0 else f"FAILED (pytest exit code {rc})"


def lock() -> int:
    """Write requirements.lock (runtime) and requirements-dev.lock (runtime + dev) with uv,
    for Python 3.11 on every platform; the dev lock keeps the runtime lock's versions."""
    subprocess.run([PY, "-m", "pip", "install", "-q", f"uv=={UV}"], check=True)
    uv = [PY, "-m", "uv", "pip", "compile", "pyproject.toml", "--python-version", "3.11"]
    uv += ["--universal", "--no-header", "-q"]
    subprocess.run([*uv, "-o", "requirements.lock"], cwd=ROOT, check=True)
    subprocess.run(
        [*uv, "--extra", "dev", "-c", "requirements.lock", "-o", LOCK.name], cwd=ROOT, check=True
    )
    print("requirements.lock and requirements-dev.lock written; commit them.")
    return 0


def main() -> int:
    if len(sys.argv) < 2 or sys.argv[1] not in ("demo", "test", "serve", "lock"):
        print(__doc__)
        return 2
    ensure_venv()
    command, extra = sys.argv[1], sys.argv[2:]
    if command == "test":
        return run_tests(extra)
    if command == "lock":
        return lock()
    return subprocess.run([BIN / "woonroute", command, *extra], cwd=ROOT).returncode


if __name__ == "__main__":
    raise SystemExit(main())
