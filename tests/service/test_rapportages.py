"""ZOU-M1: corporaties report all placements monthly (also those made outside woonroute), and the
region reads figures: waiting time, time to placement, first choice, declines, contingent."""

from __future__ import annotations

import io

import pandas as pd

from tests.service.conftest import days_ago
from tests.service.world import approve
from tests.service.world import plaats_via_voordracht
from tests.service.world import plek_of

HVH = "het-vierde-huis"
RB = "beter-wonen"
VANDAAG = days_ago(0)
JAAR, MAAND = int(VANDAAG[:4]), int(VANDAAG[5:7])
MAANDRAPPORT = {"jaar": JAAR, "maand": MAAND}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def org_ids(api):
    orgs = api.as_(HVH).get("/v1/organisaties", params={"paginaGrootte": 100}).json()["resultaten"]
    return {o["code"]: o["id"] for o in orgs}


def plaats(api, registreer, meld, *, org="kwintes", corp="nabij-wonen", wacht=300, **kandidaat):
    """A kandidaat registered ``wacht`` days ago, placed today in a new woning in Zeist."""
    r = plaats_via_voordracht(
        api,
        registreer,
        meld,
        org=org,
        corp=corp,
        wacht=wacht,
        contractdatum=VANDAAG,
        **kandidaat,
    )
    assert r.status_code == 201, r.text
    return r.json()


def extern(api, corp="nabij-wonen", **overrides):
    body = {
        "gemeente": "De Bilt",
        "contractdatum": VANDAAG,
        "contractvorm": "2-partijenovereenkomst",
        **overrides,
    }
    r = api.as_(corp).post("/v1/externe-plaatsingen", body)
    assert r.status_code == 201, r.text
    return r.json()


def upload(api, inhoud: bytes, naam: str, corp="nabij-wonen", soort="text/csv"):
    return api.as_(corp).post(
        "/v1/externe-plaatsingen/upload", files={"bestand": (naam, inhoud, soort)}
    )


# --- externe plaatsingen ----------------------------------------------------------------------


def test_zou_m1_corporatie_reports_placement_outside_woonroute_audited(api):
    ids = org_ids(api)
    e = extern(api, zorgaanbiederId=ids["lister"], binnenContingent=True, omschrijving="Maatwerk")
    assert (e["corporatie"], e["zorgaanbieder"], e["gemeente"], e["binnenContingent"]) == (
        "Nabij Wonen",
        "Lister",
        "De Bilt",
        True,
    )
    assert e["corporatieId"] == ids["nabij-wonen"]  # always for the caller's own organisation
    extern(api, "woongroen")
    own = api.as_("nabij-wonen").get("/v1/externe-plaatsingen").json()
    assert [x["id"] for x in own["resultaten"]] == [e["id"]] and own["totaal"] == 1
    assert api.as_(HVH).get("/v1/externe-plaatsingen").json()["totaal"] == 2
    only = api.as_(RB).get("/v1/externe-plaatsingen", params={"corporatieId": ids["woongroen"]})
    assert [x["corporatie"] for x in only.json()["resultaten"]] == ["Woongroen"]
    events = (
        api.as_(RB).get("/v1/gebeurtenissen", params={"objectId": e["id"]}).json()["resultaten"]
    )
    assert [x["actie"] for x in events] == ["externe-plaatsing-gemeld"]


def test_external_placement_refuses_unknown_gemeente_and_non_provider_in_dutch(api):
    ids = org_ids(api)
    body = {"gemeente": "Amsterdam", "contractdatum": VANDAAG, "contractvorm": "x"}
    r = api.as_("nabij-wonen").post("/v1/externe-plaatsingen", body)
    assert r.status_code == 400
    fouten = {f["name"]: f["reason"] for f in r.json()["invalidParams"]}
    assert set(fouten) == {"gemeente", "contractvorm"}
    assert "Amsterdam is geen gemeente" in fouten["gemeente"]
    body = {
        "gemeente": "Zeist",
        "contractdatum": VANDAAG,
        "contractvorm": "intermediaire-verhuur",
        "zorgaanbiederId": ids["woongroen"],
    }
    r = api.as_("nabij-wonen").post("/v1/externe-plaatsingen", body)
    assert r.status_code == 400 and r.json()["invalidParams"][0]["name"] == "zorgaanbiederId"
    assert api.as_(HVH).get("/v1/externe-plaatsingen").json()["totaal"] == 0


CSV_FOUT = (
    "gemeente;contractdatum;contractvorm;zorgaanbieder;binnen_contingent;omschrijving\n"
    f"Zeist;{VANDAAG};3-partijenovereenkomst;kwintes;ja;Maatwerk via gemeente\n"
    "De Bilt;31-02-2026;2-partijenovereenkomst;;nee;\n"
    f"Bunnik;{VANDAAG};intermediaire-verhuur;lister;nee;\n"
)


def test_zou_m1_upload_with_one_bad_row_names_row_and_column_and_writes_nothing(api):
    r = upload(api, CSV_FOUT.encode(), "plaatsingen.csv")
    assert r.status_code == 400, r.text
    body = r.json()
    assert body["invalidParams"] == [
        {
            "name": "rij 3, kolom contractdatum",
            "code": "ongeldig",
            "reason": "'31-02-2026' is geen datum. Schrijf de datum als JJJJ-MM-DD of DD-MM-JJJJ.",
        }
    ]
    assert "niets toegevoegd" in body["detail"] and "kopregel is rij 1" in body["detail"]
    assert api.as_(HVH).get("/v1/externe-plaatsingen").json()["totaal"] == 0
    events = api.as_(RB).get("/v1/gebeurtenissen", params={"actie": "externe-plaatsingen-geupload"})
    assert events.json()["resultaten"] == []


def test_zou_m1_corrected_upload_is_added_in_one_go_and_audited_once(api):
    goed = CSV_FOUT.replace("31-02-2026", "28-02-2026").encode("utf-8-sig")
    headers = {"X-Api-Key": api.keys["nabij-wonen"], "Idempotency-Key": "maandlijst-1"}
    files = {"bestand": ("plaatsingen.csv", goed, "text/csv")}
    r = api.client.post("/v1/externe-plaatsingen/upload", files=files, headers=headers)
    assert r.status_code == 201, r.text
    again = api.client.post("/v1/externe-plaatsingen/upload", files=files, headers=headers)
    assert again.headers.get("Idempotent-Replayed") == "true" and again.json() == r.json()
    result = r.json()
    assert result["aantal"] == 3
    eerste = result["plaatsingen"][0]
    assert (eerste["zorgaanbieder"], eerste["binnenContingent"], eerste["contractvorm"]) == (
        "Kwintes",
        True,
        "3-partijenovereenkomst",
    )
    assert result["plaatsingen"][1]["contractdatum"] == "2026-02-28"
    assert api.as_("nabij-wonen").get("/v1/externe-plaatsingen").json()["totaal"] == 3
    events = (
        api.as_(RB)
        .get("/v1/gebeurtenissen", params={"actie": "externe-plaatsingen-geupload"})
        .json()["resultaten"]
    )
    assert len(events) == 1 and events[0]["na"]["aantal"] == 3


def test_upload_reports_every_problem_and_refuses_personal_columns(api):
    df = pd.DataFrame(
        {
            "Gemeente": ["Zeist", "Utrecht"],
            "Contractdatum": [pd.Timestamp(VANDAAG), "gisteren"],
            "Contractvorm": ["huur", "2-partijenovereenkomst"],
            "Binnen contingent": ["ja", "misschien"],
        }
    )
    buffer = io.BytesIO()
    df.to_excel(buffer, index=False)
    r = upload(api, buffer.getvalue(), "lijst.xlsx", soort=XLSX)
    assert r.status_code == 400
    assert [f["name"] for f in r.json()["invalidParams"]] == [
        "rij 2, kolom contractvorm",
        "rij 3, kolom gemeente",
        "rij 3, kolom contractdatum",
        "rij 3, kolom binnen_contingent",
    ]
    r = upload(api, b"gemeente;contractdatum;contractvorm;naam\nZeist;2026-01-05;x;Jan\n", "a.csv")
    assert r.status_code == 400
    [fout] = r.json()["invalidParams"]
    assert fout["name"] == "kolom naam" and "persoonsgegevens" in fout["reason"]
    r = api.as_("nabij-wonen").post("/v1/externe-plaatsingen/upload")  # no file at all
    assert r.status_code == 400 and r.json()["invalidParams"][0]["name"] == "bestand"
    r = upload(api, b"gemeente;contractdatum;contractvorm\n", "leeg.csv")
    assert r.status_code == 400 and "geen plaatsingen" in r.json()["detail"]
    r = upload(api, b"%PDF-1.4", "lijst.pdf", soort="application/pdf")
    assert r.status_code == 400 and r.json()["invalidParams"][0]["name"] == "bestand"
    assert api.as_(HVH).get("/v1/externe-plaatsingen").json()["totaal"] == 0


def test_xlsx_upload_with_excel_dates_is_accepted(api):
    df = pd.DataFrame(
        {
            "gemeente": ["zeist"],
            "contractdatum": [pd.Timestamp(VANDAAG)],
            "contractvorm": ["3-partijenovereenkomst"],
            "zorgaanbieder": ["Lister"],
        }
    )
    buffer = io.BytesIO()
    df.to_excel(buffer, index=False)
    r = upload(api, buffer.getvalue(), "lijst.xlsx", soort=XLSX)
    assert r.status_code == 201, r.text
    [p] = r.json()["plaatsingen"]
    assert (p["gemeente"], p["contractdatum"], p["zorgaanbieder"], p["binnenContingent"]) == (
        "Zeist",
        VANDAAG,
        "Lister",
        False,
    )


# --- maandrapportage --------------------------------------------------------------------------


def _maand(api, registreer, meld):
    ids = org_ids(api)
    plaats(api, registreer, meld)  # nabij-wonen, kwintes, omgekeerde plaatsing
    extern(api, zorgaanbiederId=ids["lister"])  # nabij-wonen, extern
    extern(api, "woongroen", gemeente="Bunnik")
    extern(api, contractdatum=f"{JAAR - 1}-01-15")  # another month: not in the report
    return ids


def test_zou_m1_month_report_holds_woonroute_and_external_placements_without_names(
    api, registreer, meld
):
    _maand(api, registreer, meld)
    r = api.as_("nabij-wonen").get("/v1/maandrapportages", params=MAANDRAPPORT)
    assert r.status_code == 200, r.text
    rapport = r.json()
    assert (rapport["corporatie"], rapport["jaar"], rapport["maand"], rapport["aantal"]) == (
        "Nabij Wonen",
        JAAR,
        MAAND,
        2,
    )
    rijen = sorted(rapport["rijen"], key=lambda x: x["bron"])
    assert [(x["bron"], x["route"], x["gemeente"], x["zorgaanbieder"]) for x in rijen] == [
        ("extern", "maatwerk", "De Bilt", "Lister"),
        ("woonroute", "omgekeerde-plaatsing", "Zeist", "Kwintes"),
    ]
    assert rijen[1]["binnenContingent"] is True and rijen[1]["contractdatum"] == VANDAAG
    assert "Sanne" not in r.text and "Vries" not in r.text  # counts, not identities


def test_zou_m1_month_report_downloads_as_xlsx_and_opens_with_pandas(api, registreer, meld):
    _maand(api, registreer, meld)
    r = api.as_("nabij-wonen").get(
        "/v1/maandrapportages", params={**MAANDRAPPORT, "formaat": "xlsx"}
    )
    assert r.status_code == 200 and r.headers["content-type"] == XLSX
    assert (
        f"maandrapportage-nabij-wonen-{JAAR}-{MAAND:02d}.xlsx" in (r.headers["content-disposition"])
    )
    df = pd.read_excel(io.BytesIO(r.content), engine="calamine")
    assert list(df.columns) == [
        "Corporatie",
        "Contractdatum",
        "Gemeente",
        "Zorgaanbieder",
        "Route",
        "Contractvorm",
        "Binnen contingent",
        "Bron",
    ]
    assert len(df) == 2
    df = df.sort_values("Bron")
    assert list(df["Bron"]) == ["extern", "woonroute"]
    assert list(df["Route"]) == ["maatwerk", "omgekeerde-plaatsing"]
    assert list(df["Gemeente"]) == ["De Bilt", "Zeist"]
    assert list(df["Binnen contingent"]) == ["nee", "ja"]
    assert {str(d)[:10] for d in df["Contractdatum"]} == {VANDAAG}
    r = api.as_("nabij-wonen").get(
        "/v1/maandrapportages", params={**MAANDRAPPORT, "formaat": "csv"}
    )
    lines = r.content.decode("utf-8-sig").splitlines()
    assert lines[0].split(";")[:3] == ["Corporatie", "Contractdatum", "Gemeente"]
    assert len(lines) == 3


def test_month_report_is_own_for_a_corporatie_and_chosen_or_all_for_the_region(
    api, registreer, meld
):
    ids = _maand(api, registreer, meld)
    r = api.as_("nabij-wonen").get(
        "/v1/maandrapportages", params={**MAANDRAPPORT, "corporatieId": ids["woongroen"]}
    )
    assert r.status_code == 404  # another corporatie's report looks like an unknown one
    own = api.as_("woongroen").get("/v1/maandrapportages", params=MAANDRAPPORT).json()
    assert [x["gemeente"] for x in own["rijen"]] == ["Bunnik"]
    chosen = api.as_(HVH).get(
        "/v1/maandrapportages", params={**MAANDRAPPORT, "corporatieId": ids["woongroen"]}
    )
    assert chosen.json()["corporatie"] == "Woongroen" and chosen.json()["aantal"] == 1
    alle = api.as_(RB).get("/v1/maandrapportages", params=MAANDRAPPORT).json()
    assert alle["corporatie"] == "Alle corporaties" and alle["corporatieId"] is None
    assert alle["aantal"] == 3
    r = api.as_(HVH).get(
        "/v1/maandrapportages", params={**MAANDRAPPORT, "corporatieId": ids["kwintes"]}
    )
    assert r.status_code == 404  # not a corporatie
    r = api.as_(HVH).get("/v1/maandrapportages", params={"jaar": JAAR, "maand": 13})
    assert r.status_code == 400 and r.json()["invalidParams"][0]["name"] == "maand"


# --- regiocijfers -----------------------------------------------------------------------------


def test_regional_figures_hand_checked(api, registreer, meld):
    ids = org_ids(api)
    r = api.as_(RB).post(
        "/v1/toezeggingen", {"corporatieId": ids["nabij-wonen"], "jaar": JAAR, "aantal": 4}
    )
    assert r.status_code == 201
    # Kwintes: waited 300 days, placed in Zeist, its first choice (Nabij Wonen).
    plaats(api, registreer, meld, wacht=300)
    # Lister: waited 100 days, placed in Zeist while De Bilt was its first choice (Woongroen).
    plaats(
        api,
        registreer,
        meld,
        org="lister",
        corp="woongroen",
        wacht=100,
        gemeentevoorkeuren=["De Bilt", "Zeist"],
    )
    # Kwintes: declines an offer (locatie) and keeps waiting, 200 days now.
    k = registreer("kwintes", aanmelddatum=days_ago(200))["id"]
    vd = approve(api, meld("nabij-wonen")["voordrachtId"])
    a = (
        api.as_("nabij-wonen")
        .post(f"/v1/voordrachten/{vd['id']}/keuze", {"plekId": plek_of(vd, k), "reden": "x"})
        .json()
    )
    r = api.as_(HVH).post(
        f"/v1/aanbiedingen/{a['id']}/antwoord", {"besluit": "afwijzen", "reden": "locatie"}
    )
    assert r.status_code == 201, r.text
    registreer("lister", aanmelddatum=days_ago(30), gemeentevoorkeuren=["Bunnik"])
    extern(api)

    r = api.as_(HVH).get("/v1/regiocijfers", params={"jaar": JAAR})
    assert r.status_code == 200, r.text
    c = r.json()
    assert c["jaar"] == JAAR and c["peildatum"] == VANDAAG
    assert "Sanne" not in r.text and "Vries" not in r.text

    def verdeling(w):
        return {k["klasse"]: k["aantal"] for k in w["verdeling"]}

    wacht = c["wachttijd"]
    assert wacht["totaal"]["aantal"] == 2
    assert verdeling(wacht["totaal"]) == {"0-3": 1, "3-6": 0, "6-12": 1, "12-24": 0, "24+": 0}
    per_gemeente = {g["naam"]: verdeling(g) for g in wacht["perGemeente"]}
    assert per_gemeente["Bunnik"]["0-3"] == 1 and per_gemeente["Zeist"]["6-12"] == 1
    assert {g["naam"]: g["aantal"] for g in wacht["perZorgaanbieder"]} == {
        "Kwintes": 1,
        "Lister": 1,
    }

    tijd = c["tijdTotPlaatsing"]
    assert (
        tijd["totaal"]["aantal"],
        tijd["totaal"]["mediaanDagen"],
        tijd["totaal"]["p90Dagen"],
    ) == (2, 200.0, 280.0)
    assert {x["naam"]: x["mediaanDagen"] for x in tijd["perZorgaanbieder"]} == {
        "Kwintes": 300.0,
        "Lister": 100.0,
    }
    assert [x["naam"] for x in tijd["perGemeente"]] == ["Zeist"]
    assert {x["naam"] for x in tijd["perCorporatie"]} == {"Nabij Wonen", "Woongroen"}

    eerste = c["eersteKeuze"]
    assert (eerste["totaal"]["aantal"], eerste["totaal"]["inEersteKeuze"]) == (2, 1)
    assert eerste["totaal"]["aandeel"] == 0.5
    assert {x["naam"]: x["aandeel"] for x in eerste["perCorporatie"]} == {
        "Nabij Wonen": 1.0,
        "Woongroen": 0.0,
    }

    afw = c["afwijzingen"]
    assert afw["totaal"]["aantal"] == 1
    assert {x["reden"]: x["aantal"] for x in afw["totaal"]["perReden"]}["locatie"] == 1
    assert [(x["naam"], x["aantal"]) for x in afw["perZorgaanbieder"]] == [("Kwintes", 1)]

    assert {x["naam"]: (x["woonroute"], x["extern"], x["totaal"]) for x in c["plaatsingen"]} == {
        "Nabij Wonen": (1, 1, 2),
        "Woongroen": (1, 0, 1),
    }
    [lev] = [x for x in c["contingentLevering"] if x["corporatie"] == "Nabij Wonen"]
    assert (lev["toegezegd"], lev["geleverd"], lev["tekort"]) == (4, 1, 3)


def test_regional_figures_are_for_the_region_only_and_empty_years_are_zero(api):
    assert api.as_("nabij-wonen").get("/v1/regiocijfers", params={"jaar": JAAR}).status_code == 403
    assert api.as_("kwintes").get("/v1/regiocijfers", params={"jaar": JAAR}).status_code == 403
    c = api.as_(RB).get("/v1/regiocijfers", params={"jaar": 2001}).json()
    assert c["tijdTotPlaatsing"]["totaal"] == {
        "naam": "totaal",
        "aantal": 0,
        "mediaanDagen": None,
        "p90Dagen": None,
    }
    assert c["eersteKeuze"]["totaal"]["aandeel"] is None and c["plaatsingen"] == []
