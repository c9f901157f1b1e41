"""Schemathesis hooks for scripts/schemathesis_ci.py (loaded through SCHEMATHESIS_HOOKS).

A client sends a fresh ``Idempotency-Key`` for every new request (the contract); the same key
with another request is refused with 422 on purpose. Generated keys repeat, so each generated
request gets a new one.
"""

from __future__ import annotations

import uuid
from typing import Any

import schemathesis


@schemathesis.hook
def before_call(context: Any, case: Any, **kwargs: Any) -> None:
    if case.headers and "Idempotency-Key" in case.headers:
        case.headers["Idempotency-Key"] = str(uuid.uuid4())
