"""Shared pieces of the API contract: camelCase JSON, paging, problem details."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TYPE_CHECKING
from typing import Annotated
from typing import Any
from typing import Generic
from typing import TypeVar

from fastapi import Query
from pydantic import BaseModel
from pydantic import ConfigDict
from pydantic import Field
from pydantic.alias_generators import to_camel

if TYPE_CHECKING:
    from service.regio import Regio

T = TypeVar("T")


#: The region input is checked against: the request's (set by its session dependency), or a
#: ``voor_regio`` block's outside a request. Pydantic validates a request body before any code
#: of ours runs, so this is the one place the region travels with the request's context.
_invoer_regio: ContextVar[Regio | None] = ContextVar("woonroute_invoer_regio", default=None)


def zet_invoer_regio(regio: Regio) -> None:
    _invoer_regio.set(regio)


@contextmanager
def voor_regio(regio: Regio) -> Iterator[Regio]:
    """Check input against ``regio`` outside a request (the demo, scripts, tests)."""
    token = _invoer_regio.set(regio)
    try:
        yield regio
    finally:
        _invoer_regio.reset(token)


def invoer_regio() -> Regio:
    regio = _invoer_regio.get()
    if regio is None:
        raise RuntimeError("Er is geen regio om deze invoer aan te toetsen.")
    return regio


def check_gemeente(naam: str) -> str:
    """A schema check: ``naam`` is a gemeente of the region the input is for."""
    regio = invoer_regio()
    if not regio.is_gemeente(naam):
        raise ValueError(
            f"{naam} is geen gemeente in {regio.naam}. Kies uit: {', '.join(regio.gemeenten)}."
        )
    return naam


class ApiModel(BaseModel):
    """Python stays snake_case; JSON is lowerCamelCase (NL API Design Rules)."""

    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, from_attributes=True)


class Invoer(ApiModel):
    """Request bodies refuse unknown fields, so a typo is an error, not silently ignored."""

    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, extra="forbid")


#: An amount in euro has whole cents: published as ``multipleOf`` (the model checks
#: ``decimal_places=2``).
CENTEN: dict[str, Any] = {"multipleOf": 0.01}


def voorwaarden(*regels: dict[str, Any]) -> ConfigDict:
    """Request-body config with conditional requirements in the schema (``allOf`` of
    ``if``/``then``), stating what the model's validator checks, so a client and a test
    generator know them too."""
    return ConfigDict(
        alias_generator=to_camel,
        populate_by_name=True,
        extra="forbid",
        json_schema_extra={"allOf": list(regels)},
    )


def als(
    veld: str, waarde: str, dan: dict[str, Any], anders: dict[str, Any] | None = None
) -> dict[str, Any]:
    regel: dict[str, Any] = {
        "if": {"properties": {veld: {"const": waarde}}, "required": [veld]},
        "then": dan,
    }
    if anders is not None:
        regel["else"] = anders
    return regel


class Pagina(ApiModel, Generic[T]):
    resultaten: list[T]
    totaal: int
    pagina: int
    pagina_grootte: int

    @classmethod
    def model_parametrized_name(cls, params: tuple[Any, ...]) -> str:
        # UpperCamelCase schema names (nlgov:schema-camel-case): PaginaKandidaatUit.
        names = [
            getattr(p, "__name__", "") or "".join(a.__name__ for a in getattr(p, "__args__", ()))
            for p in params
        ]
        return "Pagina" + "".join(names)


#: Beyond this a page number only serves to overflow the database's offset (issue 11).
MAX_PAGINA = 100_000


class Paging(ApiModel):
    pagina: int
    pagina_grootte: int

    @property
    def offset(self) -> int:
        return (self.pagina - 1) * self.pagina_grootte


async def paging(
    pagina: Annotated[int, Query(ge=1, le=MAX_PAGINA, description="Paginanummer, vanaf 1.")] = 1,
    pagina_grootte: Annotated[int, Query(alias="paginaGrootte", ge=1, le=200)] = 50,
) -> Paging:
    """On the event loop: a plain function as a dependency would cost a thread hop."""
    return Paging(pagina=pagina, pagina_grootte=pagina_grootte)


class InvalidParam(BaseModel):
    name: str
    code: str
    reason: str


class Probleem(BaseModel):
    """RFC 9457 problem details."""

    type: str = "about:blank"
    title: str
    status: int
    detail: str
    instance: str | None = None
    invalid_params: list[InvalidParam] | None = Field(default=None, alias="invalidParams")
