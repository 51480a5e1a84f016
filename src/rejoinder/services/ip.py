"""Client addresses, minimised before anything is stored (IPv4 to its /24, IPv6 to its /48).

The full address lives only for the length of a request: the spam check and the rate limiter see
it, storage never does. Minimising here, in one function, keeps the privacy notice honest.
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache

IPV4_PREFIX = 24
IPV6_PREFIX = 48


@lru_cache(maxsize=4096)  # every post minimises its address twice, and addresses repeat
def minimise_ip(raw: str) -> str:
    """``203.0.113.57`` -> ``203.0.113.0``; ``2001:db8:1:2::5`` -> ``2001:db8:1::``; junk -> ``""``."""
    try:
        address = ipaddress.ip_address(raw.strip())
    except ValueError:
        return ""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    prefix = IPV4_PREFIX if address.version == 4 else IPV6_PREFIX
    return str(ipaddress.ip_network(f"{address}/{prefix}", strict=False).network_address)


def in_network(raw: str, network: str) -> bool:
    """Whether the address ``raw`` lies in the CIDR ``network``; malformed input never matches."""
    try:
        return ipaddress.ip_address(raw.strip()) in ipaddress.ip_network(network.strip(), strict=False)
    except ValueError:
        return False
