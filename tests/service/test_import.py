"""Import of an existing waiting list from CSV or XLSX (issue 6 import).

Done when: "The import rejects a file with one bad row (report names row and column) and
accepts the corrected file."
"""

from __future__ import annotations

import io
from datetime import date
from datetime import timedelta
from typing import Any

import openpyxl
from sqlmodel import select

from service.bestanden.lezen import lees_xlsx
from service.clock import vandaag
from service.db import session_scope
from service.importeren.actions import KOLOMMEN
from service.models import Gebeurtenis
from service.models import Gemeentevoorkeur
from service.models import Kandidaat
from service.models.zoeknaam import zoeknamen
from tests.service.conftest import kandidaat_body

HVH = "het-vierde-huis"
PAD = "/v1/kandidaatimports"
KOP = [k for k, (verplicht, _, _) in KOLOMMEN.items() if verplicht]


def datum(dagen_geleden: int) -> str:
    return (vandaag() - timedelta(days=dagen_geleden)).isoformat()


def rij(**over: Any) -> dict[str, Any]:
    r: dict[str, Any] = {
        "zorgaanbieder": "kwintes",
        "voornaam": "Sanne",
        "achternaam": "de Vries",
        "geboortedatum": datum(30 * 365),
        "doelgroep": "beschermd-thuis",
        "aanmelddatum": datum(100),
        "gemeentevoorkeuren": "Zeist|De Bilt",
        "volwassenen": "1",
        "kinderen": "0",
        "jaarinkomen": "20000",
        "rolstoel": "nee",
        "trapvrij": "nee",
        "hoogste_verdieping": "",
        "minimum_kamers": "1",
        "gereed_verklaard": "ja",
        "begeleiding_akkoord": "ja",
        "casushouder_naam": "Piet Jansen",
        "casushouder_telefoon": "030 1234567",
        "casushouder_email": "piet@kwintes.example",
    }
    r.update(over)
    return r


def csv_bytes(
    rijen: list[dict[str, Any]], *, sep: str = ";", kop: list[str] | None = None, bom: bool = True
) -> bytes:
    kop = kop or KOP
    regels = [sep.join(kop)] + [sep.join(str(r.get(k, "")) for k in kop) for r in rijen]
    return ("\ufeff" if bom else "").encode() + "\r\n".join(regels).encode()


def upload(
    api: Any,
    data: bytes,
    naam: str = "lijst.csv",
    *,
    org: str = HVH,
    proefrun: bool | None = None,
) -> Any:
    soort = "text/csv" if naam.endswith(".csv") else "application/octet-stream"
    return api.client.post(
        PAD + ("" if proefrun is None else f"?proefrun={str(proefrun).lower()}"),
        files={"bestand": (naam, data, soort)},
        headers={"X-Api-Key": api.keys[org]},
    )


def namen(r: Any) -> list[str]:
    return [p["name"] for p in r.json()["invalidParams"]]


def aantal_kandidaten(app: Any) -> int:
    with session_scope(app.state.engine, app.state.regio) as s:
        return len(s.exec(select(Kandidaat.id)).all())


def test_valid_csv_imports_in_one_go_visible_in_the_list_and_proposed(app, api, meld):
    rijen = [
        rij(voornaam="Anna", aanmelddatum=datum(400), gemeentevoorkeuren="De Bilt|Zeist"),
        rij(voornaam="Bram", aanmelddatum=datum(300), gemeentevoorkeuren="Zeist|Bunnik|De Bilt"),
        rij(voornaam="Cor", doelgroep="living-lab", aanmelddatum=datum(500)),  # maatwerk
        rij(voornaam="Dirk", gereed_verklaard="nee", aanmelddatum=datum(600)),  # not ready
        rij(voornaam="Eva", zorgaanbieder="leger-des-heils", aanmelddatum=datum(200)),
    ]
    r = upload(api, csv_bytes(rijen))
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["proefrun"] is False and body["aantal"] == 5 and body["inPool"] == 3
    assert body["perZorgaanbieder"] == {"kwintes": 4, "leger-des-heils": 1}
    assert body["bestand"] == "lijst.csv"

    lijst = api.as_(HVH).get("/v1/kandidaten").json()["resultaten"]
    per_naam = {k["voornaam"]: k for k in lijst}
    assert set(per_naam) == {"Anna", "Bram", "Cor", "Dirk", "Eva"}
    assert per_naam["Bram"]["gemeentevoorkeuren"] == ["Zeist", "Bunnik", "De Bilt"]
    assert per_naam["Anna"]["gemeentevoorkeuren"] == ["De Bilt", "Zeist"]
    assert per_naam["Cor"]["route"] == "maatwerk"
    assert per_naam["Eva"]["zorgaanbieder"]["naam"] == "Leger des Heils"
    assert per_naam["Eva"]["casushouder"]["organisatie"] == "Leger des Heils"
    assert per_naam["Bram"]["casushouder"]["rol"].startswith("aanbieder beschermd wonen")
    # a zorgaanbieder sees its own imported kandidaten only
    eigen = api.as_("kwintes").get("/v1/kandidaten").json()["resultaten"]
    assert {k["voornaam"] for k in eigen} == {"Anna", "Bram", "Cor", "Dirk"}

    with session_scope(app.state.engine, app.state.regio) as s:
        gv = s.exec(select(Gemeentevoorkeur, Kandidaat.voornaam).join(Kandidaat)).all()
        pool = {(naam, g.gemeente): (g.rangorde, g.rangklasse, g.in_pool) for g, naam in gv}
        events = s.exec(select(Gebeurtenis).where(Gebeurtenis.objecttype == "kandidaat")).all()
    assert pool[("Bram", "Zeist")] == (1, 0, True)
    assert pool[("Bram", "De Bilt")] == (3, 1, True)
    assert pool[("Cor", "Zeist")][2] is False and pool[("Dirk", "Zeist")][2] is False
    # one audit event for the whole file, none per row
    assert [e.actie for e in events] == ["kandidaten-geimporteerd"]
    assert events[0].na["aantal"] == 5 and events[0].na["bestand"] == "lijst.csv"

    # a new woning in Zeist proposes the imported kandidaten: first choice first (MATCH-K1),
    # then the longest waiting; Cor (maatwerk) and Dirk (not ready) are not in the pool
    vd = api.as_(HVH).get(f"/v1/voordrachten/{meld()['voordrachtId']}").json()
    ids = {k["voornaam"]: k["id"] for k in lijst}
    assert [p["kandidaatId"] for p in vd["plekken"]] == [ids["Bram"], ids["Eva"], ids["Anna"]]


def test_match_k3_rows_of_one_date_are_numbered_and_proposed_in_file_order(app, api, meld):
    """MATCH-K3: rows with the same aanmelddatum are registered in file order; that order breaks
    the tie in the voordracht, whatever the names, ids or the moment say."""
    volgorde = ["Zoe", "Anna", "Mo", "Bea"]
    rijen = [rij(voornaam=n, aanmelddatum=datum(50), gemeentevoorkeuren="Zeist") for n in volgorde]
    r = upload(api, csv_bytes(rijen))
    assert r.status_code == 201, r.text
    with session_scope(app.state.engine, app.state.regio) as s:
        genummerd = s.exec(select(Kandidaat.voornaam).order_by(Kandidaat.volgnummer)).all()
        kopie = {
            kid: v
            for kid, v in s.exec(select(Gemeentevoorkeur.kandidaat_id, Gemeentevoorkeur.volgnummer))
        }
        eigen = dict(s.exec(select(Kandidaat.id, Kandidaat.volgnummer)).all())
        ids = dict(s.exec(select(Kandidaat.voornaam, Kandidaat.id)).all())
    assert list(genummerd) == volgorde
    assert kopie == eigen
    vd = api.as_(HVH).get(f"/v1/voordrachten/{meld()['voordrachtId']}").json()
    assert [p["kandidaatId"] for p in vd["plekken"]] == [str(ids[n]) for n in volgorde[:3]]


def test_imported_rows_equal_what_the_api_stores(app, api, registreer):
    """Same columns as create_kandidaat / _write_voorkeuren, apart from id, name and moments."""
    b = kandidaat_body(
        doelgroep="uitstroom-zvw",
        gemeentevoorkeuren=["De Bilt", "Zeist", "Bunnik"],
        huishouden={"volwassenen": 2, "kinderen": 1},
        behoeften={"rolstoel": True, "trapvrij": True, "hoogsteVerdieping": 2, "minimumKamers": 2},
    )
    via_api = registreer(**b)["id"]
    r = upload(
        api,
        csv_bytes(
            [
                rij(
                    voornaam="Sanna",
                    geboortedatum=b["geboortedatum"],
                    aanmelddatum=b["aanmelddatum"],
                    doelgroep="uitstroom-zvw",
                    gemeentevoorkeuren="De Bilt|Zeist|Bunnik",
                    volwassenen="2",
                    kinderen="1",
                    rolstoel="ja",
                    trapvrij="ja",
                    hoogste_verdieping="2",
                    minimum_kamers="2",
                )
            ]
        ),
    )
    assert r.status_code == 201, r.text
    with session_scope(app.state.engine, app.state.regio) as s:
        ks = {str(k.id) == via_api: k for k in s.exec(select(Kandidaat)).all()}
        gvs = {
            str(kid) == via_api: rows
            for kid in (ks[True].id, ks[False].id)
            for rows in [
                s.exec(
                    select(Gemeentevoorkeur)
                    .where(Gemeentevoorkeur.kandidaat_id == kid)
                    .order_by(Gemeentevoorkeur.rangorde)
                ).all()
            ]
        }
    # the import is itself the documented origin of its dates; it has no origin columns
    skip = {
        "id",
        "voornaam",
        "volgnummer",
        "aangemaakt_op",
        "gewijzigd_op",
        "aanmelddatum_herkomst",
    }
    skip |= {"aanmelddatum_herkomst_datum", "aanmelddatum_herkomst_toelichting"}
    api_k, imp_k = ks[True].model_dump(), ks[False].model_dump()
    # the name search columns follow each name, also in the bulk insert (the column default)
    for k in (api_k, imp_k):
        assert (k["zoeknaam"], k["zoekachternaam"]) == zoeknamen(k["voornaam"], k["achternaam"])
    skip |= {"zoeknaam", "zoekachternaam"}
    assert {k: v for k, v in imp_k.items() if k not in skip} == {
        k: v for k, v in api_k.items() if k not in skip
    }
    skip_gv = {"kandidaat_id", "volgnummer"}
    assert [{k: v for k, v in g.model_dump().items() if k not in skip_gv} for g in gvs[False]] == [
        {k: v for k, v in g.model_dump().items() if k not in skip_gv} for g in gvs[True]
    ]


def test_xlsx_from_the_template_imports(app, api):
    r = api.as_(HVH).get(f"{PAD}/sjabloon?formaat=xlsx")
    assert r.status_code == 200, r.text
    boek = openpyxl.load_workbook(io.BytesIO(r.content))
    assert boek.sheetnames == ["kandidaten", "toelichting"]
    blad = boek["kandidaten"]
    kop = [c.value for c in blad[1]]
    assert kop == list(KOLOMMEN)
    geboren = vandaag() - timedelta(days=40 * 365)
    # typed cells as a spreadsheet user makes them: dates, numbers, a Dutch date as text
    blad.append(
        [
            "kwintes",
            "Fleur",
            "Bakker",
            geboren,
            "ambulante-begeleiding",
            (vandaag() - timedelta(days=50)).strftime("%d-%m-%Y"),
            "Zeist",
            1,
            2,
            18000,
            "nee",
            "ja",
            None,
            2,
            "ja",
            "ja",
            None,
            None,
            None,
            None,
            None,
        ]
    )
    uit = io.BytesIO()
    boek.save(uit)
    r = upload(api, uit.getvalue(), "wachtlijst.xlsx")
    assert r.status_code == 201, r.text
    [k] = api.as_(HVH).get("/v1/kandidaten").json()["resultaten"]
    assert k["geboortedatum"] == geboren.isoformat()
    assert k["wachttijdDagen"] == 50
    assert k["huishouden"] == {"volwassenen": 1, "kinderen": 2}
    assert k["behoeften"]["trapvrij"] is True and k["behoeften"]["minimumKamers"] == 2


def test_one_bad_row_rejects_the_file_and_the_corrected_file_is_accepted(app, api):
    """issue 6 import, Done when: report names row and column; corrected file accepted."""
    rijen = [rij(voornaam="Anna"), rij(voornaam="Bram", jaarinkomen="veel"), rij(voornaam="Cor")]
    r = upload(api, csv_bytes(rijen))
    assert r.status_code == 400, r.text
    assert r.headers["content-type"] == "application/problem+json"
    assert r.json()["invalidParams"] == [
        {
            "name": "rij 3, kolom jaarinkomen",
            "code": "int_parsing",
            "reason": "Moet een geheel getal zijn.",
        }
    ]
    assert r.json()["detail"].startswith("1 rij bevat fouten; er is niets ingelezen.")
    assert aantal_kandidaten(app) == 0

    rijen[1]["jaarinkomen"] = "21000"
    r = upload(api, csv_bytes(rijen))
    assert r.status_code == 201, r.text
    assert r.json()["aantal"] == 3 and aantal_kandidaten(app) == 3


def test_every_problem_of_every_row_is_reported_in_dutch(app, api):
    rijen = [
        rij(voornaam="Anna"),  # row 2: fine
        rij(voornaam="", gemeentevoorkeuren="Zeist|Utrecht", volwassenen="0"),  # row 3
        rij(voornaam="Bram", geboortedatum="31-02-1990", aanmelddatum=datum(-5)),  # row 4
        rij(voornaam="Cor", zorgaanbieder="onbekend-thuis", rolstoel="misschien"),  # row 5
        rij(voornaam="Dirk", zorgaanbieder="nabij-wonen", casushouder_email="geen-adres"),  # 6
        rij(voornaam="Anna"),  # row 7: the same kandidaat as row 2
        rij(voornaam="Eva", doelgroep="iedereen", gereed_verklaard=""),  # row 8
    ]
    r = upload(api, csv_bytes(rijen))
    assert r.status_code == 400, r.text
    problemen = {p["name"]: p for p in r.json()["invalidParams"]}
    assert list(problemen) == namen(r)  # one entry per row and column, in row order
    assert set(problemen) == {
        "rij 3, kolom voornaam",
        "rij 3, kolom gemeentevoorkeuren",
        "rij 3, kolom volwassenen",
        "rij 4, kolom geboortedatum",
        "rij 4, kolom aanmelddatum",
        "rij 5, kolom zorgaanbieder",
        "rij 5, kolom rolstoel",
        "rij 6, kolom zorgaanbieder",
        "rij 6, kolom casushouder_email",
        "rij 7",
        "rij 8, kolom doelgroep",
        "rij 8, kolom gereed_verklaard",
    }
    reden = {k: p["reason"] for k, p in problemen.items()}
    assert reden["rij 3, kolom voornaam"] == "Vul de voornaam in."
    assert reden["rij 3, kolom gemeentevoorkeuren"].startswith("Onbekende gemeente: Utrecht.")
    assert reden["rij 3, kolom volwassenen"] == "Moet minstens 1 zijn."
    assert reden["rij 4, kolom geboortedatum"] == "De datum 31-02-1990 bestaat niet."
    assert reden["rij 4, kolom aanmelddatum"] == "Moet vandaag of eerder zijn."
    assert reden["rij 5, kolom zorgaanbieder"].startswith("Onbekende organisatie 'onbekend-thuis'.")
    assert reden["rij 5, kolom rolstoel"] == "Vul ja of nee in, niet 'misschien'."
    assert reden["rij 6, kolom zorgaanbieder"].startswith("Nabij Wonen is geen zorgaanbieder")
    assert reden["rij 6, kolom casushouder_email"].startswith("Vul een geldig e-mailadres in")
    assert reden["rij 7"].startswith("Dezelfde kandidaat als rij 2")
    assert reden["rij 8, kolom doelgroep"].startswith("Onbekende doelgroep 'iedereen'.")
    assert reden["rij 8, kolom gereed_verklaard"] == "Vul ja of nee in."
    assert r.json()["detail"].startswith("6 rijen bevatten fouten; er is niets ingelezen.")
    assert aantal_kandidaten(app) == 0


def test_dry_run_shows_what_would_happen_and_writes_nothing(app, api):
    rijen = [rij(voornaam=f"Naam{i}") for i in range(7)] + [
        rij(voornaam="Lotte", zorgaanbieder="Leger des Heils")  # the name works too
    ]
    r = upload(api, csv_bytes(rijen), proefrun=True)
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["proefrun"] is True and body["aantal"] == 8
    assert body["perZorgaanbieder"] == {"kwintes": 7, "leger-des-heils": 1}
    assert [v["rij"] for v in body["voorbeeld"]] == [2, 3, 4, 5, 6]
    eerste = body["voorbeeld"][0]
    assert eerste["voornaam"] == "Naam0" and eerste["gemeentevoorkeuren"] == ["Zeist", "De Bilt"]
    assert eerste["status"] == "wachtend" and eerste["inPool"] is True
    assert eerste["casushouder"]["organisatie"] == "Kwintes"
    assert aantal_kandidaten(app) == 0
    with session_scope(app.state.engine, app.state.regio) as s:
        assert s.exec(select(Gebeurtenis).where(Gebeurtenis.objecttype == "kandidaat")).all() == []
    # a dry run of a bad file gives the same report as the real thing
    rijen[3]["jaarinkomen"] = "-1"
    r = upload(api, csv_bytes(rijen), proefrun=True)
    assert r.status_code == 400 and namen(r) == ["rij 5, kolom jaarinkomen"]


def test_comma_separated_without_bom_dutch_dates_and_loose_headers(app, api):
    kop = [k.replace("_", " ").capitalize() for k in KOP]  # "Hoogste verdieping", ...
    data = rij(
        geboortedatum="17-05-1994", gemeentevoorkeuren="zeist | de bilt", casushouder_email=""
    )
    body = csv_bytes(
        [{k.replace("_", " ").capitalize(): v for k, v in data.items()}],
        sep=",",
        kop=kop,
        bom=False,
    )
    r = upload(api, body)
    assert r.status_code == 201, r.text
    [k] = api.as_(HVH).get("/v1/kandidaten").json()["resultaten"]
    assert k["geboortedatum"] == "1994-05-17"
    assert k["gemeentevoorkeuren"] == ["Zeist", "De Bilt"]
    assert k["casushouder"]["email"] is None


def test_unknown_and_missing_columns_reject_the_file(app, api):
    kop = [("jaarinkomst" if k == "jaarinkomen" else k) for k in KOP if k != "doelgroep"]
    kop.append("opmerking")
    r = upload(api, csv_bytes([rij()], kop=kop))
    assert r.status_code == 400, r.text
    problemen = {p["name"]: (p["code"], p["reason"]) for p in r.json()["invalidParams"]}
    assert problemen["kolom jaarinkomst"][0] == "kolom-onbekend"
    assert "Bedoelt u jaarinkomen?" in problemen["kolom jaarinkomst"][1]
    assert problemen["kolom opmerking"][0] == "kolom-onbekend"
    assert problemen["kolom doelgroep"] == ("kolom-ontbreekt", "Deze kolom ontbreekt.")
    assert problemen["kolom jaarinkomen"][0] == "kolom-ontbreekt"
    assert r.json()["detail"] == "4 kolommen kloppen niet; er is niets ingelezen."
    assert aantal_kandidaten(app) == 0


def test_files_that_cannot_be_read(app, api):
    r = upload(api, b"")
    assert r.status_code == 400 and r.json()["invalidParams"][0]["code"] == "leeg"
    r = upload(api, csv_bytes([]))  # only the header
    assert r.status_code == 400 and r.json()["invalidParams"][0]["code"] == "leeg"
    r = upload(api, csv_bytes([rij(achternaam="Müller")], bom=False).decode().encode("latin-1"))
    assert r.status_code == 400 and r.json()["invalidParams"][0]["code"] == "codering"
    r = upload(api, b"PK\x03\x04 niet echt", "lijst.xlsx")
    assert r.status_code == 400 and r.json()["invalidParams"][0]["name"] == "bestand"
    r = upload(api, csv_bytes([rij()]), "lijst.txt")
    assert r.status_code == 400 and r.json()["invalidParams"][0]["code"] == "bestandstype"
    assert aantal_kandidaten(app) == 0


def test_the_same_list_twice_adds_nobody_twice(app, api):
    rijen = [rij(voornaam="Anna"), rij(voornaam="Bram")]
    assert upload(api, csv_bytes(rijen)).status_code == 201
    r = upload(api, csv_bytes([*rijen, rij(voornaam="Cor")]))
    assert r.status_code == 400, r.text
    assert namen(r) == ["rij 2", "rij 3"]
    assert {p["code"] for p in r.json()["invalidParams"]} == {"bestaat-al"}
    assert aantal_kandidaten(app) == 2


def test_csv_template_is_the_header(api):
    r = api.as_(HVH).get(f"{PAD}/sjabloon?formaat=csv")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    assert r.content.decode("utf-8-sig").strip() == ";".join(KOLOMMEN)
    r = upload(api, r.content, "sjabloon.csv")
    assert r.status_code == 400 and r.json()["invalidParams"][0]["code"] == "leeg"


def test_only_the_bemiddelaar_imports(app, api):
    for org in ("nabij-wonen", "kwintes", "beter-wonen"):
        r = upload(api, csv_bytes([rij()]), org=org)
        assert r.status_code == 403, (org, r.text)
        assert api.as_(org).get(f"{PAD}/sjabloon").status_code == 403
    r = api.client.post(PAD, files={"bestand": ("lijst.csv", csv_bytes([rij()]), "text/csv")})
    assert r.status_code == 401
    assert aantal_kandidaten(app) == 0


def test_xlsx_reader_numbers_cells_from_a1_like_the_spreadsheet():
    """The XLSX reader (python-calamine) gives cells from A1 even when the sheet's first used
    cell is B2, so row and column references in the error report match what a person sees."""
    boek = openpyxl.Workbook()
    boek.active.title = "eerst"
    blad = boek.create_sheet(" Kandidaten ")
    blad["B2"], blad["C2"] = "voornaam", "geboortedatum"
    blad["B3"], blad["C3"], blad["D3"], blad["E3"] = " Jan ", date(1990, 1, 2), 3.0, False
    uit = io.BytesIO()
    boek.save(uit)
    tabel = lees_xlsx(uit.getvalue(), blad="kandidaten")
    assert tabel.kop == ["", "", "", "", ""]
    assert list(tabel.rijen) == [
        (2, ["", "voornaam", "geboortedatum", "", ""]),
        (3, ["", "Jan", "1990-01-02", "3", "nee"]),
    ]
