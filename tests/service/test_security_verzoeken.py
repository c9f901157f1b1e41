"""Issue 11 (OWASP API4, API2, injection) and issue 15 "clear answers for the wrong request":
each attack from the issue, reproduced. Every test here failed on the code before the fix."""

from __future__ import annotations

import io
import logging
import threading
import time
import zipfile
from datetime import timedelta
from typing import Any

import pytest
from sqlmodel import Session
from sqlmodel import select

from service.auth import FailureLimiter
from service.auth import client_adres
from service.clock import vandaag
from service.db import is_sqlite
from service.db import session_scope
from service.models import ApiSleutel
from service.models import Organisatie
from tests.service.conftest import inloggen
from tests.service.conftest import kandidaat_body
from tests.service.conftest import woning_body

BEMIDDELAAR = "het-vierde-huis"


def _paged_lists(app: Any) -> list[tuple[str, str]]:
    """Every GET with a ``pagina`` parameter, with a kind allowed to call it."""
    codes = {
        "bemiddelaar": BEMIDDELAAR,
        "regiobeheer": "beter-wonen",
        "corporatie": "nabij-wonen",
        "zorgaanbieder": "kwintes",
    }
    out = []
    for path, item in app.openapi()["paths"].items():
        op = item.get("get")
        if op and any(p["name"] == "pagina" for p in op.get("parameters", [])):
            out.append(("/v1" + path, codes[op["x-toegang"][0]]))
    return out


def test_huge_page_number_is_a_400_on_every_paged_list(app, api):
    """Before: ``pagina=2**62`` gave a 500 on all 12 paged lists."""
    lists = _paged_lists(app)
    assert len(lists) >= 12
    for path, org in lists:
        r = api.as_(org).get(path, params={"pagina": 2**62})
        assert r.status_code == 400, (path, r.status_code, r.text)
        assert r.json()["invalidParams"][0]["name"] == "pagina"


def test_405_names_the_allowed_methods(api):
    r = api.as_("kwintes").request("DELETE", "/v1/kandidaten")
    assert r.status_code == 405
    assert r.headers["Allow"] == "GET, HEAD, POST"
    assert r.headers["content-type"] == "application/problem+json"


def test_wrong_content_type_is_415(api, keys):
    headers = {"X-Api-Key": keys["kwintes"], "Content-Type": "text/plain"}
    r = api.client.post("/v1/kandidaten", content=b'{"voornaam": "x"}', headers=headers)
    assert r.status_code == 415, r.text
    assert "application/json" in r.json()["detail"]
    # An upload route takes multipart, not JSON.
    r = api.as_(BEMIDDELAAR).post("/v1/kandidaatimports", {"bestand": "x"})
    assert r.status_code == 415, r.text


def test_invalid_json_gets_one_clear_message(api, keys):
    headers = {"X-Api-Key": keys["kwintes"], "Content-Type": "application/json"}
    r = api.client.post("/v1/kandidaten", content=b'{"voornaam": "Sanne",', headers=headers)
    assert r.status_code == 400
    body = r.json()
    assert "geen geldige JSON" in body["detail"]
    assert [p["name"] for p in body["invalidParams"]] == ["body"]


def test_a_body_over_the_limit_is_refused_before_it_is_read(api, keys):
    big = b'{"voornaam": "' + b"x" * (2 * 1024 * 1024) + b'"}'
    headers = {"X-Api-Key": keys["kwintes"], "Content-Type": "application/json"}
    r = api.client.post("/v1/kandidaten", content=big, headers=headers)
    assert r.status_code == 413 and "1 MB" in r.json()["detail"]

    def chunks():  # no Content-Length: cut off while reading
        for _ in range(40):
            yield b"x" * 65536

    r = api.client.post("/v1/kandidaten", content=chunks(), headers=headers)
    assert r.status_code == 413


def _upload(api: Any, org: str, path: str, naam: str, inhoud: bytes, **params: Any) -> Any:
    return api.client.post(
        path,
        files={"bestand": (naam, inhoud)},
        headers={"X-Api-Key": api.keys[org]},
        params=params,
    )


def _zip_bomb() -> bytes:
    """A valid workbook whose one sheet holds a million identical rows: 60 MB of XML that
    deflates to well under 200 kB (the shape of the issue's 156 KB bomb)."""
    rij = b'<row><c t="inlineStr"><is><t>kwintes</t></is></c></row>'
    rijen = rij * (60 * 1024 * 1024 // len(rij))
    onderdelen = {
        "[Content_Types].xml": (
            b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            b'<Default Extension="xml" ContentType="application/xml"/>'
            b'<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            b'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            b"</Types>"
        ),
        "_rels/.rels": (
            b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
            b"</Relationships>"
        ),
        "xl/workbook.xml": (
            b'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            b'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            b'<sheets><sheet name="kandidaten" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
            b"</Relationships>"
        ),
        "xl/worksheets/sheet1.xml": b'<?xml version="1.0" encoding="UTF-8"?>'
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        + rijen
        + b"</sheetData></worksheet>",
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        for naam, inhoud in onderdelen.items():
            z.writestr(naam, inhoud)
    return buffer.getvalue()


def test_xlsx_zip_bomb_is_refused_unopened(api):
    """Before: a 156 KB bomb on /v1/kandidaatimports took 280 s and 800 MB."""
    bomb = _zip_bomb()
    assert len(bomb) < 200_000
    for path, org in (
        ("/v1/kandidaatimports", BEMIDDELAAR),
        ("/v1/externe-plaatsingen/upload", "nabij-wonen"),
    ):
        start = time.monotonic()
        r = _upload(api, org, path, "bom.xlsx", bomb)
        assert r.status_code == 400, r.text
        assert r.json()["invalidParams"][0]["name"] == "bestand"
        assert time.monotonic() - start < 15  # before: a minute or more of parsing


def _kop() -> str:
    from service.importeren.actions import KOLOMMEN

    return ";".join(KOLOMMEN)


def test_rows_per_file_are_limited(app, api, monkeypatch):
    monkeypatch.setattr(app.state.settings, "max_rijen_per_bestand", 50)
    rijen = "\n".join(f"kwintes;Naam{i}" for i in range(51))
    r = _upload(
        api, BEMIDDELAAR, "/v1/kandidaatimports", "lijst.csv", f"{_kop()}\n{rijen}".encode()
    )
    assert r.status_code == 400
    assert "hoogstens 50 rijen" in r.json()["invalidParams"][0]["reason"]
    plaatsingen = "\n".join("Zeist;2026-01-01;3-partijenovereenkomst" for _ in range(51))
    r = _upload(
        api,
        "nabij-wonen",
        "/v1/externe-plaatsingen/upload",
        "p.csv",
        f"gemeente;contractdatum;contractvorm\n{plaatsingen}".encode(),
    )
    assert r.status_code == 400 and "hoogstens 50 rijen" in r.text


def test_at_most_200_problems_plus_the_total(api):
    """Before: a bad file returned a 112 MB error body."""
    rijen = "\n".join(f"kwintes;Naam{i}" for i in range(300))
    r = _upload(
        api, BEMIDDELAAR, "/v1/kandidaatimports", "lijst.csv", f"{_kop()}\n{rijen}".encode()
    )
    assert r.status_code == 400
    body = r.json()
    assert len(body["invalidParams"]) == 200
    assert "In totaal zijn er" in body["detail"]


@pytest.fixture
def strict_limiter(app):
    """A limit of 3 (the suite's app allows 1000), restored afterwards with the proxies."""
    oud, proxies = app.state.limiter, app.state.proxies
    app.state.limiter = limiter = FailureLimiter(app.state.engine, limit=3)
    yield limiter
    app.state.limiter, app.state.proxies = oud, proxies


def test_forwarded_for_is_trusted_only_from_configured_proxies():
    proxies = frozenset({"10.0.0.1"})
    assert client_adres("6.6.6.6", "1.2.3.4", proxies) == "6.6.6.6"  # not a proxy: ignored
    assert client_adres("10.0.0.1", "1.2.3.4", proxies) == "1.2.3.4"
    assert client_adres("10.0.0.1", "9.9.9.9, 1.2.3.4", proxies) == "1.2.3.4"  # last hop
    assert client_adres("10.0.0.1", None, proxies) == "10.0.0.1"


def test_varying_forwarded_for_does_not_bypass_the_limiter(api, strict_limiter):
    """Before: a new X-Forwarded-For per attempt reset the per-address counter."""
    api.client.app.state.proxies = frozenset({"testclient"})
    codes = []
    for i in range(5):
        r = api.client.get(
            "/v1/regio",
            headers={"X-Api-Key": "wr_abcdef123456_geraden", "X-Forwarded-For": f"7.7.7.{i}"},
        )
        codes.append(r.status_code)
    assert codes == [401, 401, 401, 429, 429]  # the key prefix is counted too


def test_every_429_has_retry_after_and_valid_keys_still_pass(api, keys, strict_limiter):
    """Before: once an address was locked, valid keys from it were refused too."""
    for _ in range(3):
        api.client.get("/v1/regio", headers={"X-Api-Key": "wr_000000000000_fout"})
    r = api.client.get("/v1/regio", headers={"X-Api-Key": "wr_111111111111_fout"})
    assert r.status_code == 429
    assert 1 <= int(r.headers["Retry-After"]) <= 60
    assert api.as_("kwintes").get("/v1/regio").status_code == 200


def test_counters_hold_across_processes(app, strict_limiter):
    """Two processes share the database, so they share the counters."""
    from service.db import make_engine

    ander = make_engine(app.state.settings.sqlalchemy_url)
    try:
        tweede = FailureLimiter(ander, limit=3)
        for _ in range(3):
            strict_limiter.failed("ip:8.8.8.8")
        assert tweede.wacht("ip:8.8.8.8") > 0
    finally:
        ander.dispose()


def test_failed_attempts_are_logged_without_the_secret(api, caplog):
    with caplog.at_level(logging.WARNING, logger="woonroute"):
        api.client.get("/v1/regio", headers={"X-Api-Key": "wr_abcabcabcabc_GEHEIMGEHEIM"})
    text = caplog.text
    assert "failed API key attempt" in text and "abcabcabcabc" in text
    assert "GEHEIMGEHEIM" not in text


@pytest.fixture
def account(app) -> str:
    from service.web.sessies import maak_gebruiker

    with session_scope(app.state.engine, app.state.regio) as s:
        org = s.exec(select(Organisatie).where(Organisatie.code == "kwintes")).one()
        maak_gebruiker(
            s, organisatie=org, email="slot@example.org", naam="Slot", wachtwoord="goed-wachtwoord"
        )
    return "slot@example.org"


def test_login_form_needs_its_csrf_token(client, account):
    r = client.post(
        "/inloggen",
        data={"email": account, "wachtwoord": "goed-wachtwoord"},
        follow_redirects=False,
    )
    assert r.status_code == 403 and "woonroute_sessie" not in r.headers.get("set-cookie", "")
    assert inloggen(client, account, "goed-wachtwoord").status_code == 303


def test_a_locked_address_does_not_refuse_a_valid_password(client, account, strict_limiter):
    for i in range(3):
        assert inloggen(client, f"ander{i}@example.org", "fout").status_code == 400
    r = inloggen(client, "nog-een@example.org", "fout")
    assert r.status_code == 429 and "Retry-After" in r.headers
    assert inloggen(client, account, "goed-wachtwoord").status_code == 303


def test_an_account_under_attack_is_locked_for_the_window(client, account, strict_limiter):
    for _ in range(3):
        assert inloggen(client, account, "fout").status_code == 400
    r = inloggen(client, account, "goed-wachtwoord")
    assert r.status_code == 429 and int(r.headers["Retry-After"]) >= 1


def test_hsts_when_set_and_no_server_header():
    from starlette.applications import Starlette
    from starlette.responses import PlainTextResponse
    from starlette.routing import Route
    from starlette.testclient import TestClient

    from service.main import SecurityHeaders

    def home(request: Any) -> PlainTextResponse:
        return PlainTextResponse("ok", headers={"Server": "uvicorn"})

    inner = Starlette(routes=[Route("/v1/x", home)])
    r = TestClient(SecurityHeaders(inner, hsts=True)).get("/v1/x")
    assert r.headers["Strict-Transport-Security"].startswith("max-age=")
    assert "server" not in r.headers
    r = TestClient(SecurityHeaders(inner, hsts=False)).get("/v1/x")
    assert "strict-transport-security" not in r.headers


def test_serve_does_not_announce_the_server_software(monkeypatch):
    import argparse

    import uvicorn

    from service import cli

    seen: dict[str, Any] = {}
    monkeypatch.setattr(uvicorn, "run", lambda *a, **kw: seen.update(kw))
    cli.cmd_serve(argparse.Namespace(host="127.0.0.1", port=0, workers=1))
    assert seen["server_header"] is False


def test_idempotency_key_with_a_different_body_is_422(api, keys):
    headers = {"Idempotency-Key": "een-sleutel", "X-Api-Key": keys["kwintes"]}
    r = api.client.post("/v1/kandidaten", json=kandidaat_body(), headers=headers)
    assert r.status_code == 201
    again = api.client.post("/v1/kandidaten", json=kandidaat_body(), headers=headers)
    assert again.status_code == 201 and again.headers["Idempotent-Replayed"] == "true"
    other = api.client.post(
        "/v1/kandidaten", json=kandidaat_body(voornaam="Anders"), headers=headers
    )
    assert other.status_code == 422, other.text
    assert (
        api.as_("kwintes").get("/v1/kandidaten", params={"metTotaal": "true"}).json()["totaal"] == 1
    )


def test_exports_never_contain_a_live_formula(api, meld, registreer):
    """Before: a regiobeheer-set organisation name ``=HYPERLINK(`` was exported as a formula."""
    from tests.service.world import build_world

    w = build_world(api)
    orgs = api.as_("beter-wonen").get("/v1/organisaties", params={"paginaGrootte": 100}).json()
    namen = {o["code"]: (o["id"], o["naam"]) for o in orgs["resultaten"]}
    kwaad = '=HYPERLINK("http://kwaad.example","klik")'
    try:
        for code, naam in (("nabij-wonen", kwaad), ("kwintes", "+31 Zorg")):
            r = api.as_("beter-wonen").patch(f"/v1/organisaties/{namen[code][0]}", {"naam": naam})
            assert r.status_code == 200, r.text
        _check_exports(api, w)
    finally:  # organisations outlive a test: put the names back
        for code in ("nabij-wonen", "kwintes"):
            api.as_("beter-wonen").patch(
                f"/v1/organisaties/{namen[code][0]}", {"naam": namen[code][1]}
            )


def _check_exports(api: Any, w: dict[str, str]) -> None:
    import openpyxl

    from service.clock import vandaag

    today = vandaag()
    exports = [
        ("nabij-wonen", f"/v1/maandrapportages?jaar={today.year}&maand={today.month}"),
        ("beter-wonen", f"/v1/contingentgebruik?jaar={today.year}"),
        ("beter-wonen", f"/v1/verdelingen/{w['V1']}"),
    ]
    for org, path in exports:
        sep = "&" if "?" in path else "?"
        csv = api.as_(org).get(f"{path}{sep}formaat=csv")
        assert csv.status_code == 200, (path, csv.text)
        tekst = csv.content.decode("utf-8-sig")
        for regel in tekst.splitlines():
            for cel in regel.split(";"):
                assert not cel.strip('"').startswith(("=", "+", "-", "@")), (path, cel)
        xlsx = api.as_(org).get(f"{path}{sep}formaat=xlsx")
        boek = openpyxl.load_workbook(io.BytesIO(xlsx.content))
        for blad in boek.worksheets:
            for rij in blad.iter_rows():
                assert all(c.data_type != "f" for c in rij), (path, [c.value for c in rij])
    assert "'=HYPERLINK" in api.as_("nabij-wonen").get(exports[0][1] + "&formaat=csv").text


def test_import_template_cells_are_text(api):
    import openpyxl

    r = api.as_(BEMIDDELAAR).get("/v1/kandidaatimports/sjabloon")
    boek = openpyxl.load_workbook(io.BytesIO(r.content))
    assert all(c.data_type != "f" for b in boek.worksheets for rij in b.iter_rows() for c in rij)


def test_key_check_never_takes_the_write_lock(app, api, keys):
    """Before (SQLite): a POST's key check began the write transaction, so with a long writer
    busy even a refused request waited for the lock (30 s, then 503)."""
    if not is_sqlite(app.state.engine):
        pytest.skip("the write lock is SQLite's")
    with app.state.engine.connect() as conn:
        conn.exec_driver_sql("SELECT 1")  # BEGIN IMMEDIATE: hold the write lock
        start = time.monotonic()
        r = api.as_("kwintes").post("/v1/woningen", woning_body())
        assert r.status_code == 403
        assert time.monotonic() - start < 15  # before: a minute or more of parsing
        conn.rollback()


def test_key_use_is_recorded(app, api, keys):
    api.as_("woongroen").get("/v1/regio")
    prefix = keys["woongroen"].split("_")[1]
    with Session(app.state.engine) as s:
        row = s.exec(select(ApiSleutel).where(ApiSleutel.prefix == prefix)).one()
        assert row.laatst_gebruikt_op is not None


def test_other_clients_keep_writing_while_an_upload_is_parsed(app, api, monkeypatch):
    """Before: the upload was parsed inside the write transaction (SQLite: holding the write
    lock), so every other write waited, then failed with 503. Latency: benchmarks/."""
    from service.importeren import actions

    bezig, klaar = threading.Event(), threading.Event()
    echte = actions.controleer

    def langzaam(*args: Any, **kwargs: Any) -> Any:
        bezig.set()
        klaar.wait(20)
        return echte(*args, **kwargs)

    monkeypatch.setattr(actions, "controleer", langzaam)
    regels = "\n".join(
        f"kwintes;Voor{i};Achter;1990-01-01;beschermd-thuis;2025-01-01;Zeist;1;0;20000;nee;nee;;1;ja;ja;;;"
        for i in range(20)
    )
    antwoord: dict[str, Any] = {}

    def upload() -> None:
        antwoord["r"] = _upload(
            api, BEMIDDELAAR, "/v1/kandidaatimports", "lijst.csv", f"{_kop()}\n{regels}".encode()
        )

    t = threading.Thread(target=upload)
    t.start()
    try:
        assert bezig.wait(10), "upload did not start"
        start = time.monotonic()
        result: dict[str, Any] = {}
        w = threading.Thread(
            target=lambda: result.update(
                r=api.as_("nabij-wonen").post("/v1/woningen", woning_body())
            )
        )
        w.start()
        w.join(8)
        assert "r" in result, "a write waited for the upload's parse"
        assert result["r"].status_code == 201
        assert time.monotonic() - start < 8
    finally:
        klaar.set()
        t.join(30)
    assert antwoord["r"].status_code in (201, 400), antwoord["r"].text


@pytest.mark.parametrize(
    "veld",
    [
        {"aanmelddatum": "2000-01-01"},  # the start of the waiting time (fair: issue 10)
        {"aangemaaktOp": "2000-01-01T00:00:00Z"},  # the tie-break after aanmelddatum
        {"inPool": True},
        {"rangklasse": 0},
        {"status": "wachtend"},  # status only through statuswijzigingen, with its rules
    ],
)
def test_no_other_field_moves_a_kandidaat_up_the_list(api, registreer, veld):
    """API6 (business flow): the order of the waiting list is (first choice, aanmelddatum,
    registration moment). Besides the aanmelddatum rules of issue 10, no field a zorgaanbieder
    or the bemiddelaar may send reaches that order: unknown fields are refused (400)."""
    eerste = registreer(aanmelddatum=(vandaag() - timedelta(days=300)).isoformat())
    tweede = registreer(aanmelddatum=(vandaag() - timedelta(days=10)).isoformat())
    for org in ("kwintes", BEMIDDELAAR):
        r = api.as_(org).patch(f"/v1/kandidaten/{tweede['id']}", veld)
        assert r.status_code in (400, 403), (org, veld, r.status_code)
    lijst = api.as_(BEMIDDELAAR).get("/v1/kandidaten").json()["resultaten"]
    assert [k["id"] for k in lijst] == [eerste["id"], tweede["id"]]


def test_pausing_and_resuming_does_not_reset_or_improve_the_place(api, registreer):
    eerste = registreer(aanmelddatum=(vandaag() - timedelta(days=300)).isoformat())
    tweede = registreer(aanmelddatum=(vandaag() - timedelta(days=10)).isoformat())
    pad = f"/v1/kandidaten/{tweede['id']}/statuswijzigingen"
    assert api.as_("kwintes").post(pad, {"status": "gepauzeerd"}).status_code == 201
    assert api.as_("kwintes").post(pad, {"status": "wachtend"}).status_code == 201
    terug = api.as_("kwintes").get(f"/v1/kandidaten/{tweede['id']}").json()
    assert terug["aanmelddatum"] == tweede["aanmelddatum"]
    lijst = api.as_(BEMIDDELAAR).get("/v1/kandidaten").json()["resultaten"]
    assert [k["id"] for k in lijst] == [eerste["id"], tweede["id"]]
