"""Accounts, Argon2 passwords, server-side sessions and CSRF tokens for the web pages."""

from __future__ import annotations

import hashlib
import secrets
import uuid
from datetime import timedelta

from argon2 import PasswordHasher
from argon2.exceptions import VerificationError
from sqlmodel import Session
from sqlmodel import select

from service.auth import Actor
from service.clock import nu
from service.models import Gebruiker
from service.models import Organisatie
from service.models import WebSessie

COOKIE = "woonroute_sessie"
DUUR = timedelta(hours=8)
_hasher = PasswordHasher()
#: Verifying against this keeps the time of a login with an unknown e-mail like a real one.
_DUMMY = _hasher.hash("woonroute-dummy-wachtwoord")


def hash_wachtwoord(wachtwoord: str) -> str:
    return _hasher.hash(wachtwoord)


def maak_gebruiker(
    session: Session, *, organisatie: Organisatie, email: str, naam: str, wachtwoord: str
) -> Gebruiker:
    g = Gebruiker(
        organisatie_id=organisatie.id,
        email=email.lower().strip(),
        naam=naam,
        wachtwoord_hash=hash_wachtwoord(wachtwoord),
    )
    session.add(g)
    session.flush()
    return g


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def inloggen(session: Session, email: str, wachtwoord: str) -> tuple[str, WebSessie] | None:
    """A new session for valid credentials: returns (cookie token, row), or None."""
    g = session.exec(select(Gebruiker).where(Gebruiker.email == email.lower().strip())).first()
    try:
        _hasher.verify(g.wachtwoord_hash if g else _DUMMY, wachtwoord)
    except VerificationError:
        return None
    if g is None or not g.actief:
        return None
    org = session.get(Organisatie, g.organisatie_id)
    if org is None or not org.actief:
        return None
    token = secrets.token_urlsafe(32)
    row = WebSessie(
        token_hash=_token_hash(token),
        gebruiker_id=g.id,
        csrf=secrets.token_urlsafe(24),
        verloopt_op=nu() + DUUR,
    )
    session.add(row)
    session.flush()
    return token, row


def sessie(session: Session, token: str | None) -> tuple[WebSessie, Gebruiker, Actor] | None:
    if not token:
        return None
    row = session.exec(select(WebSessie).where(WebSessie.token_hash == _token_hash(token))).first()
    if row is None or row.verloopt_op < nu():
        return None
    g = session.get(Gebruiker, row.gebruiker_id)
    org = session.get(Organisatie, g.organisatie_id) if g else None
    if g is None or org is None or not g.actief or not org.actief:
        return None
    return row, g, Actor.van(org, gebruiker_id=g.id)


def uitloggen(session: Session, sessie_id: uuid.UUID) -> None:
    row = session.get(WebSessie, sessie_id)
    if row is not None:
        session.delete(row)
