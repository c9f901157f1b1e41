"""Pure contingent arithmetic: distribution and usage (ZOU-K1, ZOU-K2, ZOU-K3).

Stdlib and OR-Tools only; no web, database or pandas imports and no environment
variables. Public surface:

- `verdeel` distributes a yearly contingent over zorgaanbieders (ZOU-K2);
- `bereken_gebruik`, `gebruik_per_zorgaanbieder`, `tel_per_corporatie`,
  `tel_per_maand`, `bereken_levering`, `contingentjaar` do the usage arithmetic (ZOU-K3);
- `herverdeel` moves unused homes between zorgaanbieders;
- `controleer_verdeling` checks any distribution independently of the solver.

Errors: `VerdeelFout(ValueError)` carries a complete Dutch sentence for the user.
"""

from contingent.gebruik import bereken_gebruik
from contingent.gebruik import bereken_levering
from contingent.gebruik import contingentjaar
from contingent.gebruik import gebruik_per_zorgaanbieder
from contingent.gebruik import herverdeel
from contingent.gebruik import tel_per_corporatie
from contingent.gebruik import tel_per_maand
from contingent.model import METHODE_GROOTSTE_OVERSCHOT
from contingent.model import METHODE_OPTIMALISATIE
from contingent.model import METHODE_QUOTUM
from contingent.model import METHODEN
from contingent.model import Aandeel
from contingent.model import Gebruik
from contingent.model import Grens
from contingent.model import Herverdeling
from contingent.model import Levering
from contingent.model import Methode
from contingent.model import Schending
from contingent.model import Subtotaal
from contingent.model import Telling
from contingent.model import VerdeelFout
from contingent.model import Verdeelresultaat
from contingent.model import Verdeling
from contingent.model import als_methode
from contingent.validation import controleer_verdeling
from contingent.verdeling import grootste_overschot
from contingent.verdeling import quotummethode
from contingent.verdeling import verdeel

__all__ = [
    "METHODE_GROOTSTE_OVERSCHOT",
    "METHODE_QUOTUM",
    "METHODE_OPTIMALISATIE",
    "METHODEN",
    "Aandeel",
    "Gebruik",
    "Grens",
    "Herverdeling",
    "Levering",
    "Methode",
    "Schending",
    "Subtotaal",
    "Telling",
    "VerdeelFout",
    "Verdeelresultaat",
    "Verdeling",
    "als_methode",
    "bereken_gebruik",
    "bereken_levering",
    "contingentjaar",
    "controleer_verdeling",
    "gebruik_per_zorgaanbieder",
    "grootste_overschot",
    "quotummethode",
    "herverdeel",
    "tel_per_corporatie",
    "tel_per_maand",
    "verdeel",
]
