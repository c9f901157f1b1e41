"""Route × organisation kind × own/foreign object (STANDARDS.md security: BOLA and BFLA).

``MATRIX`` classifies every route of the app. A route missing here fails
``test_every_route_is_classified``, so no endpoint can ship unclassified. Each route's
declared ``x-toegang`` must equal the kinds allowed here (double entry), and each kind is then
actually called: a kind not allowed gets 403; an allowed kind reaches its own object (no
401/403/404); a kind that is scoped to its own objects gets 404 on a foreign one; without a key
every route answers 401.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from dataclasses import field
from typing import Any

import pytest

from tests.service.conftest import days_ago
from tests.service.conftest import kandidaat_body
from tests.service.conftest import woning_body
from tests.service.world import build_world

ACTING = {
    "corporatie": "nabij-wonen",
    "zorgaanbieder": "kwintes",
    "bemiddelaar": "het-vierde-huis",
    "regiobeheer": "beter-wonen",
}
ALL = frozenset(ACTING)
#: The signalering each acting kind may see (see tests/service/world.py).
#: The knelpunt each acting kind may see (see tests/service/world.py).
KNELPUNT = {"bemiddelaar": "KN1", "zorgaanbieder": "KN1", "corporatie": "KN3", "regiobeheer": "KN1"}
SIGNAAL = {
    "bemiddelaar": "SG_K",
    "zorgaanbieder": "SG_K",
    "corporatie": "SG_C",
    "regiobeheer": "SG_R",
}
W = dict[str, str]


@dataclass(frozen=True)
class Case:
    allowed: frozenset[str]
    own: Callable[[W], str] | dict[str, Callable[[W], str]] | None = (
        None  # path with the caller's own object (per kind)
    )
    foreign: Callable[[W], str] | None = None  # the same path with another organisation's object
    scoped: frozenset[str] = frozenset()  # kinds that only see their own objects
    body: Callable[[W, bool], Any] | None = None  # (world, own?) -> JSON body
    path: str | None = None  # for routes without object
    hidden_from_list: dict[str, str] = field(
        default_factory=dict
    )  # kind -> world key absent from its list
    #: Open to anyone, without a key (liveness and readiness for the platform): x-toegang
    #: says ``iedereen``, and every caller, with or without a key, gets 200.
    publiek: bool = False


def vorige_maand() -> dict[str, int]:
    from service.clock import vandaag

    eerste = vandaag().replace(day=1)
    return {
        "jaar": (eerste.year - 1) if eerste.month == 1 else eerste.year,
        "maand": 12 if eerste.month == 1 else eerste.month - 1,
    }


def p(template: str, key: str) -> Callable[[W], str]:
    return lambda w: template.format(w[key])


def _ab(template: str) -> dict[str, Callable[[W], str]]:
    """Per kind: the acting organisation's own subscription (and its bericht), see world.py."""
    return {
        kind: (lambda w, org=org: template.format(w[f"AB_{org}"], w.get(f"BR_{org}", "")))
        for kind, org in ACTING.items()
    }


MATRIX: dict[str, Case] = {
    "GET /v1/gezondheid": Case(frozenset(), path="/v1/gezondheid", publiek=True),
    "GET /v1/gereed": Case(frozenset(), path="/v1/gereed", publiek=True),
    "GET /v1/organisaties": Case(ALL, path="/v1/organisaties"),
    "POST /v1/organisaties": Case(
        frozenset({"regiobeheer"}),
        path="/v1/organisaties",
        body=lambda w, own: {
            "code": "nieuw-thuis",
            "naam": "Nieuw Thuis",
            "soort": "corporatie",
            "route": "maatwerk",
        },
    ),
    "GET /v1/organisaties/{organisatie_id}": Case(ALL, own=p("/v1/organisaties/{}", "ORG")),
    "PATCH /v1/organisaties/{organisatie_id}": Case(
        frozenset({"regiobeheer"}),
        own=p("/v1/organisaties/{}", "ORG"),
        body=lambda w, own: {"naam": "Portaal"},
    ),
    "GET /v1/kandidaten": Case(
        frozenset({"zorgaanbieder", "bemiddelaar"}),
        path="/v1/kandidaten",
        hidden_from_list={"zorgaanbieder": "K2"},
    ),
    "POST /v1/kandidaten": Case(
        frozenset({"zorgaanbieder"}), path="/v1/kandidaten", body=lambda w, own: kandidaat_body()
    ),
    "GET /v1/kandidaten/{kandidaat_id}": Case(
        frozenset({"zorgaanbieder", "bemiddelaar"}),
        own=p("/v1/kandidaten/{}", "K3"),
        foreign=p("/v1/kandidaten/{}", "K2"),
        scoped=frozenset({"zorgaanbieder"}),
    ),
    "PATCH /v1/kandidaten/{kandidaat_id}": Case(
        frozenset({"zorgaanbieder", "bemiddelaar"}),
        own=p("/v1/kandidaten/{}", "K3"),
        foreign=p("/v1/kandidaten/{}", "K2"),
        scoped=frozenset({"zorgaanbieder"}),
        body=lambda w, own: {"route": "omgekeerde-plaatsing"},
    ),
    "POST /v1/kandidaten/{kandidaat_id}/statuswijzigingen": Case(
        frozenset({"zorgaanbieder", "bemiddelaar"}),
        own=p("/v1/kandidaten/{}/statuswijzigingen", "K3"),
        foreign=p("/v1/kandidaten/{}/statuswijzigingen", "K2"),
        scoped=frozenset({"zorgaanbieder"}),
        body=lambda w, own: {"status": "gepauzeerd"},
    ),
    **{
        f"GET /v1/kandidaten/{{kandidaat_id}}/{pad}": Case(
            frozenset({"zorgaanbieder", "bemiddelaar"}),
            own=p(f"/v1/kandidaten/{{}}/{pad}", "K3"),
            foreign=p(f"/v1/kandidaten/{{}}/{pad}", "K2"),
            scoped=frozenset({"zorgaanbieder"}),
        )
        for pad in (
            "formulieren",
            "gereedheid",
            "overdrachtsdocument",
            "overdrachtsdocument/versies",
            "preventie-actieplan",
            "preventie-actieplan/versies",
        )
    },
    **{
        f"POST /v1/kandidaten/{{kandidaat_id}}/{soort}/versies": Case(
            frozenset({"zorgaanbieder"}),
            own=p(f"/v1/kandidaten/{{}}/{soort}/versies", "K3"),
            foreign=p(f"/v1/kandidaten/{{}}/{soort}/versies", "K2"),
            scoped=frozenset({"zorgaanbieder"}),
            body=lambda w, own: {"adres": "Slotlaan 2"},
        )
        for soort in ("overdrachtsdocument", "preventie-actieplan")
    },
    "GET /v1/woningen": Case(
        frozenset({"corporatie", "bemiddelaar", "regiobeheer"}),
        path="/v1/woningen",
        hidden_from_list={"corporatie": "W2"},
    ),
    "POST /v1/woningen": Case(
        frozenset({"corporatie"}), path="/v1/woningen", body=lambda w, own: woning_body()
    ),
    "GET /v1/woningen/{woning_id}": Case(
        frozenset({"corporatie", "bemiddelaar", "regiobeheer"}),
        own=p("/v1/woningen/{}", "W3"),
        foreign=p("/v1/woningen/{}", "W2"),
        scoped=frozenset({"corporatie"}),
    ),
    "PATCH /v1/woningen/{woning_id}": Case(
        frozenset({"corporatie"}),
        own=p("/v1/woningen/{}", "W3"),
        foreign=p("/v1/woningen/{}", "W2"),
        scoped=frozenset({"corporatie"}),
        body=lambda w, own: {"opmerkingen": "Nieuwe keuken"},
    ),
    "POST /v1/woningen/{woning_id}/intrekking": Case(
        frozenset({"corporatie"}),
        own=p("/v1/woningen/{}/intrekking", "W3"),
        foreign=p("/v1/woningen/{}/intrekking", "W2"),
        scoped=frozenset({"corporatie"}),
        body=lambda w, own: {"reden": "Verkocht"},
    ),
    "GET /v1/voordrachten": Case(
        frozenset({"bemiddelaar", "corporatie"}),
        path="/v1/voordrachten",
        hidden_from_list={"corporatie": "VD2"},
    ),
    "GET /v1/voordrachten/{voordracht_id}": Case(
        frozenset({"bemiddelaar", "corporatie"}),
        own=p("/v1/voordrachten/{}", "VD1"),
        foreign=p("/v1/voordrachten/{}", "VD2"),
        scoped=frozenset({"corporatie"}),
    ),
    "POST /v1/voordrachten/{voordracht_id}/beoordeling": Case(
        frozenset({"bemiddelaar"}),
        own=p("/v1/voordrachten/{}/beoordeling", "VD3"),
        body=lambda w, own: {"besluit": "goedkeuren"},
    ),
    "POST /v1/voordrachten/{voordracht_id}/keuze": Case(
        frozenset({"corporatie"}),
        own=p("/v1/voordrachten/{}/keuze", "VD1"),
        foreign=p("/v1/voordrachten/{}/keuze", "VD2"),
        scoped=frozenset({"corporatie"}),
        body=lambda w, own: {"plekId": w["VD1"], "reden": "test"},
    ),
    "GET /v1/aanbiedingen": Case(
        frozenset({"bemiddelaar", "corporatie", "zorgaanbieder"}),
        path="/v1/aanbiedingen",
        hidden_from_list={"corporatie": "A2", "zorgaanbieder": "A2"},
    ),
    "GET /v1/aanbiedingen/{aanbieding_id}": Case(
        frozenset({"bemiddelaar", "corporatie", "zorgaanbieder"}),
        own=p("/v1/aanbiedingen/{}", "A1"),
        foreign=p("/v1/aanbiedingen/{}", "A2"),
        scoped=frozenset({"corporatie", "zorgaanbieder"}),
    ),
    "POST /v1/aanbiedingen/{aanbieding_id}/antwoord": Case(
        frozenset({"zorgaanbieder", "bemiddelaar"}),
        own=p("/v1/aanbiedingen/{}/antwoord", "A1"),
        foreign=p("/v1/aanbiedingen/{}/antwoord", "A2"),
        scoped=frozenset({"zorgaanbieder"}),
        body=lambda w, own: {"besluit": "accepteren"},
    ),
    "GET /v1/plaatsingen": Case(
        ALL, path="/v1/plaatsingen", hidden_from_list={"corporatie": "P2", "zorgaanbieder": "P2"}
    ),
    "GET /v1/plaatsingen/{plaatsing_id}": Case(
        ALL,
        own=p("/v1/plaatsingen/{}", "P1"),
        foreign=p("/v1/plaatsingen/{}", "P2"),
        scoped=frozenset({"corporatie", "zorgaanbieder"}),
    ),
    "POST /v1/plaatsingen": Case(
        frozenset({"corporatie"}),
        path="/v1/plaatsingen",
        scoped=frozenset({"corporatie"}),
        body=lambda w, own: {
            "aanbiedingId": w["A1" if own else "A2"],
            "contractdatum": days_ago(0),
        },
    ),
    "POST /v1/woningen/{woning_id}/voordracht": Case(
        frozenset({"corporatie"}),
        own=p("/v1/woningen/{}/voordracht", "W3"),
        foreign=p("/v1/woningen/{}/voordracht", "W2"),
        scoped=frozenset({"corporatie"}),
    ),
    "GET /v1/maatwerktrajecten": Case(
        frozenset({"bemiddelaar", "corporatie", "zorgaanbieder"}),
        path="/v1/maatwerktrajecten",
        hidden_from_list={"corporatie": "T2", "zorgaanbieder": "T2"},
    ),
    "POST /v1/maatwerktrajecten": Case(
        frozenset({"bemiddelaar"}),
        path="/v1/maatwerktrajecten",
        body=lambda w, own: {
            "kandidaatId": w["K3"],
            "corporatieId": w["ORG"],
            "aanleiding": "anders",
            "wensen": "x",
        },
    ),
    "GET /v1/maatwerktrajecten/{traject_id}": Case(
        frozenset({"bemiddelaar", "corporatie", "zorgaanbieder"}),
        own=p("/v1/maatwerktrajecten/{}", "T1"),
        foreign=p("/v1/maatwerktrajecten/{}", "T2"),
        scoped=frozenset({"corporatie", "zorgaanbieder"}),
    ),
    "POST /v1/maatwerktrajecten/{traject_id}/besluit": Case(
        frozenset({"corporatie"}),
        own=p("/v1/maatwerktrajecten/{}/besluit", "T1"),
        foreign=p("/v1/maatwerktrajecten/{}/besluit", "T2"),
        scoped=frozenset({"corporatie"}),
        body=lambda w, own: {"besluit": "accepteren"},
    ),
    "POST /v1/maatwerktrajecten/{traject_id}/woning": Case(
        frozenset({"corporatie"}),
        own=p("/v1/maatwerktrajecten/{}/woning", "T1"),
        foreign=p("/v1/maatwerktrajecten/{}/woning", "T2"),
        scoped=frozenset({"corporatie"}),
        body=lambda w, own: {"woningId": w["W3"]},
    ),
    "POST /v1/maatwerktrajecten/{traject_id}/stopzetting": Case(
        frozenset({"bemiddelaar"}),
        own=p("/v1/maatwerktrajecten/{}/stopzetting", "T1"),
        body=lambda w, own: {"reden": "Test"},
    ),
    "GET /v1/maatwerkkandidaten": Case(frozenset({"bemiddelaar"}), path="/v1/maatwerkkandidaten"),
    "GET /v1/escalaties": Case(frozenset({"bemiddelaar"}), path="/v1/escalaties"),
    "GET /v1/toezeggingen": Case(
        frozenset({"regiobeheer", "bemiddelaar", "corporatie"}), path="/v1/toezeggingen"
    ),
    "POST /v1/toezeggingen": Case(
        frozenset({"regiobeheer"}),
        path="/v1/toezeggingen",
        body=lambda w, own: {"corporatieId": w["ORG"], "jaar": 2026, "aantal": 5},
    ),
    "GET /v1/verdelingen": Case(
        frozenset({"regiobeheer", "bemiddelaar", "zorgaanbieder"}), path="/v1/verdelingen"
    ),
    "POST /v1/verdelingen": Case(
        frozenset({"regiobeheer"}),
        path="/v1/verdelingen",
        body=lambda w, own: {
            "jaar": 2026,
            "totaal": 3,
            "reden": "x",
            "aandelen": [{"zorgaanbiederId": w["ZA"], "gewicht": 1}],
        },
    ),
    "GET /v1/verdelingen/{verdeling_id}": Case(
        frozenset({"regiobeheer", "bemiddelaar", "zorgaanbieder"}),
        own=p("/v1/verdelingen/{}", "V1"),
    ),
    "POST /v1/herverdelingen": Case(
        frozenset({"regiobeheer"}),
        path="/v1/herverdelingen",
        body=lambda w, own: {
            "jaar": 2026,
            "vanId": w["ZA"],
            "naarId": w["ZB"],
            "aantal": 1,
            "reden": "x",
        },
    ),
    "GET /v1/contingentgebruik": Case(
        frozenset({"zorgaanbieder", "regiobeheer", "bemiddelaar"}),
        path="/v1/contingentgebruik?jaar=2026",
    ),
    "GET /v1/leveringen": Case(
        frozenset({"corporatie", "regiobeheer", "bemiddelaar"}), path="/v1/leveringen?jaar=2026"
    ),
    "GET /v1/kandidaten/{kandidaat_id}/waarom-niet": Case(
        frozenset({"zorgaanbieder", "bemiddelaar"}),
        own=p("/v1/kandidaten/{}/waarom-niet", "K3"),
        foreign=p("/v1/kandidaten/{}/waarom-niet", "K2"),
        scoped=frozenset({"zorgaanbieder"}),
    ),
    "POST /v1/plaatsingen/{plaatsing_id}/evaluaties": Case(
        frozenset({"zorgaanbieder"}),
        own=p("/v1/plaatsingen/{}/evaluaties", "P1"),
        foreign=p("/v1/plaatsingen/{}/evaluaties", "P2"),
        scoped=frozenset({"zorgaanbieder"}),
        body=lambda w, own: {
            "volgnummer": 1,
            "uitgevoerdOp": days_ago(0),
            "uitkomsten": dict.fromkeys(
                ("wonen", "financien", "netwerk", "begeleiding", "overlast"), {"oordeel": "goed"}
            ),
            "positief": True,
            "besluit": "voortzetten",
            "volgendeStap": "Verder zo.",
        },
    ),
    "POST /v1/plaatsingen/{plaatsing_id}/omzetting": Case(
        frozenset({"corporatie", "zorgaanbieder"}),
        own=p("/v1/plaatsingen/{}/omzetting", "P1"),
        foreign=p("/v1/plaatsingen/{}/omzetting", "P2"),
        scoped=frozenset({"corporatie", "zorgaanbieder"}),
        body=lambda w, own: {
            "datum": days_ago(0),
            "beslotenDoor": "Huurder, corporatie en casushouder samen",
            "reden": "Het gaat goed.",
            "begeleiding": "beeindigen",
            "vervolgafspraak": "Zus belt wekelijks.",
        },
    ),
    "POST /v1/plaatsingen/{plaatsing_id}/overdrachten": Case(
        frozenset({"zorgaanbieder"}),
        own=p("/v1/plaatsingen/{}/overdrachten", "P1"),
        foreign=p("/v1/plaatsingen/{}/overdrachten", "P2"),
        scoped=frozenset({"zorgaanbieder"}),
        body=lambda w, own: {
            "datum": days_ago(0),
            "naarNaam": "Sociaal team Zeist",
            "naarSoort": "sociaal-wijkteam",
        },
    ),
    "POST /v1/plaatsingen/{plaatsing_id}/kennisgevingen": Case(
        frozenset({"corporatie", "zorgaanbieder", "bemiddelaar"}),
        own=p("/v1/plaatsingen/{}/kennisgevingen", "P1"),
        foreign=p("/v1/plaatsingen/{}/kennisgevingen", "P2"),
        scoped=frozenset({"corporatie", "zorgaanbieder"}),
        body=lambda w, own: {
            "ontvangerSoort": "gemeente",
            "ontvanger": "Gemeente Zeist",
            "geinformeerdOp": days_ago(0),
            "wijze": "brief",
        },
    ),
    "GET /v1/plaatsingen/{plaatsing_id}/kennisgevingsbrief": Case(
        frozenset({"corporatie", "zorgaanbieder", "bemiddelaar"}),
        own=p("/v1/plaatsingen/{}/kennisgevingsbrief", "P1"),
        foreign=p("/v1/plaatsingen/{}/kennisgevingsbrief", "P2"),
        scoped=frozenset({"corporatie", "zorgaanbieder"}),
    ),
    "POST /v1/plaatsingen/{plaatsing_id}/signaleringen": Case(
        frozenset({"corporatie", "zorgaanbieder", "bemiddelaar"}),
        own=p("/v1/plaatsingen/{}/signaleringen", "P1"),
        foreign=p("/v1/plaatsingen/{}/signaleringen", "P2"),
        scoped=frozenset({"corporatie", "zorgaanbieder"}),
        body=lambda w, own: {"toelichting": "Huurachterstand en geen contact."},
    ),
    "POST /v1/clientervaringen": Case(
        frozenset({"zorgaanbieder"}),
        path="/v1/clientervaringen",
        body=lambda w, own: {"moment": "kennismaking", "antwoorden": {"vraag1c": "ja"}},
    ),
    "GET /v1/regiocijfers/nazorg": Case(
        frozenset({"bemiddelaar", "regiobeheer"}), path="/v1/regiocijfers/nazorg"
    ),
    "POST /v1/kandidaten/{kandidaat_id}/routeadviezen": Case(
        frozenset({"zorgaanbieder"}),
        own=p("/v1/kandidaten/{}/routeadviezen", "K3"),
        foreign=p("/v1/kandidaten/{}/routeadviezen", "K2"),
        scoped=frozenset({"zorgaanbieder"}),
        body=lambda w, own: {"vragen": {"uitstroomdeadline": False}, "aanvraag": {}},
    ),
    "GET /v1/kandidaten/{kandidaat_id}/routeadviezen": Case(
        frozenset({"zorgaanbieder", "bemiddelaar"}),
        own=p("/v1/kandidaten/{}/routeadviezen", "K3"),
        foreign=p("/v1/kandidaten/{}/routeadviezen", "K2"),
        scoped=frozenset({"zorgaanbieder"}),
    ),
    "POST /v1/routeadviezen/{routeadvies_id}/routekeuze": Case(
        frozenset({"zorgaanbieder"}),
        own=p("/v1/routeadviezen/{}/routekeuze", "RA1"),
        foreign=p("/v1/routeadviezen/{}/routekeuze", "RA2"),
        scoped=frozenset({"zorgaanbieder"}),
        body=lambda w, own: {"route": "regulier"},
    ),
    "GET /v1/kandidaten/{kandidaat_id}/voorbereiding": Case(
        frozenset({"zorgaanbieder", "bemiddelaar"}),
        own=p("/v1/kandidaten/{}/voorbereiding", "K3"),
        foreign=p("/v1/kandidaten/{}/voorbereiding", "K2"),
        scoped=frozenset({"zorgaanbieder"}),
    ),
    "PUT /v1/kandidaten/{kandidaat_id}/voorbereiding": Case(
        frozenset({"zorgaanbieder"}),
        own=p("/v1/kandidaten/{}/voorbereiding", "K3"),
        foreign=p("/v1/kandidaten/{}/voorbereiding", "K2"),
        scoped=frozenset({"zorgaanbieder"}),
        body=lambda w, own: {"verwachteVerhuisdatum": days_ago(-120)},
    ),
    "GET /v1/signaleringen": Case(
        ALL,
        path="/v1/signaleringen",
        hidden_from_list={"zorgaanbieder": "SG_F", "corporatie": "SG_F"},
    ),
    "GET /v1/signaleringen/{signalering_id}": Case(
        ALL,
        own={k: p("/v1/signaleringen/{}", SIGNAAL[k]) for k in ACTING},
        foreign=p("/v1/signaleringen/{}", "SG_F"),
        scoped=frozenset({"corporatie", "zorgaanbieder", "regiobeheer"}),
    ),
    "POST /v1/signaleringen/{signalering_id}/behandeling": Case(
        ALL,
        own={k: p("/v1/signaleringen/{}/behandeling", SIGNAAL[k]) for k in ACTING},
        foreign=p("/v1/signaleringen/{}/behandeling", "SG_F"),
        scoped=frozenset({"corporatie", "zorgaanbieder", "regiobeheer"}),
        body=lambda w, own: {"status": "in-behandeling"},
    ),
    "POST /v1/signaleringen/berekening": Case(
        frozenset({"bemiddelaar", "regiobeheer"}), path="/v1/signaleringen/berekening"
    ),
    "GET /v1/externe-plaatsingen": Case(
        frozenset({"corporatie", "bemiddelaar", "regiobeheer"}), path="/v1/externe-plaatsingen"
    ),
    "POST /v1/externe-plaatsingen": Case(
        frozenset({"corporatie"}),
        path="/v1/externe-plaatsingen",
        body=lambda w, own: {
            "gemeente": "Zeist",
            "contractdatum": days_ago(0),
            "contractvorm": "3-partijenovereenkomst",
            "zorgaanbiederId": w["ZA"],
        },
    ),
    "POST /v1/externe-plaatsingen/upload": Case(
        frozenset({"corporatie"}), path="/v1/externe-plaatsingen/upload"
    ),
    "GET /v1/maandrapportages": Case(
        frozenset({"corporatie", "bemiddelaar", "regiobeheer"}),
        path="/v1/maandrapportages?jaar=2026&maand=11",
        foreign=p("/v1/maandrapportages?jaar=2026&maand=11&corporatieId={}", "ORG"),
        scoped=frozenset({"corporatie"}),
    ),
    "POST /v1/maandrapportage-verzendingen": Case(
        frozenset({"corporatie"}),
        path="/v1/maandrapportage-verzendingen",
        body=lambda w, own: vorige_maand(),
    ),
    "GET /v1/maandrapportage-verzendingen": Case(
        frozenset({"corporatie", "bemiddelaar", "regiobeheer"}),
        path="/v1/maandrapportage-verzendingen?jaar=2026",
        foreign=p("/v1/maandrapportage-verzendingen?corporatieId={}", "ORG"),
        scoped=frozenset({"corporatie"}),
    ),
    "GET /v1/regiocijfers": Case(
        frozenset({"bemiddelaar", "regiobeheer"}), path="/v1/regiocijfers?jaar=2026"
    ),
    "GET /v1/knelpunten": Case(
        ALL, path="/v1/knelpunten", hidden_from_list={"zorgaanbieder": "KN2", "corporatie": "KN2"}
    ),
    "POST /v1/knelpunten": Case(
        frozenset({"corporatie", "zorgaanbieder", "bemiddelaar"}),
        path="/v1/knelpunten",
        body=lambda w, own: {"onderwerp": "Vraag", "beschrijving": "Hoe werkt het?"},
    ),
    "GET /v1/knelpunten/{knelpunt_id}": Case(
        ALL,
        own={k: p("/v1/knelpunten/{}", KNELPUNT[k]) for k in ACTING},
        foreign=p("/v1/knelpunten/{}", "KN2"),
        scoped=frozenset({"corporatie", "zorgaanbieder"}),
    ),
    "POST /v1/knelpunten/{knelpunt_id}/antwoord": Case(
        frozenset({"bemiddelaar"}),
        own=p("/v1/knelpunten/{}/antwoord", "KN1"),
        body=lambda w, own: {"antwoord": "Daar gaan we mee aan de slag."},
    ),
    "POST /v1/knelpunten/{knelpunt_id}/sluiting": Case(
        frozenset({"bemiddelaar"}),
        own=p("/v1/knelpunten/{}/sluiting", "KN1"),
        body=lambda w, own: {"toelichting": "Afgehandeld."},
    ),
    "POST /v1/kandidaatimports": Case(frozenset({"bemiddelaar"}), path="/v1/kandidaatimports"),
    "GET /v1/kandidaatimports/sjabloon": Case(
        frozenset({"bemiddelaar"}), path="/v1/kandidaatimports/sjabloon"
    ),
    "GET /v1/kandidaten/{kandidaat_id}/aanmelddatum-wijzigingen": Case(
        frozenset({"zorgaanbieder", "bemiddelaar"}),
        own=p("/v1/kandidaten/{}/aanmelddatum-wijzigingen", "K3"),
        foreign=p("/v1/kandidaten/{}/aanmelddatum-wijzigingen", "K2"),
        scoped=frozenset({"zorgaanbieder"}),
    ),
    "POST /v1/kandidaten/{kandidaat_id}/aanmelddatum-correcties": Case(
        frozenset({"bemiddelaar"}),
        own=p("/v1/kandidaten/{}/aanmelddatum-correcties", "K3"),
        body=lambda w, own: {"aanmelddatum": days_ago(210), "reden": "Vorige wachtlijst"},
    ),
    "POST /v1/kandidaten/{kandidaat_id}/aanmelddatum-verzoeken": Case(
        frozenset({"zorgaanbieder"}),
        own=p("/v1/kandidaten/{}/aanmelddatum-verzoeken", "K3"),
        foreign=p("/v1/kandidaten/{}/aanmelddatum-verzoeken", "K2"),
        scoped=frozenset({"zorgaanbieder"}),
        body=lambda w, own: {"aanmelddatum": days_ago(210), "reden": "Vorige wachtlijst"},
    ),
    "POST /v1/kandidaten/{kandidaat_id}/aanmelddatum-verzoeken/{verzoek_id}/goedkeuring": Case(
        frozenset({"bemiddelaar"}),
        own=lambda w: f"/v1/kandidaten/{w['K3']}/aanmelddatum-verzoeken/{w['VZ']}/goedkeuring",
    ),
    "POST /v1/kandidaten/{kandidaat_id}/aanmelddatum-verzoeken/{verzoek_id}/afwijzing": Case(
        frozenset({"bemiddelaar"}),
        own=lambda w: f"/v1/kandidaten/{w['K3']}/aanmelddatum-verzoeken/{w['VZ']}/afwijzing",
        body=lambda w, own: {"reden": "De vorige wachtlijst noemt een latere datum."},
    ),
    "GET /v1/kandidaten/{kandidaat_id}/dossier": Case(
        frozenset({"zorgaanbieder", "bemiddelaar"}),
        own=p("/v1/kandidaten/{}/dossier", "K3"),
        foreign=p("/v1/kandidaten/{}/dossier", "K2"),
        scoped=frozenset({"zorgaanbieder"}),
    ),
    "GET /v1/kandidaten/{kandidaat_id}/inzagen": Case(
        frozenset({"bemiddelaar"}), own=p("/v1/kandidaten/{}/inzagen", "K3")
    ),
    "GET /v1/gebeurtenissen": Case(
        frozenset({"bemiddelaar", "regiobeheer"}), path="/v1/gebeurtenissen"
    ),
    "POST /v1/routeadviezen": Case(
        frozenset({"zorgaanbieder", "bemiddelaar"}),
        path="/v1/routeadviezen",
        body=lambda w, own: {
            "uitstroomdeadline": True,
            "zelfstandigGewoondInRegio": False,
            "terugkeerOnveiligOfOnhaalbaar": True,
            "bindingAaneengesloten": True,
        },
    ),
    "GET /v1/regio": Case(ALL, path="/v1/regio"),
    "POST /v1/beleidsproeven": Case(
        frozenset({"regiobeheer", "bemiddelaar"}),
        path="/v1/beleidsproeven",
        body=lambda w, own: {
            "naam": "Begrensd",
            "eersteKeuze": "begrensd",
            "maxVoorsprongMaanden": 6,
        },
    ),
    "GET /v1/beleidsproeven": Case(
        frozenset({"regiobeheer", "bemiddelaar"}), path="/v1/beleidsproeven"
    ),
    "GET /v1/beleidsproeven/{proef_id}": Case(
        frozenset({"regiobeheer", "bemiddelaar"}), own=p("/v1/beleidsproeven/{}", "BP")
    ),
    "GET /v1/abonnementen": Case(
        ALL, path="/v1/abonnementen", hidden_from_list={k: "AB_F" for k in ACTING}
    ),
    "POST /v1/abonnementen": Case(
        ALL,
        path="/v1/abonnementen",
        body=lambda w, own: {
            "url": "https://93.184.216.34/nieuw",
            "soorten": ["plaatsing.vastgelegd"],
        },
    ),
    "GET /v1/abonnementen/{abonnement_id}": Case(
        ALL, own=_ab("/v1/abonnementen/{}"), foreign=p("/v1/abonnementen/{}", "AB_F"), scoped=ALL
    ),
    "PATCH /v1/abonnementen/{abonnement_id}": Case(
        ALL,
        own=_ab("/v1/abonnementen/{}"),
        foreign=p("/v1/abonnementen/{}", "AB_F"),
        scoped=ALL,
        body=lambda w, own: {"omschrijving": "Ons woonsysteem"},
    ),
    "POST /v1/abonnementen/{abonnement_id}/geheim": Case(
        ALL,
        own=_ab("/v1/abonnementen/{}/geheim"),
        foreign=p("/v1/abonnementen/{}/geheim", "AB_F"),
        scoped=ALL,
    ),
    "GET /v1/abonnementen/{abonnement_id}/berichten": Case(
        ALL,
        own=_ab("/v1/abonnementen/{}/berichten"),
        foreign=p("/v1/abonnementen/{}/berichten", "AB_F"),
        scoped=ALL,
    ),
    "GET /v1/abonnementen/{abonnement_id}/berichten/{bericht_id}": Case(
        ALL,
        own=_ab("/v1/abonnementen/{}/berichten/{}"),
        foreign=lambda w: f"/v1/abonnementen/{w['AB_F']}/berichten/{w['BR_F']}",
        scoped=ALL,
    ),
    "POST /v1/abonnementen/{abonnement_id}/berichten/{bericht_id}/herhaling": Case(
        ALL,
        own=_ab("/v1/abonnementen/{}/berichten/{}/herhaling"),
        foreign=lambda w: f"/v1/abonnementen/{w['AB_F']}/berichten/{w['BR_F']}/herhaling",
        scoped=ALL,
    ),
}


def app_routes(app: Any) -> dict[str, dict[str, Any]]:
    """Every operation of the app, from its own OpenAPI document (which lists every route:
    none is excluded from the schema), with the operation object."""
    routes = {}
    for path, item in app.openapi()["paths"].items():
        for method, operation in item.items():
            routes[f"{method.upper()} /v1{path}"] = operation
    return routes


def test_every_route_is_classified(app):
    routes = set(app_routes(app))
    assert routes - set(MATRIX) == set(), "routes missing from MATRIX: classify them"
    assert set(MATRIX) - routes == set(), "MATRIX names routes the app does not have"


def test_no_route_hides_from_the_schema(app):
    """A route left out of the OpenAPI document would escape the matrix; only the docs may."""
    import re

    documented = {re.sub(r"\{[^}]+\}", "{}", k.split()[1]) for k in app_routes(app)}
    for route in app.routes:
        path = getattr(route, "path", None)
        if path in ("/v1/openapi.json", "/v1/docs") or (path and not path.startswith("/v1")):
            continue  # web pages and static files have their own matrix (tests/service/test_web_*.py)
        if path is not None:
            assert re.sub(r"\{[^}]+\}", "{}", path) in documented, path


@pytest.mark.parametrize("key", sorted(MATRIX))
def test_declared_access_matches_matrix(app, key):
    operation = app_routes(app)[key]
    if MATRIX[key].publiek:
        assert operation["x-toegang"] == ["iedereen"] and operation["security"] == []
        return
    assert set(operation["x-toegang"]) == MATRIX[key].allowed


@pytest.mark.parametrize("key", sorted(MATRIX))
def test_route_access(api, key):
    case = MATRIX[key]
    method = key.split()[0]
    w = build_world(api)

    def own_for(kind: str) -> str:
        if case.path:
            return case.path
        return case.own[kind](w) if isinstance(case.own, dict) else case.own(w)  # type: ignore[index,misc]

    own_path = own_for("bemiddelaar")

    if case.publiek:  # no key, and every kind's key: the same 200
        assert api.request(method, own_path).status_code == 200, key
        for org in ACTING.values():
            assert api.as_(org).request(method, own_path).status_code == 200, (key, org)
        return

    # No key at all: 401 everywhere.
    r = api.request(method, own_path, case.body(w, True) if case.body else None)
    assert r.status_code == 401, (key, r.text)

    for kind, org in ACTING.items():
        caller = api.as_(org)
        body = case.body(w, True) if case.body else None
        r = caller.request(method, own_for(kind), body)
        if kind not in case.allowed:
            assert r.status_code == 403, (key, kind, r.status_code, r.text)
            assert r.headers["content-type"] == "application/problem+json"
            continue
        assert r.status_code not in (401, 403, 404, 422, 500), (key, kind, r.status_code, r.text)
        if method == "GET" and kind in case.hidden_from_list:
            ids = {item["id"] for item in r.json()["resultaten"]}
            assert w[case.hidden_from_list[kind]] not in ids, (
                key,
                kind,
                "sees a foreign object in its list",
            )
            assert ids, (key, kind, "own objects missing from list")
        if case.foreign is None and not (case.path and case.scoped and case.body):
            continue
        foreign_path = case.foreign(w) if case.foreign else own_path
        foreign_body = case.body(w, False) if case.body else None
        r = caller.request(method, foreign_path, foreign_body)
        if kind in case.scoped:
            assert r.status_code == 404, (
                key,
                kind,
                "foreign object must be invisible",
                r.status_code,
                r.text,
            )
        else:
            assert r.status_code not in (401, 403, 404, 500), (key, kind, r.status_code, r.text)


#: The audit trail (``GET /v1/gebeurtenissen``) as a view on each object: a kind sees an
#: object's events exactly when it may read the object itself (issue 11, API1/API3).
AUDIT_OBJECTS = {
    "K1": "/v1/kandidaten/{}",
    "VD1": "/v1/voordrachten/{}",
    "A1": "/v1/aanbiedingen/{}",
    "P1": "/v1/plaatsingen/{}",
    "W1": "/v1/woningen/{}",
    "T1": "/v1/maatwerktrajecten/{}",
    "V1": "/v1/verdelingen/{}",
}


@pytest.mark.parametrize("kind", sorted(MATRIX["GET /v1/gebeurtenissen"].allowed))
def test_audit_trail_view_follows_object_access(api, kind):
    w = build_world(api)
    caller = api.as_(ACTING[kind])
    for key, template in AUDIT_OBJECTS.items():
        may_read = caller.get(template.format(w[key])).status_code == 200
        r = caller.get("/v1/gebeurtenissen", params={"objectId": w[key]})
        assert r.status_code == 200, r.text
        assert bool(r.json()["resultaten"]) == may_read, (kind, key, may_read)
