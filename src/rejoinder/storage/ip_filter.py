"""The dashboard's IP filter: a CIDR network or a textual prefix, matched against stored IPs.

Stored IPs are already minimised by the service (IPv4 to /24, IPv6 to /48), as text. An IPv4
network becomes SQL ``LIKE`` prefixes on whole octets: a /24 is one prefix (``203.0.113.``), a
/20 is the sixteen /24 prefixes it covers, so matching is exact and paging stays in SQL. Networks
shorter than /1-/8 boundaries expand the same way (at most 128 prefixes). IPv6 text has many
spellings, so an IPv6 network is matched in Python over the distinct stored IPv6 addresses and
becomes an ``IN`` list. Limitation: a network narrower than the stored truncation (say a /28)
only matches if the truncated address itself falls inside it.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, false, or_

from rejoinder.errors import ValidationError
from rejoinder.storage.text_match import starts_with

_PREFIX = re.compile(r"^[0-9a-fA-F.:]+$")


@dataclass(frozen=True, slots=True)
class IpFilter:
    """Either an SQL clause builder (IPv4 and prefixes) or an IPv6 network to match in Python."""

    prefixes: tuple[str, ...] = ()  # LIKE prefixes; an entry without a trailing "." is exact
    v6_network: ipaddress.IPv6Network | None = None

    def clause(self, column: Any) -> ColumnElement[bool]:
        parts = [starts_with(column, p) if p.endswith((".", ":")) else column == p for p in self.prefixes]
        return or_(*parts) if parts else false()

    def matching_v6(self, stored: Iterable[str]) -> list[str]:
        assert self.v6_network is not None
        found = []
        for text in stored:
            try:
                if ipaddress.ip_address(text) in self.v6_network:
                    found.append(text)
            except ValueError:
                continue
        return found


def parse_ip_filter(value: str) -> IpFilter:
    value = value.strip()
    if "/" in value:
        try:
            network = ipaddress.ip_network(value, strict=False)
        except ValueError as exc:
            raise ValidationError(
                f"{value!r} is not a network: write a CIDR such as 203.0.113.0/24", field="ip_network"
            ) from exc
        if isinstance(network, ipaddress.IPv6Network):
            return IpFilter(v6_network=network)
        return IpFilter(prefixes=_ipv4_prefixes(network))
    if not _PREFIX.match(value):
        raise ValidationError(
            f"{value!r} is not an IP prefix: write a CIDR such as 203.0.113.0/24 "
            "or a prefix such as 203.0.113.",
            field="ip_network",
        )
    return IpFilter(prefixes=(value,) if value.endswith((".", ":")) else (value, value + "."))


def _ipv4_prefixes(network: ipaddress.IPv4Network) -> tuple[str, ...]:
    octets = -(-network.prefixlen // 8)  # whole octets that the network fixes, rounded up
    if octets == 0:
        return tuple(f"{first}." for first in range(256)) if network.prefixlen == 0 else ()
    if octets == 4:
        return tuple(str(a) for a in network)
    subnets = network.subnets(new_prefix=octets * 8)
    return tuple(".".join(str(sub.network_address).split(".")[:octets]) + "." for sub in subnets)
