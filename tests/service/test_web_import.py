"""The waiting-list import page (issue 12): upload, a dry run with the report per row and
column, then the import; the template downloads. Only the bemiddelaar."""

from __future__ import annotations

from tests.service.test_import import aantal_kandidaten
from tests.service.test_import import csv_bytes
from tests.service.test_import import rij
from tests.service.test_web_bemiddelaar_corporatie import HVH  # noqa: F401 (fixture)
from tests.service.test_web_bemiddelaar_corporatie import als  # noqa: F401 (fixture)


def stuur(p, data: bytes, stap: str, naam: str = "lijst.csv"):
    return p.client.post(
        "/werk/import",
        data={"csrf": p.csrf, "stap": stap},
        files={"bestand": (naam, data, "text/csv")},
        follow_redirects=False,
    )


def test_dry_run_report_then_import(app, als):  # noqa: F811
    hvh = als(HVH)
    pagina = hvh.get("/werk/import")
    assert pagina.status_code == 200 and 'href="/werk/import/sjabloon.xlsx"' in pagina.text
    sjabloon = hvh.get("/werk/import/sjabloon.csv")
    assert sjabloon.status_code == 200 and "voornaam" in sjabloon.text
    assert hvh.get("/werk/import/sjabloon.xlsx").content[:2] == b"PK"

    fout = csv_bytes([rij(), rij(voornaam="Kees", jaarinkomen="veel")])
    r = stuur(hvh, fout, "controleren")
    assert r.status_code == 400 and "rij 3, kolom jaarinkomen" in r.text
    assert "Er is niets ingelezen" in r.text and aantal_kandidaten(app) == 0

    goed = csv_bytes([rij(), rij(voornaam="Kees")])
    r = stuur(hvh, goed, "controleren")
    assert r.status_code == 200 and "Het bestand klopt: 2 kandidaten" in r.text
    assert aantal_kandidaten(app) == 0  # a dry run writes nothing
    r = stuur(hvh, goed, "inlezen")
    assert r.status_code == 303 and r.headers["location"] == "/werk/kandidaten"
    assert aantal_kandidaten(app) == 2
    assert "2 kandidaten zijn ingelezen" in hvh.get("/werk/kandidaten").text


def test_no_file_is_a_message_not_a_500(als):  # noqa: F811
    hvh = als(HVH)
    r = hvh.post("/werk/import", {"stap": "controleren"})
    assert r.status_code == 400 and "Kies een bestand" in r.text
    assert als("kwintes").get("/werk/import").status_code == 403
