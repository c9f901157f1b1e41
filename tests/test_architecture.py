"""Dependency direction: service → matching, contingent → stdlib/pydantic/ortools (STYLE.md)."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FORBIDDEN = {
    "service",
    "fastapi",
    "starlette",
    "sqlmodel",
    "sqlalchemy",
    "httpx",
    "pandas",
    "uvicorn",
    "alembic",
}


def imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
    return found


def test_pure_packages_import_no_web_or_database_code():
    offenders = {}
    for pkg in ("matching", "contingent"):
        for path in (ROOT / pkg).rglob("*.py"):
            bad = imports(path) & FORBIDDEN
            if bad:
                offenders[str(path.relative_to(ROOT))] = sorted(bad)
    assert offenders == {}


def test_pandas_only_in_service():
    for path in ROOT.rglob("*.py"):
        rel = path.relative_to(ROOT)
        if (
            rel.parts[0] in (".venv", "tests", "benchmarks", "service")
            or "node_modules" in rel.parts
        ):
            continue
        assert "pandas" not in imports(path), rel
