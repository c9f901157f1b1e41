"""A real webhook receiver for the tests: uvicorn on loopback, with faults on demand.

``Ontvanger.modus`` decides how the next requests are answered: ``ok`` (204 and the delivery is
kept), ``fout`` (500), ``traag`` (waits ``vertraging`` s, then keeps and answers 204 — a client
that gave up earlier sends it again), ``sluit`` (starts the answer, then drops the connection).
``stop()`` takes the server down (connection refused), ``start()`` brings it back on the same port.
Every request is logged in ``pogingen``; kept deliveries, verified with the Standard Webhooks
library, in ``ontvangen``.
"""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from dataclasses import dataclass
from dataclasses import field
from typing import Any

import uvicorn
from standardwebhooks.webhooks import Webhook
from standardwebhooks.webhooks import WebhookVerificationError


@dataclass
class Ontvangst:
    webhook_id: str
    pad: str
    inhoud: dict[str, Any]
    tijdstip: float


@dataclass
class Ontvanger:
    geheimen: dict[str, str] = field(default_factory=dict)  # path -> secret
    modus: str = "ok"
    vertraging: float = 0.0
    ontvangen: list[Ontvangst] = field(default_factory=list)
    pogingen: list[tuple[str, str]] = field(default_factory=list)  # (webhook-id, modus)
    ongeldig: list[str] = field(default_factory=list)
    port: int = 0

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        if not self.port:
            with socket.socket() as s:
                s.bind(("127.0.0.1", 0))
                self.port = s.getsockname()[1]

    def url(self, pad: str = "/hook") -> str:
        return f"http://127.0.0.1:{self.port}{pad}"

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        headers = {k.decode(): v.decode() for k, v in scope["headers"]}
        webhook_id = headers.get("webhook-id", "")
        modus = self.modus
        with self._lock:
            self.pogingen.append((webhook_id, modus))
        if modus == "fout":
            await _answer(send, 500)
            return
        if modus == "sluit":
            await send({"type": "http.response.start", "status": 200, "headers": []})
            raise ConnectionAbortedError("receiver drops the connection")
        if modus == "traag":
            await asyncio.sleep(self.vertraging)
        try:
            inhoud = Webhook(self.geheimen[scope["path"]]).verify(body, headers)
        except (KeyError, WebhookVerificationError):
            with self._lock:
                self.ongeldig.append(webhook_id)
            await _answer(send, 400)
            return
        with self._lock:
            self.ontvangen.append(Ontvangst(webhook_id, scope["path"], inhoud, time.monotonic()))
        await _answer(send, 204)

    def start(self) -> None:
        config = uvicorn.Config(
            self, host="127.0.0.1", port=self.port, log_level="critical", lifespan="off"
        )
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, daemon=True)
        self._thread.start()
        deadline = time.monotonic() + 10
        while not self._server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("receiver did not start")
            time.sleep(0.01)

    def stop(self) -> None:
        if self._server is not None and self._thread is not None:
            self._server.should_exit = True
            self._thread.join(timeout=10)
            self._server = None

    def __enter__(self) -> Ontvanger:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def ids(self, pad: str | None = None) -> list[str]:
        with self._lock:
            return [o.webhook_id for o in self.ontvangen if pad is None or o.pad == pad]


async def _answer(send: Any, status: int) -> None:
    await send({"type": "http.response.start", "status": status, "headers": []})
    await send({"type": "http.response.body", "body": b""})
