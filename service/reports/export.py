"""Exports as CSV and XLSX with Dutch column names. pandas lives here, and only in ``service``.

Every export (month reports, contingent, the import template) is written by ``csv_bytes`` or
``xlsx_bytes``, which never let a cell become a formula (OWASP CSV injection).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pandas is imported where it is used: it costs ~70 MB of server memory
    import pandas as pd

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
    import pandas as pd

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
    import pandas as pd

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


def respond(df: pd.DataFrame, *, formaat: str, bestandsnaam: str, blad: str) -> Response:
    if formaat == "csv":
        return Response(
            csv_bytes(df),
            media_type=CSV,
            headers={"Content-Disposition": f'attachment; filename="{bestandsnaam}.csv"'},
        )
    return Response(
        xlsx_bytes({blad: df}),
        media_type=XLSX,
        headers={"Content-Disposition": f'attachment; filename="{bestandsnaam}.xlsx"'},
    )
