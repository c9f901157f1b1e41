"""Reading an uploaded CSV or XLSX of externe plaatsingen (ZOU-M1) and checking every row.

Rows are numbered as the user sees them in a spreadsheet: the header is row 1, the first
placement row 2. Every problem in the file is reported at once ("rij 3, kolom contractdatum");
the caller writes nothing unless there is none.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pandas is imported where it is used: it costs ~70 MB of server memory
    import pandas as pd

import io
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from service import teksten
from service.clock import plus_maanden, vandaag
from service.errors import OngeldigeInvoer, Veldfout
from service.grenzen import Bestandsgrenzen, controleer_xlsx, eerste_problemen
from service.models import Contractvorm
from service.regio import Regio

MAX_BYTES = 5 * 1024 * 1024
MAX_RIJEN = 10_000
MAX_FOUTEN = 200

VERPLICHT = ("gemeente", "contractdatum", "contractvorm")
KOLOMMEN = (*VERPLICHT, "zorgaanbieder", "binnen_contingent", "kandidaat", "omschrijving")
_JA = {"ja", "j", "true", "waar", "1", "yes"}
_NEE = {"nee", "n", "false", "onwaar", "0", "no", ""}
_DATUM = (
    (re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$"), (1, 2, 3)),
    (re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$"), (3, 2, 1)),
)


@dataclass(frozen=True)
class Rij:
    rij: int
    gemeente: str
    contractdatum: date
    contractvorm: str
    zorgaanbieder_id: uuid.UUID | None
    binnen_contingent: bool
    omschrijving: str | None
    kandidaat_id: uuid.UUID | None = None


def _kolomnaam(naam: Any) -> str:
    return re.sub(r"[\s-]+", "_", str(naam).strip().lower())


def _tekst(value: Any) -> str:
    import pandas as pd

    if value is None:
        return ""
    if isinstance(value, float) and pd.isna(value):
        return ""
    if isinstance(value, pd.Timestamp | datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def lees(
    inhoud: bytes,
    bestandsnaam: str | None,
    content_type: str | None,
    grenzen: Bestandsgrenzen | None = None,
) -> pd.DataFrame:
    """The file as a frame of strings with normalised column names, or a 400 in Dutch. Reads at
    most one row more than the limit, so a huge file costs no more than a full one."""
    import pandas as pd

    grenzen = grenzen or Bestandsgrenzen(max_rijen=MAX_RIJEN)
    max_rijen = min(grenzen.max_rijen, MAX_RIJEN)

    if len(inhoud) > MAX_BYTES:
        raise OngeldigeInvoer(
            "Het bestand is te groot.",
            [Veldfout("bestand", "Stuur een bestand van hoogstens 5 MB.")],
        )
    naam = (bestandsnaam or "").lower()
    soort = (content_type or "").lower()
    is_xlsx = naam.endswith(".xlsx") or "spreadsheetml" in soort
    is_csv = naam.endswith(".csv") or soort.startswith(("text/csv", "text/plain"))
    if not (is_xlsx or is_csv):
        raise OngeldigeInvoer(
            "Dit soort bestand kunnen we niet lezen.",
            [Veldfout("bestand", "Stuur een CSV-bestand (.csv) of een Excel-bestand (.xlsx).")],
        )
    try:
        if is_xlsx:
            controleer_xlsx(inhoud, grenzen)
            df = pd.read_excel(
                io.BytesIO(inhoud),
                dtype=object,
                keep_default_na=False,
                engine="calamine",
                nrows=max_rijen + 1,
            )
        else:
            tekst = inhoud.decode("utf-8-sig")
            kop = tekst.splitlines()[0] if tekst.strip() else ""
            sep = ";" if ";" in kop else "\t" if "\t" in kop else ","
            df = pd.read_csv(
                io.StringIO(tekst), sep=sep, dtype=str, keep_default_na=False, nrows=max_rijen + 1
            )
    except OngeldigeInvoer:
        raise
    except UnicodeDecodeError as exc:
        raise OngeldigeInvoer(
            "Het bestand kan niet worden gelezen.",
            [Veldfout("bestand", "Sla het CSV-bestand op als UTF-8 en probeer het opnieuw.")],
        ) from exc
    except Exception as exc:  # pandas/openpyxl: empty, corrupt or not what it says it is
        raise OngeldigeInvoer(
            "Het bestand kan niet worden gelezen.",
            [
                Veldfout(
                    "bestand",
                    "Controleer of het een geldig CSV- of XLSX-bestand is met een kopregel.",
                )
            ],
        ) from exc
    df.columns = [_kolomnaam(c) for c in df.columns]
    return df.map(_tekst) if len(df) else df


def _datum(tekst: str) -> date | None:
    for patroon, (j, m, d) in _DATUM:
        found = patroon.match(tekst)
        if found:
            try:
                return date(int(found.group(j)), int(found.group(m)), int(found.group(d)))
            except ValueError:
                return None
    return None


def controleer(
    df: pd.DataFrame,
    regio: Regio,
    zorgaanbieders: dict[str, uuid.UUID],
    grenzen: Bestandsgrenzen | None = None,
    kandidaatfouten: Callable[[list[Rij]], list[Veldfout]] | None = None,
) -> list[Rij]:
    """Every row checked; one 400 listing every problem, or the rows to write.

    ``kandidaatfouten`` checks the named kandidaten against the list (ZOU-M1), so that their
    problems come in the same answer as those of the cells.

    ``zorgaanbieders`` maps a lower-case code (and name) to the organisation id."""
    kolomfouten = [
        Veldfout(f"kolom {k}", "Deze kolom ontbreekt.", "ontbreekt")
        for k in VERPLICHT
        if k not in df.columns
    ]
    kolomfouten += [
        Veldfout(
            f"kolom {k}",
            "Deze kolom kennen we niet. Gebruik alleen: "
            + ", ".join(KOLOMMEN)
            + ". Zet geen namen of andere persoonsgegevens in het bestand.",
            "onbekend",
        )
        for k in df.columns
        if k not in KOLOMMEN
    ]
    if len(set(df.columns)) != len(df.columns):
        kolomfouten.append(Veldfout("kolommen", "Elke kolom mag maar één keer voorkomen."))
    if kolomfouten:
        raise OngeldigeInvoer(
            "De kolommen van het bestand kloppen niet. Er is niets toegevoegd.", kolomfouten
        )
    grenzen = grenzen or Bestandsgrenzen(max_rijen=MAX_RIJEN)
    max_rijen = min(grenzen.max_rijen, MAX_RIJEN)
    if len(df) > max_rijen:
        raise OngeldigeInvoer(
            "Het bestand heeft te veel rijen. Er is niets toegevoegd.",
            [Veldfout("bestand", f"Stuur hoogstens {max_rijen} rijen in één bestand.")],
        )
    gemeenten = {g.lower(): g for g in regio.gemeenten}
    vormen = [v.value for v in Contractvorm]
    uiterlijk = plus_maanden(vandaag(), 3)
    rijen: list[Rij] = []
    fouten: list[Veldfout] = []
    for i, record in enumerate(df.to_dict("records")):
        nummer = i + 2  # the header is row 1
        cel = {k: record.get(k, "") for k in KOLOMMEN}
        if not any(cel.values()):
            continue  # an empty line at the end of a spreadsheet

        def fout(kolom: str, reden: str, nr: int = nummer) -> None:
            fouten.append(Veldfout(f"rij {nr}, kolom {kolom}", reden))

        gemeente = gemeenten.get(cel["gemeente"].lower())
        if not cel["gemeente"]:
            fout("gemeente", "Vul de gemeente in.")
        elif gemeente is None:
            fout(
                "gemeente",
                f"{cel['gemeente']} is geen gemeente in {regio.naam}. Kies uit: {', '.join(regio.gemeenten)}.",
            )
        contractdatum = _datum(cel["contractdatum"])
        if not cel["contractdatum"]:
            fout("contractdatum", "Vul de contractdatum in.")
        elif contractdatum is None:
            fout(
                "contractdatum",
                f"'{cel['contractdatum']}' is geen datum. Schrijf de datum als JJJJ-MM-DD of DD-MM-JJJJ.",
            )
        elif contractdatum > uiterlijk:
            fout("contractdatum", "Deze datum ligt te ver in de toekomst.")
        elif contractdatum.year < 2000:
            fout("contractdatum", "Deze datum ligt te ver in het verleden.")
        vorm = cel["contractvorm"].lower()
        if not vorm:
            fout("contractvorm", "Vul de contractvorm in.")
        elif vorm not in vormen:
            fout("contractvorm", teksten.een_van(", ".join(vormen)))
        zorg = None
        if cel["zorgaanbieder"]:
            zorg = zorgaanbieders.get(cel["zorgaanbieder"].lower())
            if zorg is None:
                fout(
                    "zorgaanbieder",
                    f"Zorgaanbieder '{cel['zorgaanbieder']}' kennen we niet. Gebruik de code, bijvoorbeeld kwintes, of laat de cel leeg.",
                )
        binnen = cel["binnen_contingent"].lower()
        if binnen not in _JA | _NEE:
            fout("binnen_contingent", "Vul ja of nee in.")
        if len(cel["omschrijving"]) > 1000:
            fout("omschrijving", "Gebruik hoogstens 1000 tekens.")
        kandidaat = None
        if cel["kandidaat"]:
            try:
                kandidaat = uuid.UUID(cel["kandidaat"])
            except ValueError:
                fout(
                    "kandidaat",
                    "Vul het nummer van de kandidaat in zoals woonroute het geeft, of laat de "
                    "cel leeg.",
                )
        if gemeente and contractdatum and vorm in vormen:
            rijen.append(
                Rij(
                    rij=nummer,
                    gemeente=gemeente,
                    contractdatum=contractdatum,
                    contractvorm=vorm,
                    zorgaanbieder_id=zorg,
                    binnen_contingent=binnen in _JA,
                    omschrijving=cel["omschrijving"] or None,
                    kandidaat_id=kandidaat,
                )
            )
    if kandidaatfouten is not None:
        fouten += kandidaatfouten(rijen)
    if fouten:
        n = len(fouten)
        eerste, totaal = eerste_problemen(fouten, grenzen)
        raise OngeldigeInvoer(
            ("Eén cel is" if n == 1 else f"{n} cellen zijn")
            + " niet goed ingevuld. Er is niets toegevoegd; verbeter het bestand en stuur het opnieuw."
            + " Rijnummers zoals in uw spreadsheet: de kopregel is rij 1."
            + totaal,
            eerste,
        )
    if not rijen:
        raise OngeldigeInvoer(
            "Het bestand bevat geen plaatsingen.",
            [Veldfout("bestand", "Zet onder de kopregel één plaatsing per rij.")],
        )
    return rijen
