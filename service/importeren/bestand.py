"""Reading an uploaded CSV or XLSX into a header and rows of text cells.

Every cell becomes a stripped string ("" when empty), whatever the source type: XLSX dates
become ``JJJJ-MM-DD``, whole numbers lose their ``.0``, booleans become ``ja``/``nee``. Row
numbers are those a person sees in the spreadsheet: the header is row 1. A problem with the
file as a whole raises ``OngeldigeInvoer`` with one entry named ``bestand``.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime

from service.errors import OngeldigeInvoer, Veldfout
from service.grenzen import Bestandsgrenzen, controleer_xlsx

NIETS_INGELEZEN = "er is niets ingelezen."


def bestandsfout(
    reason: str, code: str = "bestand-ongeldig", name: str = "bestand"
) -> OngeldigeInvoer:
    return OngeldigeInvoer(
        f"Het bestand kan niet worden ingelezen; {NIETS_INGELEZEN}", [Veldfout(name, reason, code)]
    )


@dataclass
class Tabel:
    """The header (as written) and an iterator of (row number, cells as text)."""

    kop: list[str]
    rijen: Iterator[tuple[int, list[str]]]


def cel(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def lees(naam: str, inhoud: bytes, grenzen: Bestandsgrenzen | None = None) -> Tabel:
    """Dispatch on the file name's extension (``.csv`` or ``.xlsx``)."""
    extensie = naam.lower().rsplit(".", 1)[-1] if "." in naam else ""
    if not inhoud:
        raise bestandsfout("Het bestand is leeg.", "leeg")
    if extensie == "csv":
        return lees_csv(inhoud)
    if extensie == "xlsx":
        controleer_xlsx(inhoud, grenzen or Bestandsgrenzen())
        return lees_xlsx(inhoud)
    raise bestandsfout(
        f"Gebruik een .csv- of .xlsx-bestand; {naam or 'dit bestand'} is dat niet.",
        "bestandstype",
    )


def scheidingsteken(eerste_regel: str) -> str:
    """``;`` (what a Dutch Excel writes) or ``,``: whichever the header line holds more of."""
    return ";" if eerste_regel.count(";") >= eerste_regel.count(",") else ","


def lees_csv(inhoud: bytes) -> Tabel:
    try:
        tekst = inhoud.decode("utf-8-sig")  # a BOM, if any, goes
    except UnicodeDecodeError as exc:
        raise bestandsfout(
            "Het bestand is geen UTF-8. Sla het in Excel op als 'CSV UTF-8 (gescheiden door "
            "komma's)' en probeer het opnieuw.",
            "codering",
        ) from exc
    regel, _, _ = tekst.partition("\n")
    reader = csv.reader(io.StringIO(tekst, newline=""), delimiter=scheidingsteken(regel))
    try:
        kop = next(reader)
    except StopIteration:
        raise bestandsfout("Het bestand is leeg.", "leeg") from None
    except csv.Error as exc:
        raise bestandsfout(f"Dit is geen leesbaar CSV-bestand: {exc}.") from exc

    def rijen() -> Iterator[tuple[int, list[str]]]:
        nummer = 1
        try:
            for record in reader:
                nummer += 1
                yield nummer, [c.strip() for c in record]
        except csv.Error as exc:
            raise bestandsfout(
                f"Rij {nummer + 1} is geen geldige CSV: {exc}.", "csv", f"rij {nummer + 1}"
            ) from exc

    return Tabel([c.strip() for c in kop], rijen())


def lees_xlsx(inhoud: bytes) -> Tabel:
    """The sheet named ``kandidaten`` if there is one, else the first sheet."""
    import openpyxl

    try:
        boek = openpyxl.load_workbook(io.BytesIO(inhoud), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise bestandsfout("Dit is geen geldig XLSX-bestand (Excel-werkmap).") from exc
    bladen = {blad.title.strip().lower(): blad for blad in boek.worksheets}
    blad = bladen.get("kandidaten") or boek.worksheets[0]
    # Some writers leave out or misstate the sheet's dimensions; read every cell present.
    blad.reset_dimensions()
    alle = blad.iter_rows(values_only=True)
    try:
        kop = next(alle)
    except StopIteration:
        boek.close()
        raise bestandsfout("Het bestand is leeg.", "leeg") from None

    def rijen() -> Iterator[tuple[int, list[str]]]:
        try:
            for nummer, waarden in enumerate(alle, start=2):
                yield nummer, [cel(v) for v in waarden]
        finally:
            boek.close()

    return Tabel([cel(v) for v in kop], rijen())
