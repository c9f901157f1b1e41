"""Dutch money and date formatting used in reasons (ZOU-M5)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from matching import format_datum
from matching import format_euro


@pytest.mark.parametrize(
    ("bedrag", "tekst"),
    [
        (Decimal("1234.56"), "€ 1.234,56"),
        (Decimal("713"), "€ 713,00"),
        (Decimal("932.93"), "€ 932,93"),
        (Decimal("0.005"), "€ 0,01"),
        (Decimal("1234567.8"), "€ 1.234.567,80"),
        (51537, "€ 51.537"),
        (500, "€ 500"),
        (-1200, "€ -1.200"),
    ],
)
def test_format_euro(bedrag: Decimal | int, tekst: str) -> None:
    assert format_euro(bedrag) == tekst


def test_format_datum() -> None:
    assert format_datum(date(2025, 3, 3)) == "3 maart 2025"
    assert format_datum(date(2024, 12, 31)) == "31 december 2024"


def test_money_fields_accept_strings_and_floats() -> None:
    from matching_testdata import woning

    assert woning(kale_huur="713.00").kale_huur == Decimal("713.00")
    assert woning(kale_huur=713.1).kale_huur == Decimal("713.1")


def test_format_euro_cache_keeps_whole_euros_apart_from_cents() -> None:
    """``format_euro`` is cached: 5 and Decimal(5) are equal keys, yet read differently."""
    assert (format_euro(5), format_euro(Decimal(5))) == ("€ 5", "€ 5,00")
    assert (format_euro(Decimal(7)), format_euro(7)) == ("€ 7,00", "€ 7")
