"""The contingent package stays pure: no web, database or pandas imports, no env vars."""

import ast
from pathlib import Path

VERBODEN = {"fastapi", "starlette", "sqlmodel", "sqlalchemy", "httpx", "pandas", "service"}
PAKKET = Path(__file__).resolve().parents[2] / "contingent"


def test_no_forbidden_imports_or_environment():
    for bestand in PAKKET.glob("*.py"):
        boom = ast.parse(bestand.read_text(encoding="utf-8"))
        for knoop in ast.walk(boom):
            if isinstance(knoop, ast.Import):
                namen = [a.name for a in knoop.names]
            elif isinstance(knoop, ast.ImportFrom):
                namen = [knoop.module or ""]
            else:
                namen = []
            for naam in namen:
                assert naam.split(".")[0] not in VERBODEN, f"{bestand.name} imports {naam}"
        tekst = bestand.read_text(encoding="utf-8")
        assert "os.environ" not in tekst and "getenv" not in tekst, bestand.name
