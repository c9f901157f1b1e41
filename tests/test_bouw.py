"""Issue 15, reproducible builds: the lock files cover pyproject, the Dockerfile installs from
the lock and checks readiness, and compose.yaml runs PostgreSQL, one migration and two replicas."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def _naam(eis: str) -> str:
    return re.split(r"[\[<>=!~; ]", eis, maxsplit=1)[0].lower().replace("_", "-")


def _gepind(lock: str) -> dict[str, str]:
    return {
        m.group(1).lower(): m.group(2)
        for m in re.finditer(r"^([A-Za-z0-9_.-]+)==([^\s;]+)", lock, re.M)
    }


def test_the_lock_files_pin_every_dependency_of_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    runtime = _gepind((ROOT / "requirements.lock").read_text())
    dev = _gepind((ROOT / "requirements-dev.lock").read_text())
    for eis in project["dependencies"]:
        assert _naam(eis) in runtime, (
            f"{eis} missing from requirements.lock: python3 scripts/dev.py lock"
        )
        assert dev[_naam(eis)] == runtime[_naam(eis)], eis
    for eis in project["optional-dependencies"]["dev"]:
        assert _naam(eis) in dev, (
            f"{eis} missing from requirements-dev.lock: python3 scripts/dev.py lock"
        )
        if "==" in eis:  # linters are pinned in pyproject, and the lock agrees
            assert dev[_naam(eis)] == eis.split("==")[1], eis
    for linter in ("ruff", "import-linter", "mypy"):
        assert any(
            _naam(e) == linter and "==" in e for e in project["optional-dependencies"]["dev"]
        )


def test_dockerfile_installs_the_lock_migrates_explicitly_and_checks_readiness():
    docker = (ROOT / "Dockerfile").read_text()
    assert "pip install -r requirements.lock" in docker
    assert "pip install --no-deps ." in docker
    assert "HEALTHCHECK" in docker and "/v1/gereed" in docker
    assert "woonroute migrate" in docker and "WOONROUTE_MIGREREN_BIJ_START=false" in docker
    assert "WOONROUTE_VERTROUWDE_PROXIES" in docker
    assert "--proxy-headers" not in docker  # forwarded headers only from the setting


def test_compose_runs_postgresql_one_migration_and_two_replicas():
    compose = yaml.safe_load((ROOT / "compose.yaml").read_text())
    services = compose["services"]
    assert services["db"]["image"].startswith("postgres:")
    assert services["migrate"]["command"] == ["woonroute", "migrate"]
    app = services["app"]
    assert app["deploy"]["replicas"] == 2
    assert app["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
    assert app["environment"]["WOONROUTE_MIGREREN_BIJ_START"] == "false"
    assert app["environment"]["DATABASE_URL"].startswith("postgresql://")
