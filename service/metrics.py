"""Prometheus metrics (``prometheus-client``), served at ``/metrics`` to the addresses the
setting ``metrics_adressen`` allows (empty: no metrics, 404).

- Requests: ``woonroute_verzoeken_total{methode,route,status}`` and the latency histogram
  ``woonroute_verzoek_seconden{methode,route}``, by route *template* (``/v1/kandidaten/{id}``),
  never the concrete path (which would hold ids). Errors are the ``status="5.."`` series.
- Jobs: ``woonroute_taak_runs_total{taak,uitkomst}`` and ``woonroute_taak_seconden{taak}``.
- From the database, read at scrape time (the same in every process): the webhook outbox
  (``woonroute_webhook_berichten{status}``), open signals by kind
  (``woonroute_signaleringen_open{soort}``) and the waiting list
  (``woonroute_kandidaten{status}``).

Several processes: ``woonroute serve --workers N`` (N > 1) sets ``PROMETHEUS_MULTIPROC_DIR`` to
a fresh directory before the workers start, so the counters and histograms of all workers are
written there and each scrape, whichever worker answers it, adds them up (prometheus-client's
multiprocess mode). Replicas on other machines are scraped one by one, as Prometheus does; the
database figures are the same from each (aggregate them with ``max``).
"""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Iterator

from prometheus_client import CONTENT_TYPE_LATEST
from prometheus_client import REGISTRY
from prometheus_client import CollectorRegistry
from prometheus_client import Counter
from prometheus_client import Histogram
from prometheus_client import generate_latest
from prometheus_client import multiprocess
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.core import Metric
from prometheus_client.registry import Collector
from sqlalchemy import Engine
from sqlalchemy import func
from sqlalchemy import select
from sqlmodel import col

from service.models import Kandidaat
from service.models import Signalering
from service.models import WebhookBericht
from service.signaleringen.actions import OPEN

MULTIPROC = "PROMETHEUS_MULTIPROC_DIR"

VERZOEKEN = Counter(
    "woonroute_verzoeken_total",
    "Afgehandelde verzoeken per methode, route (sjabloon) en status.",
    ["methode", "route", "status"],
)
VERZOEKDUUR = Histogram(
    "woonroute_verzoek_seconden",
    "Duur van verzoeken per methode en route (sjabloon).",
    ["methode", "route"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)
TAAK_RUNS = Counter(
    "woonroute_taak_runs_total", "Uitgevoerde geplande taken.", ["taak", "uitkomst"]
)
TAAK_DUUR = Histogram(
    "woonroute_taak_seconden",
    "Duur van geplande taken.",
    ["taak"],
    buckets=(0.01, 0.05, 0.1, 0.5, 1.0, 5.0, 10.0, 30.0, 60.0, 300.0),
)


def verzoek_gedaan(methode: str, route: str, status: int, duur: float) -> None:
    VERZOEKEN.labels(methode, route, str(status)).inc()
    VERZOEKDUUR.labels(methode, route).observe(duur)


def taak_gedaan(taak: str, gelukt: bool, duur: float) -> None:
    TAAK_RUNS.labels(taak, "gelukt" if gelukt else "mislukt").inc()
    TAAK_DUUR.labels(taak).observe(duur)


class DatabankCijfers(Collector):
    """Gauges counted in the database at scrape time: shared truth, not process memory."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def collect(self) -> Iterator[GaugeMetricFamily]:
        outbox = GaugeMetricFamily(
            "woonroute_webhook_berichten",
            "Webhookberichten in de outbox per status.",
            labels=["status"],
        )
        signalen = GaugeMetricFamily(
            "woonroute_signaleringen_open", "Open signaleringen per soort.", labels=["soort"]
        )
        wachtlijst = GaugeMetricFamily(
            "woonroute_kandidaten",
            "Kandidaten per status (de wachtlijst: wachtend).",
            labels=["status"],
        )
        with self.engine.connect() as conn:
            for status, n in conn.execute(
                select(col(WebhookBericht.status), func.count()).group_by(
                    col(WebhookBericht.status)
                )
            ):
                outbox.add_metric([str(status)], n)
            for soort, n in conn.execute(
                select(col(Signalering.soort), func.count())
                .where(col(Signalering.status).in_(OPEN))
                .group_by(col(Signalering.soort))
            ):
                signalen.add_metric([str(soort)], n)
            for status, n in conn.execute(
                select(col(Kandidaat.status), func.count()).group_by(col(Kandidaat.status))
            ):
                wachtlijst.add_metric([str(status)], n)
        yield outbox
        yield signalen
        yield wachtlijst


def toegestaan(adres: str, regel: str) -> bool:
    """Is ``adres`` in the comma-separated addresses and networks of ``regel``?"""
    delen = [d.strip() for d in regel.split(",") if d.strip()]
    if adres in delen:
        return True
    try:
        ip = ipaddress.ip_address(adres)
    except ValueError:
        return False
    for deel in delen:
        try:
            if ip in ipaddress.ip_network(deel, strict=False):
                return True
        except ValueError:
            continue
    return False


class _Samen:
    """Several collectors as one, for ``generate_latest``."""

    def __init__(self, *bronnen: Collector) -> None:
        self.bronnen = bronnen

    def collect(self) -> Iterator[Metric]:
        for bron in self.bronnen:
            yield from bron.collect()


def uitvoer(engine: Engine) -> tuple[bytes, str]:
    """The text exposition of every metric, across worker processes when there are several."""
    processen = REGISTRY
    if os.environ.get(MULTIPROC):
        processen = CollectorRegistry()
        multiprocess.MultiProcessCollector(processen)
    return generate_latest(_Samen(processen, DatabankCijfers(engine))), CONTENT_TYPE_LATEST


__all__ = ["DatabankCijfers", "taak_gedaan", "toegestaan", "uitvoer", "verzoek_gedaan"]
