"""Random secrets for API tokens, session cookies and CSRF tokens. Only their SHA-256 digests
are stored, so a copy of the database gives no usable token."""

from __future__ import annotations

import hashlib
import hmac
import secrets

#: Every API token starts with this, so leaked tokens are easy to recognise.
TOKEN_PREFIX = "cbt_"  # noqa: S105 - a marker, not a secret


def new_secret() -> str:
    """A fresh URL-safe secret of 256 bits."""
    return secrets.token_urlsafe(32)


def new_api_token() -> str:
    """A fresh API token (``cbt_`` and 256 random bits)."""
    return TOKEN_PREFIX + new_secret()


def digest(secret: str) -> str:
    """The hex SHA-256 of ``secret`` (what the store keeps)."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def same(a: str, b: str) -> bool:
    """Constant-time comparison of two secrets."""
    return hmac.compare_digest(a.encode("utf-8"), b.encode("utf-8"))
