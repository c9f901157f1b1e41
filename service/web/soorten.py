"""The four kinds of organisation by their initials, as the page modules write them in
``mag(persoon, B, C)`` and in the menu: defined once here."""

from service.models import OrganisatieSoort

B = OrganisatieSoort.bemiddelaar
C = OrganisatieSoort.corporatie
Z = OrganisatieSoort.zorgaanbieder
R = OrganisatieSoort.regiobeheer

__all__ = ["B", "C", "R", "Z"]
