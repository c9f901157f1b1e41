"""Issue 15: tests never destroy data they were not given (``service.testdb``)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import create_engine
from sqlalchemy import inspect
from sqlalchemy import text

from service import testdb
from tests.service import conftest


def _tabellen(url: str) -> set[str]:
    engine = create_engine(testdb.engine_url(url))
    try:
        with engine.connect() as conn:
            return set(inspect(conn).get_table_names())
    finally:
        engine.dispose()


def _maak_tabel(url: str, naam: str) -> None:
    engine = create_engine(testdb.engine_url(url))
    try:
        with engine.begin() as conn:
            conn.execute(text(f"CREATE TABLE {naam} (id INTEGER)"))
    finally:
        engine.dispose()


def test_database_url_is_never_read_by_the_tests(monkeypatch, tmp_path: Path):
    """A service's ``DATABASE_URL`` in the environment does not reach the test database."""
    dienst = tmp_path / "dienst.db"
    _maak_tabel(f"sqlite:///{dienst}", "kandidaat")
    monkeypatch.delenv(testdb.SETTING, raising=False)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{dienst}")
    url = conftest.database_url(tmp_path / "eigen")
    assert "dienst.db" not in url
    assert _tabellen(f"sqlite:///{dienst}") == {"kandidaat"}


def test_a_database_with_data_the_tests_did_not_create_is_refused(tmp_path: Path):
    url = f"sqlite:///{tmp_path / 'vreemd.db'}"
    _maak_tabel(url, "kandidaat")
    with pytest.raises(testdb.VreemdeDatabank) as info:
        testdb.maak_leeg(url)
    assert testdb.MARKER in str(info.value) and testdb.SETTING in str(info.value)
    assert _tabellen(url) == {"kandidaat"}, "the foreign table must survive"


def test_an_empty_or_marked_database_is_emptied_and_marked(tmp_path: Path):
    url = f"sqlite:///{tmp_path / 'eigen.db'}"
    testdb.maak_leeg(url)  # a new file
    assert _tabellen(url) == {testdb.MARKER}
    _maak_tabel(url, "kandidaat")  # left behind by an earlier run
    testdb.maak_leeg(url)
    assert _tabellen(url) == {testdb.MARKER}


def test_postgresql_refuses_a_database_without_the_marker(app):
    """The session's own PostgreSQL database, with its marker hidden for a moment: refused,
    and nothing is dropped (the check comes before any change)."""
    engine = app.state.engine
    if engine.dialect.name != "postgresql":
        pytest.skip("PostgreSQL only: set WOONROUTE_TEST_DATABASE_URL to run it")
    url = engine.url.render_as_string(hide_password=False)
    with engine.begin() as conn:
        conn.execute(text(f"ALTER TABLE {testdb.MARKER} RENAME TO verborgen_marker"))
    try:
        with pytest.raises(testdb.VreemdeDatabank):
            testdb.maak_leeg(url)
        assert "kandidaat" in _tabellen(url)
    finally:
        with engine.begin() as conn:
            conn.execute(text(f"ALTER TABLE verborgen_marker RENAME TO {testdb.MARKER}"))
