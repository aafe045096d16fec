"""Addresses of pages named by data (a footprint's name is free text): every character but
letters, digits and ``_.-~`` percent-encoded, "/" included, so any name makes one path."""

from __future__ import annotations

from urllib.parse import quote


def footprint_path(name: str) -> str:
    """The address of footprint ``name``'s page."""
    return "/footprints/" + quote(name, safe="")
