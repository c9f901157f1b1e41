"""The real application with the proposed ``ranked_pool`` fix applied in-process.

Used only by ``bench_voordracht.py`` to measure the end-to-end effect of the fix without
editing service code: ``python -m uvicorn --app-dir benchmarks patched_app:app_factory --factory``.
"""

from __future__ import annotations

import bench_voordracht
from fastapi import FastAPI

from service.main import create_app
from service.voordrachten import pool


def app_factory() -> FastAPI:
    pool.ranked_pool = bench_voordracht.ranked_pool_fixed  # type: ignore[assignment]
    return create_app()
