"""Render the published OpenAPI document exactly as ``GET /v1/openapi.json`` serves it."""

from __future__ import annotations

import json

from service.main import create_app


def render() -> str:
    app = create_app()
    return json.dumps(app.openapi(), indent=2, ensure_ascii=False, sort_keys=False) + "\n"
