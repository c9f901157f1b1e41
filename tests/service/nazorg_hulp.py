"""Shared test helpers for the nazorg part: complete forms, a placed kandidaat."""

from __future__ import annotations

from typing import Any

from pydantic.alias_generators import to_camel

from service.clock import vandaag
from service.formulieren.definities import DEFINITIES
from service.models import FormulierSoort
from tests.service.conftest import Api
from tests.service.conftest import days_ago
from tests.service.world import BEMIDDELAAR
from tests.service.world import approve
from tests.service.world import plek_of


def compleet(soort: str, **overrides: Any) -> dict[str, Any]:
    """Every required field of the form filled in, the JSON way (lowerCamelCase)."""
    body: dict[str, Any] = {}
    for v in DEFINITIES[FormulierSoort(soort)].velden:
        if not v.verplicht:
            continue
        if v.type == "datum":
            body[to_camel(v.naam)] = vandaag().isoformat()
        elif v.type == "keuze":
            body[to_camel(v.naam)] = v.keuzes[0][0]
        else:
            body[to_camel(v.naam)] = f"Ingevuld: {v.label}"
    body.update(overrides)
    return body


def plaats(
    api: Api, registreer: Any, meld: Any, *, org: str = "kwintes", contractdatum: str | None = None
) -> dict[str, str]:
    """A kandidaat of ``org`` with a complete preventie-actieplan, offered, accepted, placed."""
    k = registreer(org)
    r = api.as_(org).post(
        f"/v1/kandidaten/{k['id']}/preventie-actieplan/versies", compleet("preventie-actieplan")
    )
    assert r.status_code == 201, r.text
    w = meld("nabij-wonen")
    vd = approve(api, w["voordrachtId"])
    r = api.as_("nabij-wonen").post(
        f"/v1/voordrachten/{w['voordrachtId']}/keuze",
        {"plekId": plek_of(vd, k["id"]), "reden": "test"},
    )
    assert r.status_code == 201, r.text
    a = r.json()["id"]
    r = api.as_(BEMIDDELAAR).post(f"/v1/aanbiedingen/{a}/antwoord", {"besluit": "accepteren"})
    assert r.status_code == 201, r.text
    r = api.as_("nabij-wonen").post(
        "/v1/plaatsingen", {"aanbiedingId": a, "contractdatum": contractdatum or days_ago(0)}
    )
    assert r.status_code == 201, r.text
    return {"kandidaat": k["id"], "woning": w["id"], "aanbieding": a, "plaatsing": r.json()["id"]}
