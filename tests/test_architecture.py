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


#: Libraries heavy enough to import only where used (each such import is marked ``# lazy:``).
LAZY = {"pandas", "ortools", "weasyprint", "openpyxl", "python_calamine", "pypdf", "numpy"}


def _local_imports(path: Path) -> list[tuple[int, str]]:
    """Imports inside a function body: (line, module)."""
    source = path.read_text(encoding="utf-8")
    tree = ast.parse(source)
    found = []
    for fn in ast.walk(tree):
        if not isinstance(fn, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        for node in ast.walk(fn):
            if isinstance(node, ast.Import):
                found += [(node.lineno, a.name) for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                found.append((node.lineno, "." * node.level + (node.module or "")))
    return found


#: The command line imports the application inside each command (its module docstring says
#: why: uvicorn's workers re-import it before their first health check).
LAZY_ENTRY_POINT = ROOT / "service" / "cli.py"


def test_no_function_level_imports_except_marked_heavy_libraries():
    """Issue 14: an import cycle is broken by moving code, not by a local import. Only a heavy
    library (or, in the command line, the application) may be imported where it is used,
    marked ``# lazy:`` on that line."""
    offenders = []
    for pkg in ("service", *PURE):
        for path in (ROOT / pkg).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            lines = path.read_text(encoding="utf-8").splitlines()
            for line, module in _local_imports(path):
                heavy = module.split(".")[0] in LAZY or path == LAZY_ENTRY_POINT
                if not (heavy and "# lazy:" in lines[line - 1]):
                    offenders.append(f"{path.relative_to(ROOT)}:{line} {module}")
    assert offenders == []


def test_no_import_cycles_contract_is_in_force():
    """Issue 14: cycles between the domain folders are forbidden by a contract CI runs."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    kinds = {c["type"]: c for c in config["tool"]["importlinter"]["contracts"]}
    assert kinds["acyclic_siblings"]["ancestors"] == ["service"]


def test_the_readme_draws_the_lifecycle_the_code_enforces():
    """The README's state diagram is the one ``service.levensloop.toestanden`` generates."""
    from service.levensloop.toestanden import readme_blok

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert readme_blok() in readme, "regenerate: python -m service.levensloop.toestanden"


def test_every_entry_point_hooks_the_webhook_outbox_into_audit():
    """``audit.record`` writes berichten only if the outbox is hooked in; every process that
    records imports ``service.webhooks``: the app, the scheduled jobs, and every CLI command
    (through ``cli._engine``)."""
    import inspect
    import subprocess
    import sys

    from service import cli

    for module in ("service.main", "service.taken"):
        code = f"import {module}, service.audit as a; assert a._publiceer is not None"
        subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)
    assert "from service import webhooks" in inspect.getsource(cli._engine)


def test_the_readme_lists_every_setting():
    """Issue 14: the README's configuration table names every setting of ``service.settings``."""
    from service.settings import Settings

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = [
        naam
        for naam in Settings.model_fields
        if f"`WOONROUTE_{naam.upper()}`" not in readme
        and f"_{naam.upper().split('_', 1)[-1]}`" not in readme
        and naam != "database_url"
    ]
    assert missing == [], f"add to the README's configuration table: {missing}"
    assert "| `DATABASE_URL` |" in readme
