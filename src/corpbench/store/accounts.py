"""Users, API tokens, browser sessions and sign-in throttling, in the store.

Secrets (passwords, tokens, session cookies) are never stored: passwords as argon2 hashes,
tokens and session cookies as SHA-256 digests. Revoked tokens and ended sessions are kept.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import Connection, Engine, func, insert, select, update
from sqlalchemy.engine import RowMapping
from sqlalchemy.exc import IntegrityError

from corpbench.access import Principal, Role, role_problem
from corpbench.security.passwords import check_password_policy, hash_password, verify_password
from corpbench.security.tokens import TOKEN_PREFIX, digest, new_api_token, new_secret
from corpbench.store import queries
from corpbench.store.models import API_TOKENS, SIGNIN_FAILURES, USERS, WEB_SESSIONS
from corpbench.store.records import StoreError

#: How long a browser session lasts without signing in again.
SESSION_LIFETIME = timedelta(hours=8)
#: Failed sign-ins to one account from one client within :data:`THROTTLE_WINDOW` before that
#: client's sign-ins to that account are refused. Failures from other clients never count, so
#: no one can lock an account (the national one included) for its owner from outside.
THROTTLE_FAILURES = 5
#: Failed sign-ins from one client, to any accounts, within the window before that client's
#: sign-ins are refused (guessing across many accounts).
THROTTLE_CLIENT_FAILURES = 50
THROTTLE_WINDOW = timedelta(minutes=15)


@dataclass(frozen=True)
class UserInfo:
    """A user as the app shows it (never its password hash)."""

    id: int
    email: str
    role: Role
    org_code: str | None
    footprint: str | None
    active: bool
    created_at: datetime
    created_by: str

    @property
    def principal(self) -> Principal:
        return Principal(self.id, self.email, self.role, self.org_code, self.footprint)


@dataclass(frozen=True)
class TokenInfo:
    """An API token without its secret: ``prefix`` is enough to recognise it."""

    id: int
    user_email: str
    name: str
    prefix: str
    created_at: datetime
    revoked_at: datetime | None


@dataclass(frozen=True)
class SessionInfo:
    """A live browser session: who, and the CSRF token its forms carry."""

    user: UserInfo
    csrf_token: str
    expires_at: datetime


def normalise_email(email: str) -> str:
    """The address as stored: trimmed and lower-cased; ``StoreError`` when not an address."""
    clean = email.strip().lower()
    local, at, domain = clean.partition("@")
    if not at or not local or "." not in domain or any(c.isspace() for c in clean):
        raise StoreError(f"not an e-mail address: {email!r}")
    return clean


def _user(row: RowMapping) -> UserInfo:
    return UserInfo(
        id=row["id"],
        email=row["email"],
        role=row["role"],
        org_code=row["org_code"],
        footprint=row["footprint"],
        active=bool(row["active"]),
        created_at=row["created_at"],
        created_by=row["created_by"],
    )


class Accounts:
    """The users of a store (``Store.accounts``)."""

    def __init__(self, engine: Engine, reader: Engine | None = None) -> None:
        self.engine = engine
        #: the engine of one-statement lookups (see ``Store.reader``)
        self.reader = reader or engine

    # -- users -----------------------------------------------------------------------------

    def add_user(
        self,
        email: str,
        role: str,
        *,
        password: str | None,
        org_code: str | None = None,
        footprint: str | None = None,
        by: str,
        at: datetime | None = None,
    ) -> UserInfo:
        """Add a user; ``StoreError`` for a bad role or scope, an organisation not in the
        register, a weak password or an address already in use."""
        address = normalise_email(email)
        if password is not None:
            problem = check_password_policy(password)
            if problem:
                raise StoreError(problem)
        self._check_scope(role, org_code, footprint)
        values = {
            "email": address,
            "password_hash": None if password is None else hash_password(password),
            "role": role,
            "org_code": org_code,
            "footprint": footprint,
            "active": True,
            "created_at": at or datetime.now(UTC),
            "created_by": by,
        }
        try:
            with self.engine.begin() as conn:
                conn.execute(insert(USERS).values(**values))
        except IntegrityError as exc:
            raise StoreError(f"a user {address} already exists") from exc
        found = self.user(address)
        assert found is not None
        return found

    def user(self, email: str) -> UserInfo | None:
        """The user with this address, or None."""
        with self.engine.connect() as conn:
            row = (
                conn.execute(select(USERS).where(USERS.c.email == email.strip().lower()))
                .mappings()
                .first()
            )
        return None if row is None else _user(row)

    def users(self) -> list[UserInfo]:
        """Every user, by address."""
        with self.engine.connect() as conn:
            rows = conn.execute(select(USERS).order_by(USERS.c.email)).mappings().all()
        return [_user(r) for r in rows]

    def set_active(self, email: str, active: bool, now: datetime | None = None) -> UserInfo:
        """Enable or disable a user. Disabling ends the user's sessions and revokes its API
        tokens for good: enabled again, the user signs in anew and needs new tokens."""
        moment = now or datetime.now(UTC)
        with self.engine.begin() as conn:
            user_id = conn.execute(
                select(USERS.c.id).where(USERS.c.email == email.strip().lower())
            ).scalar()
            if user_id is None:
                raise StoreError(f"no user {email}")
            conn.execute(update(USERS).where(USERS.c.id == user_id).values(active=active))
            if not active:
                _end_sessions(conn, user_id, moment)
                conn.execute(
                    update(API_TOKENS)
                    .where(API_TOKENS.c.user_id == user_id, API_TOKENS.c.revoked_at.is_(None))
                    .values(revoked_at=moment)
                )
        found = self.user(email)
        assert found is not None
        return found

    def set_password(self, email: str, password: str, now: datetime | None = None) -> None:
        """Give a user a new password (the policy applies); every session of the user ends
        (its API tokens stay until revoked)."""
        problem = check_password_policy(password)
        if problem:
            raise StoreError(problem)
        with self.engine.begin() as conn:
            user_id = conn.execute(
                select(USERS.c.id).where(USERS.c.email == email.strip().lower())
            ).scalar()
            if user_id is None:
                raise StoreError(f"no user {email}")
            conn.execute(
                update(USERS)
                .where(USERS.c.id == user_id)
                .values(password_hash=hash_password(password))
            )
            _end_sessions(conn, user_id, now or datetime.now(UTC))

    def set_scope(
        self, email: str, role: str, *, org_code: str | None, footprint: str | None
    ) -> UserInfo:
        """Give a user another role and scope (checked as :meth:`add_user` checks them)."""
        self._check_scope(role, org_code, footprint)
        with self.engine.begin() as conn:
            done = conn.execute(
                update(USERS)
                .where(USERS.c.email == email.strip().lower())
                .values(role=role, org_code=org_code, footprint=footprint)
            )
            if done.rowcount != 1:
                raise StoreError(f"no user {email}")
        found = self.user(email)
        assert found is not None
        return found

    def _check_scope(self, role: str, org_code: str | None, footprint: str | None) -> None:
        """``StoreError`` for a bad role or scope, or an organisation not in the register."""
        problem = role_problem(role, org_code, footprint)
        if problem:
            raise StoreError(problem)
        if org_code is not None:
            with self.engine.connect() as conn:
                if org_code not in queries.known_org_codes(conn):
                    raise StoreError(
                        f"organisation {org_code} is not in the register; load its register "
                        "entry first"
                    )

    # -- sign-in ---------------------------------------------------------------------------

    def recent_failures(self, email: str | None, client: str, now: datetime | None = None) -> int:
        """Failed sign-ins from ``client`` within the throttling window: to the account
        ``email``, or to any account when ``email`` is None."""
        since = (now or datetime.now(UTC)) - THROTTLE_WINDOW
        where = [SIGNIN_FAILURES.c.client == client, SIGNIN_FAILURES.c.at > since]
        if email is not None:
            where.append(SIGNIN_FAILURES.c.email == email.strip().lower()[:320])
        with self.engine.connect() as conn:
            return int(conn.execute(select(func.count()).where(*where)).scalar_one())

    def throttled(self, email: str, client: str, now: datetime | None = None) -> bool:
        """Whether sign-in to ``email`` from ``client`` is refused for now: after
        :data:`THROTTLE_FAILURES` failures to that account from that client, or
        :data:`THROTTLE_CLIENT_FAILURES` to any accounts from it, within the window."""
        return (
            self.recent_failures(email, client, now) >= THROTTLE_FAILURES
            or self.recent_failures(None, client, now) >= THROTTLE_CLIENT_FAILURES
        )

    def authenticate(
        self, email: str, password: str, *, client: str, now: datetime | None = None
    ) -> UserInfo | None:
        """The active user with this address and password, or None (the failure is counted)."""
        address = email.strip().lower()
        user = self.user(address)
        with self.engine.connect() as conn:
            stored = conn.execute(
                select(USERS.c.password_hash).where(USERS.c.email == address)
            ).scalar()
        ok = verify_password(stored, password)
        if ok and user is not None and user.active:
            return user
        with self.engine.begin() as conn:
            conn.execute(
                insert(SIGNIN_FAILURES).values(
                    email=address[:320], at=now or datetime.now(UTC), client=client
                )
            )
        return None

    # -- sessions --------------------------------------------------------------------------

    def start_session(self, user: UserInfo, now: datetime | None = None) -> tuple[str, str]:
        """A new session for ``user``: (the cookie secret, the session's CSRF token)."""
        secret, csrf = new_secret(), new_secret()
        start = now or datetime.now(UTC)
        with self.engine.begin() as conn:
            conn.execute(
                insert(WEB_SESSIONS).values(
                    id=digest(secret),
                    user_id=user.id,
                    csrf_token=csrf,
                    created_at=start,
                    expires_at=start + SESSION_LIFETIME,
                    ended_at=None,
                )
            )
        return secret, csrf

    def session(self, secret: str, now: datetime | None = None) -> SessionInfo | None:
        """The live session whose cookie holds ``secret`` (its user active), or None."""
        moment = now or datetime.now(UTC)
        stmt = (
            select(USERS, WEB_SESSIONS.c.csrf_token, WEB_SESSIONS.c.expires_at)
            .join(WEB_SESSIONS, WEB_SESSIONS.c.user_id == USERS.c.id)
            .where(
                WEB_SESSIONS.c.id == digest(secret),
                WEB_SESSIONS.c.ended_at.is_(None),
                WEB_SESSIONS.c.expires_at > moment,
                USERS.c.active.is_(True),
            )
        )
        with self.reader.connect() as conn:
            row = conn.execute(stmt).mappings().first()
        if row is None:
            return None
        return SessionInfo(_user(row), row["csrf_token"], row["expires_at"])

    def end_session(self, secret: str, now: datetime | None = None) -> None:
        """Sign out: the session stops working (its row is kept)."""
        with self.engine.begin() as conn:
            conn.execute(
                update(WEB_SESSIONS)
                .where(WEB_SESSIONS.c.id == digest(secret), WEB_SESSIONS.c.ended_at.is_(None))
                .values(ended_at=now or datetime.now(UTC))
            )

    # -- API tokens ------------------------------------------------------------------------

    def create_token(self, email: str, name: str = "", now: datetime | None = None) -> str:
        """A new API token for the user (the secret is returned once and never stored)."""
        user = self.user(email)
        if user is None:
            raise StoreError(f"no user {email}")
        token = new_api_token()
        with self.engine.begin() as conn:
            conn.execute(
                insert(API_TOKENS).values(
                    user_id=user.id,
                    token_hash=digest(token),
                    prefix=token[: len(TOKEN_PREFIX) + 6],
                    name=name,
                    created_at=now or datetime.now(UTC),
                    revoked_at=None,
                )
            )
        return token

    def token_user(self, token: str) -> UserInfo | None:
        """The active user of a live (not revoked) API token, or None."""
        stmt = (
            select(USERS)
            .join(API_TOKENS, API_TOKENS.c.user_id == USERS.c.id)
            .where(
                API_TOKENS.c.token_hash == digest(token),
                API_TOKENS.c.revoked_at.is_(None),
                USERS.c.active.is_(True),
            )
        )
        with self.reader.connect() as conn:
            row = conn.execute(stmt).mappings().first()
        return None if row is None else _user(row)

    def tokens(self, email: str | None = None) -> list[TokenInfo]:
        """API tokens (of one user when given), oldest first."""
        stmt = select(API_TOKENS, USERS.c.email).join(USERS, USERS.c.id == API_TOKENS.c.user_id)
        if email is not None:
            stmt = stmt.where(USERS.c.email == email.strip().lower())
        with self.engine.connect() as conn:
            rows = conn.execute(stmt.order_by(API_TOKENS.c.id)).mappings().all()
        return [
            TokenInfo(r["id"], r["email"], r["name"], r["prefix"], r["created_at"], r["revoked_at"])
            for r in rows
        ]

    def revoke_token(self, token_or_id: str, now: datetime | None = None) -> TokenInfo:
        """Revoke the token given whole or by its id (as listed by :meth:`tokens`); the
        token as revoked. ``StoreError`` when there is no such live token."""
        ident = token_or_id.strip()
        cond = (
            API_TOKENS.c.id == int(ident)
            if ident.isdigit()
            else API_TOKENS.c.token_hash == digest(ident)
        )
        with self.engine.begin() as conn:
            token_id = conn.execute(
                select(API_TOKENS.c.id).where(cond, API_TOKENS.c.revoked_at.is_(None))
            ).scalar()
            if token_id is None:
                raise StoreError("no such live API token")
            conn.execute(
                update(API_TOKENS)
                .where(API_TOKENS.c.id == token_id)
                .values(revoked_at=now or datetime.now(UTC))
            )
        return next(t for t in self.tokens() if t.id == token_id)


def _end_sessions(conn: Connection, user_id: int, moment: datetime) -> None:
    """End every live session of the user (the rows are kept)."""
    conn.execute(
        update(WEB_SESSIONS)
        .where(WEB_SESSIONS.c.user_id == user_id, WEB_SESSIONS.c.ended_at.is_(None))
        .values(ended_at=moment)
    )
