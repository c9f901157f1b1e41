"""STANDARDS reliability: retried POSTs with the same Idempotency-Key do not create duplicates."""

from __future__ import annotations

from tests.service.conftest import kandidaat_body


def post(api, org, path, body, key):
    return api.client.post(
        path, json=body, headers={"X-Api-Key": api.keys[org], "Idempotency-Key": key}
    )


def test_retry_returns_the_first_answer_and_creates_nothing_new(api):
    first = post(api, "kwintes", "/v1/kandidaten", kandidaat_body(), "aanmelding-123")
    again = post(api, "kwintes", "/v1/kandidaten", kandidaat_body(), "aanmelding-123")
    assert first.status_code == again.status_code == 201
    assert again.json()["id"] == first.json()["id"]
    assert again.headers["Idempotent-Replayed"] == "true"
    assert (
        api.as_("kwintes").get("/v1/kandidaten", params={"metTotaal": "true"}).json()["totaal"] == 1
    )


def test_key_is_per_organisation_and_per_request(api):
    k = post(api, "kwintes", "/v1/kandidaten", kandidaat_body(), "sleutel-1").json()["id"]
    assert post(api, "lister", "/v1/kandidaten", kandidaat_body(), "sleutel-1").status_code == 201
    r = post(
        api,
        "kwintes",
        f"/v1/kandidaten/{k}/statuswijzigingen",
        {"status": "gepauzeerd"},
        "sleutel-1",
    )
    assert r.status_code == 422 and "ander verzoek" in r.json()["detail"]


def test_a_refused_request_releases_the_key(api):
    bad = post(api, "kwintes", "/v1/kandidaten", kandidaat_body(jaarinkomen=-1), "poging")
    assert bad.status_code == 400
    good = post(api, "kwintes", "/v1/kandidaten", kandidaat_body(), "poging")
    assert good.status_code == 201 and "Idempotent-Replayed" not in good.headers
