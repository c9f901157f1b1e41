"""The service as a real server process, for the tests and the benchmarks: a free port, the
uvicorn command line, starting it with its output in a log, waiting until it answers, and
stopping it."""

from __future__ import annotations

import contextlib
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def uvicorn_opdracht(port: int, *opties: str) -> list[str]:
    """``uvicorn service.main:app_factory`` on loopback at ``port``, warnings only; ``opties``
    (such as ``--workers 1``) go before the log level."""
    return [
        sys.executable,
        "-m",
        "uvicorn",
        "service.main:app_factory",
        "--factory",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        *opties,
        "--log-level",
        "warning",
    ]


def start_proces(
    opdracht: list[str], env: dict[str, str], cwd: Path, log: Path
) -> subprocess.Popen[bytes]:
    """``opdracht`` in a subprocess in ``cwd``; its output (stdout and stderr) goes to ``log``."""
    with log.open("wb") as uit:
        return subprocess.Popen(opdracht, cwd=cwd, env=env, stdout=uit, stderr=subprocess.STDOUT)


def wacht_op(
    proc: subprocess.Popen[bytes], base_url: str, pad: str, seconden: float, log: Path, naam: str
) -> None:
    """Until ``GET pad`` answers 200; fails (with the server's log) when the process stops or
    does not answer within ``seconden``."""
    deadline = time.monotonic() + seconden
    with httpx.Client(base_url=base_url, timeout=2.0) as probe:
        while True:
            if proc.poll() is not None:
                raise AssertionError(
                    f"{naam} stopte bij het starten (code {proc.returncode}):\n"
                    + log.read_text(errors="replace")
                )
            with contextlib.suppress(httpx.TransportError):
                if probe.get(pad).status_code == 200:
                    return
            if time.monotonic() > deadline:
                raise AssertionError(
                    f"{naam} was na {seconden:.0f} s niet bereikbaar:\n"
                    + log.read_text(errors="replace")
                )
            time.sleep(0.1)


def stop(proc: subprocess.Popen[bytes]) -> None:
    """Terminate the process; killed when it does not stop within 10 s."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:  # pragma: no cover - only when shutdown hangs
            proc.kill()
            proc.wait(timeout=10)
