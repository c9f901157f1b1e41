"""Browser tests: Playwright (Python) driving Debian's Chromium against a real server.

The server is ``woonroute demo`` on a file database (the demo seeds one login per organisation).
Without Chromium the tests are skipped on a laptop; under CI (``CI`` set) they fail instead.
Screenshots of the main pages are kept in ``artifacts/screenshots``.
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
ARTEFACTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"
WACHTWOORD = "woonroute-demo"


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
        self.context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="nl-NL")
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
        ARTEFACTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(ARTEFACTS / f"{naam}.png"), full_page=True)

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
