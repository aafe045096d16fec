"""The tables of the store (SQLAlchemy 2 typed declarative models).

Nothing in these tables is ever updated or deleted. A load adds one ``loads`` row; a changed
register entry adds an ``org_versions`` row; a changed return adds a ``return_versions`` row, and
the lines of all the return versions a load adds go into that load's ``line_segments``.
"Current" means the highest version.

The schema is created by the Alembic migrations in ``corpbench/store/migrations``; these models
must match them (a test compares the two).
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    Double,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

#: Constraint names that are the same on every database (and so in every migration).
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[datetime]):
    """A point in time stored as UTC and always read back as a timezone-aware UTC datetime."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("timestamps must be timezone-aware")
        utc = value.astimezone(UTC)
        return utc.replace(tzinfo=None) if dialect.name == "sqlite" else utc

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Load(Base):
    """One load of a bundle: who, when (UTC), from which file and that file's SHA-256."""

    __tablename__ = "loads"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    loaded_at: Mapped[datetime] = mapped_column(UTCDateTime())
    loaded_by: Mapped[str] = mapped_column(Text)
    source: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64))


class Organisation(Base):
    """An organisation code known to the register (its details live in ``org_versions``)."""

    __tablename__ = "organisations"

    org_code: Mapped[str] = mapped_column(String(10), primary_key=True)
    first_load_id: Mapped[int] = mapped_column(ForeignKey("loads.id"))


class OrgVersion(Base):
    """One version of an organisation's register entry."""

    __tablename__ = "org_versions"
    __table_args__ = (UniqueConstraint("org_code", "version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    org_code: Mapped[str] = mapped_column(ForeignKey("organisations.org_code"))
    version: Mapped[int] = mapped_column(Integer)
    load_id: Mapped[int] = mapped_column(ForeignKey("loads.id"), index=True)
    content_hash: Mapped[str] = mapped_column(String(64))
    org_name: Mapped[str] = mapped_column(Text)
    org_type: Mapped[str] = mapped_column(Text)
    region: Mapped[str] = mapped_column(Text)
    footprint: Mapped[str | None] = mapped_column(Text)
    teaching: Mapped[bool | None] = mapped_column(Boolean(create_constraint=False))


class ReturnVersion(Base):
    """One version of an organisation's return for a year: its finance row (here) and the row
    counts of its cost lines and indicators (which live in the load's ``line_segments``)."""

    __tablename__ = "return_versions"
    __table_args__ = (UniqueConstraint("org_code", "year", "version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    org_code: Mapped[str] = mapped_column(ForeignKey("organisations.org_code"))
    year: Mapped[str] = mapped_column(String(7))
    version: Mapped[int] = mapped_column(Integer)
    load_id: Mapped[int] = mapped_column(ForeignKey("loads.id"), index=True)
    content_hash: Mapped[str] = mapped_column(String(64))
    n_cost_lines: Mapped[int] = mapped_column(Integer)
    n_indicators: Mapped[int] = mapped_column(Integer)
    turnover: Mapped[float] = mapped_column(Double)
    total_pay: Mapped[float] = mapped_column(Double)
    total_fte: Mapped[float] = mapped_column(Double)
    running_costs: Mapped[float | None] = mapped_column(Double)
    non_pay: Mapped[float | None] = mapped_column(Double)
    employees: Mapped[float | None] = mapped_column(Double)


class LineSegment(Base):
    """An immutable block of lines (``kind`` ``function_costs`` or ``indicators``) of the return
    versions one load added: a Parquet file (zstd) in ``data``, with a ``return_version_id`` and
    ``seq`` (position within its return) column besides the line's values. ``n_rows`` counts its
    lines, ``sha256`` is the digest of ``data``, and the return version ids it holds lie between
    ``first_return_version_id`` and ``last_return_version_id`` (see ``corpbench.store.segments``).
    """

    __tablename__ = "line_segments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    load_id: Mapped[int] = mapped_column(ForeignKey("loads.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    n_rows: Mapped[int] = mapped_column(Integer)
    first_return_version_id: Mapped[int] = mapped_column(Integer)
    last_return_version_id: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    data: Mapped[bytes] = mapped_column(LargeBinary)


class PeerList(Base):
    """One version of a named custom peer group."""

    __tablename__ = "peer_lists"
    __table_args__ = (UniqueConstraint("name", "version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(Text)
    version: Mapped[int] = mapped_column(Integer)
    saved_at: Mapped[datetime] = mapped_column(UTCDateTime())
    saved_by: Mapped[str] = mapped_column(Text)


class PeerListMember(Base):
    """An organisation of a peer list version, ``seq`` its position in the list."""

    __tablename__ = "peer_list_members"

    peer_list_id: Mapped[int] = mapped_column(ForeignKey("peer_lists.id"), primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    org_code: Mapped[str] = mapped_column(ForeignKey("organisations.org_code"))


class User(Base):
    """A person who signs in to the web app. ``role`` is ``national``, ``footprint`` or
    ``organisation``; an organisation user has ``org_code``, a footprint user ``footprint``.
    ``password_hash`` is an argon2 hash (None: no password sign-in, tokens only)."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    email: Mapped[str] = mapped_column(String(320), unique=True)
    password_hash: Mapped[str | None] = mapped_column(Text)
    role: Mapped[str] = mapped_column(String(20))
    org_code: Mapped[str | None] = mapped_column(String(10))
    footprint: Mapped[str | None] = mapped_column(Text)
    active: Mapped[bool] = mapped_column(Boolean(create_constraint=False))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    created_by: Mapped[str] = mapped_column(Text)


class ApiToken(Base):
    """An API token of a user: only the SHA-256 of the secret is kept; revoked tokens stay."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class WebSession(Base):
    """A signed-in browser session: the cookie holds a random secret whose SHA-256 is ``id``;
    ``csrf_token`` is the token every form of the session must carry."""

    __tablename__ = "web_sessions"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    csrf_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class SignInFailure(Base):
    """A failed sign-in (for throttling repeated failures per e-mail address)."""

    __tablename__ = "signin_failures"
    #: the throttle counts a client's recent failures (``Accounts.failures``)
    __table_args__ = (Index("ix_signin_failures_client", "client", "at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    email: Mapped[str] = mapped_column(String(320), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    client: Mapped[str] = mapped_column(Text)


class AuditEvent(Base):
    """One audited action: sign-ins, uploads, review decisions, publications, exports and user
    changes. Never updated or deleted."""

    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    actor: Mapped[str] = mapped_column(Text)
    action: Mapped[str] = mapped_column(String(40))
    target: Mapped[str] = mapped_column(Text)
    detail: Mapped[str] = mapped_column(Text)
    client: Mapped[str] = mapped_column(Text)


class ReturnReview(Base):
    """A review decision on one version of an (org, year) return: ``submitted``, ``queried``
    (with a comment the organisation sees) or ``accepted``. The latest decision on the current
    version is the return's status; a version with no decision is ``submitted``."""

    __tablename__ = "return_reviews"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    org_code: Mapped[str] = mapped_column(ForeignKey("organisations.org_code"), index=True)
    year: Mapped[str] = mapped_column(String(7))
    version: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(20))
    comment: Mapped[str] = mapped_column(Text)
    decided_at: Mapped[datetime] = mapped_column(UTCDateTime())
    decided_by: Mapped[str] = mapped_column(Text)


class Publication(Base):
    """A publication of the round's figures: everything stored up to and including load
    ``load_id`` (0: before any load). Organisations see the newest publication's figures."""

    __tablename__ = "publications"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    load_id: Mapped[int] = mapped_column(Integer)
    peer_list_id: Mapped[int] = mapped_column(Integer)
    published_at: Mapped[datetime] = mapped_column(UTCDateTime())
    published_by: Mapped[str] = mapped_column(Text)
    note: Mapped[str] = mapped_column(Text)
    #: ``all`` (every current return stored) or ``accepted`` (those whose latest review
    #: decision is accepted); the returns it covered are its ``publication_returns``
    scope: Mapped[str] = mapped_column(String(20), server_default="all")


class PublicationReturn(Base):
    """A return version a publication covered: its figures are computed from these returns
    (and the register as of its load) and nothing else, for ever."""

    __tablename__ = "publication_returns"

    publication_id: Mapped[int] = mapped_column(ForeignKey("publications.id"), primary_key=True)
    return_version_id: Mapped[int] = mapped_column(
        ForeignKey("return_versions.id"), primary_key=True, autoincrement=False
    )
    org_code: Mapped[str] = mapped_column(String(10))
    year: Mapped[str] = mapped_column(String(7))
    version: Mapped[int] = mapped_column(Integer)


class RoundVersion(Base):
    """One version of a round definition: its TOML text as given (read by
    ``corpbench.standard.rounds``), its years (comma-separated, for finding a year's round),
    the text's SHA-256, who added it and when."""

    __tablename__ = "round_versions"
    __table_args__ = (UniqueConstraint("name", "version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(100))
    version: Mapped[int] = mapped_column(Integer)
    years: Mapped[str] = mapped_column(Text)
    definition: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64))
    added_at: Mapped[datetime] = mapped_column(UTCDateTime())
    added_by: Mapped[str] = mapped_column(Text)


class MyPeerList(Base):
    """One version of a "My peers" list: a named peer list owned by an organisation
    (``owner_kind`` ``organisation``, ``owner`` its code) or a footprint (``footprint``, its
    name), seen only by its owner's users. ``retired``: the owner deleted it (the version keeps
    the members it had)."""

    __tablename__ = "my_peer_lists"
    __table_args__ = (UniqueConstraint("owner_kind", "owner", "name", "version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    owner_kind: Mapped[str] = mapped_column(String(20))
    owner: Mapped[str] = mapped_column(Text)
    name: Mapped[str] = mapped_column(Text)
    version: Mapped[int] = mapped_column(Integer)
    retired: Mapped[bool] = mapped_column(Boolean(create_constraint=False))
    saved_at: Mapped[datetime] = mapped_column(UTCDateTime())
    saved_by: Mapped[str] = mapped_column(Text)


class MyPeerListMember(Base):
    """A peer organisation of a "My peers" list version, ``seq`` its position in the list."""

    __tablename__ = "my_peer_list_members"

    my_peer_list_id: Mapped[int] = mapped_column(ForeignKey("my_peer_lists.id"), primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    org_code: Mapped[str] = mapped_column(ForeignKey("organisations.org_code"))


class ReturnQuery(Base):
    """A query on an (org, year) return: what was asked about (optionally one anomaly warning:
    its issue code and its sentence as shown when asked) and the version it was asked on. Its
    messages are ``query_messages``; it is open until a ``close`` message is added."""

    __tablename__ = "return_queries"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    org_code: Mapped[str] = mapped_column(ForeignKey("organisations.org_code"), index=True)
    year: Mapped[str] = mapped_column(String(7))
    version: Mapped[int] = mapped_column(Integer)
    warning_code: Mapped[str | None] = mapped_column(String(40))
    warning_text: Mapped[str | None] = mapped_column(Text)
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime())
    opened_by: Mapped[str] = mapped_column(Text)


class QueryMessage(Base):
    """One message of a query's thread: the ``question``, a ``reply`` or the ``close`` (with
    its outcome), with the return version current when it was written, who (and their role)
    and when. Never updated or deleted."""

    __tablename__ = "query_messages"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    query_id: Mapped[int] = mapped_column(ForeignKey("return_queries.id"), index=True)
    kind: Mapped[str] = mapped_column(String(10))
    text: Mapped[str] = mapped_column(Text)
    outcome: Mapped[str] = mapped_column(String(20))
    return_version: Mapped[int] = mapped_column(Integer)
    written_at: Mapped[datetime] = mapped_column(UTCDateTime())
    written_by: Mapped[str] = mapped_column(Text)
    role: Mapped[str] = mapped_column(String(20))


class ReturnNote(Base):
    """One version of note ``number`` on an (org, year) return ("commissioning costs
    excluded"): its text, whether it is withdrawn, the return version current when written,
    who and when. A changed note is a new version; the latest version is the note."""

    __tablename__ = "return_notes"
    __table_args__ = (UniqueConstraint("org_code", "year", "number", "version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    org_code: Mapped[str] = mapped_column(ForeignKey("organisations.org_code"), index=True)
    year: Mapped[str] = mapped_column(String(7))
    number: Mapped[int] = mapped_column(Integer)
    version: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    withdrawn: Mapped[bool] = mapped_column(Boolean(create_constraint=False))
    return_version: Mapped[int] = mapped_column(Integer)
    written_at: Mapped[datetime] = mapped_column(UTCDateTime())
    written_by: Mapped[str] = mapped_column(Text)


class PlanCase(Base):
    """A shared-service business case of the planning workbench (docs/planning.md): its
    number and who started it when; what it says is in its versions."""

    __tablename__ = "plan_cases"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    created_by: Mapped[str] = mapped_column(Text)


class PlanCaseVersion(Base):
    """One version of a case: its name, the footprint it plans for (none for a named list),
    its partners (the document's partner codes, space-separated, in order), the year of its
    baseline, its document as the user wrote it (``text`` in ``format`` toml or json), whether
    it is retired (deleted: the version keeps the last text), who saved it and when."""

    __tablename__ = "plan_case_versions"
    __table_args__ = (UniqueConstraint("case_id", "version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("plan_cases.id"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(Text)
    footprint: Mapped[str | None] = mapped_column(Text)
    partners: Mapped[str] = mapped_column(Text)
    year: Mapped[str] = mapped_column(String(7))
    format: Mapped[str] = mapped_column(String(4))
    text: Mapped[str] = mapped_column(Text)
    retired: Mapped[bool] = mapped_column(Boolean(create_constraint=False))
    saved_at: Mapped[datetime] = mapped_column(UTCDateTime())
    saved_by: Mapped[str] = mapped_column(Text)


class Programme(Base):
    """A shared-service programme (docs/programme.md): its name, the footprint it serves (none
    for a named list of organisations through its case), the round year of its baseline, the
    business case it carries out (``plan_cases``), who started it when, and when it was
    retired (none while in use)."""

    __tablename__ = "programmes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(Text)
    footprint: Mapped[str | None] = mapped_column(Text)
    year: Mapped[str | None] = mapped_column(String(7))
    case_id: Mapped[int | None] = mapped_column(ForeignKey("plan_cases.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    created_by: Mapped[str] = mapped_column(Text)
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class ProgrammeVersion(Base):
    """One version of a programme's name and standing: version 1 when it is started, a new one
    at each rename, a retired one when it is retired (``programmes`` itself is never updated:
    its ``name`` is the first name, its ``retired_at`` unused since migration 0011)."""

    __tablename__ = "programme_versions"
    __table_args__ = (UniqueConstraint("programme_id", "version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    programme_id: Mapped[int] = mapped_column(ForeignKey("programmes.id"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(Text)
    retired: Mapped[bool] = mapped_column(Boolean(create_constraint=False))
    saved_at: Mapped[datetime] = mapped_column(UTCDateTime())
    saved_by: Mapped[str] = mapped_column(Text)


class ReadinessAnswer(Base):
    """One version of a programme's answer to a readiness question (``programme.readiness``
    codes): the answer, its owner, the date it was given, its RAG status, who saved it when."""

    __tablename__ = "readiness_answers"
    __table_args__ = (UniqueConstraint("programme_id", "question", "version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    programme_id: Mapped[int] = mapped_column(ForeignKey("programmes.id"), index=True)
    question: Mapped[str] = mapped_column(String(40))
    version: Mapped[int] = mapped_column(Integer)
    answer: Mapped[str] = mapped_column(Text)
    owner: Mapped[str] = mapped_column(Text)
    answered_on: Mapped[date | None] = mapped_column(Date)
    rag: Mapped[str] = mapped_column(String(5))
    saved_at: Mapped[datetime] = mapped_column(UTCDateTime())
    saved_by: Mapped[str] = mapped_column(Text)


class MustHaveStatus(Base):
    """One version of whether a programme meets a must-have (``programme.readiness`` codes),
    with its evidence, who saved it when."""

    __tablename__ = "must_have_statuses"
    __table_args__ = (UniqueConstraint("programme_id", "must_have", "version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    programme_id: Mapped[int] = mapped_column(ForeignKey("programmes.id"), index=True)
    must_have: Mapped[str] = mapped_column(String(40))
    version: Mapped[int] = mapped_column(Integer)
    met: Mapped[bool] = mapped_column(Boolean(create_constraint=False))
    evidence: Mapped[str] = mapped_column(Text)
    saved_at: Mapped[datetime] = mapped_column(UTCDateTime())
    saved_by: Mapped[str] = mapped_column(Text)


class Lesson(Base):
    """An entry of the lessons log: its date, programme (none for the pathfinders' examples),
    theme, kind and text, whether it is a preloaded example and where it is quoted from, who
    added it when. Entries are only added."""

    __tablename__ = "lessons"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    lesson_date: Mapped[date] = mapped_column(Date)
    programme_id: Mapped[int | None] = mapped_column(ForeignKey("programmes.id"), index=True)
    theme: Mapped[str] = mapped_column(String(20))
    kind: Mapped[str] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(Text)
    example: Mapped[bool] = mapped_column(Boolean(create_constraint=False))
    source: Mapped[str | None] = mapped_column(Text)
    added_at: Mapped[datetime] = mapped_column(UTCDateTime())
    added_by: Mapped[str] = mapped_column(Text)


class BenefitLine(Base):
    """A benefit line of a programme (programme methods §3): its number in the programme and
    who added it when; what it says is in its versions, its values in ``benefit_values``."""

    __tablename__ = "benefit_lines"
    __table_args__ = (UniqueConstraint("programme_id", "number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    programme_id: Mapped[int] = mapped_column(ForeignKey("programmes.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    created_by: Mapped[str] = mapped_column(Text)


class BenefitLineVersion(Base):
    """One version of a benefit line: function, description, owner, cashable or not, baseline
    and target (values of its measure in a month), the direction of improvement, whether it is
    retired, who saved it when."""

    __tablename__ = "benefit_line_versions"
    __table_args__ = (UniqueConstraint("line_id", "version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    line_id: Mapped[int] = mapped_column(ForeignKey("benefit_lines.id"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    function: Mapped[str] = mapped_column(String(40))
    description: Mapped[str] = mapped_column(Text)
    owner: Mapped[str] = mapped_column(Text)
    cashable: Mapped[bool] = mapped_column(Boolean(create_constraint=False))
    baseline: Mapped[float | None] = mapped_column(Double)
    target: Mapped[float | None] = mapped_column(Double)
    improvement: Mapped[str] = mapped_column(String(8))
    retired: Mapped[bool] = mapped_column(Boolean(create_constraint=False))
    saved_at: Mapped[datetime] = mapped_column(UTCDateTime())
    saved_by: Mapped[str] = mapped_column(Text)


class BenefitValue(Base):
    """One version of a benefit line's ``actual`` or ``planned`` value in a month (``YYYY-MM``),
    with where it came from (``entered`` or the uploaded file's name), who saved it and when;
    the current value is the highest version."""

    __tablename__ = "benefit_values"
    __table_args__ = (UniqueConstraint("line_id", "month", "kind", "version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    line_id: Mapped[int] = mapped_column(ForeignKey("benefit_lines.id"), index=True)
    month: Mapped[str] = mapped_column(String(7))
    kind: Mapped[str] = mapped_column(String(7))
    version: Mapped[int] = mapped_column(Integer)
    value: Mapped[float] = mapped_column(Double)
    source: Mapped[str] = mapped_column(Text)
    saved_at: Mapped[datetime] = mapped_column(UTCDateTime())
    saved_by: Mapped[str] = mapped_column(Text)


def _table(model: type[Base]) -> Table:
    table = model.__table__
    assert isinstance(table, Table)
    return table


LOADS = _table(Load)
ORGANISATIONS = _table(Organisation)
ORG_VERSIONS = _table(OrgVersion)
RETURN_VERSIONS = _table(ReturnVersion)
LINE_SEGMENTS = _table(LineSegment)
PEER_LISTS = _table(PeerList)
PEER_LIST_MEMBERS = _table(PeerListMember)
USERS = _table(User)
API_TOKENS = _table(ApiToken)
WEB_SESSIONS = _table(WebSession)
SIGNIN_FAILURES = _table(SignInFailure)
AUDIT_EVENTS = _table(AuditEvent)
RETURN_REVIEWS = _table(ReturnReview)
PUBLICATIONS = _table(Publication)
PUBLICATION_RETURNS = _table(PublicationReturn)
ROUND_VERSIONS = _table(RoundVersion)
MY_PEER_LISTS = _table(MyPeerList)
MY_PEER_LIST_MEMBERS = _table(MyPeerListMember)
RETURN_QUERIES = _table(ReturnQuery)
QUERY_MESSAGES = _table(QueryMessage)
RETURN_NOTES = _table(ReturnNote)
PLAN_CASES = _table(PlanCase)
PLAN_CASE_VERSIONS = _table(PlanCaseVersion)
PROGRAMMES = _table(Programme)
PROGRAMME_VERSIONS = _table(ProgrammeVersion)
READINESS_ANSWERS = _table(ReadinessAnswer)
MUST_HAVE_STATUSES = _table(MustHaveStatus)
LESSONS = _table(Lesson)
BENEFIT_LINES = _table(BenefitLine)
BENEFIT_LINE_VERSIONS = _table(BenefitLineVersion)
BENEFIT_VALUES = _table(BenefitValue)
