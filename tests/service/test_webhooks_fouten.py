"""Webhook delivery under faults (issue 16), against a real uvicorn receiver on loopback.

Two ``woonroute dispatcher`` processes deliver while the receiver is down for a while, answers
500, drops the connection and answers too slowly; one dispatcher is killed with SIGKILL while it
holds claimed berichten and a third takes over. A subscription whose target never answers turns
into dead letters, which are replayed after the URL is fixed. Then: every event was delivered at
least once with a valid Standard Webhooks signature, none was lost, duplicates share their
``webhook-id`` and payload, and per (subscription, kandidaat) no delivery overtook an earlier one.
The figures are printed and written to ``artifacts/webhooks-fouten.json``.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import Session
from sqlmodel import col
from sqlmodel import select

from service.models import BerichtStatus
from service.models import WebhookBericht
from service.models import WebhookPoging
from service.webhooks.dispatcher import Dispatcher
from service.webhooks.dispatcher import Regels
from tests.service.conftest import Api
from tests.service.ontvanger import Ontvanger
from tests.service.test_webhooks import ALLE_CORPORATIE
from tests.service.test_webhooks import _walk
from tests.service.test_webhooks import abonneer
from tests.service.test_webhooks import rows
from tests.service.world import BEMIDDELAAR

ROOT = Path(__file__).resolve().parents[2]
MAX_LEEFTIJD_S = 15.0


@pytest.fixture
def demo(app: Any) -> Any:
    settings = app.state.settings
    app.state.settings = settings.model_copy(update={"demo": True})
    yield
    app.state.settings = settings


def _dispatcher_process(app: Any) -> subprocess.Popen[bytes]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("WOONROUTE_")}
    env |= {
        "DATABASE_URL": app.state.engine.url.render_as_string(hide_password=False),
        "WOONROUTE_DEMO": "true",
        "WOONROUTE_WEBHOOK_INTERVAL_SECONDEN": "0.1",
        "WOONROUTE_WEBHOOK_TIMEOUT_SECONDEN": "1",
        "WOONROUTE_WEBHOOK_LEASE_SECONDEN": "5",
        "WOONROUTE_WEBHOOK_BACKOFF_SECONDEN": "0.1",
        "WOONROUTE_WEBHOOK_BACKOFF_MAX_SECONDEN": "0.5",
        "WOONROUTE_WEBHOOK_MAX_LEEFTIJD_UREN": str(MAX_LEEFTIJD_S / 3600),
        "WOONROUTE_WEBHOOK_GELIJKTIJDIG": "4",
    }
    return subprocess.Popen(
        [sys.executable, "-m", "service.cli", "dispatcher"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _wait(cond: Any, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not cond():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


def _claimed_by(app: Any, pid: int) -> list[int]:
    with Session(app.state.read_engine) as session:
        return list(
            session.exec(
                select(WebhookBericht.id).where(
                    WebhookBericht.status == BerichtStatus.wachtend,
                    col(WebhookBericht.geclaimd_door).contains(f":{pid}:"),
                )
            ).all()
        )


def test_faults_and_kill_lose_nothing(api: Api, app: Any, registreer: Any, demo: None) -> None:
    ontvanger = Ontvanger()
    paden = {"/hvh": BEMIDDELAAR, "/corp": "nabij-wonen", "/zorg": "kwintes"}
    soorten = {
        "/hvh": [
            "voordracht.goedgekeurd",
            "aanbieding.gedaan",
            "aanbieding.beantwoord",
            "plaatsing.vastgelegd",
        ],
        "/corp": ALLE_CORPORATIE,
        "/zorg": ["aanbieding.gedaan", "aanbieding.beantwoord", "plaatsing.vastgelegd"],
    }
    abonnementen = {}
    for pad, org in paden.items():
        abonnementen[pad] = abonneer(api, org, ontvanger.url(pad), soorten[pad])
        ontvanger.geheimen[pad] = abonnementen[pad]["geheim"]
    dood = abonneer(
        api,
        "kwintes",
        ontvanger.url("/dood").replace(str(ontvanger.port), "9"),
        ["plaatsing.vastgelegd", "aanbieding.gedaan"],
    )
    ontvanger.geheimen["/dood"] = dood["geheim"]

    for _ in range(4):  # events waiting before any dispatcher runs
        _walk(api, registreer)
    ontvanger.start()
    ontvanger.modus = "ok"
    procs = [_dispatcher_process(app), _dispatcher_process(app)]
    try:
        _wait(lambda: len(ontvanger.ontvangen) >= 10, 120, "dispatchers to start delivering")
        # Phase 1: the receiver is down (connection refused) while events keep coming.
        ontvanger.stop()
        geweigerd = _geweigerd(app)
        for _ in range(2):
            _walk(api, registreer)
        _wait(lambda: _geweigerd(app) >= geweigerd + 5, 120, "refused attempts")
        ontvanger.start()
        # Phase 2: 500s; phase 3: connection dropped after the status line.
        for modus in ("fout", "sluit"):
            ontvanger.modus = modus
            _walk(api, registreer)
            _wait(lambda m=modus: _in_modus(ontvanger, m) >= 5, 120, f"{modus} attempts")
        # Phase 4: slower than the client waits; kill -9 a dispatcher that holds claims.
        ontvanger.vertraging = 1.5
        ontvanger.modus = "traag"
        _walk(api, registreer)
        victim = None
        deadline = time.monotonic() + 120
        while victim is None and time.monotonic() < deadline:
            for p in procs:
                if _claimed_by(app, p.pid):
                    victim = p
                    break
            time.sleep(0.02)
        assert victim is not None, "no dispatcher ever held a claim"
        held = _claimed_by(app, victim.pid)
        victim.send_signal(signal.SIGKILL)
        victim.wait()
        procs.append(_dispatcher_process(app))
        _wait(lambda: _in_modus(ontvanger, "traag") >= 4, 120, "slow attempts")
        # Phase 5: healthy again; more events.
        ontvanger.modus = "ok"
        for _ in range(2):
            _walk(api, registreer)

        def rustig() -> bool:
            """Nothing waits any more: every bericht delivered or a dead letter."""
            return all(b.status != BerichtStatus.wachtend for b, _ in _berichten(app))

        _wait(rustig, 300, "every bericht delivered or dead-lettered")
        dode = [b for b, _ in _berichten(app) if b.status == BerichtStatus.mislukt]
        assert any(pad == "/dood" for b, pad in _berichten(app))
        # Fix the URL and replay every dead letter through the API (a live one that outlived
        # the maximum age under load is replayed the same way, by its own subscriber).
        r = api.as_("kwintes").patch(
            f"/v1/abonnementen/{dood['id']}", {"url": ontvanger.url("/dood")}
        )
        assert r.status_code == 200, r.text
        eigenaar = {abonnementen[pad]["id"]: org for pad, org in paden.items()}
        eigenaar[dood["id"]] = "kwintes"
        for b in dode:
            org = eigenaar[str(b.abonnement_id)]
            r = api.as_(org).post(
                f"/v1/abonnementen/{b.abonnement_id}/berichten/{b.bericht_id}/herhaling"
            )
            assert r.status_code == 201, r.text
        _wait(
            lambda: all(b.status == BerichtStatus.afgeleverd for b, _ in _berichten(app)),
            300,
            "replayed dead letters",
        )
    finally:
        for p in procs:
            if p.poll() is None:
                p.send_signal(signal.SIGTERM)
        for p in procs:
            try:
                p.wait(timeout=15)
            except subprocess.TimeoutExpired:
                p.kill()
        ontvanger.stop()

    berichten = _berichten(app)
    alle = {b.bericht_id: (b, pad) for b, pad in berichten}
    ontvangen = ontvanger.ontvangen
    per_id = Counter(o.webhook_id for o in ontvangen)
    # None lost: every event arrived, verified, at its own subscription's path.
    assert set(per_id) == set(alle)
    assert all(alle[o.webhook_id][1] == o.pad for o in ontvangen)
    assert ontvanger.ongeldig == []
    # Duplicates carry the same webhook-id and the same payload.
    eerste: dict[str, dict[str, Any]] = {}
    for o in ontvangen:
        assert eerste.setdefault(o.webhook_id, o.inhoud) == o.inhoud
    # In order per subject: first receipts follow the outbox order per (subscription, kandidaat)
    # and per (subscription, woning).
    # A dead letter releases its subject (later berichten go on), so subjects with one are
    # left out of the order check.
    volgorde: dict[tuple[Any, str], list[int]] = defaultdict(list)
    gezien = set()
    vrijgegeven = {
        (b.abonnement_id, str(k)) for b in dode for k in (b.onderwerp, b.tweede_onderwerp) if k
    }
    for o in ontvangen:
        b, pad = alle[o.webhook_id]
        if o.webhook_id not in gezien:
            gezien.add(o.webhook_id)
            for sleutel in {b.onderwerp, b.tweede_onderwerp} - {None}:
                volgorde[(b.abonnement_id, str(sleutel))].append(b.id)  # type: ignore[arg-type]
    for key, ids in volgorde.items():
        if key not in vrijgegeven:
            assert ids == sorted(ids), key
    # The claims held by the killed dispatcher were delivered by another.
    assert all(b.id not in held or b.status == BerichtStatus.afgeleverd for b, _ in berichten)

    with Session(app.state.read_engine) as session:
        vastgelegd = len(session.exec(select(WebhookPoging.id)).all())
    cijfers = {
        "gebeurtenissen": len(alle),
        "verzoeken_bij_ontvanger": len(ontvanger.pogingen),
        "pogingen_vastgelegd": vastgelegd,
        "afgeleverd_uniek": len(per_id),
        "dubbel_afgeleverd": sum(n - 1 for n in per_id.values()),
        "dode_brieven": len(dode),
        "dode_brieven_herhaald_en_afgeleverd": sum(1 for b in dode if b.bericht_id in per_id),
        "claims_van_gedode_dispatcher": len(held),
        "modi": dict(Counter(m for _, m in ontvanger.pogingen)),
    }
    print("\nwebhook fault test:", json.dumps(cijfers))
    (ROOT / "artifacts").mkdir(exist_ok=True)
    (ROOT / "artifacts" / "webhooks-fouten.json").write_text(json.dumps(cijfers, indent=2))
    assert cijfers["dode_brieven"] > 0
    assert cijfers["dode_brieven_herhaald_en_afgeleverd"] == len(dode)
    assert cijfers["verzoeken_bij_ontvanger"] > cijfers["afgeleverd_uniek"]  # faults forced retries


def _geweigerd(app: Any) -> int:
    """Attempts that got no answer at all (refused, dropped, timed out) to the live receiver."""
    from service.models import Abonnement

    with Session(app.state.read_engine) as session:
        return len(
            session.exec(
                select(WebhookPoging.id)
                .join(WebhookBericht, WebhookBericht.id == WebhookPoging.bericht_id)
                .join(Abonnement, Abonnement.id == WebhookBericht.abonnement_id)
                .where(
                    col(WebhookPoging.statuscode).is_(None),
                    ~col(Abonnement.url).endswith("/dood"),
                )
            ).all()
        )


def _in_modus(ontvanger: Ontvanger, modus: str) -> int:
    return sum(1 for _, m in ontvanger.pogingen if m == modus)


def _berichten(app: Any) -> list[tuple[WebhookBericht, str]]:
    from service.models import Abonnement

    with Session(app.state.read_engine) as session:
        result = session.exec(
            select(WebhookBericht, Abonnement.url)
            .join(Abonnement, Abonnement.id == WebhookBericht.abonnement_id)
            .order_by(col(WebhookBericht.id))
        ).all()
        return [(b, "/" + url.rsplit("/", 1)[-1]) for b, url in result]


def test_several_dispatchers_send_each_bericht_once(
    api: Api, app: Any, registreer: Any, demo: None
) -> None:
    """Three dispatchers on their own connections race for the same queue: each bericht is
    claimed (FOR UPDATE SKIP LOCKED / BEGIN IMMEDIATE, plus a lease) and sent exactly once."""
    with Ontvanger() as ontvanger:
        for pad, org in (("/hvh", BEMIDDELAAR), ("/corp", "nabij-wonen")):
            ontvanger.geheimen[pad] = abonneer(api, org, ontvanger.url(pad), ALLE_CORPORATIE[:5])[
                "geheim"
            ]
        for _ in range(5):
            _walk(api, registreer)
        totaal = len(rows(app, WebhookBericht))
        regels = Regels(
            timeout=5, lease=30, backoff=0.05, backoff_max=0.1, gelijktijdig=3, demo=True
        )
        dispatchers = [Dispatcher(app.state.engine, regels) for _ in range(3)]
        stop = threading.Event()
        threads = [threading.Thread(target=d.draai, args=(stop, 0.02)) for d in dispatchers]
        for t in threads:
            t.start()
        try:
            _wait(lambda: len(ontvanger.ids()) >= totaal, 300, "deliveries")
            time.sleep(0.3)
        finally:
            stop.set()
            for t in threads:
                t.join()
            for d in dispatchers:
                d.close()
    assert totaal == 5 * 8
    assert sorted(ontvanger.ids()) == sorted(b.bericht_id for b in rows(app, WebhookBericht))
    assert len(set(ontvanger.ids())) == len(ontvanger.ids())  # no duplicates
    pogingen = rows(app, WebhookPoging)
    assert len(pogingen) == totaal
    assert len({p.bericht_id for p in pogingen}) == totaal  # one attempt each, by one of them
