"""JSON written by the database, for a list whose rows cost more to build and validate in
Python than to read (the kandidaten list: a page of 50 took 2 ms in Python, 0.5 ms as JSON
from SQLite).

One definition of an object's shape, built per dialect: ``JsonSql.object`` is SQLite's
``json_object(…)``, and on PostgreSQL ``row_to_json`` of a one-row subselect (compact, the keys
in the order given, as pydantic writes them). Each value is written the way pydantic writes the
API model's field (``JsonSql.waarde``: a boolean as ``true``/``false``, a UUID with dashes, a
moment as ISO 8601 in UTC with ``Z`` and its microseconds only when there are any). The callers'
tests compare the bytes with the model path (``tests/service/test_lezen_snel.py``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel
from sqlalchemy import Boolean
from sqlalchemy import Integer
from sqlalchemy import Text
from sqlalchemy import Uuid
from sqlalchemy import case
from sqlalchemy import cast
from sqlalchemy import func
from sqlalchemy import literal_column
from sqlalchemy import select
from sqlalchemy.sql.expression import FromClause

from service.models.types import UTCDateTime

#: A key is written into the statement as SQL text: only plain names.
_SLEUTEL = re.compile(r"[A-Za-z][A-Za-z0-9]*")


@dataclass(frozen=True)
class JsonSql:
    """JSON expressions for one dialect (``sqlite`` or ``postgresql``); ``buiten`` are the
    tables of the enclosing statement that the values refer to (PostgreSQL's subselects
    correlate to them)."""

    dialect: str
    buiten: tuple[FromClause, ...]

    def __post_init__(self) -> None:
        if self.dialect not in ("sqlite", "postgresql"):
            raise ValueError(f"geen JSON in SQL voor {self.dialect}")

    def object(self, paren: Iterable[tuple[str, Any]]) -> Any:
        """``{"key": value, …}`` in the order given."""
        paren = list(paren)
        for sleutel, _ in paren:
            if not _SLEUTEL.fullmatch(sleutel):
                raise ValueError(f"JSON-sleutel {sleutel!r} is geen gewone naam")
        if self.dialect == "sqlite":
            args: list[Any] = []
            for sleutel, waarde in paren:
                args += [literal_column(f"'{sleutel}'"), waarde]
            return func.json_object(*args)
        rij = select(*(w.label(s) for s, w in paren)).correlate(*self.buiten).subquery()
        return select(func.row_to_json(rij.table_valued())).scalar_subquery()

    def waarde(self, kolom: Any) -> Any:
        """A column's value as pydantic writes it, by the column's type."""
        soort = kolom.type
        if isinstance(soort, Boolean):
            if self.dialect == "postgresql":
                return kolom
            return func.json(
                case(
                    (kolom.is_(None), None),
                    (kolom, literal_column("'true'")),
                    else_=literal_column("'false'"),
                )
            )
        if isinstance(soort, Uuid) and self.dialect == "sqlite":
            # stored as 32 hex digits; written with its dashes
            delen = [
                func.substr(kolom, b, n) for b, n in ((1, 8), (9, 4), (13, 4), (17, 4), (21, 12))
            ]
            uit: Any = delen[0]
            for deel in delen[1:]:
                uit = uit.concat("-").concat(deel)
            return uit
        if isinstance(soort, UTCDateTime):
            # stored as naive UTC with six digits of microseconds; pydantic leaves out ".000000"
            tekst = (
                func.replace(kolom, " ", "T")
                if self.dialect == "sqlite"
                else func.to_char(kolom, literal_column("'YYYY-MM-DD\"T\"HH24:MI:SS.US'"))
            )
            return func.replace(tekst, ".000000", "").concat("Z")
        return kolom

    def lijst(self, waarde: Any, waar: Any, volgorde: Any) -> Any:
        """``[value, …]`` of the rows ``waar`` selects, in ``volgorde`` (``[]`` for none)."""
        if self.dialect == "sqlite":
            rijen = (
                select(waarde.label("w")).where(waar).order_by(volgorde).correlate(*self.buiten)
            ).subquery()
            return func.json(select(func.json_group_array(rijen.c.w)).scalar_subquery())
        return func.array_to_json(
            select(func.array_agg(waarde).aggregate_order_by(volgorde))
            .where(waar)
            .correlate(*self.buiten)
            .scalar_subquery()
        )

    def dagen_sinds(self, peildatum: Any, datum: Any) -> Any:
        """Whole days from ``datum`` to ``peildatum``, never below 0."""
        if self.dialect == "sqlite":
            return func.max(0, cast(func.julianday(peildatum) - func.julianday(datum), Integer))
        return func.greatest(0, peildatum - datum)

    def tekst(self, json: Any) -> Any:
        """The JSON as text (the PostgreSQL driver would otherwise parse it)."""
        return json if self.dialect == "sqlite" else cast(json, Text)


def met_lijst(pagina: BaseModel, veld: str, items: list[str]) -> bytes:
    """``pagina`` as JSON (by alias) with ``items``, each an object's JSON text, as the list
    ``veld``: its first field, which ``pagina`` holds empty."""
    leeg = pagina.model_dump_json(by_alias=True)
    kop = '{"' + veld + '":['
    if not leeg.startswith(kop + "]"):
        raise ValueError(f"{veld} is niet het eerste, lege veld van {type(pagina).__name__}")
    return (kop + ",".join(items) + leeg[len(kop) :]).encode()
