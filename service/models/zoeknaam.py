"""Search columns for names (issue 12: the kandidaten page at 100,000 kandidaten).

A name is found by a *prefix* of a normalised form, which a plain B-tree index answers on
SQLite and PostgreSQL alike (a range ``kolom >= 'jan' AND kolom < 'jan\\U0010ffff'``), instead
of ``LIKE '%jan%'``, which reads every row. Two columns per kandidaat:

- ``zoeknaam``: first name, then surname — "jan de vries" (found by "jan", "jan de v");
- ``zoekachternaam``: the surname without its prefixes (tussenvoegsels), then the first name,
  then the prefixes — "vries jan de" (found by "vries", "de vries", "vries j").

Normalised: accents removed (é → e), lower case (casefold), anything that is not a letter or a
digit becomes one space. On PostgreSQL the columns use the "C" collation, so that the range is a
byte-wise prefix whatever the database's own collation is.
"""

from __future__ import annotations

import unicodedata
from typing import Any

from sqlalchemy import String

#: Dutch surname prefixes (tussenvoegsels) that are skipped for ``zoekachternaam``.
TUSSENVOEGSELS = frozenset(
    {"van", "de", "der", "den", "het", "ter", "ten", "te", "in", "t", "op", "la", "le", "d", "l"}
)
LENGTE = 220
#: The column type: byte-wise order on PostgreSQL whatever the database collation is.
ZOEKTYPE = String(LENGTE).with_variant(String(LENGTE, collation="C"), "postgresql")
#: Sorts after every character a normalised name can hold: the upper end of a prefix range.
HOOGSTE = "\U0010ffff"


def normaal(tekst: str) -> str:
    """Lower case, without accents, words separated by one space."""
    zonder = "".join(
        c for c in unicodedata.normalize("NFKD", tekst) if not unicodedata.combining(c)
    )
    return " ".join("".join(c if c.isalnum() else " " for c in zonder.casefold()).split())


def _stam(woorden: list[str]) -> tuple[list[str], list[str]]:
    """(the prefixes, the rest) of a surname; a name of prefixes only keeps its words."""
    i = 0
    while i < len(woorden) - 1 and woorden[i] in TUSSENVOEGSELS:
        i += 1
    return woorden[:i], woorden[i:]


def zoeknamen(voornaam: str, achternaam: str) -> tuple[str, str]:
    """(``zoeknaam``, ``zoekachternaam``) of a kandidaat."""
    voor, achter = normaal(voornaam or ""), normaal(achternaam or "")
    voegsels, stam = _stam(achter.split())
    zoeknaam = f"{voor} {achter}".strip()
    zoekachternaam = " ".join([*stam, *voor.split(), *voegsels])
    return zoeknaam[:LENGTE], zoekachternaam[:LENGTE]


def zoektermen(term: str) -> tuple[str, str]:
    """The prefixes to look up for what a person typed: (in ``zoeknaam``, in ``zoekachternaam``).
    "de vries" is looked up as "de vries" and as "vries"."""
    t = normaal(term)
    _voegsels, stam = _stam(t.split())
    return t, " ".join(stam)


def _kolom(index: int) -> Any:
    def standaard(context: Any) -> str:
        p = context.get_current_parameters()
        return zoeknamen(p.get("voornaam", ""), p.get("achternaam", ""))[index]

    return standaard


#: Column defaults, so a bulk insert (the import, benchmarks) fills the columns too.
standaard_zoeknaam = _kolom(0)
standaard_zoekachternaam = _kolom(1)
