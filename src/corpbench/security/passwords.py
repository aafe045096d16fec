"""Passwords are hashed with argon2id (argon2-cffi's defaults), never stored or logged."""

from __future__ import annotations

from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

#: The shortest password accepted for a user.
MIN_PASSWORD_LENGTH = 12

_HASHER = PasswordHasher()


@cache
def dummy_hash() -> str:
    """A hash of a password nobody has, verified when the e-mail is unknown so that a sign-in
    takes as long whether or not the account exists. Made on first use (about 0.1 s, which every
    command line run would otherwise pay on import); the web app makes it at start-up, so that
    the first sign-in with an unknown e-mail takes no longer than the others."""
    return _HASHER.hash("corpbench: no such user")


def check_password_policy(password: str) -> str | None:
    """Why ``password`` is not acceptable, or None when it is."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"a password needs at least {MIN_PASSWORD_LENGTH} characters"
    if password.strip() != password:
        return "a password must not start or end with a space"
    return None


def hash_password(password: str) -> str:
    """The argon2id hash of ``password``."""
    return _HASHER.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """Whether ``password`` matches ``password_hash`` (False for None, after the same work)."""
    try:
        return _HASHER.verify(password_hash or dummy_hash(), password) and password_hash is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False
