"""Files in and out (``service.bestanden``): the one upload reader and its parsers.

Both uploads (the kandidaten import and the externe-plaatsingen upload) read a yes/no, a date
and a whole number the same way: the parsers are pinned here directly, and through each upload.
"""

from __future__ import annotations

import io
from datetime import date
from datetime import datetime
from typing import Any

import openpyxl
import pytest

from service.bestanden import lezen
from service.bestanden.lezen import Celfout
from service.bestanden.lezen import Onleesbaar
from tests.service.test_import import csv_bytes
from tests.service.test_import import rij
from tests.service.test_import import upload as importeer
from tests.service.test_rapportages import VANDAAG
from tests.service.test_rapportages import upload as upload_extern

# --- the parsers ------------------------------------------------------------------------------

JA = ["ja", "Ja", "JA", "j", "J", "true", "TRUE", "waar", "Waar", "1", "yes", "y", " ja "]
NEE = ["nee", "Nee", "NEE", "n", "N", "false", "onwaar", "Onwaar", "0", "no"]


@pytest.mark.parametrize("tekst", JA)
def test_yes_in_every_accepted_spelling(tekst):
    assert lezen.janee(tekst) is True


@pytest.mark.parametrize("tekst", NEE)
def test_no_in_every_accepted_spelling(tekst):
    assert lezen.janee(tekst) is False


@pytest.mark.parametrize("tekst", ["misschien", "jawel", "2", "x", "neen"])
def test_anything_else_is_no_yes_or_no(tekst):
    with pytest.raises(Celfout) as exc:
        lezen.janee(tekst)
    assert exc.value.code == "bool_parsing"
    assert exc.value.reden == f"Vul ja of nee in, niet '{tekst.lower()}'."


@pytest.mark.parametrize(
    ("tekst", "verwacht"),
    [
        ("2026-03-01", date(2026, 3, 1)),
        ("2026-3-1", date(2026, 3, 1)),
        ("01-03-2026", date(2026, 3, 1)),  # Dutch order: day, month, year
        ("1-3-2026", date(2026, 3, 1)),
        ("01/03/2026", date(2026, 3, 1)),
        ("01.03.2026", date(2026, 3, 1)),
        ("29-02-2024", date(2024, 2, 29)),
    ],
)
def test_dates_iso_and_dutch(tekst, verwacht):
    assert lezen.datum(tekst) == verwacht


@pytest.mark.parametrize("tekst", ["1 maart 2026", "2026/03/01", "03-2026", "20260301", "01-03-26"])
def test_a_date_in_another_form_is_refused(tekst):
    with pytest.raises(Celfout) as exc:
        lezen.datum(tekst)
    assert (exc.value.code, exc.value.reden) == (
        "date_parsing",
        "Moet een datum zijn (JJJJ-MM-DD of DD-MM-JJJJ).",
    )


@pytest.mark.parametrize("tekst", ["31-02-2026", "2026-13-01", "29-02-2025"])
def test_a_date_that_does_not_exist_says_so(tekst):
    with pytest.raises(Celfout) as exc:
        lezen.datum(tekst)
    assert exc.value.reden == f"De datum {tekst} bestaat niet."


@pytest.mark.parametrize(
    ("tekst", "verwacht"), [("19500", 19500), ("0", 0), ("-1", -1), ("+5", 5), (" 7 ", 7)]
)
def test_whole_numbers_and_amounts(tekst, verwacht):
    assert lezen.geheel_getal(tekst) == verwacht


@pytest.mark.parametrize(
    "tekst", ["19.500", "19500,00", "€ 19500", "19500.5", "5.0", "1_000", "veel"]
)
def test_an_amount_with_separators_decimals_or_a_currency_sign_is_refused(tekst):
    with pytest.raises(Celfout) as exc:
        lezen.geheel_getal(tekst)
    assert (exc.value.code, exc.value.reden) == ("int_parsing", "Moet een geheel getal zijn.")


def test_xlsx_cells_become_the_text_the_parsers_read():
    assert lezen.cel(None) == "" and lezen.cel("  Zeist ") == "Zeist"
    assert (lezen.cel(True), lezen.cel(False)) == ("ja", "nee")
    assert (
        lezen.cel(datetime(2026, 3, 1, 0, 0)) == "2026-03-01"
        and lezen.cel(date(2026, 3, 1)) == "2026-03-01"
    )
    assert (lezen.cel(19500.0), lezen.cel(2.5), lezen.cel(3)) == ("19500", "2.5", "3")
    assert lezen.janee(lezen.cel(True)) is True and lezen.datum(
        lezen.cel(datetime(2026, 3, 1))
    ) == date(2026, 3, 1)
    assert lezen.geheel_getal(lezen.cel(19500.0)) == 19500


# --- the file -------------------------------------------------------------------------------


def test_header_names_and_column_letters():
    assert lezen.kolomnaam(" Binnen contingent ") == "binnen_contingent"
    assert lezen.kolomnaam("Gereed-verklaard") == "gereed_verklaard"
    assert [lezen.kolomletter(i) for i in (0, 25, 26, 27, 701, 702)] == [
        "A",
        "Z",
        "AA",
        "AB",
        "ZZ",
        "AAA",
    ]


def test_separator_is_what_the_header_holds_most_of():
    assert lezen.scheidingsteken("a;b;c") == ";"
    assert lezen.scheidingsteken("a,b,c") == ","
    assert lezen.scheidingsteken("a\tb\tc") == "\t"
    assert lezen.scheidingsteken("a;b,c") == ";"  # a tie: what a Dutch Excel writes
    assert lezen.scheidingsteken("a, b;c,d") == ","


def test_kind_of_file_by_extension_else_content_type():
    assert lezen.soort("lijst.CSV") == "csv" and lezen.soort("lijst.xlsx") == "xlsx"
    assert lezen.soort("lijst.txt") is None and lezen.soort("lijst") is None
    assert lezen.soort("lijst.txt", "text/plain") == "csv"
    assert lezen.soort(
        "upload", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    ) == ("xlsx")


class Gewoord(Exception):
    def __init__(self, fout: Onleesbaar) -> None:
        self.fout = fout


def test_a_file_that_cannot_be_read_is_worded_by_the_caller_also_halfway():
    with pytest.raises(Gewoord) as exc:
        lezen.lees("lijst.csv", b"", fout=Gewoord)
    assert exc.value.fout.code == "leeg"
    with pytest.raises(Gewoord) as exc:
        lezen.lees("lijst.pdf", b"%PDF", fout=Gewoord)
    assert exc.value.fout.code == "bestandstype"
    with pytest.raises(Gewoord) as exc:
        lezen.lees("lijst.csv", "a;b\né;è\n".encode("latin-1"), fout=Gewoord)
    assert exc.value.fout.code == "codering"
    te_lang = "x" * 200_000  # past the csv module's field limit
    tabel = lezen.lees("lijst.csv", f"a;b\n1;2\n{te_lang};3\n".encode(), fout=Gewoord)
    assert tabel.kop == ["a", "b"]
    assert next(tabel.rijen) == (2, ["1", "2"])
    with pytest.raises(Gewoord) as exc:
        next(tabel.rijen)
    assert (exc.value.fout.code, exc.value.fout.name) == ("csv", "rij 3")


def test_csv_and_xlsx_give_the_same_rows():
    tabel = lezen.lees(
        "a.csv", "\ufeffgemeente;binnen_contingent\r\n Zeist ;Ja\r\n".encode(), fout=Gewoord
    )
    assert (tabel.kop, list(tabel.rijen)) == (
        ["gemeente", "binnen_contingent"],
        [(2, ["Zeist", "Ja"])],
    )
    boek = openpyxl.Workbook()
    blad = boek.active
    blad.append(["gemeente", "binnen_contingent", "contractdatum"])
    blad.append([" Zeist ", True, datetime(2026, 3, 1)])
    uit = io.BytesIO()
    boek.save(uit)
    tabel = lezen.lees("a.xlsx", uit.getvalue(), fout=Gewoord)
    assert tabel.kop == ["gemeente", "binnen_contingent", "contractdatum"]
    assert list(tabel.rijen) == [(2, ["Zeist", "ja", "2026-03-01"])]


# --- both uploads parse alike -----------------------------------------------------------------


def _voorbeeld(api: Any, **over: Any) -> Any:
    r = importeer(api, csv_bytes([rij(**over)]), proefrun=True)
    return r


def test_the_import_reads_dutch_yes_no_dates_and_amounts(api):
    r = _voorbeeld(
        api,
        rolstoel="J",
        trapvrij="Onwaar",
        gereed_verklaard="WAAR",
        begeleiding_akkoord="Yes",
        geboortedatum="17.05.1994",
        aanmelddatum="01/09/2025",
        jaarinkomen="19500",
        kinderen="",
    )
    assert r.status_code == 200, r.text
    [k] = r.json()["voorbeeld"]
    assert (k["behoeften"]["rolstoel"], k["behoeften"]["trapvrij"]) == (True, False)
    assert (k["gereedVerklaard"], k["begeleidingAkkoord"]) == (True, True)
    assert (k["geboortedatum"], k["aanmelddatum"]) == ("1994-05-17", "2025-09-01")
    assert (k["jaarinkomen"], k["huishouden"]["kinderen"]) == (19500, 0)


def test_the_import_refuses_what_the_parsers_refuse(api):
    r = _voorbeeld(api, rolstoel="misschien", aanmelddatum="31-02-2025", jaarinkomen="19.500")
    assert r.status_code == 400
    fouten = {p["name"]: (p["code"], p["reason"]) for p in r.json()["invalidParams"]}
    assert fouten == {
        "rij 2, kolom rolstoel": ("bool_parsing", "Vul ja of nee in, niet 'misschien'."),
        "rij 2, kolom aanmelddatum": ("date_parsing", "De datum 31-02-2025 bestaat niet."),
        "rij 2, kolom jaarinkomen": ("int_parsing", "Moet een geheel getal zijn."),
    }


def _extern(datum_cel: str, binnen: str) -> bytes:
    return (
        "gemeente;contractdatum;contractvorm;binnen_contingent\n"
        f"Zeist;{datum_cel};2-partijenovereenkomst;{binnen}\n"
    ).encode()


def _nl(iso: str, sep: str) -> str:
    jaar, maand, dag = iso.split("-")
    return sep.join((dag, maand, jaar))


@pytest.mark.parametrize(
    ("datum_cel", "binnen", "verwacht"),
    [
        (VANDAAG, "ja", True),
        (_nl(VANDAAG, "-"), "J", True),
        (_nl(VANDAAG, "/"), "waar", True),
        (_nl(VANDAAG, "."), "Nee", False),
        (VANDAAG, "", False),  # an empty cell is no in this upload
    ],
)
def test_the_externe_plaatsingen_upload_reads_the_same_yes_no_and_dates(
    api, datum_cel, binnen, verwacht
):
    r = upload_extern(api, _extern(datum_cel, binnen), "plaatsingen.csv")
    assert r.status_code == 201, r.text
    [p] = r.json()["plaatsingen"]
    assert (p["contractdatum"], p["binnenContingent"]) == (VANDAAG, verwacht)


def test_the_externe_plaatsingen_upload_refuses_what_the_parsers_refuse(api):
    r = upload_extern(api, _extern("31-02-2026", "misschien"), "plaatsingen.csv")
    assert r.status_code == 400
    assert [(p["name"], p["reason"]) for p in r.json()["invalidParams"]] == [
        (
            "rij 2, kolom contractdatum",
            "'31-02-2026' is geen datum. Schrijf de datum als JJJJ-MM-DD of DD-MM-JJJJ.",
        ),
        ("rij 2, kolom binnen_contingent", "Vul ja of nee in."),
    ]


def test_both_uploads_read_a_tab_separated_file(api):
    tabbed = _extern(VANDAAG, "ja").decode().replace(";", "\t").encode()
    assert upload_extern(api, tabbed, "plaatsingen.csv").status_code == 201
    r = importeer(api, csv_bytes([rij()], sep="\t"), proefrun=True)
    assert r.status_code == 200, r.text
