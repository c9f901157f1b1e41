"""Browser tests: Playwright (Python) driving Debian's Chromium against a real server.

The server is ``woonroute demo`` on a file database (the demo seeds one login per organisation).
Without Chromium the tests are skipped on a laptop; under CI (``CI`` set) they fail instead.
Screenshots of the main pages are kept in ``artifacts/screenshots``.

Every page a test checks (``Sessie.controleer``) gets axe-core injected and must have 0
violations, and is photographed at 1280 and at 390 px wide. axe-core is vendored from npm by
``.ci/run`` (``npm install --prefix .ci/node axe-core@4.10.3``), never fetched while testing.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.service.test_demo_walk import demo_server

CHROMIUM = os.environ.get("WOONROUTE_CHROMIUM", "/usr/bin/chromium")
REPO = Path(__file__).resolve().parents[2]
ARTEFACTS = REPO / "artifacts" / "screenshots"
WACHTWOORD = "woonroute-demo"
AXE = REPO / ".ci" / "node" / "node_modules" / "axe-core" / "axe.min.js"
AXE_VERSIE = "4.10.3"
BREEDTES = (1280, 390)


def _axe_or_skip() -> Path:
    if AXE.exists():
        return AXE
    hint = f"npm install --prefix .ci/node axe-core@{AXE_VERSIE}"
    if os.environ.get("CI"):
        pytest.fail(f"axe-core ontbreekt op {AXE}; .ci/run installeert het ({hint}).")
    pytest.skip(f"axe-core niet gevonden; installeer het met: {hint}")


def _chromium_or_skip() -> str:
    if Path(CHROMIUM).exists() or shutil.which(CHROMIUM):
        return CHROMIUM
    if os.environ.get("CI"):
        pytest.fail(f"Chromium ontbreekt op {CHROMIUM}; CI installeert het met apt-get (.ci/run).")
    pytest.skip(f"Chromium niet gevonden op {CHROMIUM}")


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, dict[str, str]]]:
    with demo_server(tmp_path_factory.mktemp("browser")) as (url, keys, _):
        yield url, keys


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    path = _chromium_or_skip()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=path,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield b
        b.close()


class Sessie:
    """One person in their own browser context (own cookies)."""

    def __init__(self, browser: Any, url: str) -> None:
        # bypass_csp: axe-core is injected as a script; the CSP itself is tested over HTTP
        self.context = browser.new_context(
            viewport={"width": 1280, "height": 900}, locale="nl-NL", bypass_csp=True
        )
        self.page = self.context.new_page()
        self.url = url

    def login(self, code: str) -> Any:
        page = self.page
        page.goto(f"{self.url}/inloggen")
        page.get_by_label("E-mailadres").fill(f"{code}@demo.woonroute.nl")
        page.get_by_label("Wachtwoord").fill(WACHTWOORD)
        page.get_by_role("button", name="Inloggen").click()
        page.wait_for_url(f"{self.url}/start")
        return page

    def screenshot(self, naam: str) -> None:
        """The page at 1280 and at 390 px wide (``<naam>-1280.png``, ``<naam>-390.png``)."""
        ARTEFACTS.mkdir(parents=True, exist_ok=True)
        for breedte in BREEDTES:
            self.page.set_viewport_size({"width": breedte, "height": 900})
            self.page.screenshot(path=str(ARTEFACTS / f"{naam}-{breedte}.png"), full_page=True)
        self.page.set_viewport_size({"width": BREEDTES[0], "height": 900})

    def axe(self) -> list[dict[str, Any]]:
        """axe-core's violations on the current page (every rule axe runs by default)."""
        self.page.add_script_tag(path=str(_axe_or_skip()))
        result = self.page.evaluate("async () => await axe.run(document)")
        return [
            {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
            for v in result["violations"]
        ]

    def controleer(self, naam: str) -> None:
        """The current page: 0 axe violations, a title without the client's name is up to the
        caller; screenshots at both widths; at phone width the table headers stay visible."""
        overtredingen = self.axe()
        assert overtredingen == [], (naam, self.page.url, overtredingen)
        zichtbaar = [th for th in self.page.locator("thead th").all()[:6] if th.is_visible()]
        self.screenshot(naam)
        self.page.set_viewport_size({"width": 390, "height": 900})
        for th in zichtbaar:
            assert th.is_visible(), (naam, "column label hidden at phone width")
        self.page.set_viewport_size({"width": BREEDTES[0], "height": 900})

    def bezoek(self, pad: str, naam: str) -> Any:
        """Open a page (must answer below 400) and check it."""
        response = self.page.goto(f"{self.url}{pad}")
        assert response is not None and response.status < 400, (pad, response and response.status)
        self.controleer(naam)
        return self.page

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def als(browser: Any, demo: tuple[str, dict[str, str]]) -> Iterator[Any]:
    sessies: list[Sessie] = []

    def open_als(code: str) -> Sessie:
        s = Sessie(browser, demo[0])
        s.login(code)
        sessies.append(s)
        return s

    yield open_als
    for s in sessies:
        s.close()
