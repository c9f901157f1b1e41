"""Structured logs: one JSON object per line, with the request id of the request being served.

The request id comes from the caller's ``X-Request-ID`` header (when it is a plain token of at
most 100 characters) or is made here; it is returned in the same header and written in every
log line written while the request is served (``contextvars`` follow it into worker threads).

No personal data goes into the logs: a request is logged by its route *template*
(``/v1/kandidaten/{kandidaat_id}``), never its query string or body; database errors are logged
without their parameters (``hide_parameters`` in ``service.db``) and integrity conflicts by
constraint name. ``tests/service/test_logboek.py`` greps the logs of a full walk for every name
and birth date it used.
"""

from __future__ import annotations

import json
import logging
import re
import uuid
from contextvars import ContextVar
from datetime import UTC
from datetime import datetime
from typing import Any

HEADER = "X-Request-ID"
verzoek_id: ContextVar[str | None] = ContextVar("verzoek_id", default=None)
_GELDIG = re.compile(r"^[A-Za-z0-9._:-]{1,100}$")

#: Attributes every LogRecord has; anything else was passed with ``extra=`` and is logged.
_STANDAARD = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime"}


def nieuw_verzoek_id(aangeboden: str | None) -> str:
    """The caller's id when it is a plain token, else a fresh one."""
    if aangeboden and _GELDIG.match(aangeboden):
        return aangeboden
    return uuid.uuid4().hex


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        regel: dict[str, Any] = {
            "tijd": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "niveau": record.levelname,
            "logger": record.name,
            "bericht": record.getMessage(),
        }
        if vid := verzoek_id.get():
            regel["verzoek_id"] = vid
        for sleutel, waarde in vars(record).items():
            if sleutel not in _STANDAARD and not sleutel.startswith("_"):
                regel[sleutel] = waarde
        if record.exc_info:
            regel["fout"] = self.formatException(record.exc_info)
        return json.dumps(regel, ensure_ascii=False, default=str)


def log_config(niveau: str = "INFO") -> dict[str, Any]:
    """``logging.config.dictConfig`` for uvicorn and the service: JSON lines on stderr."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": "service.logboek.JsonFormatter"}},
        "handlers": {
            "json": {
                "class": "logging.StreamHandler",
                "formatter": "json",
                "stream": "ext://sys.stderr",
            }
        },
        "loggers": {
            "uvicorn": {"handlers": ["json"], "level": niveau, "propagate": False},
            "uvicorn.error": {"handlers": ["json"], "level": niveau, "propagate": False},
            "uvicorn.access": {"handlers": ["json"], "level": "WARNING", "propagate": False},
            "woonroute": {"handlers": ["json"], "level": niveau, "propagate": False},
        },
        "root": {"handlers": ["json"], "level": "WARNING"},
    }


__all__ = ["HEADER", "JsonFormatter", "log_config", "nieuw_verzoek_id", "verzoek_id"]
