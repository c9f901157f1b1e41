"""Small helpers for the Dutch texts a person reads (ZOU-K2, ZOU-K3 explanations)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP
from decimal import Decimal
from fractions import Fraction


def getal(waarde: Fraction | int) -> str:
    """Dutch notation of a number: whole, or two decimals with a decimal comma."""
    breuk = Fraction(waarde)
    if breuk.denominator == 1:
        return str(breuk.numerator)
    afgerond = (Decimal(breuk.numerator) / Decimal(breuk.denominator)).quantize(
        Decimal("0.01"), rounding=ROUND_HALF_UP
    )
    return str(afgerond).replace(".", ",")


def woningen(aantal: Fraction | int) -> str:
    """'1 woning', '3 woningen', '2,50 woningen'."""
    return f"{getal(aantal)} {'woning' if aantal == 1 else 'woningen'}"
