"""``service.json_sql``: the guards of JSON written by the database. That its JSON is byte for
byte the model's is checked where it is used (``test_lezen_snel``)."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import column
from sqlalchemy import select

from service.json_sql import JsonSql
from service.json_sql import met_lijst
from service.schemas import ApiModel


@pytest.mark.parametrize("sleutel", ["a'b", "a b", "1a", "", 'a"b', "naam') --"])
def test_een_sleutel_die_geen_gewone_naam_is_komt_niet_in_de_sql(sleutel):
    with pytest.raises(ValueError, match="geen gewone naam"):
        JsonSql("sqlite", ()).object([(sleutel, column("x"))])


def test_een_onbekende_database_krijgt_geen_json():
    with pytest.raises(ValueError, match="mysql"):
        JsonSql("mysql", ())


def test_sqlite_schrijft_het_object_zelf(db):
    if db.get_bind().dialect.name != "sqlite":
        pytest.skip("the SQLite form")
    js = JsonSql("sqlite", ())
    uit = db.execute(select(js.object([("a", 1), ("bC", "x")]))).scalar_one()
    assert uit == '{"a":1,"bC":"x"}'


class _Pagina(ApiModel):
    resultaten: list[dict[str, int]]
    volgende: str | None = None


def test_met_lijst_zet_de_items_in_het_lege_eerste_veld():
    uit = met_lijst(_Pagina(resultaten=[], volgende="v"), "resultaten", ['{"a":1}', '{"a":2}'])
    assert uit == b'{"resultaten":[{"a":1},{"a":2}],"volgende":"v"}'
    assert json.loads(uit) == {"resultaten": [{"a": 1}, {"a": 2}], "volgende": "v"}
    assert (
        met_lijst(_Pagina(resultaten=[]), "resultaten", []) == b'{"resultaten":[],"volgende":null}'
    )


def test_met_lijst_weigert_een_veld_dat_niet_leeg_of_niet_eerst_is():
    with pytest.raises(ValueError, match="niet het eerste"):
        met_lijst(_Pagina(resultaten=[{"a": 1}]), "resultaten", [])
    with pytest.raises(ValueError, match="niet het eerste"):
        met_lijst(_Pagina(resultaten=[]), "volgende", [])
