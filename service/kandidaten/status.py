"""The kandidaat's life cycle: which status changes are allowed, and by which path.

``HANDMATIG`` are the changes a zorgaanbieder or the bemiddelaar may ask for directly;
``FLOW`` are the changes only the voordracht → aanbieding → plaatsing flow makes.
"""

from __future__ import annotations

from service.errors import Conflict
from service.models import KandidaatStatus as St

HANDMATIG: dict[St, frozenset[St]] = {
    St.wachtend: frozenset({St.gepauzeerd, St.uitgeschreven}),
    St.gepauzeerd: frozenset({St.wachtend, St.uitgeschreven}),
    St.aangeboden: frozenset(),
    St.geplaatst: frozenset(),
    St.uitgeschreven: frozenset(),
}

FLOW: dict[St, frozenset[St]] = {
    # wachtend/gepauzeerd -> geplaatst: a placement reported from outside woonroute (ZOU-M1)
    St.wachtend: frozenset({St.aangeboden, St.geplaatst}),
    St.gepauzeerd: frozenset({St.geplaatst}),
    St.aangeboden: frozenset({St.wachtend, St.geplaatst}),
}

_WAAROM = {
    St.aangeboden: "De kandidaat heeft een lopende aanbieding. Beantwoord eerst de aanbieding.",
    St.geplaatst: "De kandidaat is geplaatst. Daarna verandert de status niet meer.",
    St.uitgeschreven: "De kandidaat is uitgeschreven. Meld de kandidaat opnieuw aan als dat nodig is.",
}


def check_handmatig(huidig: St, nieuw: St) -> None:
    if nieuw == huidig:
        raise Conflict(f"De kandidaat heeft al status {huidig.value}.")
    if nieuw not in HANDMATIG[huidig]:
        waarom = _WAAROM.get(huidig) or (
            f"Van {huidig.value} naar {nieuw.value} kan niet met een statuswijziging."
        )
        raise Conflict(f"Deze statuswijziging kan niet: {waarom}")


def check_flow(huidig: St, nieuw: St) -> None:
    if nieuw not in FLOW.get(huidig, frozenset()):
        raise Conflict(f"De kandidaat kan niet van {huidig.value} naar {nieuw.value}.")
