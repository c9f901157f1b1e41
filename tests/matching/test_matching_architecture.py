"""The engine's public surface. Its purity (no web, database, pandas or service imports, no
environment) is checked once for both pure packages, in ``tests/test_architecture.py``."""

from __future__ import annotations

import ast
from pathlib import Path

import matching

PAKKET = Path(matching.__file__).parent


def _modules() -> list[Path]:
    return sorted(PAKKET.rglob("*.py"))


def test_public_surface_is_explicit() -> None:
    assert sorted(matching.__all__) == sorted(set(matching.__all__))
    for naam in matching.__all__:
        assert hasattr(matching, naam), naam
    for naam in ("stel_voor", "controleer_voordracht", "beoordeel", "eerste_uitsluiting"):
        assert naam in matching.__all__


def test_identifiers_are_ascii() -> None:
    for pad in _modules():
        boom = ast.parse(pad.read_text(encoding="utf-8"))
        for knoop in ast.walk(boom):
            naam = getattr(knoop, "name", None) or getattr(knoop, "id", None)
            if isinstance(naam, str):
                assert naam.isascii(), f"{pad.name}: {naam}"
