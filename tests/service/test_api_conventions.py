"""NL API Design Rules as a client notices them (STANDARDS.md)."""

from __future__ import annotations

from tests.service.conftest import kandidaat_body

PROBLEM = "application/problem+json"


def test_openapi_is_public_and_versioned(api):
    r = api.get("/v1/openapi.json")
    assert r.status_code == 200
    assert (
        r.headers["API-Version"] == r.json()["info"]["version"] == "1.0.0"
    )  # /core/version-header


def test_security_headers_on_every_response(api):
    for r in (
        api.get("/v1/openapi.json"),
        api.get("/v1/kandidaten"),
        api.as_("kwintes").get("/v1/kandidaten"),
    ):
        assert r.headers["Cache-Control"] == "no-store"
        assert r.headers["X-Content-Type-Options"] == "nosniff"
        assert r.headers["X-Frame-Options"] == "DENY"
        assert "frame-ancestors 'none'" in r.headers["Content-Security-Policy"]
        assert r.headers["API-Version"] == "1.0.0"


def test_trailing_slash_is_404(api):
    r = api.as_("kwintes").get("/v1/kandidaten/")
    assert r.status_code == 404
    assert r.headers["content-type"] == PROBLEM


def test_missing_and_wrong_key_are_401_problems(api):
    r = api.get("/v1/kandidaten")
    assert r.status_code == 401 and r.headers["content-type"] == PROBLEM
    assert "X-Api-Key" in r.json()["detail"]
    r = api.client.get("/v1/kandidaten", headers={"X-Api-Key": "wr_abc_def"})
    assert r.status_code == 401 and r.json()["detail"] == "Deze API-sleutel is niet geldig."


def test_invalid_input_is_400_with_every_field_at_once(api):
    body = kandidaat_body(
        voornaam="", jaarinkomen=-5, gemeentevoorkeuren=["Utrecht"], huishouden={"volwassenen": 0}
    )
    del body["doelgroep"]
    r = api.as_("kwintes").post("/v1/kandidaten", body)
    assert r.status_code == 400  # /core/error-handling/invalid-input: never 422
    assert r.headers["content-type"] == PROBLEM
    problem = r.json()
    assert {"status", "title", "detail"} <= problem.keys()
    names = {p["name"] for p in problem["invalidParams"]}
    assert names == {
        "voornaam",
        "jaarinkomen",
        "gemeentevoorkeuren",
        "huishouden.volwassenen",
        "doelgroep",
    }
    reasons = {p["name"]: p["reason"] for p in problem["invalidParams"]}
    assert "Utrecht" in reasons["gemeentevoorkeuren"] and "Zeist" in reasons["gemeentevoorkeuren"]
    assert reasons["doelgroep"] == "Vul de doelgroep in."


def test_unknown_field_and_bad_json_are_400(api):
    r = api.as_("kwintes").post("/v1/kandidaten", kandidaat_body(favorieteKleur="blauw"))
    assert r.status_code == 400
    assert r.json()["invalidParams"] == [
        {"name": "favorieteKleur", "code": "extra_forbidden", "reason": "Dit veld bestaat niet."}
    ]
    r = api.client.post(
        "/v1/kandidaten",
        content=b"{niet json",
        headers={"X-Api-Key": api.keys["kwintes"], "Content-Type": "application/json"},
    )
    assert r.status_code == 400 and r.headers["content-type"] == PROBLEM


def test_wrong_kind_is_403_with_dutch_detail(api):
    r = api.as_("nabij-wonen").get("/v1/kandidaten")
    assert r.status_code == 403
    assert r.json()["detail"] == (
        "Dit mag alleen een zorgaanbieder of de bemiddelaar (Het Vierde Huis). U bent aangemeld als een corporatie."
    )


def test_malformed_id_in_path_is_400(api):
    r = api.as_("kwintes").get("/v1/kandidaten/geen-uuid")
    assert r.status_code == 400
    assert r.json()["invalidParams"][0]["reason"] == "Moet een geldige id zijn."


def test_unexpected_error_reveals_nothing(app, api, monkeypatch):
    from service.kandidaten import actions

    def boom(*a, **k):
        raise RuntimeError("secret internals /etc/passwd")

    monkeypatch.setattr(actions, "list_kandidaten", boom)
    r = api.as_("kwintes").get("/v1/kandidaten")
    assert r.status_code == 500 and r.headers["content-type"] == PROBLEM
    assert "secret" not in r.text and "Traceback" not in r.text
