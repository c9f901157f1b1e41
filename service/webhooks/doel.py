"""Is a webhook URL an acceptable target? (SSRF protection)

Only ``https``, and the host must resolve to public addresses only: no private, loopback,
link-local (cloud metadata at 169.254.169.254), multicast, reserved or unspecified ranges. In
the demo (``WOONROUTE_DEMO``) a loopback target may also use plain ``http``, so a receiver on the
same laptop works. The check runs when a subscription is made or changed and again before every
delivery, so a host whose DNS later points inwards is refused then too.
"""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

Adres = ipaddress.IPv4Address | ipaddress.IPv6Address


class OngeldigDoel(ValueError):
    """The reason, in plain Dutch, why a URL is refused."""


def _adressen(host: str, port: int) -> list[Adres]:
    try:
        return [ipaddress.ip_address(host)]
    except ValueError:
        pass
    try:
        infos = socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP)
    except (OSError, UnicodeError) as exc:
        raise OngeldigDoel(f"De host {host} is niet te vinden.") from exc
    return [ipaddress.ip_address(str(info[4][0]).split("%", 1)[0]) for info in infos]


def _intern(adres: Adres) -> bool:
    if isinstance(adres, ipaddress.IPv6Address) and adres.ipv4_mapped is not None:
        adres = adres.ipv4_mapped
    return (
        adres.is_private
        or adres.is_loopback
        or adres.is_link_local
        or adres.is_multicast
        or adres.is_reserved
        or adres.is_unspecified
        or not adres.is_global
    )


def controleer(url: str, *, demo: bool = False) -> None:
    """Raise ``OngeldigDoel`` when ``url`` may not receive webhooks."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise OngeldigDoel("Dit is geen geldige URL.") from exc
    host = parts.hostname
    if parts.scheme not in ("https", "http") or not host:
        raise OngeldigDoel("Geef een volledige URL die begint met https://.")
    if parts.username or parts.password:
        raise OngeldigDoel("Zet geen gebruikersnaam of wachtwoord in de URL.")
    adressen = _adressen(host, port or (443 if parts.scheme == "https" else 80))
    loopback = all(
        (a.ipv4_mapped or a).is_loopback if isinstance(a, ipaddress.IPv6Address) else a.is_loopback
        for a in adressen
    )
    if demo and loopback:
        return
    if parts.scheme != "https":
        raise OngeldigDoel("Gebruik https: webhooks gaan alleen over een versleutelde verbinding.")
    if any(_intern(a) for a in adressen):
        raise OngeldigDoel(
            f"De host {host} wijst naar een intern of lokaal netwerkadres. "
            "Webhooks gaan alleen naar adressen op het openbare internet."
        )
