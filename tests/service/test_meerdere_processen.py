"""Issue 15: two real ``woonroute serve`` processes on one PostgreSQL database.

The database is the test session's (``WOONROUTE_TEST_DATABASE_URL``). Both servers run the job
loop with short intervals (jobs every second, signals every 2 s, leases of 2 s). The scenarios:

- the 20-way choice race split over both processes: exactly one winner (MATCH-V2, ZOU-R1);
- both running the jobs for a while: each lapsed aanbieding is expired once and each signal is
  opened once (counted in the audit trail), and each job ran about once per interval in all,
  not once per process;
- the failure limiter counts the failures sent to both processes together;
- ``kill -9`` of the process holding the signal job's lease while that job is mid-transaction:
  the other process takes over within one interval and nothing is half-written;
- SIGTERM mid-job and mid-request: the request in flight finishes, the server is gone in 5 s.

SQLite is one process by design (one writer): these tests skip there, saying so.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC
from datetime import datetime
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import func
from sqlalchemy import text
from sqlalchemy import update
from sqlmodel import select

from service.auth import KEY_CACHE_SECONDS
from service.auth import create_api_key
from service.auth import revoke_api_key
from service.clock import nu
from service.levensloop.plekken import plekken_van
from service.models import Aanbieding
from service.models import AanbiedingStatus
from service.models import Gebeurtenis
from service.models import Organisatie
from service.models import Signalering
from service.models import SignaleringStap
from service.models import Taakclaim
from service.voordrachten.actions import choose
from service.voordrachten.schemas import Keuze
from tests.proces import free_port
from tests.proces import start_proces
from tests.proces import stop
from tests.proces import wacht_op
from tests.service.test_concurrency import CORPORATIES  # noqa: F401 - the db fixture is used by name
from tests.service.test_concurrency import Db  # noqa: F401 - the db fixture is used by name
from tests.service.test_concurrency import db  # noqa: F401 - the db fixture is used by name
from tests.service.test_concurrency import een_winnaar  # noqa: F401 - the db fixture is used by name
from tests.service.test_concurrency import seed_goedgekeurde_voordracht  # noqa: F401 - the db fixture is used by name
from tests.service.test_concurrency import seed_kandidaten  # noqa: F401 - the db fixture is used by name
from tests.service.test_concurrency import tegelijk  # noqa: F401 - the db fixture is used by name

ROOT = Path(__file__).resolve().parents[2]
INTERVAL = 1.0  # aanbiedingen
SIGNAAL_INTERVAL = 2.0
LEASE = 2.0
TIK = 0.2
LIMIET = 10


@pytest.fixture(autouse=True)
def alleen_postgresql(app: Any) -> None:
    if app.state.engine.dialect.name != "postgresql":
        pytest.skip(
            "Twee serverprocessen op één database: alleen op PostgreSQL. SQLite is de "
            "ingebouwde database voor één proces. Zet WOONROUTE_TEST_DATABASE_URL op een lege "
            "PostgreSQL-database om deze tests te draaien."
        )


@dataclass
class Proces:
    naam: str
    proc: subprocess.Popen[bytes]
    base_url: str
    log: Path

    def regels(self) -> list[dict[str, Any]]:
        out = []
        for line in self.log.read_text(errors="replace").splitlines():
            try:
                out.append(json.loads(line))
            except ValueError:
                continue
        return out


def start(db: Db, tmp_path: Path, naam: str) -> Proces:  # noqa: F811
    """``woonroute serve`` in a subprocess, logging JSON lines to ``<naam>.log``."""
    port = free_port()
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("WOONROUTE_")},
        "DATABASE_URL": db.url,
        "WOONROUTE_TAKEN_AAN": "true",
        "WOONROUTE_DISPATCHER_AAN": "false",
        "WOONROUTE_TAAK_INTERVAL_SECONDEN": str(int(INTERVAL)),
        "WOONROUTE_SIGNALEN_INTERVAL_SECONDEN": str(int(SIGNAAL_INTERVAL)),
        "WOONROUTE_TAAK_LEASE_SECONDEN": str(LEASE),
        "WOONROUTE_TAAK_TIK_SECONDEN": str(TIK),
        "WOONROUTE_MAX_MISLUKTE_AANMELDINGEN": str(LIMIET),
        "PYTHONUNBUFFERED": "1",
    }
    log = tmp_path / f"{naam}.log"
    proc = start_proces(
        [sys.executable, "-m", "service.cli", "serve", "--host", "127.0.0.1", "--port", str(port)],
        env,
        ROOT,
        log,
    )
    return Proces(naam, proc, f"http://127.0.0.1:{port}", log)


def gereed(p: Proces, seconden: float = 60) -> None:
    """Wait until ``/v1/gereed`` answers 200."""
    wacht_op(p.proc, p.base_url, "/v1/gereed", seconden, p.log, p.naam)


@pytest.fixture
def twee(db: Db, tmp_path: Path) -> Iterator[tuple[Proces, Proces]]:  # noqa: F811
    a, b = start(db, tmp_path, "a"), start(db, tmp_path, "b")  # starting together
    try:
        gereed(a)
        gereed(b)
        yield a, b
    finally:
        stop(a.proc)
        stop(b.proc)


class Beide:
    """Looks like a ``Server`` to ``tegelijk``: each new client goes to the next process."""

    def __init__(self, db: Db, processen: tuple[Proces, Proces]) -> None:  # noqa: F811
        self.db, self.processen = db, processen
        self.n = 0
        self.lock = threading.Lock()
        self.gebruikt: Counter[str] = Counter()

    def client(self, org: str) -> httpx.Client:
        with self.lock:
            p = self.processen[self.n % 2]
            self.n += 1
            self.gebruikt[p.naam] += 1
        return httpx.Client(
            base_url=p.base_url, timeout=30.0, headers={"X-Api-Key": self.db.keys[org]}
        )


def _wacht(voorwaarde, seconden: float, wat: str) -> float:  # type: ignore[no-untyped-def]
    start = time.monotonic()
    while not voorwaarde():
        if time.monotonic() - start > seconden:
            pytest.fail(f"na {seconden:.0f} s nog niet: {wat}")
        time.sleep(0.1)
    return time.monotonic() - start


def test_twintig_keuzes_over_twee_processen_een_winnaar(db: Db, twee) -> None:  # noqa: F811
    """MATCH-V2 / ZOU-R1: twenty corporatie choices of one kandidaat, split over both
    processes, at the same moment: one 201, the rest 409, one running aanbieding."""
    k, *_ = seed_kandidaten(db, [400, 200, 100])
    aanbod = [seed_goedgekeurde_voordracht(db, CORPORATIES[i % 2]) for i in range(20)]
    verzoeken = [
        (
            a.corporatie,
            f"/v1/voordrachten/{a.voordracht_id}/keuze",
            {"plekId": str(a.plek_per_kandidaat[k])},
        )
        for a in aanbod
    ]
    beide = Beide(db, twee)
    winnaar = een_winnaar(tegelijk(beide, verzoeken))  # type: ignore[arg-type]
    assert beide.gebruikt == {"a": 10, "b": 10}
    assert winnaar.body["kandidaatId"] == str(k)
    with db.session() as s:
        lopend = s.exec(select(Aanbieding).where(Aanbieding.kandidaat_id == k)).all()
    assert [a.status for a in lopend] == [AanbiedingStatus.open]


def _verlopen_aanbiedingen(db: Db, n: int) -> list[uuid.UUID]:  # noqa: F811
    """``n`` open aanbiedingen (each a different kandidaat and woning), deadlines passed."""
    seed_kandidaten(db, [500 + i for i in range(n + 6)])
    ids = []
    for _ in range(n):
        aanbod = seed_goedgekeurde_voordracht(db, "nabij-wonen")
        with db.session() as s:
            eerste = min(
                (p for p in plekken_van(s, aanbod.voordracht_id) if p.status == "goedgekeurd"),
                key=lambda p: p.positie,
            )
            a = choose(
                s,
                voordracht_id=aanbod.voordracht_id,
                data=Keuze(plek_id=eerste.id),
                by=db.actors["nabij-wonen"],
            )
            s.commit()
            ids.append(a.id)
    with db.session() as s:
        s.exec(
            update(Aanbieding)
            .where(Aanbieding.id.in_(ids))  # type: ignore[attr-defined]
            .values(reactie_deadline=nu() - timedelta(hours=1))
        )
        s.commit()
    return ids


def _job_runs(processen: tuple[Proces, ...], taak: str) -> int:
    return sum(
        1
        for p in processen
        for r in p.regels()
        if r.get("logger") == "woonroute.taken" and r.get("taak") == taak
    )


def test_beide_processen_draaien_de_taken_elk_werk_een_keer(db: Db, twee) -> None:  # noqa: F811
    """Both processes run the job loop for a while: every lapsed aanbieding is expired once
    (DRE-O1) and every signal opened once (ZOU-M2), counted in the audit trail; the jobs ran
    about once per interval in all, not once per process."""
    ids = _verlopen_aanbiedingen(db, 6)
    start = time.monotonic()
    signaal_voor = _job_runs(twee, "signaleringen")
    verloop_voor = _job_runs(twee, "aanbiedingen-verlopen")

    def alle_verlopen() -> bool:
        with db.session() as s:
            return all(s.get(Aanbieding, i).status == AanbiedingStatus.verlopen for i in ids)

    _wacht(alle_verlopen, 15, "alle aanbiedingen verlopen")
    time.sleep(3 * SIGNAAL_INTERVAL)  # both keep running the loop
    duur = time.monotonic() - start

    with db.session() as s:
        verlopen = Counter(
            s.exec(
                select(Gebeurtenis.object_id).where(Gebeurtenis.actie == "aanbieding-verlopen")
            ).all()
        )
        assert verlopen == {str(i): 1 for i in ids}
        signalen = s.exec(select(Signalering)).all()
        assert any(x.soort == "langwachtend" for x in signalen)
        per_onderwerp = Counter((x.soort, x.onderwerp_id) for x in signalen)
        assert max(per_onderwerp.values()) == 1, "a signal was opened twice"
        geopend = Counter(
            s.exec(
                select(Gebeurtenis.object_id).where(Gebeurtenis.actie == "signalering-geopend")
            ).all()
        )
        assert geopend == {str(x.id): 1 for x in signalen}
    # Once per interval in all (one more for a run under way at either end), not per process.
    signaal = _job_runs(twee, "signaleringen") - signaal_voor
    verloop = _job_runs(twee, "aanbiedingen-verlopen") - verloop_voor
    assert signaal <= duur / SIGNAAL_INTERVAL + 2, (signaal, duur)
    assert verloop <= duur / INTERVAL + 2, (verloop, duur)
    assert signaal >= 2 and verloop >= 2, "the jobs must have run meanwhile"


def test_de_limiet_telt_over_beide_processen(db: Db, twee) -> None:  # noqa: F811
    """The failed-sign-in limiter lives in the database: failures sent to both processes
    count together, and the (LIMIET+1)-th gets 429 wherever it lands."""
    a, b = twee
    codes = []
    for i in range(LIMIET + 2):
        p = (a, b)[i % 2]
        r = httpx.get(f"{p.base_url}/v1/kandidaten", headers={"X-Api-Key": "wr_abcdef123456_fout"})
        codes.append(r.status_code)
    assert codes == [401] * LIMIET + [429, 429]


def _wachtende_backends(db: Db) -> int:  # noqa: F811
    with db.engine.connect() as conn:
        return int(
            conn.execute(
                text("SELECT count(*) FROM pg_locks WHERE NOT granted AND locktype = 'relation'")
            ).scalar_one()
        )


@contextmanager
def blokkeer(db: Db, *tabellen: str) -> Iterator[Any]:  # noqa: F811
    """Hold EXCLUSIVE locks on ``tabellen`` (readers pass, writers wait) until released or the
    block ends: a transaction of a server stops mid-way, as if it were slow."""
    conn = db.engine.connect()
    try:
        for tabel in tabellen:
            conn.execute(text(f"LOCK TABLE {tabel} IN EXCLUSIVE MODE"))
        yield conn
    finally:
        conn.rollback()
        conn.close()


def _houder_pid(db: Db, taak: str) -> int | None:  # noqa: F811
    with db.session() as s:
        houder = s.exec(select(Taakclaim.houder).where(Taakclaim.naam == taak)).first()
    return int(houder.split(":")[1]) if houder else None


def test_kill_9_midden_in_een_taak_de_ander_neemt_over(db: Db, twee) -> None:  # noqa: F811
    """The process running the signal job is killed (SIGKILL) while the job is mid-transaction
    (blocked on a table lock after opening a signal, before its first step): its lease lapses,
    the other process takes the job over within one interval, and every signal in the database
    is whole (its step and its audit event are there; nothing of the dead run was committed)."""
    a, b = twee
    _wacht(lambda: _job_runs(twee, "signaleringen") >= 1, 15, "de eerste signaalronde")
    with blokkeer(db, "signalering_stap") as blokkade:
        seed_kandidaten(db, [450, 460, 470])  # new long waiters: the next run opens signals
        _wacht(lambda: _wachtende_backends(db) >= 1, 20, "de signaaltaak wacht op de blokkade")
        pid = _houder_pid(db, "signaleringen")
        slachtoffer = next(p for p in twee if p.proc.pid == pid)
        overlevende = b if slachtoffer is a else a
        os.kill(pid, signal.SIGKILL)
        gedood, gedood_muur = time.monotonic(), datetime.now(UTC)
        slachtoffer.proc.wait(timeout=10)
        blokkade.rollback()

    def overgenomen() -> bool:
        houder = _houder_pid(db, "signaleringen")
        with db.session() as s:
            klaar = s.exec(
                select(Taakclaim.laatst_klaar).where(Taakclaim.naam == "signaleringen")
            ).one()
            kandidaten_met_signaal = s.exec(
                select(func.count())
                .select_from(Signalering)
                .where(Signalering.soort == "langwachtend")
            ).one()
        return (
            houder != pid
            and klaar is not None
            and klaar > gedood_muur
            and kandidaten_met_signaal >= 3
        )

    _wacht(overgenomen, 20, "de andere server nam de signaaltaak over")
    overname = time.monotonic() - gedood
    print(
        f"\novername na kill -9: {overname:.2f} s (lease {LEASE} s, interval {SIGNAAL_INTERVAL} s)"
    )
    # The lease lapses LEASE s after the last renewal; the next tick takes it: one interval.
    assert overname <= LEASE + SIGNAAL_INTERVAL + 2 * TIK, overname
    assert overlevende.proc.poll() is None
    with db.session() as s:
        signalen = s.exec(select(Signalering)).all()
        stappen = Counter(s.exec(select(SignaleringStap.signalering_id)).all())
        geopend = Counter(
            s.exec(
                select(Gebeurtenis.object_id).where(Gebeurtenis.actie == "signalering-geopend")
            ).all()
        )
    assert signalen
    for x in signalen:
        assert stappen[x.id] >= 1, "a signal without its first step: half-written"
        assert geopend[str(x.id)] == 1
    assert max(Counter((x.soort, x.onderwerp_id) for x in signalen).values()) == 1


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_sigterm_laat_het_lopende_verzoek_afmaken_en_stopt_binnen_5_s(
    db: Db,  # noqa: F811
    twee,
    sig: signal.Signals,
) -> None:
    """SIGTERM (or SIGINT) to the process whose signal job and one request are both
    mid-transaction (blocked on table locks). The request's lock is lifted after 0.5 s: it
    finishes with 201. The job's lock is held until the process is gone: the job never gets to
    its next batch, yet the process stops within 5 s, and its transaction is rolled back, never
    half-written."""
    _wacht(lambda: _job_runs(twee, "signaleringen") >= 1, 15, "de eerste signaalronde")
    from tests.service.conftest import woning_body

    antwoord: dict[str, Any] = {}
    with blokkeer(db, "signalering_stap") as taakblokkade:
        seed_kandidaten(db, [450, 460, 470])
        _wacht(lambda: _wachtende_backends(db) >= 1, 20, "de signaaltaak wacht op de blokkade")
        pid = _houder_pid(db, "signaleringen")
        doel = next(p for p in twee if p.proc.pid == pid)

        def post() -> None:
            with httpx.Client(
                base_url=doel.base_url, timeout=30, headers={"X-Api-Key": db.keys["nabij-wonen"]}
            ) as c:
                antwoord["r"] = c.post("/v1/woningen", json=woning_body())

        with blokkeer(db, "woning") as verzoekblokkade:
            t = threading.Thread(target=post)
            t.start()
            _wacht(lambda: _wachtende_backends(db) >= 2, 20, "het verzoek wacht op de blokkade")
            doel.proc.send_signal(sig)
            begin = time.monotonic()
            time.sleep(0.5)
            verzoekblokkade.rollback()  # the request can go on now; the job cannot
        t.join(10)
        assert antwoord["r"].status_code == 201, antwoord["r"].text
        doel.proc.wait(timeout=10)
        gestopt = time.monotonic() - begin
        taakblokkade.rollback()
    print(f"\ngestopt na {sig.name}: {gestopt:.2f} s (taak nog geblokkeerd)")
    assert gestopt <= 5.0, gestopt
    time.sleep(1)  # the dead backend notices its client left and rolls back
    with db.session() as s:
        stappen = Counter(s.exec(select(SignaleringStap.signalering_id)).all())
        for x in s.exec(select(Signalering)).all():
            assert stappen[x.id] >= 1, "a signal without its first step: half-written"


def test_gedeelde_staat_idempotentie_en_sessie_over_beide_processen(db: Db, twee) -> None:  # noqa: F811
    """Nothing that must hold across requests lives in one process: an Idempotency-Key used at
    one process answers the same at the other (one woning), and a web session opened at one
    process is valid at the other."""
    import re

    from service.db import session_scope
    from service.models import Organisatie
    from service.models import Woning
    from service.web.sessies import COOKIE
    from service.web.sessies import maak_gebruiker
    from tests.service.conftest import woning_body

    a, b = twee
    sleutel = {"X-Api-Key": db.keys["nabij-wonen"], "Idempotency-Key": f"ops-{uuid.uuid4()}"}
    body = woning_body()
    eerste = httpx.post(f"{a.base_url}/v1/woningen", json=body, headers=sleutel, timeout=30)
    tweede = httpx.post(f"{b.base_url}/v1/woningen", json=body, headers=sleutel, timeout=30)
    assert eerste.status_code == tweede.status_code == 201, (eerste.text, tweede.text)
    assert eerste.json()["id"] == tweede.json()["id"]
    with db.session() as s:
        assert len(s.exec(select(Woning)).all()) == 1

    with session_scope(db.engine) as s:
        org = s.exec(select(Organisatie).where(Organisatie.code == "kwintes")).one()
        maak_gebruiker(
            s, organisatie=org, email="ops@kwintes.example", naam="Ops", wachtwoord="x" * 16
        )
    with httpx.Client(base_url=a.base_url, timeout=30) as bij_a:
        formulier = bij_a.get("/inloggen").text
        csrf = re.search(r'name="csrf" value="([^"]+)"', formulier).group(1)  # type: ignore[union-attr]
        r = bij_a.post(
            "/inloggen",
            data={"email": "ops@kwintes.example", "wachtwoord": "x" * 16, "csrf": csrf},
        )
        assert r.status_code == 303 and r.headers["location"] == "/start", r.text
        cookie = r.cookies[COOKIE]
    r = httpx.get(f"{b.base_url}/start", cookies={COOKIE: cookie}, timeout=30)
    assert r.status_code == 200, (r.status_code, r.headers.get("location"))


def test_een_ingetrokken_sleutel_werkt_op_geen_enkel_proces_meer_na_de_ttl(db: Db, twee) -> None:  # noqa: F811
    """Each process keeps a verified key for ``KEY_CACHE_SECONDS``: a key revoked (as the CLI
    does, from a third process: this one) stops working on both servers within that time, and
    the key that replaces it works on both at once."""
    a, b = twee
    oud = db.keys["nabij-wonen"]
    for p in (a, b):  # both processes verified (and now remember) the key
        assert httpx.get(f"{p.base_url}/v1/woningen", headers={"X-Api-Key": oud}).status_code == 200
    with db.session() as s:
        org = s.exec(select(Organisatie).where(Organisatie.code == "nabij-wonen")).one()
        _, nieuw = create_api_key(s, org, "rotatie")
        revoke_api_key(s, oud.split("_")[1])
        s.commit()
    start = time.monotonic()
    for p in (a, b):
        r = httpx.get(f"{p.base_url}/v1/woningen", headers={"X-Api-Key": nieuw})
        assert r.status_code == 200, r.text
    for p in (a, b):
        _wacht(
            lambda p=p: (
                httpx.get(f"{p.base_url}/v1/woningen", headers={"X-Api-Key": oud}).status_code
                == 401
            ),
            KEY_CACHE_SECONDS + 5,
            f"de ingetrokken sleutel geweigerd door {p.naam}",
        )
    assert time.monotonic() - start <= KEY_CACHE_SECONDS + 1.5
