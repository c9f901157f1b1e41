"""Run Schemathesis against the app, once for each kind of organisation (issue 11, CI).

Starts ``woonroute demo`` (SQLite, demo data, a fresh file) on a free port, then runs
``schemathesis run`` with every check for an API key of each kind, a bounded number of examples
per operation (``--max-examples``, default 5) and a fixed, deterministic generation. Exits
non-zero when any run finds a failure: a 5xx, a response that breaks the schema, a schema-valid
request refused, and the rest of Schemathesis' checks (see .ci/schemathesis.toml).

    .venv/bin/python scripts/schemathesis_ci.py [--max-examples N] [--kind bemiddelaar ...]
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
KINDS = {
    "bemiddelaar": "het-vierde-huis",
    "zorgaanbieder": "kwintes",
    "corporatie": "nabij-wonen",
    "regiobeheer": "beter-wonen",
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for(url: str, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5):
                return
        except OSError:
            time.sleep(1)
    raise SystemExit(f"De demoserver was na {seconds:.0f} s niet bereikbaar op {url}.")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max-examples", type=int, default=5)
    parser.add_argument("--kind", action="append", choices=sorted(KINDS))
    args = parser.parse_args()
    kinds = args.kind or list(KINDS)

    work = Path(tempfile.mkdtemp(prefix="woonroute-schemathesis-"))
    database = work / "demo.db"
    port = free_port()
    env = {
        k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "WOONROUTE_DATABASE_URL")
    }
    # Thousands of deliberately unauthenticated requests must not lock the run out (429).
    env |= {"WOONROUTE_MAX_MISLUKTE_AANMELDINGEN": "1000000", "WOONROUTE_TAKEN_AAN": "false"}
    server = subprocess.Popen(
        [str(BIN / "python"), "-m", "service.cli", "demo", "--port", str(port)]
        + ["--database", str(database)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
    )
    failed: list[str] = []
    try:
        url = f"http://127.0.0.1:{port}/v1/openapi.json"
        wait_for(url, 300)
        keys = json.loads(database.with_suffix(".keys.json").read_text())
        st_env = env | {
            "SCHEMATHESIS_HOOKS": "schemathesis_hooks",
            "PYTHONPATH": str(ROOT / "scripts"),
        }
        for kind in kinds:
            print(f"== schemathesis as {kind} ({KINDS[kind]}) ==", flush=True)
            rc = subprocess.run(
                [str(BIN / "schemathesis"), "--config-file", str(ROOT / ".ci/schemathesis.toml")]
                # No --checks on the command line: it would override the per-operation settings
                # of the config file; Schemathesis runs all checks by default.
                + ["run", url, "--mode", "positive"]
                + ["--max-examples", str(args.max_examples), "--generation-deterministic"]
                + ["--workers", "1", "--no-color", "--header", f"X-Api-Key: {keys[KINDS[kind]]}"],
                cwd=ROOT,
                env=st_env,
            ).returncode
            if rc != 0:
                failed.append(kind)
    finally:
        server.terminate()
        server.wait(timeout=30)
    if failed:
        print(f"Schemathesis found failures for: {', '.join(failed)}")
        return 1
    print("Schemathesis: no failures for " + ", ".join(kinds))
    return 0


if __name__ == "__main__":
    sys.exit(main())
