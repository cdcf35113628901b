"""Where fetching may go: only public addresses, checked when each connection is made.

The check sits in the connection itself (an httpcore network backend), not before the request: the host
is resolved once, every address it resolves to is checked, and the connection goes to a checked address.
A check made before the request and a second lookup at connect time could disagree (DNS rebinding), and
a redirect to a private host would pass a check made only on the first URL.
"""
from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterable
from typing import Any

import httpcore
import httpx

from ..errors import E


def is_public(address: str) -> bool:
    """A globally routable unicast address: not private, loopback, link-local (cloud metadata at
    169.254.169.254), shared (100.64/10), reserved, unspecified or multicast; IPv4 in IPv6 unwrapped."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def resolve(host: str, port: int) -> list[str]:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as err:
        raise httpcore.ConnectError(f"cannot resolve {host}: {err}") from None
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def checked_addresses(host: str, port: int, allow_private: bool) -> list[str]:
    """Every address `host` resolves to, or E121 if any is not public (one private answer among public
    ones is how rebinding attacks get in)."""
    addresses = resolve(host, port)
    if not allow_private:
        for address in addresses:
            if not is_public(address):
                raise E.E121.error(host=host, address=address)
    return addresses


class GuardedBackend(httpcore.SyncBackend):
    """Connects only to the addresses `checked_addresses` allows, trying each in turn."""

    def __init__(self, allow_private: bool) -> None:
        self.allow_private = allow_private

    def connect_tcp(self, host: str, port: int, timeout: float | None = None, local_address: str | None = None,
                    socket_options: Iterable[Any] | None = None) -> httpcore.NetworkStream:
        last: Exception | None = None
        for address in checked_addresses(host, port, self.allow_private):
            try:
                return super().connect_tcp(address, port, timeout, local_address, socket_options)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as err:
                last = err
        raise last or httpcore.ConnectError(f"no address for {host}")


class GuardedTransport(httpx.HTTPTransport):
    """httpx's transport over `GuardedBackend`; no proxy from the environment (a proxy would make the
    connection, and its address, not ours to check)."""

    def __init__(self, allow_private: bool = False) -> None:
        super().__init__(trust_env=False)
        # HTTPTransport takes no network backend, so its pool is rebuilt with ours, as it builds it.
        self._pool = httpcore.ConnectionPool(ssl_context=httpx.create_ssl_context(trust_env=False),
                                             network_backend=GuardedBackend(allow_private))

