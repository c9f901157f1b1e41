"""Scheduled work that runs once, however many processes share the database.

Each job has a lease row in ``taakclaim``. A process runs a job only after it took the lease
with one conditional ``UPDATE`` (the row is free or its lease lapsed, and the job is due), so
on SQLite and PostgreSQL alike one process wins and the others see zero rows changed. While
the job runs, a heartbeat renews the lease every third of its length; when the job ends the
lease is released and the next run is set one interval after this run's start, so N processes
together run each job once per interval. A process that dies (``kill -9``) stops renewing: its
lease lapses after ``lease`` seconds and another process takes the job at its next tick. Its
open transaction is rolled back by the database, so nothing is half-written.

Jobs check the ``stop`` event between batches; at shutdown the runner sets it and waits a
short while, then leaves (an unfinished transaction is rolled back, never committed).

Lease times are wall-clock UTC of the machine (``datetime.now``), not the service clock that
the demo may shift: the processes sharing a database must have synchronised clocks (NTP).
"""

from __future__ import annotations

import contextlib
import functools
import logging
import os
import secrets
import socket
import threading
import time
from collections.abc import Callable
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC
from datetime import datetime
from datetime import timedelta

from sqlalchemy import Engine
from sqlalchemy import insert
from sqlalchemy import or_
from sqlalchemy import select
from sqlalchemy import update
from sqlalchemy.exc import IntegrityError

from service import metrics
from service.db import session_scope
from service.errors import GrenzenOntbreken
from service.levensloop.overgangen import expire_overdue
from service.models import Taakclaim
from service.models.types import tabel
from service.regio import Regio
from service.retentie import pseudonimiseer
from service.settings import Settings
from service.signaleringen.actions import bereken
from service.webhooks.dispatcher import Dispatcher

log = logging.getLogger("woonroute.taken")
T = tabel(Taakclaim)

#: A job due within this many seconds (at most a tenth of its interval) counts as due: cron
#: runs drift a little.
SPELING = 2.0


def speling(interval: float) -> timedelta:
    return timedelta(seconds=min(SPELING, interval / 10))


@dataclass(frozen=True, slots=True)
class Taak:
    """One scheduled job: ``voer_uit(engine, stop)`` does the work and says what it did."""

    naam: str
    interval: float
    voer_uit: Callable[[Engine, threading.Event], str]


#: How much nicer than the requests a job runs (``nice`` steps, Linux): on a small machine the
#: signal run would otherwise take the CPU from the server's requests.
NICE = 10


def lage_prioriteit() -> None:
    """Lower the CPU priority of the calling thread (a job's own thread, or the main thread of
    ``woonroute signalen``/``jobs``); the rest of the process keeps its own. Linux gives each
    thread its own nice value; elsewhere, or when not allowed, nothing changes."""
    with contextlib.suppress(AttributeError, OSError):
        tid = threading.get_native_id()
        huidig = os.getpriority(os.PRIO_PROCESS, tid)
        os.setpriority(os.PRIO_PROCESS, tid, min(19, max(huidig, NICE)))


def houder_naam() -> str:
    return f"{socket.gethostname()[:60]}:{os.getpid()}:{secrets.token_hex(4)}"


def _nu() -> datetime:
    return datetime.now(UTC)


def _zorg_voor_rij(engine: Engine, naam: str) -> None:
    with engine.connect() as conn:
        if conn.execute(select(T.c.naam).where(T.c.naam == naam)).first():
            return
    try:
        with engine.begin() as conn:
            conn.execute(insert(T).values(naam=naam))
    except IntegrityError:  # another process inserted it first: fine
        pass


def vrij_en_verschuldigd(engine: Engine, naam: str, nu: datetime, interval: float = 0) -> bool:
    """A cheap read before the write: is the job due and its lease free (or lapsed)?"""
    with engine.connect() as conn:
        rij = conn.execute(
            select(T.c.houder, T.c.geldig_tot, T.c.volgende_run).where(T.c.naam == naam)
        ).first()
    if rij is None:
        return True
    geldig_tot, volgende = rij.geldig_tot, rij.volgende_run
    vrij = rij.houder is None or geldig_tot is None or geldig_tot < nu
    return vrij and (volgende is None or volgende <= nu + speling(interval))


def neem(
    engine: Engine,
    naam: str,
    houder: str,
    lease: float,
    *,
    alleen_verschuldigd: bool = True,
    interval: float = 0,
) -> bool:
    """Take the lease of ``naam`` for ``lease`` seconds; True when this process has it now."""
    _zorg_voor_rij(engine, naam)
    nu = _nu()
    voorwaarde = [
        T.c.naam == naam,
        or_(T.c.houder.is_(None), T.c.geldig_tot.is_(None), T.c.geldig_tot < nu),
    ]
    if alleen_verschuldigd:
        voorwaarde.append(
            or_(
                T.c.volgende_run.is_(None),
                T.c.volgende_run <= nu + speling(interval),
            )
        )
    with engine.begin() as conn:
        r = conn.execute(
            update(T)
            .where(*voorwaarde)
            .values(houder=houder, geldig_tot=nu + timedelta(seconds=lease), laatst_gestart=nu)
        )
    return r.rowcount == 1


def verleng(engine: Engine, naam: str, houder: str, lease: float) -> bool:
    """Renew a held lease; False when it was lost (lapsed and taken by another process)."""
    with engine.begin() as conn:
        r = conn.execute(
            update(T)
            .where(T.c.naam == naam, T.c.houder == houder)
            .values(geldig_tot=_nu() + timedelta(seconds=lease))
        )
    return r.rowcount == 1


def geef_vrij(
    engine: Engine, naam: str, houder: str, volgende_run: datetime, uitkomst: str
) -> None:
    with engine.begin() as conn:
        conn.execute(
            update(T)
            .where(T.c.naam == naam, T.c.houder == houder)
            .values(
                houder=None,
                geldig_tot=None,
                volgende_run=volgende_run,
                laatst_klaar=_nu(),
                laatste_uitkomst=uitkomst[:300],
            )
        )


class Planner:
    """Runs the jobs under their leases: once (``ronde``, for ``woonroute jobs``) or as
    threads until ``stop`` is set (``start``/``stop``, inside the server)."""

    def __init__(
        self,
        engine: Engine,
        taken: Iterable[Taak],
        *,
        lease: float = 30.0,
        tik: float = 1.0,
        houder: str | None = None,
    ) -> None:
        self.engine = engine
        self.taken = list(taken)
        self.lease = lease
        self.tik = tik
        self.houder = houder or houder_naam()
        self.stop_event = threading.Event()
        self._threads: list[threading.Thread] = []

    # --- one run of one job -----------------------------------------------------------------

    def voer_uit(self, taak: Taak, *, alleen_verschuldigd: bool = True) -> str | None:
        """Run ``taak`` if this process gets its lease; its outcome, or None when not taken."""
        if alleen_verschuldigd and not vrij_en_verschuldigd(
            self.engine, taak.naam, _nu(), taak.interval
        ):
            return None
        if not neem(
            self.engine,
            taak.naam,
            self.houder,
            self.lease,
            alleen_verschuldigd=alleen_verschuldigd,
            interval=taak.interval,
        ):
            return None
        start_muur, start = _nu(), time.perf_counter()
        taak_stop = threading.Event()
        klaar = threading.Event()
        hartslag = threading.Thread(
            target=self._hartslag, args=(taak, taak_stop, klaar), daemon=True
        )
        hartslag.start()
        uitkomst, gelukt = "", False
        try:
            uitkomst = taak.voer_uit(self.engine, taak_stop) or "klaar"
            gelukt = True
        except Exception as exc:  # the next interval tries again
            log.exception("job %s failed", taak.naam)
            uitkomst = f"mislukt: {type(exc).__name__}"
        finally:
            klaar.set()
            hartslag.join(timeout=5)
            duur = time.perf_counter() - start
            metrics.taak_gedaan(taak.naam, gelukt, duur)
            try:
                geef_vrij(
                    self.engine,
                    taak.naam,
                    self.houder,
                    start_muur + timedelta(seconds=taak.interval),
                    uitkomst,
                )
            except Exception:  # the lease lapses by itself
                log.exception("job %s: releasing the lease failed", taak.naam)
        log.info(
            "job %s: %s",
            taak.naam,
            uitkomst,
            extra={"taak": taak.naam, "duur_ms": round(duur * 1000)},
        )
        return uitkomst

    def _hartslag(self, taak: Taak, taak_stop: threading.Event, klaar: threading.Event) -> None:
        volgende = time.monotonic() + self.lease / 3
        while not klaar.wait(0.1):
            if self.stop_event.is_set():
                taak_stop.set()
            if time.monotonic() < volgende:
                continue
            volgende = time.monotonic() + self.lease / 3
            try:
                behouden = verleng(self.engine, taak.naam, self.houder, self.lease)
            except Exception:
                log.exception("job %s: renewing the lease failed", taak.naam)
                continue
            if not behouden:
                log.warning("job %s: lease lost; stopping after this batch", taak.naam)
                taak_stop.set()

    def ronde(self, *, alleen_verschuldigd: bool = True) -> dict[str, str | None]:
        """Each job once (if due and free): ``woonroute jobs`` from cron."""
        return {
            t.naam: self.voer_uit(t, alleen_verschuldigd=alleen_verschuldigd) for t in self.taken
        }

    # --- inside the server -------------------------------------------------------------------

    def _lus(self, taak: Taak) -> None:
        lage_prioriteit()
        while not self.stop_event.is_set():
            try:
                self.voer_uit(taak)
            except Exception:  # a database hiccup: try again at the next tick
                log.exception("job %s: scheduling failed", taak.naam)
            self.stop_event.wait(self.tik)

    def start(self) -> None:
        """One daemon thread per job: a slow job never delays another."""
        for taak in self.taken:
            t = threading.Thread(target=self._lus, args=(taak,), name=f"taak-{taak.naam}")
            t.daemon = True
            t.start()
            self._threads.append(t)

    def bezig(self) -> bool:
        """Is a job thread still running (after ``stop``)?"""
        return any(t.is_alive() for t in self._threads)

    def stop(self, wacht: float = 2.0) -> None:
        """Ask every job to stop after its batch; wait at most ``wacht`` seconds in all.
        A job still running after that is left: the process exits and its transaction is
        rolled back."""
        self.stop_event.set()
        einde = time.monotonic() + wacht
        for t in self._threads:
            t.join(timeout=max(0.0, einde - time.monotonic()))


# --- the jobs -----------------------------------------------------------------------------------

#: Aanbiedingen lapsed per transaction: the write lock is held for one short batch.
BATCH = 100


def verloop_aanbiedingen(engine: Engine, stop: threading.Event, regio: Regio) -> str:
    totaal = 0
    while not stop.is_set():
        try:
            with session_scope(engine, regio) as session:
                gedaan = expire_overdue(session, limit=BATCH)
        except GrenzenOntbreken as exc:  # MATCH-E4: lapsing would refill; wait for limits
            log.error("configuratieprobleem, verlopen aanbiedingen wachten: %s", exc.detail)
            return f"{totaal} aanbieding(en) verlopen; de rest wacht op de inkomensgrenzen."
        totaal += len(gedaan)
        if len(gedaan) < BATCH:
            break
    return f"{totaal} aanbieding(en) verlopen."


def bereken_signalen(engine: Engine, stop: threading.Event, regio: Regio) -> str:
    with session_scope(engine, regio) as session:
        r = bereken(session, stop=stop)
    return (
        f"Signaleringen: {r.nieuw} nieuw, {r.bijgewerkt} bijgewerkt, {r.opgelost} opgelost, "
        f"{r.open} open."
    )


def retentie(engine: Engine, stop: threading.Event, regio: Regio) -> str:
    with session_scope(engine, regio) as session:
        n = pseudonimiseer(session)
    return f"{n} dossier(s) gepseudonimiseerd."


def webhooks(dispatcher: Dispatcher) -> Callable[[Engine, threading.Event], str]:
    """Deliver what is due, round after round, until nothing is left or ``stop`` is set."""

    def voer_uit(_engine: Engine, stop: threading.Event) -> str:
        n = 0
        while not stop.is_set():
            gedaan = dispatcher.ronde()
            n += gedaan
            if gedaan == 0:
                break
        return f"{n} bericht(en) verwerkt."

    return voer_uit


def taken(
    settings: Settings,
    regio: Regio,
    dispatcher: Dispatcher | None = None,
    *,
    geplande: bool = True,
) -> list[Taak]:
    """The service's jobs for ``regio``, with their intervals from ``Settings``;
    ``geplande=False`` leaves out all but the webhook dispatcher (``taken_aan = false``)."""
    lijst = []
    if geplande:
        lijst = [
            Taak(naam, interval, functools.partial(werk, regio=regio))
            for naam, interval, werk in (
                ("aanbiedingen-verlopen", settings.taak_interval_seconden, verloop_aanbiedingen),
                ("signaleringen", settings.signalen_interval_seconden, bereken_signalen),
                ("retentie", settings.retentie_interval_seconden, retentie),
            )
        ]
    if dispatcher is not None:
        lijst.append(Taak("webhooks", settings.webhook_interval_seconden, webhooks(dispatcher)))
    return lijst


__all__ = ["Planner", "Taak", "geef_vrij", "neem", "taken", "verleng"]
