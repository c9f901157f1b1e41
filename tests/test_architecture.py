"""Dependency direction: service → matching, contingent → stdlib/pydantic/ortools (STYLE.md).

The one purity check of the project. Its list of forbidden imports is the import-linter contract
in ``pyproject.toml`` (which CI also runs as ``lint-imports``), so the two cannot disagree. The
two pure packages don't import each other either, and read no environment variables.
"""

from __future__ import annotations

import ast
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PURE = ("matching", "contingent")


def _contract() -> dict:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    contracts = config["tool"]["importlinter"]["contracts"]
    return next(c for c in contracts if c["name"] == "matching and contingent stay pure")


FORBIDDEN = set(_contract()["forbidden_modules"])


def imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
    return found


def test_the_contract_covers_both_pure_packages():
    assert sorted(_contract()["source_modules"]) == sorted(PURE)
    assert {"service", "fastapi", "sqlmodel", "sqlalchemy", "httpx", "pandas"} <= FORBIDDEN


def test_pure_packages_import_no_web_or_database_code():
    offenders = {}
    for pkg in PURE:
        other = set(PURE) - {pkg}
        for path in (ROOT / pkg).rglob("*.py"):
            bad = imports(path) & (FORBIDDEN | other)
            if bad:
                offenders[str(path.relative_to(ROOT))] = sorted(bad)
    assert offenders == {}


def test_pure_packages_read_no_environment():
    for pkg in PURE:
        for path in (ROOT / pkg).rglob("*.py"):
            text = path.read_text(encoding="utf-8")
            for forbidden in ("os.environ", "getenv", "import os"):
                assert forbidden not in text, f"{path.relative_to(ROOT)} uses {forbidden}"


def test_pandas_only_in_service():
    for path in ROOT.rglob("*.py"):
        rel = path.relative_to(ROOT)
        if (
            rel.parts[0] in (".venv", "tests", "benchmarks", "service")
            or "node_modules" in rel.parts
        ):
            continue
        assert "pandas" not in imports(path), rel
