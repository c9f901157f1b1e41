"""Ranking of suitable kandidaten for one woning (MATCH-K1, MATCH-K2, MATCH-K3).

The rank key is ``(klasse, aanmelddatum, aangemaakt_op, id)``:

- MATCH-K1 ``klasse`` is 0 when the woning's gemeente is the kandidaat's first preference, else 1;
- MATCH-K2 earlier ``aanmelddatum`` (longer waiting) first;
- MATCH-K3 ties: earlier ``aangemaakt_op``, then ``id`` — total and deterministic.

The service's database query must order by the same key to use ``stel_voor(gesorteerd=True)``.
"""

from __future__ import annotations

from datetime import date, datetime

from matching.model import Kandidaat, Woning

__all__ = ["Rangsleutel", "is_eerste_keuze", "rangsleutel"]

Rangsleutel = tuple[int, date, datetime, str]


def is_eerste_keuze(kandidaat: Kandidaat, woning: Woning) -> bool:
    """MATCH-K1: the woning's gemeente is the kandidaat's first preference."""
    voorkeuren = kandidaat.gemeentevoorkeuren
    return bool(voorkeuren) and voorkeuren[0] == woning.gemeente


def rangsleutel(kandidaat: Kandidaat, woning: Woning) -> Rangsleutel:
    """Sort key: smaller is better (MATCH-K1, K2, K3)."""
    return (
        0 if is_eerste_keuze(kandidaat, woning) else 1,
        kandidaat.aanmelddatum,
        kandidaat.aangemaakt_op,
        kandidaat.id,
    )
