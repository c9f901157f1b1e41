"""`woonroute demo` starts a real server with demo keys; examples/walk.py walks the flows
against it (issues 3, 4, 5: the scripted walks); with ``--vandaag`` the clock moves forward and
the long waiters carry langwachtend signals whose diagnosis names the reason (issue 6)."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

import httpx

from service import region
from service.clock import vandaag

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def regiobestand(tmp_path: Path, jaar: int) -> Path:
    """The shipped region file, with the newest income and rent limits copied to ``jaar`` when
    the file does not cover that year yet: the walks run in any year, while the service itself
    refuses a year without limits (MATCH-E4, tests/service/test_grenzen_ontbreken.py)."""
    bron = (region.REGIONS_DIR / "zuidoost-utrecht.toml").read_text(encoding="utf-8")
    regio = region.load_regio("zuidoost-utrecht")
    if all(g.jaar != jaar for g in regio.inkomensgrenzen):
        nieuwste = max(g.jaar for g in regio.inkomensgrenzen)
        blok = next(b for b in bron.split("[[inkomensgrenzen]]")[1:] if f"jaar = {nieuwste}\n" in b)
        blok = blok.split("\n[", 1)[0]  # up to the next table
        bron += "\n[[inkomensgrenzen]]" + blok.replace(f"jaar = {nieuwste}", f"jaar = {jaar}", 1)
    pad = tmp_path / "regio.toml"
    pad.write_text(bron, encoding="utf-8")
    return pad


@contextmanager
def demo_server(
    tmp_path: Path, *extra: str, jaar: int | None = None
) -> Iterator[tuple[str, dict[str, str], list[str]]]:
    """The demo on a free port; yields its URL, its keys and (after stopping) its output lines."""
    port = free_port()
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DATABASE_URL", "WOONROUTE_TEST_DATABASE_URL")
    }
    env["WOONROUTE_REGIO"] = str(regiobestand(tmp_path, jaar or vandaag().year))
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
            *extra,
        ],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    url = f"http://127.0.0.1:{port}"
    output: list[str] = []
    try:
        deadline = time.monotonic() + 180  # a busy CI machine starts slowly
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{url}/v1/openapi.json", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.3)
        else:
            raise AssertionError("demo server did not start")
        yield url, json.loads((tmp_path / "demo.keys.json").read_text()), output
    finally:
        demo.terminate()
        out, _ = demo.communicate(timeout=20)
        output.extend(out.splitlines())


def test_demo_server_and_scripted_walks(tmp_path):
    with demo_server(tmp_path) as (url, keys, output):
        assert {"het-vierde-huis", "beter-wonen", "nabij-wonen", "kwintes"} <= keys.keys()
        r = httpx.get(f"{url}/v1/kandidaten", headers={"X-Api-Key": keys["het-vierde-huis"]})
        assert r.json()["totaal"] == 60
        expected = {
            "omgekeerde-plaatsing": [
                "POST /v1/plaatsingen -> 201",
                "Klaar: de hele route van woning tot plaatsing.",
            ],
            "maatwerk": ["Klaar: maatwerk van doorsturen tot plaatsing."],
            "contingent": ["Klaar: contingent van toezegging tot restant.", "gebruikt 0 -> 1"],
            # Issue 13: preparation through the final evaluation (ZOU-C1, ZOU-P1..P4, ZOU-L5).
            "nazorg": [
                "Huur voor onbepaalde tijd zonder begeleiding sinds",
                "/omzetting -> 201",
                "Klaar: van voorbereiding tot eindevaluatie.",
            ],
        }
        for route, lines in expected.items():
            walk = subprocess.run(
                [
                    sys.executable,
                    str(ROOT / "examples" / "walk.py"),
                    "--url",
                    url,
                    "--keys",
                    str(tmp_path / "demo.keys.json"),
                    "--route",
                    route,
                ],
                capture_output=True,
                text=True,
                timeout=180,
            )
            assert walk.returncode == 0, walk.stdout + walk.stderr
            for line in lines:
                assert line in walk.stdout, (route, line)
    text = "\n".join(output)
    assert "API-sleutels" in text and f"{url}/v1/docs" in text


def test_demo_with_the_clock_forward_shows_long_waiters_with_reasons(tmp_path):
    """Issue 6 done-when: move the clock, and langwachtend signals carry real diagnoses."""
    later = vandaag() + timedelta(days=240)
    with demo_server(tmp_path, "--vandaag", later.isoformat(), jaar=later.year) as (url, keys, _):
        hvh = {"X-Api-Key": keys["het-vierde-huis"]}
        assert httpx.post(f"{url}/v1/signaleringen/berekening", headers=hvh).status_code == 201
        r = httpx.get(
            f"{url}/v1/signaleringen",
            headers=hvh,
            params={"soort": "langwachtend", "paginaGrootte": 200},
        )
        signalen = r.json()["resultaten"]
        assert len(signalen) >= 20  # most demo kandidaten registered within the last 14 months
        for s in signalen:
            d = s["diagnose"]
            assert d["wachttijdDagen"] > 183 and d["bindendeBeperking"].startswith(
                ("Sinds aanmelding", "De kandidaat", "Het inkomen")
            )
            assert d["voorstellen"]
        kwintes = httpx.get(
            f"{url}/v1/signaleringen",
            headers={"X-Api-Key": keys["kwintes"]},
            params={"soort": "langwachtend", "paginaGrootte": 200},
        ).json()
        assert (
            0 < kwintes["totaal"] < len(signalen)
        )  # a zorgaanbieder sees its own kandidaten's signals
