"""The real server for end-to-end measurements: uvicorn in a subprocess on a given database."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import httpx

from tests.proces import free_port
from tests.proces import start_proces
from tests.proces import uvicorn_opdracht

REPO = Path(__file__).resolve().parents[1]


@contextlib.contextmanager
def running_server(
    url: str, logfile: Path, cwd: Path = REPO
) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """``service.main:app_factory`` on ``url`` (jobs off); yields (base URL, process) once
    ``GET /v1/openapi.json`` answers, and stops the server afterwards. ``cwd`` is the source
    tree the server imports ``service`` from (another checkout, to compare commits)."""
    port = free_port()
    env = {**os.environ, "DATABASE_URL": url, "WOONROUTE_TAKEN_AAN": "false"}
    proc = start_proces(uvicorn_opdracht(port), env, cwd, logfile)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if proc.poll() is not None:
                tail = logfile.read_text(errors="replace")[-3000:]
                raise RuntimeError(f"server exited with {proc.returncode}:\n{tail}")
            with contextlib.suppress(httpx.TransportError):
                if httpx.get(f"{base}/v1/openapi.json", timeout=2).status_code == 200:
                    break
            if time.monotonic() > deadline:
                raise RuntimeError("server did not answer within 60 s")
            time.sleep(0.1)
        yield base, proc
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
