"""Per-corporatie pseudonyms for kandidaten (privacy: data minimisation per role).

The same kandidaat gets the same pseudonym at one corporatie and a different one at another,
so corporaties cannot link kandidaten between them. HMAC-SHA256 with a secret that is set by
``WOONROUTE_PSEUDONIEM_SLEUTEL`` or else generated once and kept in the database.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import uuid

from sqlmodel import Session

from service.models import Systeemwaarde

_NAAM = "pseudoniem-sleutel"


def ensure_secret(session: Session, configured: str) -> str:
    if configured:
        return configured
    row = session.get(Systeemwaarde, _NAAM)
    if row is None:
        row = Systeemwaarde(naam=_NAAM, waarde=secrets.token_hex(32))
        session.add(row)
        session.flush()
    return row.waarde


def pseudoniem(secret: str, corporatie_id: uuid.UUID, kandidaat_id: uuid.UUID) -> str:
    digest = hmac.new(
        secret.encode(), f"{corporatie_id}:{kandidaat_id}".encode(), hashlib.sha256
    ).digest()
    return "K-" + base64.b32encode(digest[:5]).decode()
