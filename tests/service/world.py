"""A small, complete world for access tests: two of everything, one 'own' and one 'foreign'.

kwintes (zorgaanbieder) owns K1; lister owns K2. nabij-wonen (corporatie) owns W1 and its
voordracht VD1; woongroen owns W2 / VD2. A1 offers W1 to K1, A2 offers W2 to K2; both are
accepted and placed (P1, P2). W3 / VD3 (nabij-wonen) stays open for review. K3 (kwintes) is
forwarded in maatwerktraject T1 to nabij-wonen; K4 (lister) in T2 to woongroen.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from tests.service.bodies import verdeling_body
from tests.service.conftest import Api
from tests.service.conftest import aanmelden
from tests.service.conftest import days_ago
from tests.service.conftest import kandidaat_body
from tests.service.conftest import woning_body

BEMIDDELAAR = "het-vierde-huis"


def approve(api: Api, voordracht_id: str) -> dict[str, Any]:
    r = api.as_(BEMIDDELAAR).post(
        f"/v1/voordrachten/{voordracht_id}/beoordeling", {"besluit": "goedkeuren"}
    )
    assert r.status_code == 201, r.text
    return r.json()


def plek_of(voordracht: dict[str, Any], kandidaat_id: str) -> str:
    return next(p["id"] for p in voordracht["plekken"] if p["kandidaatId"] == kandidaat_id)


def plaats_via_voordracht(
    api: Api,
    registreer: Callable[..., dict[str, Any]],
    meld: Callable[..., dict[str, Any]],
    *,
    org: str = "kwintes",
    corp: str = "nabij-wonen",
    wacht: int = 300,
    contractdatum: str | None = None,
    **kandidaat: Any,
) -> Any:
    """A kandidaat of ``org`` registered ``wacht`` days ago is chosen from the voordracht of a
    new woning of ``corp``, accepts (the bemiddelaar records it) and is placed on
    ``contractdatum`` (today by default): the answer to the placement."""
    k = registreer(org, aanmelddatum=days_ago(wacht), **kandidaat)["id"]
    vd = approve(api, meld(corp)["voordrachtId"])
    a = (
        api.as_(corp)
        .post(f"/v1/voordrachten/{vd['id']}/keuze", {"plekId": plek_of(vd, k), "reden": "test"})
        .json()
    )
    api.as_(BEMIDDELAAR).post(f"/v1/aanbiedingen/{a['id']}/antwoord", {"besluit": "accepteren"})
    return api.as_(corp).post(
        "/v1/plaatsingen", {"aanbiedingId": a["id"], "contractdatum": contractdatum or days_ago(0)}
    )


def maatwerk_aanbieding(
    api: Api, meld: Callable[..., dict[str, Any]], traject_id: str, corporatie: str = "portaal"
) -> dict[str, Any]:
    """``corporatie`` accepts the maatwerktraject, reports a woning and offers it to the
    traject's kandidaat: the aanbieding."""
    api.as_(corporatie).post(
        f"/v1/maatwerktrajecten/{traject_id}/besluit", {"besluit": "accepteren"}
    )
    w = meld(corporatie)
    return (
        api.as_(corporatie)
        .post(f"/v1/maatwerktrajecten/{traject_id}/woning", {"woningId": w["id"]})
        .json()
    )


def build_world(api: Api) -> dict[str, str]:
    w: dict[str, str] = {}
    for name, org, wacht in (("K1", "kwintes", 300), ("K2", "lister", 250), ("K3", "kwintes", 200)):
        w[name] = aanmelden(api, org, kandidaat_body(aanmelddatum=days_ago(wacht)))["id"]
    for name, org in (("W1", "nabij-wonen"), ("W2", "woongroen"), ("W3", "nabij-wonen")):
        r = api.as_(org).post("/v1/woningen", woning_body())
        assert r.status_code == 201, r.text
        w[name], w["VD" + name[1]] = r.json()["id"], r.json()["voordrachtId"]
    for vd, corp, kandidaat, a in (
        ("VD1", "nabij-wonen", "K1", "A1"),
        ("VD2", "woongroen", "K2", "A2"),
    ):
        voordracht = approve(api, w[vd])
        r = api.as_(corp).post(
            f"/v1/voordrachten/{w[vd]}/keuze",
            {"plekId": plek_of(voordracht, w[kandidaat]), "reden": "test"},
        )
        assert r.status_code == 201, r.text
        w[a] = r.json()["id"]
        r = api.as_(BEMIDDELAAR).post(
            f"/v1/aanbiedingen/{w[a]}/antwoord", {"besluit": "accepteren"}
        )
        assert r.status_code == 201, r.text
        r = api.as_(corp).post(
            "/v1/plaatsingen", {"aanbiedingId": w[a], "contractdatum": days_ago(0)}
        )
        assert r.status_code == 201, r.text
        w["P" + a[1]] = r.json()["id"]
    orgs = (
        api.as_(BEMIDDELAAR)
        .get("/v1/organisaties", params={"paginaGrootte": 100})
        .json()["resultaten"]
    )
    w["ORG"] = next(o["id"] for o in orgs if o["code"] == "portaal")
    w["K4"] = aanmelden(api, "lister", kandidaat_body(aanmelddatum=days_ago(150)))["id"]
    for traject, kandidaat, corp in (("T1", "K3", "nabij-wonen"), ("T2", "K4", "woongroen")):
        corp_id = next(o["id"] for o in orgs if o["code"] == corp)
        r = api.as_(BEMIDDELAAR).post(
            "/v1/maatwerktrajecten",
            {
                "kandidaatId": w[kandidaat],
                "corporatieId": corp_id,
                "aanleiding": "anders",
                "wensen": "Rustig",
            },
        )
        assert r.status_code == 201, r.text
        w[traject] = r.json()["id"]
    w["ZA"] = next(o["id"] for o in orgs if o["code"] == "kwintes")
    w["ZB"] = next(o["id"] for o in orgs if o["code"] == "lister")
    r = api.as_("beter-wonen").post(
        "/v1/verdelingen",
        verdeling_body(2026, {w["ZA"]: 1, w["ZB"]: 1}, reden="wereld", totaal=4),
    )
    assert r.status_code == 201, r.text
    w["V1"] = r.json()["id"]
    w.update(_signals(api, w, {o["code"]: o["id"] for o in orgs}))
    for kandidaat, org in (("K3", "kwintes"), ("K2", "lister")):
        for soort in ("overdrachtsdocument", "preventie-actieplan"):
            r = api.as_(org).post(
                f"/v1/kandidaten/{w[kandidaat]}/{soort}/versies", {"adres": "Slotlaan 1"}
            )
            assert r.status_code == 201, r.text
    for naam, kandidaat, org in (("RA1", "K3", "kwintes"), ("RA2", "K2", "lister")):
        r = api.as_(org).post(
            f"/v1/kandidaten/{w[kandidaat]}/routeadviezen",
            {"vragen": {"uitstroomdeadline": False}, "aanvraag": {"adres": "Slotlaan 1"}},
        )
        assert r.status_code == 201, r.text
        w[naam] = r.json()["id"]
    # a zorgaanbieder's request to correct an aanmelddatum (issue 10/12)
    r = api.as_("kwintes").post(
        f"/v1/kandidaten/{w['K3']}/aanmelddatum-verzoeken",
        {"aanmelddatum": days_ago(230), "reden": "Wereld"},
    )
    assert r.status_code == 201, r.text
    w["VZ"] = r.json()["id"]
    for name, org in (("KN1", "kwintes"), ("KN2", "lister"), ("KN3", "nabij-wonen")):
        r = api.as_(org).post("/v1/knelpunten", {"onderwerp": name, "beschrijving": "Wereld"})
        assert r.status_code == 201, r.text
        w[name] = r.json()["id"]
    w.update(_abonnementen(api))
    r = api.as_("beter-wonen").post("/v1/beleidsproeven", {"naam": "Wereld"})
    assert r.status_code == 201, r.text
    w["BP"] = r.json()["id"]
    return w


def _signals(api: Api, w: dict[str, str], ids: dict[str, str]) -> dict[str, str]:
    """Signaleringen with known owners; written directly, since their causes take months."""
    import uuid
    from datetime import timedelta

    from service.clock import vandaag
    from service.db import session_scope
    from service.models import Signalering

    made = {}
    specs = {
        "SG_K": ("langwachtend", "kandidaat", w["K3"], "het-vierde-huis", "kwintes"),
        "SG_C": ("evaluatie", "plaatsing", w["P1"], "nabij-wonen", "kwintes"),
        "SG_R": ("contingent-overgebruik", "organisatie", ids["kwintes"], "beter-wonen", "kwintes"),
        "SG_F": ("evaluatie", "plaatsing", w["P2"], "woongroen", "lister"),
    }
    with session_scope(api.client.app.state.engine, api.client.app.state.regio) as session:
        for key, (soort, onderwerp_type, onderwerp, eigenaar, zichtbaar) in specs.items():
            s = Signalering(
                soort=soort,
                onderwerp_type=onderwerp_type,
                onderwerp_id=uuid.UUID(onderwerp),
                eigenaar_id=uuid.UUID(ids[eigenaar]),
                zichtbaar_voor_id=uuid.UUID(ids[zichtbaar]),
                titel=key,
                vervaldatum=vandaag() + timedelta(days=14),
            )
            session.add(s)
            session.flush()
            made[key] = str(s.id)
    return made


def _abonnementen(api: Api) -> dict[str, str]:
    """A webhook subscription per acting organisation (AB_<code>) and a foreign one (AB_F, of
    lister), each with one dead-letter bericht (BR_<code>, BR_F) that may be replayed."""
    from service.db import session_scope
    from service.models import BerichtStatus
    from service.models import WebhookBericht

    made = {}
    for code in ("nabij-wonen", "kwintes", "het-vierde-huis", "beter-wonen", "lister"):
        r = api.as_(code).post(
            "/v1/abonnementen",
            {"url": "https://93.184.216.34/hook", "soorten": ["plaatsing.vastgelegd"]},
        )
        assert r.status_code == 201, r.text
        key = "F" if code == "lister" else code
        made[f"AB_{key}"] = r.json()["id"]
    with session_scope(api.client.app.state.engine, api.client.app.state.regio) as session:
        for key in [k.removeprefix("AB_") for k in made]:
            b = WebhookBericht(
                bericht_id="msg_" + uuid.uuid4().hex,
                abonnement_id=uuid.UUID(made[f"AB_{key}"]),
                soort="plaatsing.vastgelegd",
                onderwerp="wereld",
                inhoud={"type": "plaatsing.vastgelegd", "data": {}},
                status=BerichtStatus.mislukt,
            )
            session.add(b)
            made[f"BR_{key}"] = b.bericht_id
    return made
