"""Exports as CSV and XLSX with Dutch column names. pandas lives here, and only in ``service``."""

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


def respond(df: pd.DataFrame, *, formaat: str, bestandsnaam: str, blad: str) -> Response:
    import pandas as pd

    if formaat == "csv":
        # Semicolons and a BOM: what Dutch spreadsheet users open without an import wizard.
        body = df.to_csv(index=False, sep=";", decimal=",").encode("utf-8-sig")
        return Response(
            body,
            media_type=CSV,
            headers={"Content-Disposition": f'attachment; filename="{bestandsnaam}.csv"'},
        )
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        df.to_excel(writer, index=False, sheet_name=blad[:31])
    return Response(
        buffer.getvalue(),
        media_type=XLSX,
        headers={"Content-Disposition": f'attachment; filename="{bestandsnaam}.xlsx"'},
    )
