"""The two backends: a project file (SQLite) or a database on a PostgreSQL server. Telling a URL from a
path, connecting to a server without ever holding a password, and the few SQL expressions that differ
between the two dialects (each compiled per dialect, so a query is written once)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Boolean, Engine, String, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

from factcheck.domain import BadInputError

#: The schemes ``--db`` and File ▸ Open take as a server (all served by psycopg 3).
SERVER_SCHEMES = ("postgresql", "postgres", "postgresql+psycopg")
#: Seconds to wait for a server to answer a new connection before saying it cannot be reached.
CONNECT_TIMEOUT_S = 10
#: How long a write waits for a row another writer holds before giving up (like SQLite's busy timeout).
LOCK_TIMEOUT_MS = 10_000
#: The channel the project's triggers NOTIFY on every committed change (see migration 0005).
CHANGES_CHANNEL = "factcheck_changes"

ProjectLocation = Path | URL


def is_server_url(value: str | Path | URL) -> bool:
    """True for ``postgresql://…`` / ``postgresql+psycopg://…`` (anything else is a project file)."""
    if isinstance(value, URL):
        return True
    if isinstance(value, Path):
        return False
    scheme = value.split("://", 1)[0].lower() if "://" in value else ""
    return scheme in SERVER_SCHEMES or scheme.startswith("postgresql+")


def parse_location(value: str | Path | URL) -> ProjectLocation:
    """A project file's path, or a server database's URL (``sqlite:///path`` is a file too)."""
    if isinstance(value, Path | URL):
        return value if isinstance(value, URL) or not is_server_url(str(value)) else server_url(str(value))
    text = value.strip()
    if text.lower().startswith("sqlite:///"):
        return Path(text[len("sqlite:///") :]).expanduser()
    if is_server_url(text):
        return server_url(text)
    if "://" in text:
        scheme = text.split("://", 1)[0]
        raise BadInputError(
            f"{scheme}:// is not a database factcheck can use; give a project file or a "
            "postgresql+psycopg://user@host/database URL."
        )
    return Path(text).expanduser()


def server_url(text: str) -> URL:
    """The URL of a PostgreSQL database, driven by psycopg 3; a password in it is refused.

    factcheck remembers the URL (recent projects, the window title, logs): the password belongs in the
    libpq password file (~/.pgpass) or a service file (``postgresql+psycopg:///?service=NAME``).
    """
    try:
        url = make_url(text)
    except ArgumentError as exc:
        raise BadInputError(f"{text!r} is not a database URL ({exc}).") from exc
    backend, _, driver = url.drivername.partition("+")
    if backend not in ("postgresql", "postgres"):
        raise BadInputError(f"{url.drivername} databases are not supported; use postgresql+psycopg://.")
    if driver not in ("", "psycopg"):
        raise BadInputError(
            f"factcheck talks to PostgreSQL through psycopg 3, not {driver}: use postgresql+psycopg://."
        )
    if url.password is not None:
        raise BadInputError(
            "Leave the password out of the URL: put it in your PostgreSQL password file (~/.pgpass) or a "
            "service file, so that it is never saved with your recent projects or shown on screen."
        )
    if not url.database and "service" not in url.query and "dbname" not in url.query:
        raise BadInputError("The URL names no database: write postgresql+psycopg://user@host/database.")
    return url.set(drivername="postgresql+psycopg")


def display_location(location: ProjectLocation) -> str:
    """How a project's location is shown and remembered (a URL never carries a password)."""
    if isinstance(location, URL):
        return location.render_as_string(hide_password=True)
    return str(location)


def location_name(location: ProjectLocation) -> str:
    """A short name: the file's stem, or the database's name."""
    if isinstance(location, URL):
        return location.database or str(location.query.get("service") or location.host or "server")
    return location.stem


def make_server_engine(url: URL) -> Engine:
    """An engine for a PostgreSQL database: connections checked before use (a server restart or a dropped
    network costs one failed edit, never a wedged window), every session in UTC with a lock timeout."""
    engine = create_engine(
        url,
        pool_pre_ping=True,
        pool_size=2,
        max_overflow=4,
        connect_args={"connect_timeout": CONNECT_TIMEOUT_S, "application_name": "factcheck"},
    )
    event.listen(engine, "connect", _server_session)
    return engine


def _server_session(dbapi_connection, _record) -> None:
    # SET on connect rather than libpq "options": a URL may carry its own (a search_path, say).
    with dbapi_connection.cursor() as cursor:
        cursor.execute(f"SET lock_timeout = {LOCK_TIMEOUT_MS}; SET timezone = 'UTC'")
    dbapi_connection.commit()


_LOST_CONNECTION = (
    "server closed the connection",
    "connection is closed",
    "connection is lost",
    "terminating connection",
    "connection refused",
    "could not connect",
    "connection failed",
    "consuming input failed",
    "ssl connection has been closed",
    "no connection to the server",
)


def is_connection_lost(exc: DBAPIError) -> bool:
    """True when ``exc`` means the database server went away or cannot be reached (restart, network,
    terminated session): the change in hand was not saved, and the next call reconnects."""
    if exc.connection_invalidated:
        return True
    message = str(getattr(exc, "orig", exc)).lower()
    return any(words in message for words in _LOST_CONNECTION)


# --- SQL that differs between SQLite and PostgreSQL ---------------------------------------------------------


class utc_text(FunctionElement):  # noqa: N801 (a SQL function's name)
    """A stored UTC time as text, 'YYYY-MM-DD HH:MM:SS.ffffff' (how SQLite stores it): no datetime is built
    per row, and ``substr(…, 1, 10)`` is its UTC day."""

    type = String()
    name = "utc_text"
    inherit_cache = True


@compiles(utc_text)
def _utc_text_sqlite(element, compiler, **kw) -> str:
    return compiler.process(element.clauses, **kw)


@compiles(utc_text, "postgresql")
def _utc_text_postgresql(element, compiler, **kw) -> str:
    return (
        f"to_char(({compiler.process(element.clauses, **kw)}) AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US')"
    )


class ci_like(FunctionElement):  # noqa: N801
    """``value LIKE pattern``, case-insensitive for ASCII on both backends (PostgreSQL's LIKE is not)."""

    type = Boolean()
    name = "ci_like"
    inherit_cache = True


@compiles(ci_like)
def _ci_like_sqlite(element, compiler, **kw) -> str:
    value, pattern = (compiler.process(c, **kw) for c in element.clauses)
    return f"({value} LIKE {pattern})"


@compiles(ci_like, "postgresql")
def _ci_like_postgresql(element, compiler, **kw) -> str:
    value, pattern = (compiler.process(c, **kw) for c in element.clauses)
    return f"({value} ILIKE {pattern})"


class json_values(FunctionElement):  # noqa: N801
    """The values of a JSON array of strings as a table with one column, ``value`` (one parameter for any
    number of ids: an IN list is limited to 32k parameters on SQLite, 65k on PostgreSQL)."""

    type = String()
    name = "json_values"
    inherit_cache = True


@compiles(json_values)
def _json_values_sqlite(element, compiler, **kw) -> str:
    return f"json_each({compiler.process(element.clauses, **kw)})"


@compiles(json_values, "postgresql")
def _json_values_postgresql(element, compiler, **kw) -> str:
    return f"json_array_elements_text(CAST({compiler.process(element.clauses, **kw)} AS json))"


class position_of(FunctionElement):  # noqa: N801
    """Where ``needle`` first occurs in ``haystack`` (1-based; 0 when absent)."""

    name = "position_of"
    inherit_cache = True


@compiles(position_of)
def _position_of_sqlite(element, compiler, **kw) -> str:
    return f"instr({compiler.process(element.clauses, **kw)})"


@compiles(position_of, "postgresql")
def _position_of_postgresql(element, compiler, **kw) -> str:
    return f"strpos({compiler.process(element.clauses, **kw)})"
