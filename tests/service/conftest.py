"""Service tests run against a migrated database: SQLite by default, PostgreSQL when
``WOONROUTE_TEST_DATABASE_URL`` points at one (``DATABASE_URL`` is never used: see
``service.testdb``). Every test starts from the same template: the migrated database with the
region's organisations, the generated secret and one test key per organisation, put back before
each test (``testdb.sjabloon``: the template's rows, put back in one transaction).
Whatever a test leaves behind, organisations and keys included, the next one does not see.
"""

from __future__ import annotations

import os
import re
import secrets
from collections.abc import Callable
from collections.abc import Iterator
from datetime import date
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.dialects import postgresql
from sqlalchemy.dialects import sqlite
from sqlmodel import Session
from sqlmodel import SQLModel
from sqlmodel import select

from service import auth
from service import testdb
from service.auth import create_api_key
from service.clock import nu
from service.clock import vandaag
from service.db import REGIO
from service.db import session_scope
from service.main import create_app
from service.models import Gebruiker
from service.models import Organisatie
from service.models import WebSessie
from service.regio import Regio
from service.schemas import voor_regio
from service.settings import Settings
from service.web.sessies import COOKIE
from service.web.sessies import DUUR
from service.web.sessies import _token_hash
from service.web.sessies import maak_gebruiker
from tests.service.bodies import HERKOMST as HERKOMST  # re-exported: tests import these from here
from tests.service.bodies import days_ago as days_ago
from tests.service.bodies import kandidaat_body
from tests.service.bodies import woning_body


def database_url(tmp_dir: Path) -> str:
    """``WOONROUTE_TEST_DATABASE_URL`` (never ``DATABASE_URL``: that is a service's own data),
    emptied first, but only when it is empty or an earlier test run marked it as its own."""
    url = os.environ.get(testdb.SETTING)
    if not url:
        tmp_dir.mkdir(parents=True, exist_ok=True)
        url = f"sqlite:///{tmp_dir / 'test.db'}"
        testdb.maak_leeg(url)  # marked, so it can serve as the template (``testdb.sjabloon``)
        return url
    try:
        testdb.maak_leeg(url)
    except testdb.VreemdeDatabank as exc:
        pytest.exit(str(exc), returncode=4)
    except Exception as exc:  # pragma: no cover - depends on the machine
        if os.environ.get("CI"):
            raise
        pytest.skip(f"Test database {url} not reachable: {exc}")
    return url


@pytest.fixture(scope="session")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    url = database_url(tmp_path_factory.mktemp("db"))
    application = create_app(
        Settings(
            database_url=url,
            taken_aan=False,
            dispatcher_aan=False,
            max_mislukte_aanmeldingen=1000,
        )
    )
    with TestClient(application):
        application.state.regio = grenzen_voor_testjaren(application.state.regio)
        yield application


#: How far tests move the clock forward (the longest: 25 months in the nazorg tests).
TESTJAREN_VOORUIT = 3


def grenzen_voor_testjaren(regio: Regio) -> Regio:
    """The suite runs in any year and moves its clock up to a few years on. Years the shipped
    region file does not cover yet get the newest limits, in the tests only: the service itself
    refuses such a year (MATCH-E4, tests/service/test_grenzen_ontbreken.py)."""
    nieuwste = max(regio.inkomensgrenzen, key=lambda g: g.jaar)
    bekend = {g.jaar for g in regio.inkomensgrenzen}
    erbij = tuple(
        nieuwste.model_copy(update={"jaar": jaar})
        for jaar in range(nieuwste.jaar + 1, vandaag().year + TESTJAREN_VOORUIT + 1)
        if jaar not in bekend
    )
    return regio.model_copy(update={"inkomensgrenzen": (*regio.inkomensgrenzen, *erbij)})


@pytest.fixture(scope="session")
def keys(app: Any) -> dict[str, str]:
    with session_scope(app.state.engine, app.state.regio) as session:
        orgs = session.exec(select(Organisatie)).all()
        return {org.code: create_api_key(session, org, "test")[1] for org in orgs}


@pytest.fixture(scope="session")
def terug_naar_sjabloon(app: Any, keys: dict[str, str]) -> Callable[[], None]:
    """The state every test starts from: the app started (migrated, organisations and secret
    seeded) and the test keys made."""
    return testdb.sjabloon(app.state.engine, SQLModel.metadata)


@pytest.fixture(autouse=True)
def sjabloon(terug_naar_sjabloon: Callable[[], None]) -> None:
    """Before each test the database is put back to the template, so no test sees another's
    data. Committed data stays visible to every connection during the test: the app's own
    engines, background sessions and the real servers some tests start as subprocesses. The
    keys the app verified are forgotten with it (their rows went back to the template)."""
    terug_naar_sjabloon()
    auth.VERIFIED_KEYS.clear()


@pytest.fixture(autouse=True)
def invoer_van_de_regio(app: Any) -> Iterator[None]:
    """Input built in a test (not through a request) is checked against the app's region, as a
    request's input is (``service.schemas.voor_regio``)."""
    with voor_regio(app.state.regio):
        yield


@pytest.fixture(autouse=True)
def formulieren_vereist(request: pytest.FixtureRequest, app: Any) -> Iterator[None]:
    """The shipped region requires a complete preventie-actieplan before an aanbieding can be
    accepted (ZOU-C1, ZOU-B4). Tests of other flows run without that requirement, so they need
    not fill in forms first; tests marked ``formulieren_vereist`` keep the shipped setting."""
    regio = app.state.regio
    if request.node.get_closest_marker("formulieren_vereist"):
        yield
        return
    nazorg = regio.nazorg.model_copy(update={"formulieren_voor_acceptatie": ()})
    app.state.regio = regio.model_copy(update={"nazorg": nazorg})
    try:
        yield
    finally:
        app.state.regio = regio


@pytest.fixture
def client(app: Any) -> TestClient:
    return TestClient(app, raise_server_exceptions=False)


@pytest.fixture
def db(app: Any) -> Iterator[Session]:
    with Session(
        app.state.engine, expire_on_commit=False, info={REGIO: app.state.regio}
    ) as session:
        yield session


class Api:
    """A thin caller: ``api.as_("kwintes").post(...)`` with that organisation's key."""

    def __init__(self, client: TestClient, keys: dict[str, str], org: str | None = None) -> None:
        self.client, self.keys, self.org = client, keys, org

    def as_(self, org: str) -> Api:
        return Api(self.client, self.keys, org)

    def _headers(self) -> dict[str, str]:
        return {"X-Api-Key": self.keys[self.org]} if self.org else {}

    def get(self, path: str, **kw: Any) -> Any:
        return self.client.get(path, headers=self._headers(), **kw)

    def post(self, path: str, json: Any = None, **kw: Any) -> Any:
        return self.client.post(path, json=json, headers=self._headers(), **kw)

    def patch(self, path: str, json: Any = None, **kw: Any) -> Any:
        return self.client.patch(path, json=json, headers=self._headers(), **kw)

    def request(self, method: str, path: str, json: Any = None) -> Any:
        return self.client.request(method, path, json=json, headers=self._headers())


@pytest.fixture
def api(client: TestClient, keys: dict[str, str]) -> Api:
    return Api(client, keys)


@pytest.fixture
def registreer(api: Api) -> Callable[..., dict[str, Any]]:
    def make(org: str = "kwintes", **overrides: Any) -> dict[str, Any]:
        return aanmelden(api, org, kandidaat_body(**overrides))

    return make


def aanmelden(api: Api, org: str, body: dict[str, Any]) -> dict[str, Any]:
    """Register as the zorgaanbieder; a date beyond the zorgaanbieder's window is set the way
    the rules allow: registered today, then corrected by Het Vierde Huis with a reason."""
    datum = body.get("aanmelddatum")
    grens = vandaag() - timedelta(
        days=api.client.app.state.regio.termijnen.aanmelddatum_venster_dagen
    )
    oud = datum is not None and date.fromisoformat(datum) < grens
    if oud:
        body = {k: v for k, v in body.items() if k not in ("aanmelddatum", "aanmelddatumHerkomst")}
    r = api.as_(org).post("/v1/kandidaten", body)
    assert r.status_code == 201, r.text
    if not oud:
        return r.json()
    c = api.as_("het-vierde-huis").post(
        f"/v1/kandidaten/{r.json()['id']}/aanmelddatum-correcties",
        {"aanmelddatum": datum, "reden": "Overgenomen van de vorige wachtlijst (test)."},
    )
    assert c.status_code == 201, c.text
    return api.as_(org).get(f"/v1/kandidaten/{r.json()['id']}").json()


@pytest.fixture
def meld(api: Api) -> Callable[..., dict[str, Any]]:
    def make(org: str = "nabij-wonen", **overrides: Any) -> dict[str, Any]:
        r = api.as_(org).post("/v1/woningen", woning_body(**overrides))
        assert r.status_code == 201, r.text
        return r.json()

    return make


def inlog_csrf(client: TestClient) -> str:
    """Open the login form (which sets its CSRF cookie on ``client``) and return its token."""
    form = client.get("/inloggen").text
    found = re.search(r'name="csrf" value="([^"]+)"', form)
    assert found, "login form without CSRF token"
    return found.group(1)


def inloggen(client: TestClient, email: str, wachtwoord: str) -> Any:
    """Send the login form (with its CSRF token) as ``email``: the answer."""
    return client.post(
        "/inloggen",
        data={"email": email, "wachtwoord": wachtwoord, "csrf": inlog_csrf(client)},
        follow_redirects=False,
    )


def ingelogd(client: TestClient, email: str, wachtwoord: str) -> None:
    """Log ``client`` in through the login form: the session cookie is set on it."""
    r = inloggen(client, email, wachtwoord)
    assert r.status_code == 303, r.text
    client.cookies.set(COOKIE, r.cookies[COOKIE])


def web_sessie(s: Session, gebruiker_id: Any, csrf: str) -> str:
    """A web session of the user, written directly (login is tested elsewhere): its token, the
    session cookie's value."""
    token = secrets.token_urlsafe(16)
    s.add(
        WebSessie(
            token_hash=_token_hash(token),
            gebruiker_id=gebruiker_id,
            csrf=csrf,
            verloopt_op=nu() + DUUR,
        )
    )
    return token


def web_account(app: Any, code: str, email: str, naam: str, wachtwoord: str) -> str:
    """A person of the organisation ``code`` who logs in with ``wachtwoord`` (made once): the
    email address."""
    with session_scope(app.state.engine, app.state.regio) as s:
        org = s.exec(select(Organisatie).where(Organisatie.code == code)).one()
        if not s.exec(select(Gebruiker).where(Gebruiker.email == email)).first():
            maak_gebruiker(s, organisatie=org, email=email, naam=naam, wachtwoord=wachtwoord)
    return email


def query_plan(engine: Any, query: Any) -> str:
    """The database's plan for a query, as one string (SQLite: EXPLAIN QUERY PLAN; PostgreSQL:
    EXPLAIN with sequential scans off, so an index that can serve is shown)."""
    dialect = sqlite.dialect() if engine.dialect.name == "sqlite" else postgresql.dialect()
    sql = str(query.compile(dialect=dialect, compile_kwargs={"literal_binds": True}))
    with engine.connect() as conn:
        if engine.dialect.name == "sqlite":
            return " ".join(str(r) for r in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + sql).all())
        conn.exec_driver_sql("SET enable_seqscan = off")
        return " ".join(r[0] for r in conn.exec_driver_sql("EXPLAIN " + sql).all())


__all__ = [
    "HERKOMST",
    "Api",
    "aanmelden",
    "date",
    "days_ago",
    "inlog_csrf",
    "kandidaat_body",
    "query_plan",
    "woning_body",
]
