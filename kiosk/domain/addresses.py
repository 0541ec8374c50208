"""Whether a typed network address can name a machine: an IP address or a host name (no scheme, no path)."""

from __future__ import annotations

import ipaddress
import re

_LABEL = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?")
MAX_HOST_LENGTH = 253


def is_host(text: str) -> bool:
    """An IPv4/IPv6 address or an RFC 1123 host name ("192.168.1.50", "printer.local"); never "http://...",
    "-x", Thai digits or 300 characters: such a host can never be reached, so it must not be saved."""
    if not text or len(text) > MAX_HOST_LENGTH or not text.isascii():
        return False
    try:
        ipaddress.ip_address(text.strip("[]") if text.startswith("[") and text.endswith("]") else text)
        return True
    except ValueError:
        pass
    labels = text.removesuffix(".").split(".")
    if all(label.isdigit() for label in labels):  # "300.1.2.3", "127.1": numbers that are no IPv4 address
        return False
    return all(_LABEL.fullmatch(label) for label in labels)


def split_host_port(text: str) -> tuple[str, str | None]:
    """ "host:port" typed into one field, split ("192.168.1.50:9100" -> ("192.168.1.50", "9100")); an IPv6
    address keeps its colons unless bracketed ("[fe80::1]:9100")."""
    text = text.strip()
    if text.startswith("[") and "]:" in text:
        host, _, port = text[1:].partition("]:")
        return host, port
    if text.count(":") == 1:
        host, _, port = text.partition(":")
        return host, port
    return text.strip("[]") if text.startswith("[") else text, None


__all__ = ["MAX_HOST_LENGTH", "is_host", "split_host_port"]
