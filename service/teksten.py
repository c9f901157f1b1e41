"""The message catalogue: one wording per rule that both the API and the pages show.

A rule that people read in more than one place (an error ``detail``, a field description, a
page hint) is written here once, in plain Dutch (ZOU-M5), and used everywhere by name.
"""

from __future__ import annotations

from enum import StrEnum

#: MATCH-V2 with MATCH-K1 (ZOU-R1 "in principe de langst wachtende").
KEUZEREGEL = (
    "In principe kiest u de langst wachtende kandidaat: van de kandidaten die u kunt kiezen, "
    "wie het eerst is aangemeld. Bij dezelfde aanmelddatum gaat voor wie eerder is ingeschreven. "
    "Dat is niet altijd plek 1, want wie deze gemeente als eerste "
    "keuze heeft, kan hoger staan. Kiest u de langst wachtende, dan hoeft u geen reden te geven. "
    "Kiest u een ander, kies dan een reden en licht die toe als dat nodig is."
)

#: The error ``detail`` when a choice of another kandidaat comes without a reason (MATCH-V2).
KEUZE_ZONDER_REDEN = (
    "U kiest niet de langst wachtende kandidaat. Kies daarvoor een reden (MATCH-V2)."
)


#: The field message next to the reason (API ``invalidParams`` and the page).
REDEN_VERPLICHT = "Kies een reden, of kies de langst wachtende kandidaat."


class KeuzeRedenSoort(StrEnum):
    """Why a corporatie chose another kandidaat than the longest waiting one (MATCH-V2)."""

    eerste_keuze = "eerste-keuze-van-de-kandidaat"
    past_beter = "woning-past-beter-bij-deze-kandidaat"
    netwerk = "dichtbij-netwerk-werk-of-school"
    veiligheid = "veiligheid-of-spreiding-in-de-buurt"
    anders = "anders"


KEUZE_REDEN_TEKST: dict[KeuzeRedenSoort, str] = {
    KeuzeRedenSoort.eerste_keuze: "Deze gemeente is de eerste keuze van de kandidaat",
    KeuzeRedenSoort.past_beter: "De woning past beter bij deze kandidaat",
    KeuzeRedenSoort.netwerk: "Dichtbij netwerk, werk of school van de kandidaat",
    KeuzeRedenSoort.veiligheid: "Veiligheid of spreiding in de buurt",
    KeuzeRedenSoort.anders: "Een andere reden (licht die toe)",
}

#: When ``anders`` is chosen, the free text must say what the reason is.
ANDERS_VRAAGT_TOELICHTING = "Bij een andere reden is een toelichting nodig."
