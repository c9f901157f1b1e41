"""`woonroute demo` starts a real server with demo keys; examples/walk.py walks the flows
against it (issues 3, 4, 5: the scripted walks); with ``--vandaag`` the clock moves forward and
the long waiters carry langwachtend signals whose diagnosis names the reason (issue 6)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import httpx
import pytest

from service.clock import vandaag
from service.regio import REGIONS_DIR
from service.regio import load_regio
from tests.proces import free_port

ROOT = Path(__file__).resolve().parents[2]


def regiobestand(tmp_path: Path, jaar: int) -> Path:
    """The shipped region file, with the newest income and rent limits copied to ``jaar`` when
    the file does not cover that year yet: the walks run in any year, while the service itself
    refuses a year without limits (MATCH-E4, tests/service/test_grenzen_ontbreken.py)."""
    bron = (REGIONS_DIR / "zuidoost-utrecht.toml").read_text(encoding="utf-8")
    regio = load_regio("zuidoost-utrecht")
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
    env["WOONROUTE_LOG_NIVEAU"] = "INFO"  # a log line per request: checked for personal data
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
    # Read the server's output while it runs: an undrained pipe fills (64 KiB, a few hundred
    # request log lines) and the server then blocks on its next log line.
    assert demo.stdout is not None
    lezer = threading.Thread(
        target=lambda: output.extend(line.rstrip("\n") for line in demo.stdout), daemon=True
    )
    lezer.start()
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
        demo.wait(timeout=20)
        lezer.join(timeout=20)
        demo.stdout.close()


EXPECTED = {
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


@dataclass
class Gelopen:
    url: str
    keys: dict[str, str]
    output: list[str]
    walks: dict[str, subprocess.CompletedProcess[str]]
    database: Path


@pytest.fixture(scope="module")
def gelopen(tmp_path_factory: pytest.TempPathFactory) -> Gelopen:
    """The demo server, every scripted walk against it, then the server stopped."""
    tmp_path = tmp_path_factory.mktemp("demo")
    walks = {}
    with demo_server(tmp_path) as (url, keys, output):
        r = httpx.get(
            f"{url}/v1/kandidaten",
            params={"metTotaal": "true"},
            headers={"X-Api-Key": keys["het-vierde-huis"]},
        )
        assert r.json()["totaal"] == 60
        for route in EXPECTED:
            walks[route] = subprocess.run(
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
    return Gelopen(url, keys, output, walks, tmp_path / "demo.db")


def test_demo_server_and_scripted_walks(gelopen: Gelopen):
    assert {"het-vierde-huis", "beter-wonen", "nabij-wonen", "kwintes"} <= gelopen.keys.keys()
    for route, lines in EXPECTED.items():
        walk = gelopen.walks[route]
        assert walk.returncode == 0, walk.stdout + walk.stderr
        for line in lines:
            assert line in walk.stdout, (route, line)
    text = "\n".join(gelopen.output)
    assert "API-sleutels" in text and f"{gelopen.url}/v1/docs" in text


def test_no_names_or_birth_dates_in_the_logs_of_a_full_walk(gelopen: Gelopen):
    """Issue 15 / AVG: the server's JSON logs of the demo and every walk hold no name and no
    birth date of any kandidaat, casushouder or user in the database afterwards, in any format."""
    import re
    import sqlite3

    logs = [json.loads(line) for line in gelopen.output if line.startswith("{")]
    verzoeken = [r for r in logs if r.get("route")]
    assert len(verzoeken) > 40, "the request log lines must have been captured"
    assert all(r.get("verzoek_id") for r in verzoeken)
    tekst = "\n".join(gelopen.output)
    with sqlite3.connect(gelopen.database) as conn:
        namen = {
            n
            for row in conn.execute("SELECT voornaam, achternaam, casushouder_naam FROM kandidaat")
            for n in row
            if n
        } | {n for (n,) in conn.execute("SELECT naam FROM gebruiker") if n}
        geboren = {d for (d,) in conn.execute("SELECT geboortedatum FROM kandidaat")}
    assert len(namen) > 50 and len(geboren) > 50
    gevonden = [n for n in namen if re.search(rf"\b{re.escape(n)}\b", tekst)]
    assert gevonden == [], f"names in the logs: {gevonden[:10]}"
    for d in geboren:
        iso = str(d)[:10]
        jaar, maand, dag = iso.split("-")
        for vorm in (iso, f"{dag}-{maand}-{jaar}", f"{dag}/{maand}/{jaar}"):
            assert vorm not in tekst, f"a birth date in the logs: {vorm}"


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


def _walk(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(ROOT / "examples" / "walk.py"), *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_walk_without_the_keys_file_says_what_to_do(tmp_path):
    r = _walk(cwd=tmp_path)
    assert r.returncode == 2
    assert "Traceback" not in r.stderr + r.stdout
    assert "woonroute-demo.keys.json" in r.stderr and "scripts/dev.py demo" in r.stderr


def test_walk_without_a_running_server_says_what_to_do(tmp_path):
    keys = tmp_path / "k.json"
    keys.write_text(json.dumps({"nabij-wonen": "wr_x_y"}), encoding="utf-8")
    r = _walk("--url", f"http://127.0.0.1:{free_port()}", "--keys", str(keys), cwd=tmp_path)
    assert r.returncode == 2
    assert "Traceback" not in r.stderr + r.stdout
    assert "Geen antwoord van http://127.0.0.1:" in r.stderr
    assert "scripts/dev.py demo" in r.stderr
