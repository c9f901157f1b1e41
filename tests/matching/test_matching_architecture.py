"""Architecture check: matching stays pure (STYLE.md dependency direction).

No web layer, ORM, httpx, pandas or service imports, and no environment variables.
"""

from __future__ import annotations

import ast
from pathlib import Path

import matching

PAKKET = Path(matching.__file__).parent
VERBODEN = {
    "fastapi",
    "starlette",
    "sqlmodel",
    "sqlalchemy",
    "httpx",
    "pandas",
    "service",
    "uvicorn",
    "alembic",
    "contingent",
}


def _modules() -> list[Path]:
    return sorted(PAKKET.rglob("*.py"))


def test_matching_imports_nothing_forbidden() -> None:
    for pad in _modules():
        boom = ast.parse(pad.read_text(encoding="utf-8"))
        for knoop in ast.walk(boom):
            if isinstance(knoop, ast.Import):
                namen = [alias.name for alias in knoop.names]
            elif isinstance(knoop, ast.ImportFrom) and knoop.level == 0 and knoop.module:
                namen = [knoop.module]
            else:
                continue
            for naam in namen:
                assert naam.split(".")[0] not in VERBODEN, f"{pad.name} imports {naam}"


def test_matching_reads_no_environment() -> None:
    for pad in _modules():
        tekst = pad.read_text(encoding="utf-8")
        for verboden in ("os.environ", "getenv", "import os"):
            assert verboden not in tekst, f"{pad.name} uses {verboden}"


def test_public_surface_is_explicit() -> None:
    assert sorted(matching.__all__) == sorted(set(matching.__all__))
    for naam in matching.__all__:
        assert hasattr(matching, naam), naam
    for naam in ("stel_voor", "controleer_voorstel", "beoordeel", "eerste_uitsluiting"):
        assert naam in matching.__all__


def test_identifiers_are_ascii() -> None:
    for pad in _modules():
        boom = ast.parse(pad.read_text(encoding="utf-8"))
        for knoop in ast.walk(boom):
            naam = getattr(knoop, "name", None) or getattr(knoop, "id", None)
            if isinstance(naam, str):
                assert naam.isascii(), f"{pad.name}: {naam}"
