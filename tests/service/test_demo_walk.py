"""`woonroute demo` starts a real server with demo keys, and examples/walk.py walks the whole
omgekeerde-plaatsing flow against it (issue 3: the scripted walk)."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_demo_server_and_scripted_walk(tmp_path):
    port = free_port()
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DATABASE_URL", "WOONROUTE_TEST_DATABASE_URL")
    }
    demo = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "service.cli",
            "demo",
            "--port",
            str(port),
            "--database",
            str(tmp_path / "demo.db"),
        ],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if (
                    httpx.get(f"http://127.0.0.1:{port}/v1/openapi.json", timeout=1).status_code
                    == 200
                ):
                    break
            except httpx.HTTPError:
                time.sleep(0.3)
        else:
            raise AssertionError("demo server did not start")
        keys = json.loads((tmp_path / "demo.keys.json").read_text())
        assert {"het-vierde-huis", "beter-wonen", "nabij-wonen", "kwintes"} <= keys.keys()
        r = httpx.get(
            f"http://127.0.0.1:{port}/v1/kandidaten", headers={"X-Api-Key": keys["het-vierde-huis"]}
        )
        assert r.json()["totaal"] == 60
        expected = {
            "omgekeerde-plaatsing": [
                "POST /v1/plaatsingen -> 201",
                "Klaar: de hele route van woning tot plaatsing.",
            ],
            "maatwerk": ["Klaar: maatwerk van doorsturen tot plaatsing."],
            "contingent": ["Klaar: contingent van toezegging tot restant.", "gebruikt 0 -> 1"],
        }
        for route, lines in expected.items():
            walk = subprocess.run(
                [
                    sys.executable,
                    str(ROOT / "examples" / "walk.py"),
                    "--url",
                    f"http://127.0.0.1:{port}",
                    "--keys",
                    str(tmp_path / "demo.keys.json"),
                    "--route",
                    route,
                ],
                capture_output=True,
                text=True,
                timeout=60,
            )
            assert walk.returncode == 0, walk.stdout + walk.stderr
            for line in lines:
                assert line in walk.stdout, (route, line)
    finally:
        demo.terminate()
        out, _ = demo.communicate(timeout=20)
    assert "API-sleutels" in out and f"http://127.0.0.1:{port}/v1/docs" in out
