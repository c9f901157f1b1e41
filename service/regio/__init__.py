"""The region as a value: its settings (``instellingen``: loading and validating a TOML file in
``bestanden/``), the region a piece of work runs for, and the ``/v1/regio`` endpoint (``router``).

There is no process-wide region. A ``Regio`` is passed along with the work:

- **actions** read it from their session (``regio_van(session)``): a request's session gets the
  app's region (``service.deps``), a job's or the CLI's session gets it from
  ``db.session_scope(engine, regio)``;
- **routes** that need it directly take ``RegioDep``;
- **request schemas** that check a gemeente read the region the input is for
  (``service.schemas.check_gemeente``), which the request's session dependency names; outside a
  request (the demo, a script) ``schemas.voor_regio(regio)`` names it for a block.

One deployment could serve several regions this way (an app, engine and region per region);
nothing here assumes one.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends
from fastapi import Request
from sqlmodel import Session

from service.db import REGIO
from service.regio.instellingen import REGIONS_DIR
from service.regio.instellingen import Contact
from service.regio.instellingen import InkomensgrenzenConfig
from service.regio.instellingen import MatchingInstellingen
from service.regio.instellingen import Nazorg
from service.regio.instellingen import OrganisatieConfig
from service.regio.instellingen import Regio
from service.regio.instellingen import RegioFout
from service.regio.instellingen import RouteAdviesInstellingen
from service.regio.instellingen import Termijnen
from service.regio.instellingen import load_regio
from service.regio.instellingen import shipped_regio

__all__ = [
    "REGIONS_DIR",
    "Contact",
    "InkomensgrenzenConfig",
    "MatchingInstellingen",
    "Nazorg",
    "OrganisatieConfig",
    "Regio",
    "RegioDep",
    "RegioFout",
    "RouteAdviesInstellingen",
    "Termijnen",
    "load_regio",
    "regio_van",
    "shipped_regio",
]


def regio_van(session: Session) -> Regio:
    """The region this session works for (given when the session was opened)."""
    regio = session.info.get(REGIO)
    if regio is None:
        raise RegioFout("Deze sessie hoort bij geen regio: open haar met de regio van het werk.")
    return regio


def _app_regio(request: Request) -> Regio:
    return request.app.state.regio


#: A route's region, as a dependency (the app's region).
RegioDep = Annotated[Regio, Depends(_app_regio)]
