#!/usr/bin/env python3
"""One entry point for people and CI, needing nothing but Python 3.11+.

    python3 scripts/dev.py demo    # start the demo server with Zuidoost-Utrecht demo data
    python3 scripts/dev.py test    # run the test suite (SQLite, then PostgreSQL when reachable)

Creates ``.venv`` on first use and installs the project with its dev extras into it.
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
STAMP = VENV / ".woonroute-installed"
PG_DEFAULT = "postgresql://postgres@127.0.0.1:5432/test"


def ensure_venv() -> None:
    if sys.version_info < (3, 11):  # noqa: UP036 - this script may be started by an older Python
        sys.exit("woonroute needs Python 3.11 or newer.")
    want = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if STAMP.exists() and STAMP.read_text() == want and PY.exists():
        return
    if not PY.exists():
        print("Creating .venv ...", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    print("Installing woonroute and its dependencies into .venv ...", flush=True)
    subprocess.run([PY, "-m", "pip", "install", "-q", "--upgrade", "pip"], check=True)
    subprocess.run([PY, "-m", "pip", "install", "-q", "-e", f"{ROOT}[dev]"], check=True)
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
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DATABASE_URL", "WOONROUTE_TEST_DATABASE_URL")
    }
    print("== tests on SQLite ==", flush=True)
    rc = subprocess.run([PY, "-m", "pytest", "-q", *extra], cwd=ROOT, env=env).returncode
    if rc != 0:
        return rc
    pg = os.environ.get("WOONROUTE_TEST_DATABASE_URL", PG_DEFAULT)
    if not postgres_reachable(pg):
        if os.environ.get("CI"):
            print(f"PostgreSQL at {pg} is not reachable, and CI requires it.", file=sys.stderr)
            return 1
        print(f"== PostgreSQL at {pg} not reachable: skipping the PostgreSQL run ==")
        return 0
    print(f"== tests on PostgreSQL ({pg}) ==", flush=True)
    return subprocess.run(
        [PY, "-m", "pytest", "-q", *extra], cwd=ROOT, env={**env, "WOONROUTE_TEST_DATABASE_URL": pg}
    ).returncode


def main() -> int:
    if len(sys.argv) < 2 or sys.argv[1] not in ("demo", "test", "serve"):
        print(__doc__)
        return 2
    ensure_venv()
    command, extra = sys.argv[1], sys.argv[2:]
    if command == "test":
        return run_tests(extra)
    return subprocess.run([BIN / "woonroute", command, *extra], cwd=ROOT).returncode


if __name__ == "__main__":
    raise SystemExit(main())
