"""The cause of a signalering, as each source yields it (see ``service.signaleringen.actions``)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from service.models import SignaleringSoort


@dataclass(frozen=True)
class Oorzaak:
    soort: SignaleringSoort
    onderwerp_type: str
    onderwerp_id: uuid.UUID
    eigenaar_id: uuid.UUID
    zichtbaar_voor_id: uuid.UUID | None
    titel: str
    diagnose: dict[str, Any]
