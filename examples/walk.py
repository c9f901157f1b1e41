#!/usr/bin/env python3
"""A scripted walk through omgekeerde plaatsing against the running demo server.

    python3 scripts/dev.py demo            # in one terminal
    .venv/bin/python examples/walk.py      # in another

    .venv/bin/python examples/walk.py --route maatwerk   # ZOU-R2 with Portaal
    .venv/bin/python examples/walk.py --route contingent # ZOU-K1..K3
    .venv/bin/python examples/walk.py --route nazorg     # before and after the keys (issue 13)

Reads the demo keys from woonroute-demo.keys.json and prints every step's request and response:
a corporatie reports a woning → voordracht of three with explanation → Het Vierde Huis strikes one
and approves → the corporatie sees minimal data and chooses → the zorgaanbieder accepts on the
kandidaat's behalf → the corporatie records the lease (plaatsing with evaluation dates).
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date, timedelta
from pathlib import Path

import httpx


def show(title: str, r: httpx.Response) -> dict:
    print(f"\n=== {title}\n{r.request.method} {r.request.url.path} -> {r.status_code}")
    body = r.json()
    print(json.dumps(body, indent=2, ensure_ascii=False)[:2500])
    if r.status_code >= 400:
        sys.exit(f"Stap mislukt: {body.get('detail')}")
    return body


DEMO = "python3 scripts/dev.py demo"


def lees_sleutels(pad: Path) -> dict[str, str] | None:
    """The demo's keys, or None after saying what to do."""
    try:
        keys = json.loads(pad.read_text(encoding="utf-8"))
    except FileNotFoundError:
        print(
            f"Het sleutelbestand {pad} bestaat niet. Start eerst de demo in een ander venster "
            f"({DEMO}); die schrijft woonroute-demo.keys.json. Of geef het bestand met --keys PAD.",
            file=sys.stderr,
        )
        return None
    except (OSError, ValueError) as exc:
        print(
            f"Het sleutelbestand {pad} is niet te lezen ({exc}). Start de demo opnieuw ({DEMO}).",
            file=sys.stderr,
        )
        return None
    return keys


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", default="http://127.0.0.1:8000")
    parser.add_argument("--keys", default="woonroute-demo.keys.json")
    parser.add_argument(
        "--route",
        choices=("omgekeerde-plaatsing", "maatwerk", "contingent", "nazorg"),
        default="omgekeerde-plaatsing",
    )
    args = parser.parse_args()
    try:
        return wandel(args)
    except httpx.TransportError:
        print(
            f"Geen antwoord van {args.url}. Draait de demo? Start hem in een ander venster met: "
            f"{DEMO}, of geef het adres van uw server met --url.",
            file=sys.stderr,
        )
        return 2


def wandel(args: argparse.Namespace) -> int:
    keys = lees_sleutels(Path(args.keys))
    if keys is None:
        return 2
    c = httpx.Client(base_url=args.url, timeout=60)

    def h(org: str) -> dict[str, str]:
        return {"X-Api-Key": keys[org]}

    if args.route == "maatwerk":
        return maatwerk(c, h)
    if args.route == "contingent":
        return contingent(c, h)
    if args.route == "nazorg":
        return nazorg(c, h)

    woning = show(
        "1. Nabij Wonen meldt een woning in Zeist (ZOU-R1)",
        c.post(
            "/v1/woningen",
            headers=h("nabij-wonen"),
            json={
                "adres": {
                    "straat": "Slotlaan",
                    "huisnummer": "101",
                    "postcode": "3701 GK",
                    "plaats": "Zeist",
                },
                "gemeente": "Zeist",
                "kaleHuur": "640.00",
                "servicekosten": "35.00",
                "kamers": 2,
                "oppervlakte": 55,
                "verdieping": 0,
                "lift": False,
                "gelijkvloers": True,
                "rolstoeltoegankelijk": False,
                "maxBewoners": 2,
                "beschikbaarPer": (date.today() + timedelta(days=14)).isoformat(),
            },
        ),
    )
    vd_id = woning["voordrachtId"]
    vd = show(
        "2. De voordracht met uitleg (Het Vierde Huis)",
        c.get(f"/v1/voordrachten/{vd_id}", headers=h("het-vierde-huis")),
    )
    if len(vd["plekken"]) > 1:
        vd = show(
            "3a. Het Vierde Huis schrapt plek 1 met reden (MATCH-V1); de volgende vult aan",
            c.post(
                f"/v1/voordrachten/{vd_id}/beoordeling",
                headers=h("het-vierde-huis"),
                json={
                    "besluit": "schrappen",
                    "plekId": vd["plekken"][0]["id"],
                    "reden": "Nog in overleg met de gemeente",
                },
            ),
        )
    show(
        "3b. Het Vierde Huis keurt goed",
        c.post(
            f"/v1/voordrachten/{vd_id}/beoordeling",
            headers=h("het-vierde-huis"),
            json={"besluit": "goedkeuren"},
        ),
    )
    seen = show(
        "4. Nabij Wonen ziet minimale gegevens (pseudoniem, geen naam)",
        c.get(f"/v1/voordrachten/{vd_id}", headers=h("nabij-wonen")),
    )
    eerste = min(
        (p for p in seen["plekken"] if p["status"] == "goedgekeurd"), key=lambda p: p["positie"]
    )
    aanbieding = show(
        "5. Nabij Wonen kiest de langst wachtende (MATCH-V2); nu ziet de corporatie naam en casushouder",
        c.post(
            f"/v1/voordrachten/{vd_id}/keuze",
            headers=h("nabij-wonen"),
            json={"plekId": eerste["id"]},
        ),
    )
    show(
        "6. Het Vierde Huis legt het antwoord van de kandidaat vast: accepteren",
        c.post(
            f"/v1/aanbiedingen/{aanbieding['id']}/antwoord",
            headers=h("het-vierde-huis"),
            json={"besluit": "accepteren"},
        ),
    )
    show(
        "7. Nabij Wonen legt de plaatsing vast (ZOU-P1, evaluaties ZOU-P2)",
        c.post(
            "/v1/plaatsingen",
            headers=h("nabij-wonen"),
            json={"aanbiedingId": aanbieding["id"], "contractdatum": date.today().isoformat()},
        ),
    )
    show(
        "8. Het audit-logboek van de voordracht",
        c.get("/v1/gebeurtenissen", headers=h("het-vierde-huis"), params={"objectId": vd_id}),
    )
    print("\nKlaar: de hele route van woning tot plaatsing.")
    return 0


def preventie_actieplan(naam: str) -> dict:
    """A filled-in preventie-actieplan (ZOU-B4): required before accepting (region setting)."""
    plan: dict = {"opgesteldOp": date.today().isoformat()}
    for fase, tekst in (("goed", "gaat goed"), ("onstabiel", "wankelt"), ("kritiek", "gaat mis")):
        for domein in ("Financien", "Sociaal", "Hulpverlening", "Daginvulling"):
            plan[f"{fase}{domein}Kenmerken"] = f"{naam}: {domein.lower()} {tekst}."
    for fase in ("onstabiel", "kritiek"):
        plan[f"{fase}Zelf"] = f"{naam} belt de begeleider."
        plan[f"{fase}Anderen"] = "De begeleider komt langs en belt het wijkteam."
    plan["contactHouden"] = "Zus belt elke week; daarna het sociaal wijkteam."
    return plan


def maatwerk(c: httpx.Client, h) -> int:  # type: ignore[no-untyped-def]
    """ZOU-R2: Het Vierde Huis forwards a kandidaat to Portaal (maatwerk), Portaal finds a woning."""
    werk = show(
        "1. De werklijst maatwerk (Het Vierde Huis)",
        c.get("/v1/maatwerkkandidaten", headers=h("het-vierde-huis")),
    )
    if not werk["resultaten"]:
        sys.exit("De werklijst maatwerk is leeg.")
    kandidaat = werk["resultaten"][0]
    orgs = c.get(
        "/v1/organisaties", headers=h("het-vierde-huis"), params={"soort": "corporatie"}
    ).json()["resultaten"]
    portaal = next(o for o in orgs if o["code"] == "portaal")
    traject = show(
        "2. Het Vierde Huis stuurt de kandidaat door naar Portaal",
        c.post(
            "/v1/maatwerktrajecten",
            headers=h("het-vierde-huis"),
            json={
                "kandidaatId": kandidaat["id"],
                "corporatieId": portaal["id"],
                "aanleiding": "route-maatwerk",
                "wensen": "Rustige plek, gelijkvloers, dicht bij de begeleiding.",
            },
        ),
    )
    show(
        "3. Portaal ziet wensen en behoeften, nog zonder naam",
        c.get(f"/v1/maatwerktrajecten/{traject['id']}", headers=h("portaal")),
    )
    show(
        "4. Portaal accepteert het traject; nu ziet Portaal naam en casushouder",
        c.post(
            f"/v1/maatwerktrajecten/{traject['id']}/besluit",
            headers=h("portaal"),
            json={"besluit": "accepteren"},
        ),
    )
    gemeente = kandidaat["gemeentevoorkeuren"][0]
    woning = show(
        "5. Portaal meldt een woning; als maatwerkcorporatie komt er geen automatische voordracht (ZOU-R3)",
        c.post(
            "/v1/woningen",
            headers=h("portaal"),
            json={
                "adres": {
                    "straat": "Kerkplein",
                    "huisnummer": "7",
                    "postcode": "3981 AA",
                    "plaats": gemeente,
                },
                "gemeente": gemeente,
                "kaleHuur": "610.00",
                "kamers": max(2, kandidaat["behoeften"]["minimumKamers"]),
                "oppervlakte": 60,
                "verdieping": 0,
                "gelijkvloers": True,
                "rolstoeltoegankelijk": True,
                "maxBewoners": 6,
                "beschikbaarPer": (date.today() + timedelta(days=21)).isoformat(),
            },
        ),
    )
    aanbieding = show(
        "6. Portaal meldt de gevonden woning voor deze kandidaat: dezelfde aanbieding als bij omgekeerde plaatsing",
        c.post(
            f"/v1/maatwerktrajecten/{traject['id']}/woning",
            headers=h("portaal"),
            json={"woningId": woning["id"]},
        ),
    )
    show(
        "7. Het Vierde Huis legt het antwoord van de kandidaat vast: accepteren",
        c.post(
            f"/v1/aanbiedingen/{aanbieding['id']}/antwoord",
            headers=h("het-vierde-huis"),
            json={"besluit": "accepteren"},
        ),
    )
    show(
        "8. Portaal legt de plaatsing vast",
        c.post(
            "/v1/plaatsingen",
            headers=h("portaal"),
            json={"aanbiedingId": aanbieding["id"], "contractdatum": date.today().isoformat()},
        ),
    )
    show(
        "9. Het traject is afgerond, met de hele historie",
        c.get(f"/v1/maatwerktrajecten/{traject['id']}", headers=h("het-vierde-huis")),
    )
    print("\nKlaar: maatwerk van doorsturen tot plaatsing.")
    return 0


def contingent(c: httpx.Client, h) -> int:  # type: ignore[no-untyped-def]
    """ZOU-K1..K3: commitments, the distribution, a placement moves usage, the provider reads its remainder."""
    jaar = date.today().year
    orgs = c.get(
        "/v1/organisaties", headers=h("beter-wonen"), params={"paginaGrootte": 100}
    ).json()["resultaten"]
    ids = {o["code"]: o["id"] for o in orgs}
    for corp, aantal in (("nabij-wonen", 12), ("woongroen", 8), ("portaal", 6)):
        show(
            f"1. Beter Wonen legt de toezegging van {corp} vast (ZOU-K1)",
            c.post(
                "/v1/toezeggingen",
                headers=h("beter-wonen"),
                json={"corporatieId": ids[corp], "jaar": jaar, "aantal": aantal},
            ),
        )
    zorg = [o for o in orgs if o["soort"] == "zorgaanbieder"]
    plekken = {
        "kwintes": 40,
        "leger-des-heils": 30,
        "de-tussenvoorziening": 20,
        "lister": 15,
        "altrecht": 25,
        "de-loods": 10,
    }
    show(
        "2. Beter Wonen verdeelt het jaar over de zorgaanbieders naar aantal plekken (ZOU-K2)",
        c.post(
            "/v1/verdelingen",
            headers=h("beter-wonen"),
            json={
                "jaar": jaar,
                "reden": "Verdeling naar aantal plekken beschermd wonen",
                "aandelen": [
                    {"zorgaanbiederId": o["id"], "gewicht": plekken.get(o["code"], 10)}
                    for o in zorg
                ],
            },
        ),
    )
    voor = show(
        "3. Kwintes leest het eigen gebruik",
        c.get("/v1/contingentgebruik", headers=h("kwintes"), params={"jaar": jaar}),
    )[0]
    # A placement of a Kwintes kandidaat through omgekeerde plaatsing.
    kandidaat = show(
        "4. Kwintes meldt een kandidaat aan",
        c.post(
            "/v1/kandidaten",
            headers=h("kwintes"),
            json={
                "voornaam": "Demo",
                "achternaam": "Contingent",
                "geboortedatum": "1990-05-01",
                "doelgroep": "beschermd-thuis",
                "gemeentevoorkeuren": ["Bunnik"],
                "huishouden": {"volwassenen": 1},
                "jaarinkomen": 18000,
                "gereedVerklaard": True,
                "begeleidingAkkoord": True,
            },
        ),
    )
    # The zorgaanbieder registers today; an earlier waiting date is the bemiddelaar's to set.
    show(
        "4b. Het Vierde Huis corrigeert de aanmelddatum: overgenomen van de vorige wachtlijst",
        c.post(
            f"/v1/kandidaten/{kandidaat['id']}/aanmelddatum-correcties",
            headers=h("het-vierde-huis"),
            json={"aanmelddatum": "2024-01-02", "reden": "Overgenomen van de vorige wachtlijst."},
        ),
    )
    woning = show(
        "5. Nabij Wonen meldt een woning in Bunnik",
        c.post(
            "/v1/woningen",
            headers=h("nabij-wonen"),
            json={
                "adres": {
                    "straat": "Dorpsstraat",
                    "huisnummer": "3",
                    "postcode": "3981 AB",
                    "plaats": "Bunnik",
                },
                "gemeente": "Bunnik",
                "kaleHuur": "600.00",
                "kamers": 2,
                "oppervlakte": 50,
                "maxBewoners": 2,
                "gelijkvloers": True,
                "beschikbaarPer": (date.today() + timedelta(days=10)).isoformat(),
            },
        ),
    )
    vd_id = woning["voordrachtId"]
    c.post(
        f"/v1/voordrachten/{vd_id}/beoordeling",
        headers=h("het-vierde-huis"),
        json={"besluit": "goedkeuren"},
    )
    vd = c.get(f"/v1/voordrachten/{vd_id}", headers=h("het-vierde-huis")).json()
    plek = next(p for p in vd["plekken"] if p["kandidaatId"] == kandidaat["id"])
    aanbieding = show(
        "6. Nabij Wonen kiest de kandidaat",
        c.post(
            f"/v1/voordrachten/{vd_id}/keuze",
            headers=h("nabij-wonen"),
            json={"plekId": plek["id"], "reden": "Demo contingent"},
        ),
    )
    show(
        "6b. Kwintes legt het preventie-actieplan vast (ZOU-B4, nodig om te accepteren)",
        c.post(
            f"/v1/kandidaten/{kandidaat['id']}/preventie-actieplan/versies",
            headers=h("kwintes"),
            json=preventie_actieplan("Demo"),
        ),
    )
    show(
        "6c. Kwintes accepteert namens de kandidaat",
        c.post(
            f"/v1/aanbiedingen/{aanbieding['id']}/antwoord",
            headers=h("kwintes"),
            json={"besluit": "accepteren"},
        ),
    )
    show(
        "7. De plaatsing telt in het contingent van Kwintes (ZOU-K3)",
        c.post(
            "/v1/plaatsingen",
            headers=h("nabij-wonen"),
            json={"aanbiedingId": aanbieding["id"], "contractdatum": date.today().isoformat()},
        ),
    )
    na = show(
        "8. Kwintes leest het restant",
        c.get("/v1/contingentgebruik", headers=h("kwintes"), params={"jaar": jaar}),
    )[0]
    print(
        f"\nKwintes: toegewezen {na['toegewezen']}, gebruikt {voor['gebruikt']} -> {na['gebruikt']}, "
        f"resterend {na['resterend']}."
    )
    show(
        "9. Nabij Wonen: toezegging tegenover geleverd",
        c.get("/v1/leveringen", headers=h("nabij-wonen"), params={"jaar": jaar}),
    )
    print("\nKlaar: contingent van toezegging tot restant.")
    return 0


def pdf(title: str, r: httpx.Response) -> None:
    print(f"\n=== {title}\n{r.request.method} {r.request.url.path} -> {r.status_code}")
    if r.status_code != 200 or not r.content.startswith(b"%PDF"):
        sys.exit(f"Stap mislukt: {r.text[:300]}")
    print(f"PDF van {len(r.content)} bytes ({r.headers['content-type']}).")


def evaluatie(volgnummer: int, dag: date, besluit: str, stap: str) -> dict:
    return {
        "volgnummer": volgnummer,
        "uitgevoerdOp": dag.isoformat(),
        "uitkomsten": {
            "wonen": {"oordeel": "goed", "toelichting": "Het huis is op orde."},
            "financien": {"oordeel": "goed", "toelichting": "Vaste lasten gaan automatisch."},
            "netwerk": {"oordeel": "aandacht-nodig", "toelichting": "Zus komt elke week."},
            "begeleiding": {"oordeel": "goed"},
            "overlast": {"oordeel": "goed", "toelichting": "Geen meldingen."},
        },
        "positief": True,
        "besluit": besluit,
        "volgendeStap": stap,
    }


def nazorg(c: httpx.Client, h) -> int:  # type: ignore[no-untyped-def]
    """Issue 13: preparation (forms, PDF, readiness), offer, placement, informing the gemeente,
    evaluations with outcomes, 3 -> 2 parties, the final evaluation and the end of guidance.
    The lease was signed two years ago, so the whole period can be recorded in one walk."""
    today = date.today()

    def maanden(n: int) -> date:
        m = contract.month - 1 + n
        return contract.replace(year=contract.year + m // 12, month=m % 12 + 1, day=1)

    contract = (today - timedelta(days=2 * 366 + 40)).replace(day=1)
    kandidaat = show(
        "1. Kwintes meldt een kandidaat aan (gereed verklaard, begeleidingsovereenkomst: ZOU-C1, ZOU-C3)",
        c.post(
            "/v1/kandidaten",
            headers=h("kwintes"),
            json={
                "voornaam": "Noor",
                "achternaam": "Nazorg",
                "geboortedatum": "1992-04-11",
                "doelgroep": "beschermd-thuis",
                "gemeentevoorkeuren": ["Zeist"],
                "huishouden": {"volwassenen": 1},
                "jaarinkomen": 17500,
                "gereedVerklaard": True,
                "begeleidingAkkoord": True,
            },
        ),
    )
    k = kandidaat["id"]
    # The zorgaanbieder registers today; the earlier waiting date is the bemiddelaar's to set.
    show(
        "1b. Het Vierde Huis zet de aanmelddatum terug: overgenomen van de vorige wachtlijst",
        c.post(
            f"/v1/kandidaten/{k}/aanmelddatum-correcties",
            headers=h("het-vierde-huis"),
            json={
                "aanmelddatum": (contract - timedelta(days=400)).isoformat(),
                "reden": "Overgenomen van de vorige wachtlijst.",
            },
        ),
    )
    show(
        "2. Kwintes legt de voorbereiding vast (ZOU-L1..L3)",
        c.put(
            f"/v1/kandidaten/{k}/voorbereiding",
            headers=h("kwintes"),
            json={
                "verwachteVerhuisdatum": contract.isoformat(),
                "voorbereidingGestartOp": (contract - timedelta(days=170)).isoformat(),
                "partijenBetrokkenOp": (contract - timedelta(days=90)).isoformat(),
                "wijkteamBetrokkenOp": (contract - timedelta(days=40)).isoformat(),
                "kennismakingOp": (contract - timedelta(days=30)).isoformat(),
            },
        ),
    )
    show(
        "3. Kwintes bewaart een eerste versie van het preventie-actieplan (nog niet compleet)",
        c.post(
            f"/v1/kandidaten/{k}/preventie-actieplan/versies",
            headers=h("kwintes"),
            json={"opgesteldOp": (contract - timedelta(days=60)).isoformat()},
        ),
    )
    show(
        "4. Kwintes maakt het preventie-actieplan af met de cliënt (ZOU-B4): versie 2",
        c.post(
            f"/v1/kandidaten/{k}/preventie-actieplan/versies",
            headers=h("kwintes"),
            json=preventie_actieplan("Noor"),
        ),
    )
    doc = {
        "opgesteldOp": (contract - timedelta(days=20)).isoformat(),
        "nieuweBegeleiderNaam": "Sam de Wit",
        "nieuweBegeleiderOrganisatie": "Sociaal team Zeist",
        "oudeBegeleiderNaam": "Piet Jansen",
        "oudeBegeleiderOrganisatie": "Kwintes",
        "persoonsbeschrijving": "Noor is veerkrachtig en houdt van muziek. Leerdoel: post openen.",
        "preventieActieplanGemaakt": True,
        "eersteDrieMaanden": "De eerste drie maanden komen oude en nieuwe begeleider samen.",
        "typeHuurcontract": "3-partijenovereenkomst",
        "afsprakenToelichting": "Face-to-face overdracht gepland; evaluatie na drie maanden.",
    }
    show(
        "5. Kwintes vult het overdrachtsdocument in (ZOU-B3), met het plan als bijlage",
        c.post(f"/v1/kandidaten/{k}/overdrachtsdocument/versies", headers=h("kwintes"), json=doc),
    )
    pdf(
        "6. Het overdrachtsdocument als PDF",
        c.get(
            f"/v1/kandidaten/{k}/overdrachtsdocument",
            headers=h("kwintes"),
            params={"formaat": "pdf"},
        ),
    )
    gereed = show(
        "7. De gereedheid en waar die op rust (ZOU-C1)",
        c.get(f"/v1/kandidaten/{k}/gereedheid", headers=h("kwintes")),
    )
    if not gereed["klaarVoorAcceptatie"]:
        sys.exit("Stap mislukt: de kandidaat is nog niet klaar.")
    woning = show(
        "8. Nabij Wonen meldt een woning in Zeist",
        c.post(
            "/v1/woningen",
            headers=h("nabij-wonen"),
            json={
                "adres": {
                    "straat": "Nazorglaan",
                    "huisnummer": "13",
                    "postcode": "3701 NZ",
                    "plaats": "Zeist",
                },
                "gemeente": "Zeist",
                "kaleHuur": "590.00",
                "kamers": 2,
                "oppervlakte": 48,
                "maxBewoners": 2,
                "gelijkvloers": True,
                "rolstoeltoegankelijk": True,
                "beschikbaarPer": (today + timedelta(days=7)).isoformat(),
            },
        ),
    )
    vd_id = woning["voordrachtId"]
    c.post(
        f"/v1/voordrachten/{vd_id}/beoordeling",
        headers=h("het-vierde-huis"),
        json={"besluit": "goedkeuren"},
    )
    vd = c.get(f"/v1/voordrachten/{vd_id}", headers=h("het-vierde-huis")).json()
    plek = next(p for p in vd["plekken"] if p["kandidaatId"] == k)
    aanbieding = show(
        "9. Nabij Wonen kiest de kandidaat",
        c.post(
            f"/v1/voordrachten/{vd_id}/keuze",
            headers=h("nabij-wonen"),
            json={"plekId": plek["id"], "reden": "Demo nazorg"},
        ),
    )
    show(
        "10. Kwintes accepteert namens de kandidaat: het plan is compleet",
        c.post(
            f"/v1/aanbiedingen/{aanbieding['id']}/antwoord",
            headers=h("kwintes"),
            json={"besluit": "accepteren"},
        ),
    )
    plaatsing = show(
        "11. Nabij Wonen legt het 3-partijencontract vast (ZOU-P1), beschikbaar 3 maanden (ZOU-P3)",
        c.post(
            "/v1/plaatsingen",
            headers=h("nabij-wonen"),
            json={
                "aanbiedingId": aanbieding["id"],
                "contractdatum": contract.isoformat(),
                "casushouder": {"soort": "zorgaanbieder"},
            },
        ),
    )
    p = plaatsing["id"]
    for soort, wie in (("gemeente", "Gemeente Zeist"), ("sociaal-wijkteam", "Sociaal team Zeist")):
        show(
            f"12. Nabij Wonen legt vast: {wie} is geïnformeerd (ZOU-P4)",
            c.post(
                f"/v1/plaatsingen/{p}/kennisgevingen",
                headers=h("nabij-wonen"),
                json={
                    "ontvangerSoort": soort,
                    "ontvanger": wie,
                    "geinformeerdOp": (contract + timedelta(days=3)).isoformat(),
                    "wijze": "brief",
                },
            ),
        )
    pdf(
        "13. De kennisgeving aan gemeente en wijkteam als PDF",
        c.get(f"/v1/plaatsingen/{p}/kennisgevingsbrief", headers=h("nabij-wonen")),
    )
    show(
        "14. Kwintes legt de evaluatie na 3 maanden vast, met uitkomst per onderwerp (ZOU-P2)",
        c.post(
            f"/v1/plaatsingen/{p}/evaluaties",
            headers=h("kwintes"),
            json=evaluatie(1, maanden(3), "voortzetten", "Over negen maanden weer."),
        ),
    )
    show(
        "15. De evaluatie na 1 jaar",
        c.post(
            f"/v1/plaatsingen/{p}/evaluaties",
            headers=h("kwintes"),
            json=evaluatie(2, maanden(12), "voortzetten", "Omzetten naar 2 partijen."),
        ),
    )
    show(
        "16. Het contract gaat van 3 naar 2 partijen; het sociaal team neemt de begeleiding over",
        c.post(
            f"/v1/plaatsingen/{p}/omzetting",
            headers=h("nabij-wonen"),
            json={
                "datum": (maanden(12) + timedelta(days=7)).isoformat(),
                "beslotenDoor": "Noor, Nabij Wonen en Kwintes samen",
                "reden": "Het zelfstandig wonen gaat goed.",
                "begeleiding": "overdragen",
                "overdracht": {
                    "datum": (maanden(12) + timedelta(days=7)).isoformat(),
                    "naarNaam": "Sociaal team Zeist",
                    "naarSoort": "sociaal-wijkteam",
                },
            },
        ),
    )
    eind = show(
        "17. De eindevaluatie na 2 jaar: positief, de begeleiding stopt",
        c.post(
            f"/v1/plaatsingen/{p}/evaluaties",
            headers=h("kwintes"),
            json=evaluatie(
                3, maanden(24), "beeindigen", "Zus Anna belt wekelijks; bij zorgen het wijkteam."
            ),
        ),
    )
    print(f"Huur voor onbepaalde tijd zonder begeleiding sinds {eind['onbepaaldeTijdSinds']}.")
    show(
        "18. Nabij Wonen ziet alleen de besluiten die over de huur gaan",
        c.get(f"/v1/plaatsingen/{p}", headers=h("nabij-wonen")),
    )
    c.post("/v1/signaleringen/berekening", headers=h("het-vierde-huis"))
    show(
        "19. De begeleiding is gestopt: signalering met de vervolgafspraak (ZOU-L5)",
        c.get(
            "/v1/signaleringen",
            headers=h("nabij-wonen"),
            params={"soort": "begeleiding-beeindigd"},
        ),
    )
    print("\nKlaar: van voorbereiding tot eindevaluatie.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
