"""Password hashing: the dummy hash behind unknown e-mails is made once, at the app's start-up,
never on import (which every command line run would pay)."""

from __future__ import annotations

import subprocess
import sys

from corpbench.security.passwords import dummy_hash, hash_password, verify_password
from web.conftest import Web


def test_importing_the_module_makes_no_hash() -> None:
    code = (
        "from corpbench.security.passwords import dummy_hash\n"
        "assert dummy_hash.cache_info().currsize == 0, dummy_hash.cache_info()\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_the_app_makes_the_dummy_hash_at_start_up(web: Web) -> None:
    dummy_hash.cache_clear()
    web.client()
    assert dummy_hash.cache_info().currsize == 1
    assert dummy_hash().startswith("$argon2id$")


def test_no_account_never_verifies_even_with_the_dummy_password() -> None:
    assert not verify_password(None, "corpbench: no such user")
    assert verify_password(dummy_hash(), "corpbench: no such user")
    real = hash_password("a long enough password")
    assert verify_password(real, "a long enough password")
    assert not verify_password(real, "another long password")
