"""Reading an uploaded CSV or XLSX into a header and rows of text cells, and parsing the values
in those cells. Every upload reads through here (the kandidaten import, the externe
plaatsingen), so a yes/no, a date and a whole number mean the same in each.

Every cell becomes a stripped string ("" when empty), whatever the source type: XLSX dates
become ``JJJJ-MM-DD``, whole numbers lose their ``.0``, booleans become ``ja``/``nee``. Row
numbers are those a person sees in the spreadsheet: the header is row 1. The rows are a
generator, so a file of 100,000 rows is never held as lists of text cells all at once: CSV
rows are read as they are asked for; python-calamine reads an XLSX sheet whole, so each row is
kept as one string and the sheet is let go before the first row is given.

A file that cannot be read raises ``Onleesbaar`` (a reason in Dutch and a code); the caller
passes ``fout`` to turn it into the answer its upload gives (its own wording), also for a row
that turns out unreadable halfway through a CSV. A cell that is not what its column needs
raises ``Celfout`` from the parser, with the Dutch reason and the pydantic-style code.
"""

from __future__ import annotations

import csv
import io
import re
import shutil
import tempfile
import zipfile
from collections.abc import Callable
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from datetime import datetime
from pathlib import Path
from typing import BinaryIO
from typing import Literal

from service.grenzen import Bestandsgrenzen
from service.grenzen import controleer_xlsx

__all__ = [
    "Celfout",
    "Inhoud",
    "Onleesbaar",
    "Tabel",
    "cel",
    "datum",
    "geheel_getal",
    "janee",
    "kolomletter",
    "kolomnaam",
    "lees",
    "lees_csv",
    "lees_xlsx",
    "scheidingsteken",
    "soort",
    "zonder_kop",
]

Soort = Literal["csv", "xlsx"]

#: An upload as bytes, or as the web server's spooled file (read from where it is, so the
#: upload is not held in memory a second time while it is read).
Inhoud = bytes | BinaryIO


class Onleesbaar(Exception):
    """The file as a whole cannot be read: ``reden`` says why (Dutch), ``code`` what kind
    (``leeg``, ``bestandstype``, ``codering``, ``csv``, ``bestand-ongeldig``), ``name`` where
    (``bestand``, or ``rij N`` for a broken CSV row)."""

    def __init__(self, reden: str, code: str = "bestand-ongeldig", name: str = "bestand") -> None:
        super().__init__(reden)
        self.reden, self.code, self.name = reden, code, name


class Celfout(ValueError):
    """A cell that is not a value of its kind: the Dutch ``reden`` and a pydantic-style
    ``code`` (``bool_parsing``, ``date_parsing``, ``int_parsing``)."""

    def __init__(self, reden: str, code: str) -> None:
        super().__init__(reden)
        self.reden, self.code = reden, code


@dataclass
class Tabel:
    """The header (as written) and an iterator of (row number, cells as text)."""

    kop: list[str]
    rijen: Iterator[tuple[int, list[str]]]


# --- cells ------------------------------------------------------------------------------------


def cel(value: object) -> str:
    """One cell of either format as text."""
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


#: Yes and no as people write them in a Dutch spreadsheet (any case); an XLSX boolean cell
#: arrives as ``ja``/``nee``.
JA = frozenset({"ja", "j", "true", "waar", "1", "yes", "y"})
NEE = frozenset({"nee", "n", "false", "onwaar", "0", "no"})

_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_NL = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$")
_GEHEEL = re.compile(r"^[+-]?\d+$")


def janee(tekst: str) -> bool:
    """``ja``/``nee`` and their variants (``JA``, ``NEE``). An empty cell is the caller's to
    judge (missing, or no)."""
    waarde = tekst.strip().lower()
    if waarde in JA:
        return True
    if waarde in NEE:
        return False
    raise Celfout(f"Vul ja of nee in, niet '{waarde}'.", "bool_parsing")


def datum(tekst: str) -> date:
    """``JJJJ-MM-DD`` or the Dutch ``DD-MM-JJJJ`` (also with ``/`` or ``.``); an XLSX date
    cell arrives as ``JJJJ-MM-DD``."""
    waarde = tekst.strip()
    if m := _ISO.match(waarde):
        jaar, maand, dag = (int(x) for x in m.groups())
    elif m := _NL.match(waarde):
        dag, maand, jaar = (int(x) for x in m.groups())
    else:
        raise Celfout("Moet een datum zijn (JJJJ-MM-DD of DD-MM-JJJJ).", "date_parsing")
    try:
        return date(jaar, maand, dag)
    except ValueError:
        raise Celfout(f"De datum {waarde} bestaat niet.", "date_parsing") from None


def geheel_getal(tekst: str) -> int:
    """A whole number or amount in whole euros: digits only, an optional sign; no thousands
    separator, decimals or currency sign (``19500``, not ``19.500`` or ``€ 19500``). An XLSX
    number cell with a whole value arrives without its ``.0``."""
    waarde = tekst.strip()
    if not _GEHEEL.match(waarde):
        raise Celfout("Moet een geheel getal zijn.", "int_parsing")
    return int(waarde)


# --- the header -----------------------------------------------------------------------------


def kolomnaam(kop: str) -> str:
    """A header as a column name: lower case, a space or dash becomes ``_``."""
    return re.sub(r"[\s\-]+", "_", kop.strip().lower())


def kolomletter(index: int) -> str:
    """The spreadsheet letter of a 0-based column (0 → A, 26 → AA)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def zonder_kop(cellen: list[str], genoemd: set[int]) -> Iterator[str]:
    """A reason for every value standing in a column without a (known) header."""
    if len(cellen) <= len(genoemd):
        return
    for i, waarde in enumerate(cellen):
        if waarde and i not in genoemd:
            yield (
                f"Kolom {kolomletter(i)} heeft geen kop, maar deze rij heeft daar een "
                f"waarde ({waarde!r})."
            )


# --- the file -------------------------------------------------------------------------------


def soort(naam: str, content_type: str | None = None) -> Soort | None:
    """``csv`` or ``xlsx`` by the file name's extension, else by the content type when given."""
    extensie = naam.lower().rsplit(".", 1)[-1] if "." in naam else ""
    media = (content_type or "").lower()
    if extensie == "xlsx" or "spreadsheetml" in media:
        return "xlsx"
    if extensie == "csv" or media.startswith(("text/csv", "text/plain")):
        return "csv"
    return None


def lees(
    naam: str,
    inhoud: Inhoud,
    grenzen: Bestandsgrenzen | None = None,
    *,
    fout: Callable[[Onleesbaar], Exception],
    content_type: str | None = None,
    blad: str | None = None,
) -> Tabel:
    """The file as a ``Tabel``; ``fout`` words a file that cannot be read (see the module).
    ``blad``: the XLSX sheet to read when it is there (any case), else the first."""
    try:
        if _grootte(inhoud) == 0:
            raise Onleesbaar("Het bestand is leeg.", "leeg")
        match soort(naam, content_type):
            case "csv":
                tabel = lees_csv(inhoud if isinstance(inhoud, bytes) else inhoud.read())
            case "xlsx":
                tabel = lees_xlsx(inhoud, blad, grenzen)
            case None:
                raise Onleesbaar(
                    f"Gebruik een .csv- of .xlsx-bestand; {naam or 'dit bestand'} is dat niet.",
                    "bestandstype",
                )
    except Onleesbaar as exc:
        raise fout(exc) from exc
    return Tabel(tabel.kop, _vertaald(tabel.rijen, fout))


def _grootte(inhoud: Inhoud) -> int:
    if isinstance(inhoud, bytes):
        return len(inhoud)
    inhoud.seek(0, 2)
    grootte = inhoud.tell()
    inhoud.seek(0)
    return grootte


def _vertaald(
    rijen: Iterator[tuple[int, list[str]]], fout: Callable[[Onleesbaar], Exception]
) -> Iterator[tuple[int, list[str]]]:
    try:
        yield from rijen
    except Onleesbaar as exc:
        raise fout(exc) from exc


def scheidingsteken(eerste_regel: str) -> str:
    """``;`` (what a Dutch Excel writes), a tab or ``,``: whichever the header line holds most
    of; ``;`` on a tie."""
    return max((";", "\t", ","), key=eerste_regel.count)


def lees_csv(inhoud: bytes) -> Tabel:
    try:
        tekst = inhoud.decode("utf-8-sig")  # a BOM, if any, goes
    except UnicodeDecodeError as exc:
        raise Onleesbaar(
            "Het bestand is geen UTF-8. Sla het in Excel op als 'CSV UTF-8 (gescheiden door "
            "komma's)' en probeer het opnieuw.",
            "codering",
        ) from exc
    regel, _, _ = tekst.partition("\n")
    reader = csv.reader(io.StringIO(tekst, newline=""), delimiter=scheidingsteken(regel))
    try:
        kop = next(reader)
    except StopIteration:
        raise Onleesbaar("Het bestand is leeg.", "leeg") from None
    except csv.Error as exc:
        raise Onleesbaar(f"Dit is geen leesbaar CSV-bestand: {exc}.") from exc

    def rijen() -> Iterator[tuple[int, list[str]]]:
        nummer = 1
        try:
            for record in reader:
                nummer += 1
                yield nummer, [c.strip() for c in record]
        except csv.Error as exc:
            raise Onleesbaar(
                f"Rij {nummer + 1} is geen geldige CSV: {exc}.", "csv", f"rij {nummer + 1}"
            ) from exc

    return Tabel([c.strip() for c in kop], rijen())


def lees_xlsx(
    inhoud: Inhoud, blad: str | None = None, grenzen: Bestandsgrenzen | None = None
) -> Tabel:
    """The sheet named ``blad`` (any case, spaces around it ignored) if there is one, else the
    first sheet; a zip bomb (``grenzen``) is refused before any XML is parsed.

    Read with python-calamine (Rust): about ten times as fast as openpyxl for 100,000 rows.
    Cells are given from A1, as a person numbers them: calamine starts a row at the first
    column in use, so the columns before it are added back empty."""
    from python_calamine import CalamineError  # lazy: heavy library
    from python_calamine import CalamineWorkbook  # lazy: heavy library

    try:
        # From a file, not from memory: from_filelike copies the whole upload into calamine's
        # own buffer first (≈ 9 MB more at the peak for 100,000 rows); from a path it reads the
        # zip's entries from disk. The upload is copied to that file in chunks (the web
        # server's spooled file has no name to give), and the copy goes once the sheet is read.
        with tempfile.TemporaryDirectory(prefix="woonroute-upload-") as map_:
            pad = Path(map_) / "upload.xlsx"
            if isinstance(inhoud, bytes):
                pad.write_bytes(inhoud)
            else:
                with pad.open("wb") as doel:
                    shutil.copyfileobj(inhoud, doel)
            controleer_xlsx(pad, grenzen or Bestandsgrenzen())
            boek = CalamineWorkbook.from_path(str(pad))
            try:
                namen = {naam.strip().lower(): naam for naam in boek.sheet_names}
                gekozen = namen.get(blad.strip().lower()) if blad else None
                werkblad = boek.get_sheet_by_name(gekozen or boek.sheet_names[0])
            finally:
                boek.close()  # the sheet holds its cells; the file can go
    except (CalamineError, zipfile.BadZipFile, KeyError, IndexError, OSError, ValueError) as exc:
        raise Onleesbaar("Dit is geen geldig XLSX-bestand (Excel-werkmap).") from exc
    links = [""] * (werkblad.start[1] if werkblad.start else 0)
    alle = iter(werkblad.iter_rows())
    try:
        kop = next(alle)
    except StopIteration:
        raise Onleesbaar("Het bestand is leeg.", "leeg") from None
    # calamine holds the whole sheet (every cell a Rust value with its own copy of the text:
    # ≈ 95 MB for 100,000 rows of 22 columns). Each row is kept as one string instead, and
    # the sheet is let go before the caller validates the rows (and keeps its own form).
    compact = [_samen([cel(v) for v in waarden]) for waarden in alle]
    del alle, werkblad, boek

    def rijen() -> Iterator[tuple[int, list[str]]]:
        for nummer in range(2, len(compact) + 2):
            rij = compact[nummer - 2]
            compact[nummer - 2] = ""  # the row is the caller's now
            yield nummer, links + (rij.split(_SCHEIDING) if isinstance(rij, str) else rij)

    return Tabel(links + [cel(v) for v in kop], rijen())


_SCHEIDING = "\x00"  # XML text cannot hold NUL, so no cell of an XLSX does


def _samen(cellen: list[str]) -> str | list[str]:
    """One row's cells as one string (a tenth of the memory of a list of strings); the list
    itself should a cell ever hold the separator."""
    if not cellen or any(_SCHEIDING in c for c in cellen):
        return cellen
    return _SCHEIDING.join(cellen)
