"""Pure matching engine for omgekeerde plaatsing (ZOU-R1; DOMAIN.md §4 and §5).

Given one vacant woning and the kandidaten on the waiting list, propose the top
``aantal`` (MATCH-N, default three) suitable kandidaten:

- ``rules``      suitability MATCH-E1..E7 and the review strike MATCH-V1, each with a reason;
- ``ranking``    rank key MATCH-K1 (first choice, under the region's ``EersteKeuzeBeleid``),
                 MATCH-K2 (longest waiting), MATCH-K3 (ties);
- ``propose``    ``stel_voor``: the proposal with its explanation and exclusion counts;
- ``validation`` ``controleer_voordracht``: checks of any proposal, independent of ``propose``.

Standard library only. This package never imports the web layer, the ORM, httpx or pandas,
and never reads environment variables: the income table and all other configuration arrive
as arguments (``Context``).
"""

from matching.formatting import format_datum
from matching.formatting import format_euro
from matching.model import VOORRANG
from matching.model import Context
from matching.model import EersteKeuzeBeleid
from matching.model import Inkomensgrenzen
from matching.model import Kandidaat
from matching.model import Regeluitkomst
from matching.model import Voordracht
from matching.model import Voordrachtplek
from matching.model import Woning
from matching.propose import beleid_uitleg
from matching.propose import reden_rang
from matching.propose import stel_voor
from matching.ranking import is_eerste_keuze
from matching.ranking import maandpunt
from matching.ranking import plaatssleutel
from matching.ranking import rangsleutel
from matching.rules import REGEL_IDS
from matching.rules import REGELS
from matching.rules import aow_datum
from matching.rules import beoordeel
from matching.rules import beoordeel_tot_uitsluiting
from matching.rules import eerste_uitsluiting
from matching.rules import heeft_aow_leeftijd
from matching.rules import kamers_nodig
from matching.rules import leeftijd_op
from matching.rules import maximale_kale_huur
from matching.rules import regel_e1_actief
from matching.rules import regel_e2_gemeente
from matching.rules import regel_e3_huishouden
from matching.rules import regel_e4_betaalbaar
from matching.rules import regel_e5_toegankelijk
from matching.rules import regel_e6_woningeisen
from matching.rules import regel_e7_niet_afgewezen
from matching.rules import regel_v1_geschrapt
from matching.validation import controleer_voordracht

__all__ = [
    "REGELS",
    "REGEL_IDS",
    "VOORRANG",
    "Context",
    "EersteKeuzeBeleid",
    "Inkomensgrenzen",
    "Kandidaat",
    "Regeluitkomst",
    "Voordrachtplek",
    "Voordracht",
    "Woning",
    "aow_datum",
    "beleid_uitleg",
    "beoordeel",
    "beoordeel_tot_uitsluiting",
    "controleer_voordracht",
    "eerste_uitsluiting",
    "format_datum",
    "format_euro",
    "heeft_aow_leeftijd",
    "is_eerste_keuze",
    "kamers_nodig",
    "leeftijd_op",
    "maandpunt",
    "maximale_kale_huur",
    "plaatssleutel",
    "rangsleutel",
    "reden_rang",
    "regel_e1_actief",
    "regel_e2_gemeente",
    "regel_e3_huishouden",
    "regel_e4_betaalbaar",
    "regel_e5_toegankelijk",
    "regel_e6_woningeisen",
    "regel_e7_niet_afgewezen",
    "regel_v1_geschrapt",
    "stel_voor",
]
