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
from datetime import date
from datetime import timedelta
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


def woning_json(
    adres: tuple[str, str, str, str], huur: str, oppervlakte: int, over: int
) -> dict[str, object]:
    """A woning's body: the address (street, number, postcode, place) in the gemeente of that
    place, the rent, the floor area, available ``over`` days from today; 2 rooms for 2 people
    on one floor (``|`` a dict to say otherwise)."""
    straat, huisnummer, postcode, plaats = adres
    return {
        "adres": {
            "straat": straat,
            "huisnummer": huisnummer,
            "postcode": postcode,
            "plaats": plaats,
        },
        "gemeente": plaats,
        "kaleHuur": huur,
        "kamers": 2,
        "oppervlakte": oppervlakte,
        "gelijkvloers": True,
        "maxBewoners": 2,
        "beschikbaarPer": (date.today() + timedelta(days=over)).isoformat(),
    }


def kandidaat_json(
    voornaam: str, achternaam: str, geboortedatum: str, gemeente: str, jaarinkomen: int
) -> dict[str, object]:
    """A single-adult kandidaat in beschermd-thuis, declared ready, with guidance agreed."""
    return {
        "voornaam": voornaam,
        "achternaam": achternaam,
        "geboortedatum": geboortedatum,
        "doelgroep": "beschermd-thuis",
        "gemeentevoorkeuren": [gemeente],
        "huishouden": {"volwassenen": 1},
        "jaarinkomen": jaarinkomen,
        "gereedVerklaard": True,
        "begeleidingAkkoord": True,
    }


class Wandeling:
    """A walk's client and the demo's keys: every step is a request of one organisation."""

    def __init__(self, c: httpx.Client, keys: dict[str, str]) -> None:
        self.c = c
        self.keys = keys

    def h(self, org: str) -> dict[str, str]:
        return {"X-Api-Key": self.keys[org]}

    def stap(
        self,
        title: str,
        org: str,
        method: str,
        path: str,
        *,
        json: object = None,
        params: dict[str, object] | None = None,
    ) -> dict:
        """``org`` sends the request; the answer is shown (see ``show``)."""
        return show(
            title, self.c.request(method, path, headers=self.h(org), json=json, params=params)
        )

    def meld_woning(self, title: str, org: str, woning: dict[str, object]) -> dict:
        """``org`` reports a woning (see ``woning_json``)."""
        return self.stap(title, org, "POST", "/v1/woningen", json=woning)

    def accepteer(self, title: str, org: str, aanbieding: dict) -> dict:
        """``org`` records the kandidaat's answer to the offer: accept."""
        return self.stap(
            title,
            org,
            "POST",
            f"/v1/aanbiedingen/{aanbieding['id']}/antwoord",
            json={"besluit": "accepteren"},
        )

    def goedkeuren_en_kiezen(self, title: str, woning: dict, kandidaat_id: str, reden: str) -> dict:
        """Het Vierde Huis approves the woning's voordracht (not shown); Nabij Wonen chooses the
        plek of ``kandidaat_id``; returns the offer."""
        vd_id = woning["voordrachtId"]
        bemiddelaar = self.h("het-vierde-huis")
        self.c.post(
            f"/v1/voordrachten/{vd_id}/beoordeling",
            headers=bemiddelaar,
            json={"besluit": "goedkeuren"},
        )
        vd = self.c.get(f"/v1/voordrachten/{vd_id}", headers=bemiddelaar).json()
        plek = next(p for p in vd["plekken"] if p["kandidaatId"] == kandidaat_id)
        return self.stap(
            title,
            "nabij-wonen",
            "POST",
            f"/v1/voordrachten/{vd_id}/keuze",
            json={"plekId": plek["id"], "reden": reden},
        )

    def plaats(self, title: str, org: str, aanbieding: dict) -> dict:
        """``org`` records the lease of the accepted offer, signed today."""
        return self.stap(
            title,
            org,
            "POST",
            "/v1/plaatsingen",
            json={"aanbiedingId": aanbieding["id"], "contractdatum": date.today().isoformat()},
        )


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
    w = Wandeling(httpx.Client(base_url=args.url, timeout=60), keys)

    if args.route == "maatwerk":
        return maatwerk(w)
    if args.route == "contingent":
        return contingent(w)
    if args.route == "nazorg":
        return nazorg(w)

    woning = w.meld_woning(
        "1. Nabij Wonen meldt een woning in Zeist (ZOU-R1)",
        "nabij-wonen",
        woning_json(("Slotlaan", "101", "3701 GK", "Zeist"), "640.00", 55, 14)
        | {"servicekosten": "35.00", "verdieping": 0, "lift": False, "rolstoeltoegankelijk": False},
    )
    vd_id = woning["voordrachtId"]
    vd = w.stap(
        "2. De voordracht met uitleg (Het Vierde Huis)",
        "het-vierde-huis",
        "GET",
        f"/v1/voordrachten/{vd_id}",
    )
    if len(vd["plekken"]) > 1:
        vd = w.stap(
            "3a. Het Vierde Huis schrapt plek 1 met reden (MATCH-V1); de volgende vult aan",
            "het-vierde-huis",
            "POST",
            f"/v1/voordrachten/{vd_id}/beoordeling",
            json={
                "besluit": "schrappen",
                "plekId": vd["plekken"][0]["id"],
                "reden": "Nog in overleg met de gemeente",
            },
        )
    w.stap(
        "3b. Het Vierde Huis keurt goed",
        "het-vierde-huis",
        "POST",
        f"/v1/voordrachten/{vd_id}/beoordeling",
        json={"besluit": "goedkeuren"},
    )
    seen = w.stap(
        "4. Nabij Wonen ziet minimale gegevens (pseudoniem, geen naam)",
        "nabij-wonen",
        "GET",
        f"/v1/voordrachten/{vd_id}",
    )
    eerste = min(
        (p for p in seen["plekken"] if p["status"] == "goedgekeurd"), key=lambda p: p["positie"]
    )
    aanbieding = w.stap(
        "5. Nabij Wonen kiest de langst wachtende (MATCH-V2); nu ziet de corporatie naam en casushouder",
        "nabij-wonen",
        "POST",
        f"/v1/voordrachten/{vd_id}/keuze",
        json={"plekId": eerste["id"]},
    )
    w.accepteer(
        "6. Het Vierde Huis legt het antwoord van de kandidaat vast: accepteren",
        "het-vierde-huis",
        aanbieding,
    )
    w.plaats(
        "7. Nabij Wonen legt de plaatsing vast (ZOU-P1, evaluaties ZOU-P2)",
        "nabij-wonen",
        aanbieding,
    )
    w.stap(
        "8. Het audit-logboek van de voordracht",
        "het-vierde-huis",
        "GET",
        "/v1/gebeurtenissen",
        params={"objectId": vd_id},
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


def maatwerk(w: Wandeling) -> int:
    """ZOU-R2: Het Vierde Huis forwards a kandidaat to Portaal (maatwerk), Portaal finds a woning."""
    werk = w.stap(
        "1. De werklijst maatwerk (Het Vierde Huis)",
        "het-vierde-huis",
        "GET",
        "/v1/maatwerkkandidaten",
    )
    if not werk["resultaten"]:
        sys.exit("De werklijst maatwerk is leeg.")
    kandidaat = werk["resultaten"][0]
    orgs = w.c.get(
        "/v1/organisaties", headers=w.h("het-vierde-huis"), params={"soort": "corporatie"}
    ).json()["resultaten"]
    portaal = next(o for o in orgs if o["code"] == "portaal")
    traject = w.stap(
        "2. Het Vierde Huis stuurt de kandidaat door naar Portaal",
        "het-vierde-huis",
        "POST",
        "/v1/maatwerktrajecten",
        json={
            "kandidaatId": kandidaat["id"],
            "corporatieId": portaal["id"],
            "aanleiding": "route-maatwerk",
            "wensen": "Rustige plek, gelijkvloers, dicht bij de begeleiding.",
        },
    )
    w.stap(
        "3. Portaal ziet wensen en behoeften, nog zonder naam",
        "portaal",
        "GET",
        f"/v1/maatwerktrajecten/{traject['id']}",
    )
    w.stap(
        "4. Portaal accepteert het traject; nu ziet Portaal naam en casushouder",
        "portaal",
        "POST",
        f"/v1/maatwerktrajecten/{traject['id']}/besluit",
        json={"besluit": "accepteren"},
    )
    gemeente = kandidaat["gemeentevoorkeuren"][0]
    woning = w.meld_woning(
        "5. Portaal meldt een woning; als maatwerkcorporatie komt er geen automatische voordracht (ZOU-R3)",
        "portaal",
        woning_json(("Kerkplein", "7", "3981 AA", gemeente), "610.00", 60, 21)
        | {
            "kamers": max(2, kandidaat["behoeften"]["minimumKamers"]),
            "verdieping": 0,
            "rolstoeltoegankelijk": True,
            "maxBewoners": 6,
        },
    )
    aanbieding = w.stap(
        "6. Portaal meldt de gevonden woning voor deze kandidaat: dezelfde aanbieding als bij omgekeerde plaatsing",
        "portaal",
        "POST",
        f"/v1/maatwerktrajecten/{traject['id']}/woning",
        json={"woningId": woning["id"]},
    )
    w.accepteer(
        "7. Het Vierde Huis legt het antwoord van de kandidaat vast: accepteren",
        "het-vierde-huis",
        aanbieding,
    )
    w.plaats("8. Portaal legt de plaatsing vast", "portaal", aanbieding)
    w.stap(
        "9. Het traject is afgerond, met de hele historie",
        "het-vierde-huis",
        "GET",
        f"/v1/maatwerktrajecten/{traject['id']}",
    )
    print("\nKlaar: maatwerk van doorsturen tot plaatsing.")
    return 0


def contingent(w: Wandeling) -> int:
    """ZOU-K1..K3: commitments, the distribution, a placement moves usage, the provider reads its remainder."""
    jaar = date.today().year
    orgs = w.c.get(
        "/v1/organisaties", headers=w.h("beter-wonen"), params={"paginaGrootte": 100}
    ).json()["resultaten"]
    ids = {o["code"]: o["id"] for o in orgs}
    for corp, aantal in (("nabij-wonen", 12), ("woongroen", 8), ("portaal", 6)):
        w.stap(
            f"1. Beter Wonen legt de toezegging van {corp} vast (ZOU-K1)",
            "beter-wonen",
            "POST",
            "/v1/toezeggingen",
            json={"corporatieId": ids[corp], "jaar": jaar, "aantal": aantal},
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
    w.stap(
        "2. Beter Wonen verdeelt het jaar over de zorgaanbieders naar aantal plekken (ZOU-K2)",
        "beter-wonen",
        "POST",
        "/v1/verdelingen",
        json={
            "jaar": jaar,
            "reden": "Verdeling naar aantal plekken beschermd wonen",
            "aandelen": [
                {"zorgaanbiederId": o["id"], "gewicht": plekken.get(o["code"], 10)} for o in zorg
            ],
        },
    )
    voor = w.stap(
        "3. Kwintes leest het eigen gebruik",
        "kwintes",
        "GET",
        "/v1/contingentgebruik",
        params={"jaar": jaar},
    )[0]
    # A placement of a Kwintes kandidaat through omgekeerde plaatsing.
    kandidaat = w.stap(
        "4. Kwintes meldt een kandidaat aan",
        "kwintes",
        "POST",
        "/v1/kandidaten",
        json=kandidaat_json("Demo", "Contingent", "1990-05-01", "Bunnik", 18000),
    )
    # The zorgaanbieder registers today; an earlier waiting date is the bemiddelaar's to set.
    w.stap(
        "4b. Het Vierde Huis corrigeert de aanmelddatum: overgenomen van de vorige wachtlijst",
        "het-vierde-huis",
        "POST",
        f"/v1/kandidaten/{kandidaat['id']}/aanmelddatum-correcties",
        json={"aanmelddatum": "2024-01-02", "reden": "Overgenomen van de vorige wachtlijst."},
    )
    woning = w.meld_woning(
        "5. Nabij Wonen meldt een woning in Bunnik",
        "nabij-wonen",
        woning_json(("Dorpsstraat", "3", "3981 AB", "Bunnik"), "600.00", 50, 10),
    )
    aanbieding = w.goedkeuren_en_kiezen(
        "6. Nabij Wonen kiest de kandidaat", woning, kandidaat["id"], "Demo contingent"
    )
    w.stap(
        "6b. Kwintes legt het preventie-actieplan vast (ZOU-B4, nodig om te accepteren)",
        "kwintes",
        "POST",
        f"/v1/kandidaten/{kandidaat['id']}/preventie-actieplan/versies",
        json=preventie_actieplan("Demo"),
    )
    w.accepteer("6c. Kwintes accepteert namens de kandidaat", "kwintes", aanbieding)
    w.plaats(
        "7. De plaatsing telt in het contingent van Kwintes (ZOU-K3)",
        "nabij-wonen",
        aanbieding,
    )
    na = w.stap(
        "8. Kwintes leest het restant",
        "kwintes",
        "GET",
        "/v1/contingentgebruik",
        params={"jaar": jaar},
    )[0]
    print(
        f"\nKwintes: toegewezen {na['toegewezen']}, gebruikt {voor['gebruikt']} -> {na['gebruikt']}, "
        f"resterend {na['resterend']}."
    )
    w.stap(
        "9. Nabij Wonen: toezegging tegenover geleverd",
        "nabij-wonen",
        "GET",
        "/v1/leveringen",
        params={"jaar": jaar},
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


def nazorg(w: Wandeling) -> int:
    """Issue 13: preparation (forms, PDF, readiness), offer, placement, informing the gemeente,
    evaluations with outcomes, 3 -> 2 parties, the final evaluation and the end of guidance.
    The lease was signed two years ago, so the whole period can be recorded in one walk."""
    today = date.today()

    def maanden(n: int) -> date:
        m = contract.month - 1 + n
        return contract.replace(year=contract.year + m // 12, month=m % 12 + 1, day=1)

    contract = (today - timedelta(days=2 * 366 + 40)).replace(day=1)
    kandidaat = w.stap(
        "1. Kwintes meldt een kandidaat aan (gereed verklaard, begeleidingsovereenkomst: ZOU-C1, ZOU-C3)",
        "kwintes",
        "POST",
        "/v1/kandidaten",
        json=kandidaat_json("Noor", "Nazorg", "1992-04-11", "Zeist", 17500),
    )
    k = kandidaat["id"]
    # The zorgaanbieder registers today; the earlier waiting date is the bemiddelaar's to set.
    w.stap(
        "1b. Het Vierde Huis zet de aanmelddatum terug: overgenomen van de vorige wachtlijst",
        "het-vierde-huis",
        "POST",
        f"/v1/kandidaten/{k}/aanmelddatum-correcties",
        json={
            "aanmelddatum": (contract - timedelta(days=400)).isoformat(),
            "reden": "Overgenomen van de vorige wachtlijst.",
        },
    )
    w.stap(
        "2. Kwintes legt de voorbereiding vast (ZOU-L1..L3)",
        "kwintes",
        "PUT",
        f"/v1/kandidaten/{k}/voorbereiding",
        json={
            "verwachteVerhuisdatum": contract.isoformat(),
            "voorbereidingGestartOp": (contract - timedelta(days=170)).isoformat(),
            "partijenBetrokkenOp": (contract - timedelta(days=90)).isoformat(),
            "wijkteamBetrokkenOp": (contract - timedelta(days=40)).isoformat(),
            "kennismakingOp": (contract - timedelta(days=30)).isoformat(),
        },
    )
    w.stap(
        "3. Kwintes bewaart een eerste versie van het preventie-actieplan (nog niet compleet)",
        "kwintes",
        "POST",
        f"/v1/kandidaten/{k}/preventie-actieplan/versies",
        json={"opgesteldOp": (contract - timedelta(days=60)).isoformat()},
    )
    w.stap(
        "4. Kwintes maakt het preventie-actieplan af met de cliënt (ZOU-B4): versie 2",
        "kwintes",
        "POST",
        f"/v1/kandidaten/{k}/preventie-actieplan/versies",
        json=preventie_actieplan("Noor"),
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
    w.stap(
        "5. Kwintes vult het overdrachtsdocument in (ZOU-B3), met het plan als bijlage",
        "kwintes",
        "POST",
        f"/v1/kandidaten/{k}/overdrachtsdocument/versies",
        json=doc,
    )
    pdf(
        "6. Het overdrachtsdocument als PDF",
        w.c.get(
            f"/v1/kandidaten/{k}/overdrachtsdocument",
            headers=w.h("kwintes"),
            params={"formaat": "pdf"},
        ),
    )
    gereed = w.stap(
        "7. De gereedheid en waar die op rust (ZOU-C1)",
        "kwintes",
        "GET",
        f"/v1/kandidaten/{k}/gereedheid",
    )
    if not gereed["klaarVoorAcceptatie"]:
        sys.exit("Stap mislukt: de kandidaat is nog niet klaar.")
    woning = w.meld_woning(
        "8. Nabij Wonen meldt een woning in Zeist",
        "nabij-wonen",
        woning_json(("Nazorglaan", "13", "3701 NZ", "Zeist"), "590.00", 48, 7)
        | {"rolstoeltoegankelijk": True},
    )
    aanbieding = w.goedkeuren_en_kiezen(
        "9. Nabij Wonen kiest de kandidaat", woning, k, "Demo nazorg"
    )
    w.accepteer(
        "10. Kwintes accepteert namens de kandidaat: het plan is compleet",
        "kwintes",
        aanbieding,
    )
    plaatsing = w.stap(
        "11. Nabij Wonen legt het 3-partijencontract vast (ZOU-P1), beschikbaar 3 maanden (ZOU-P3)",
        "nabij-wonen",
        "POST",
        "/v1/plaatsingen",
        json={
            "aanbiedingId": aanbieding["id"],
            "contractdatum": contract.isoformat(),
            "casushouder": {"soort": "zorgaanbieder"},
        },
    )
    p = plaatsing["id"]
    for soort, wie in (("gemeente", "Gemeente Zeist"), ("sociaal-wijkteam", "Sociaal team Zeist")):
        w.stap(
            f"12. Nabij Wonen legt vast: {wie} is geïnformeerd (ZOU-P4)",
            "nabij-wonen",
            "POST",
            f"/v1/plaatsingen/{p}/kennisgevingen",
            json={
                "ontvangerSoort": soort,
                "ontvanger": wie,
                "geinformeerdOp": (contract + timedelta(days=3)).isoformat(),
                "wijze": "brief",
            },
        )
    pdf(
        "13. De kennisgeving aan gemeente en wijkteam als PDF",
        w.c.get(f"/v1/plaatsingen/{p}/kennisgevingsbrief", headers=w.h("nabij-wonen")),
    )
    w.stap(
        "14. Kwintes legt de evaluatie na 3 maanden vast, met uitkomst per onderwerp (ZOU-P2)",
        "kwintes",
        "POST",
        f"/v1/plaatsingen/{p}/evaluaties",
        json=evaluatie(1, maanden(3), "voortzetten", "Over negen maanden weer."),
    )
    w.stap(
        "15. De evaluatie na 1 jaar",
        "kwintes",
        "POST",
        f"/v1/plaatsingen/{p}/evaluaties",
        json=evaluatie(2, maanden(12), "voortzetten", "Omzetten naar 2 partijen."),
    )
    w.stap(
        "16. Het contract gaat van 3 naar 2 partijen; het sociaal team neemt de begeleiding over",
        "nabij-wonen",
        "POST",
        f"/v1/plaatsingen/{p}/omzetting",
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
    )
    eind = w.stap(
        "17. De eindevaluatie na 2 jaar: positief, de begeleiding stopt",
        "kwintes",
        "POST",
        f"/v1/plaatsingen/{p}/evaluaties",
        json=evaluatie(
            3, maanden(24), "beeindigen", "Zus Anna belt wekelijks; bij zorgen het wijkteam."
        ),
    )
    print(f"Huur voor onbepaalde tijd zonder begeleiding sinds {eind['onbepaaldeTijdSinds']}.")
    w.stap(
        "18. Nabij Wonen ziet alleen de besluiten die over de huur gaan",
        "nabij-wonen",
        "GET",
        f"/v1/plaatsingen/{p}",
    )
    w.c.post("/v1/signaleringen/berekening", headers=w.h("het-vierde-huis"))
    w.stap(
        "19. De begeleiding is gestopt: signalering met de vervolgafspraak (ZOU-L5)",
        "nabij-wonen",
        "GET",
        "/v1/signaleringen",
        params={"soort": "begeleiding-beeindigd"},
    )
    print("\nKlaar: van voorbereiding tot eindevaluatie.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
