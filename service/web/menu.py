"""The menu per kind of organisation: every page a person of that kind works with.

The menu item of the page being shown carries ``aria-current="page"``: the item whose address
is the longest beginning of the page's address.
"""

from __future__ import annotations

from service.models import OrganisatieSoort
from service.web.soorten import B
from service.web.soorten import C
from service.web.soorten import R
from service.web.soorten import Z

MENU: dict[OrganisatieSoort, tuple[tuple[str, str], ...]] = {
    B: (
        ("/start", "Start"),
        ("/werk/voordrachten", "Voordrachten"),
        ("/werk/signaleringen", "Signaleringen"),
        ("/werk/kandidaten", "Kandidaten"),
        ("/werk/aanmelddatum-verzoeken", "Correctieverzoeken"),
        ("/werk/maatwerk", "Maatwerk"),
        ("/werk/escalaties", "Escalaties"),
        ("/werk/knelpunten", "Knelpunten"),
        ("/werk/aanbiedingen", "Aanbiedingen"),
        ("/werk/import", "Wachtlijst importeren"),
        ("/werk/toezeggingen", "Toezeggingen"),
        ("/werk/verdeling", "Verdeling"),
        ("/werk/levering", "Levering"),
        ("/werk/maandrapportages", "Maandrapportages"),
        ("/werk/cijfers", "Regiocijfers"),
        ("/werk/plaatsingen", "Plaatsingen"),
        ("/werk/nazorgcijfers", "Nazorgcijfers"),
        ("/werk/beleidslab", "Beleidslab"),
    ),
    C: (
        ("/start", "Start"),
        ("/werk/woningen", "Woningen"),
        ("/werk/voordrachten", "Voordrachten"),
        ("/werk/escalaties", "Escalaties"),
        ("/werk/maatwerk", "Maatwerk"),
        ("/werk/externe-plaatsingen", "Plaatsingen buiten woonroute"),
        ("/werk/levering", "Toezegging en levering"),
        ("/werk/knelpunten", "Knelpunten"),
        ("/werk/maandrapportage", "Maandrapportage"),
        ("/werk/plaatsingen", "Plaatsingen"),
    ),
    Z: (
        ("/start", "Start"),
        ("/werk/kandidaten", "Kandidaten"),
        ("/werk/aanbiedingen", "Aanbiedingen"),
        ("/werk/maatwerk", "Maatwerk"),
        ("/werk/knelpunten", "Knelpunten"),
        ("/werk/contingent", "Contingent"),
        ("/werk/plaatsingen", "Plaatsingen"),
        ("/werk/clientervaring", "Cliëntervaring"),
    ),
    R: (
        ("/start", "Start"),
        ("/werk/toezeggingen", "Toezeggingen"),
        ("/werk/verdeling", "Verdeling"),
        ("/werk/herverdeling", "Herverdeling"),
        ("/werk/levering", "Levering per corporatie"),
        ("/werk/maandrapportages", "Maandrapportages"),
        ("/werk/cijfers", "Regiocijfers"),
        ("/werk/nazorgcijfers", "Nazorgcijfers"),
        ("/werk/beleidslab", "Beleidslab"),
    ),
}


def items(soort: OrganisatieSoort) -> tuple[tuple[str, str], ...]:
    return MENU[soort]


def actief(soort: OrganisatieSoort, pad: str) -> str | None:
    """The menu address the page at ``pad`` belongs to (the longest matching beginning)."""
    passend = [h for h, _ in MENU[soort] if pad == h or pad.startswith(h + "/")]
    return max(passend, key=len, default=None)
