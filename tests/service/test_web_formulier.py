"""The one form-post helper of the pages (``service.web.formulier.formulier_post``): the CSRF
token first, then validate and act; bad input rolls back and shows the page again, anything
else commits and goes on; a button without a page to show again lets every error through."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any
from typing import cast

import pytest
from fastapi.responses import Response

from service.errors import Conflict
from service.errors import OngeldigeInvoer
from service.errors import Verboden
from service.web.formulier import MET_CONFLICT
from service.web.formulier import formulier_post
from service.web.formulier import foutstatus
from service.web.formulier import ingevuld
from service.web.formulier import jaar_uit


class Sessie:
    def __init__(self) -> None:
        self.stappen: list[str] = []

    def commit(self) -> None:
        self.stappen.append("commit")

    def rollback(self) -> None:
        self.stappen.append("rollback")


PERSOON = cast(Any, SimpleNamespace(sessie=SimpleNamespace(csrf="geheim")))


def post(
    doe: Any, *, csrf: str = "geheim", opnieuw: Any = "pagina", **kw: Any
) -> tuple[Any, Sessie]:
    sessie = Sessie()
    antwoord = formulier_post(
        cast(Any, sessie),
        PERSOON,
        {"csrf": csrf},
        doe,
        (lambda exc: Response(type(exc).__name__, status_code=foutstatus(exc)))
        if opnieuw == "pagina"
        else opnieuw,
        lambda uitkomst: Response(str(uitkomst), status_code=303),
        **kw,
    )
    return antwoord, sessie


def test_goed_commit_en_verder() -> None:
    antwoord, sessie = post(lambda: 7)
    assert (antwoord.status_code, antwoord.body, sessie.stappen) == (303, b"7", ["commit"])


def test_foute_invoer_rollback_en_opnieuw() -> None:
    def doe() -> None:
        raise OngeldigeInvoer("Vul de reden in.")

    antwoord, sessie = post(doe)
    assert (antwoord.status_code, sessie.stappen) == (400, ["rollback"])


def test_conflict_alleen_waar_het_formulier_het_toont() -> None:
    def doe() -> None:
        raise Conflict("Al gedaan.")

    antwoord, sessie = post(doe, vang=MET_CONFLICT)
    assert (antwoord.status_code, sessie.stappen) == (409, ["rollback"])
    with pytest.raises(Conflict):
        post(doe)


def test_csrf_eerst() -> None:
    gedaan: list[int] = []
    with pytest.raises(Verboden):
        post(lambda: gedaan.append(1), csrf="anders")
    assert gedaan == []


def test_knop_zonder_pagina_laat_fouten_door() -> None:
    def doe() -> None:
        raise OngeldigeInvoer("Kies een route.")

    with pytest.raises(OngeldigeInvoer):
        post(doe, opnieuw=None)


def test_ingevuld_en_jaar() -> None:
    assert ingevuld({"a": "1", "b": ""}) == {"a": "1"}
    assert jaar_uit("2030") == 2030
    assert jaar_uit("1800") == jaar_uit(None)
