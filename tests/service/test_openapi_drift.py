"""openapi/openapi.json is generated from the app and committed; it must never go stale."""

from __future__ import annotations

import json
from pathlib import Path

from service.openapi_export import render

COMMITTED = Path(__file__).resolve().parents[2] / "openapi" / "openapi.json"


def test_committed_openapi_matches_the_app():
    assert json.loads(COMMITTED.read_text(encoding="utf-8")) == json.loads(render()), (
        "openapi/openapi.json is stale: run `woonroute openapi`"
    )


def test_served_document_equals_committed(api):
    assert api.get("/v1/openapi.json").json() == json.loads(COMMITTED.read_text(encoding="utf-8"))


def test_every_operation_documents_errors_and_version_header():
    doc = json.loads(COMMITTED.read_text(encoding="utf-8"))
    assert [s["url"] for s in doc["servers"]] == ["/v1"]
    assert doc["servers"][0]["x-internal"] is False  # OWASP API9: the audience is declared
    for path, item in doc["paths"].items():
        assert not path.endswith("/")
        for method, op in item.items():
            assert "x-toegang" in op, (method, path)
            assert "400" in op["responses"]
            # 422 only for an Idempotency-Key reused with another request, never for input
            if "422" in op["responses"]:
                assert "Idempotency-Key" in op["responses"]["422"]["description"]
            for code, response in op["responses"].items():
                if code.startswith("2"):
                    assert "API-Version" in response["headers"]
                if code.startswith(("4", "5")):
                    assert list(response["content"]) == ["application/problem+json"]
