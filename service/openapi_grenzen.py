"""Bounds in the published schema (issue 11, OWASP API4: the OWASP Spectral ruleset).

``begrens`` walks the OpenAPI document after FastAPI generated it and gives every string,
integer and array a bound the schema did not state yet:

- strings by their format (a uuid is 36 characters, a date 10), free text ``MAX_TEKST``;
- integers ``format: int64`` and the int64 range unless the model set a range;
- arrays ``MAX_LIJST`` items (a page has at most 200 rows, see ``service.schemas.paging``).

The request bodies carry their own, tighter limits in the pydantic models (``max_length``,
``le``, ``max_length`` on lists); those come through unchanged. Requests are also limited as a
whole (``service.grenzen``: 1 MB JSON, 20 MB uploads), so no text in a request can exceed what
these generic bounds state. Optional query parameters lose their ``null`` alternative: a query
string has no null.
"""

from __future__ import annotations

from typing import Any

#: Free text anywhere in the API: a request body is at most 1 MB in total.
MAX_TEKST = 1024 * 1024
MAX_LIJST = 10_000
INT64 = (-(2**63), 2**63 - 1)

_LENGTE_PER_FORMAT = {
    "uuid": 36,
    "date": 10,
    "date-time": 64,
    "email": 254,
    "uri": 2083,
    "binary": 20 * 1024 * 1024,
    "duration": 64,
    "time": 32,
}


def _schema(s: Any) -> None:
    if isinstance(s, list):
        for item in s:
            _schema(item)
        return
    if not isinstance(s, dict):
        return
    soort = s.get("type")
    if soort == "string" and not ({"maxLength", "enum", "const"} & s.keys()):
        s["maxLength"] = _LENGTE_PER_FORMAT.get(s.get("format", ""), MAX_TEKST)
    elif soort == "integer":
        s.setdefault("format", "int64")
        if "minimum" not in s and "exclusiveMinimum" not in s:
            s["minimum"] = INT64[0]
        if "maximum" not in s and "exclusiveMaximum" not in s:
            s["maximum"] = INT64[1]
    elif soort == "array":
        s.setdefault("maxItems", MAX_LIJST)
    for value in s.values():
        if isinstance(value, dict | list):
            _schema(value)


def _zonder_null(schema: dict[str, Any]) -> dict[str, Any]:
    opties = schema.get("anyOf")
    if not opties:
        return schema
    echt = [o for o in opties if o.get("type") != "null"]
    if len(echt) != 1 or len(echt) == len(opties):
        return schema
    rest = {k: v for k, v in schema.items() if k != "anyOf"}
    return {**echt[0], **rest}


def _bedrag(schema: dict[str, Any]) -> dict[str, Any]:
    """An amount (``Decimal`` input) is published as the number it is; the server also takes
    it as a string, which the schema need not promise."""
    opties = schema.get("anyOf")
    if not opties:
        return schema
    soorten = [o.get("type") for o in opties]
    if sorted(t for t in soorten if t != "null") != ["number", "string"]:
        return schema
    getal = next(o for o in opties if o.get("type") == "number")
    rest = {k: v for k, v in schema.items() if k != "anyOf"}
    if isinstance(rest.get("default"), str):  # Decimal("0") is published as "0"
        waarde = float(rest["default"])
        rest["default"] = int(waarde) if waarde.is_integer() else waarde
    if "null" in soorten:  # optional in a change: the number, or null
        return {
            **rest,
            "anyOf": [
                {**getal, **{"multipleOf": rest.pop("multipleOf")}}
                if "multipleOf" in rest
                else getal,
                {"type": "null"},
            ],
        }
    return {**getal, **rest}


#: Schemas whose ``gemeente`` is truly optional: a contact point of an organisation (ZOU-B1)
#: belongs to no gemeente, so its null stays in the published schema.
_GEMEENTE_MAG_LEEG = {"Contact"}


def _exact(s: Any, gemeenten: list[str]) -> None:
    """Amounts as numbers; every ``gemeente`` and ``gemeentevoorkeuren`` item one of the
    region's gemeenten, as the server checks."""
    if isinstance(s, list):
        for item in s:
            _exact(item, gemeenten)
        return
    if not isinstance(s, dict):
        return
    props = s.get("properties")
    if isinstance(props, dict):
        for naam, prop in list(props.items()):
            if naam == "gemeente" and s.get("title") in _GEMEENTE_MAG_LEEG:
                for optie in prop.get("anyOf", []):
                    if optie.get("type") == "string":
                        optie["enum"] = gemeenten
                continue
            props[naam] = prop = _bedrag(_zonder_null(prop) if naam == "gemeente" else prop)
            if naam == "gemeente" and prop.get("type") == "string":
                prop["enum"] = gemeenten
            if naam == "gemeentevoorkeuren":
                for lijst in [prop, *prop.get("anyOf", [])]:
                    if lijst.get("type") == "array":
                        lijst["items"] = {**lijst.get("items", {}), "enum": gemeenten}
                        lijst["uniqueItems"] = True  # the server refuses a gemeente twice
    for value in s.values():
        if isinstance(value, dict | list):
            _exact(value, gemeenten)


def begrens(document: dict[str, Any], gemeenten: list[str] | None = None) -> dict[str, Any]:
    for item in document.get("paths", {}).values():
        for operation in item.values():
            for parameter in operation.get("parameters", []):
                if "schema" in parameter and parameter.get("in") in ("query", "header"):
                    parameter["schema"] = _zonder_null(parameter["schema"])
                    if parameter["name"] == "gemeente" and gemeenten:
                        parameter["schema"]["enum"] = gemeenten
    if gemeenten:
        _exact(document.get("components", {}).get("schemas"), gemeenten)
    _schema(document.get("paths"))
    _schema(document.get("components", {}).get("schemas"))
    _schema(document.get("components", {}).get("headers"))
    return document
