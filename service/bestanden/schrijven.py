"""Exports as CSV and XLSX with Dutch column names. pandas lives here, and nowhere else.

Every export (month reports, contingent, policy lab, the import template) is written by
``csv_bytes`` or ``xlsx_bytes``, which never let a cell become a formula (OWASP CSV injection).
pandas is imported in the functions that use it: it costs ~70 MB of server memory.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd  # lazy: heavy library (types only)

import io
from collections.abc import Sequence
from typing import Any

from fastapi import Response

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV = "text/csv; charset=utf-8"

#: The OpenAPI ``responses`` entry for a GET that can also answer as CSV or XLSX.
EXPORT_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {
        "content": {
            "text/csv": {"schema": {"type": "string"}},
            XLSX: {"schema": {"type": "string", "format": "binary"}},
        }
    }
}


def frame(rows: Sequence[dict[str, Any]], kolommen: dict[str, str]) -> pd.DataFrame:
    """Rows (dicts with internal keys) as a DataFrame with the Dutch column names of ``kolommen``."""
    import pandas as pd  # lazy: heavy library

    df = pd.DataFrame(list(rows), columns=list(kolommen))
    return df.rename(columns=kolommen)


#: A spreadsheet reads a cell starting with one of these as a formula (OWASP CSV injection).
FORMULE_BEGIN = ("=", "+", "-", "@", "\t", "\r")


def als_tekst(waarde: Any) -> Any:
    """A text cell that a spreadsheet would run as a formula, made literal with a leading
    apostrophe (the OWASP advice for CSV); other values unchanged."""
    if isinstance(waarde, str) and waarde.startswith(FORMULE_BEGIN):
        return "'" + waarde
    return waarde


def csv_bytes(df: pd.DataFrame) -> bytes:
    """Semicolons and a BOM: what Dutch spreadsheet users open without an import wizard. Every
    text cell (and column name) that would start a formula is written as literal text."""
    veilig = df.map(als_tekst) if len(df) else df
    veilig = veilig.rename(columns=als_tekst)
    return veilig.to_csv(index=False, sep=";", decimal=",").encode("utf-8-sig")


def xlsx_bytes(bladen: dict[str, pd.DataFrame]) -> bytes:
    """One sheet per frame. openpyxl stores a text starting with ``=`` as a formula; every such
    cell is turned back into plain text, so no cell of an export is ever a live formula."""
    import pandas as pd  # lazy: heavy library

    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for naam, df in bladen.items():
            df.to_excel(writer, index=False, sheet_name=naam[:31])
        for blad in writer.book.worksheets:
            for rij in blad.iter_rows():
                for cel in rij:
                    if cel.data_type == "f":
                        cel.data_type = "s"
    return buffer.getvalue()


def bijlage(inhoud: bytes, *, formaat: str, bestandsnaam: str) -> Response:
    """The bytes of a CSV (``formaat`` csv) or else an XLSX as a download."""
    extensie, media_type = ("csv", CSV) if formaat == "csv" else ("xlsx", XLSX)
    return Response(
        inhoud,
        media_type=media_type,
        headers={"Content-Disposition": f'attachment; filename="{bestandsnaam}.{extensie}"'},
    )


def respond(df: pd.DataFrame, *, formaat: str, bestandsnaam: str, blad: str) -> Response:
    """One frame as a CSV, or as an XLSX with one sheet named ``blad``."""
    inhoud = csv_bytes(df) if formaat == "csv" else xlsx_bytes({blad: df})
    return bijlage(inhoud, formaat=formaat, bestandsnaam=bestandsnaam)


def export(
    rijen: Sequence[dict[str, Any]],
    kolommen: dict[str, str],
    *,
    formaat: str,
    bestandsnaam: str,
    blad: str,
) -> Response:
    """Rows with internal keys as a CSV or XLSX download with the Dutch column names."""
    return respond(frame(rijen, kolommen), formaat=formaat, bestandsnaam=bestandsnaam, blad=blad)
