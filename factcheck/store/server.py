"""A project on a PostgreSQL server: connect with plain-words errors, check it is a factcheck database,
migrate it under an advisory lock, tell whether this login may write, and listen for others' changes."""

from __future__ import annotations

import contextlib

import psycopg
from sqlalchemy import Engine, inspect, text
from sqlalchemy.engine import URL
from sqlalchemy.exc import DBAPIError, OperationalError

from factcheck.domain import ProjectError
from factcheck.store.backends import CHANGES_CHANNEL, display_location, make_server_engine
from factcheck.store.migrate import head_revision, known_revisions, upgrade_to_head

#: pg_advisory_lock key held while a client migrates the database (others wait, then find it done).
MIGRATION_LOCK_KEY = 0x0FAC7C4E


def open_server(url: URL) -> tuple[Engine, bool]:
    """Connect to ``url``, migrate it to the current schema when this login may; returns the engine and
    whether the project is read-only for this login. Raises ProjectError with the reason in plain words."""
    engine = make_server_engine(url)
    try:
        read_only = _check_and_migrate(engine, url)
    except OperationalError as exc:
        engine.dispose()
        raise ProjectError(explain_connect_error(url, exc)) from exc
    except DBAPIError as exc:
        engine.dispose()
        raise ProjectError(f"Cannot open {display_location(url)}: {_first_line(exc)}.") from exc
    except BaseException:
        engine.dispose()
        raise
    return engine, read_only


def _check_and_migrate(engine: Engine, url: URL) -> bool:
    with engine.connect() as conn:
        tables = set(inspect(conn).get_table_names())
        revisions = (
            set(conn.execute(text("SELECT version_num FROM alembic_version")).scalars())
            if "alembic_version" in tables
            else set()
        )
        standby = bool(conn.execute(text("SELECT pg_is_in_recovery()")).scalar())
        if "annotations" in tables:
            may_write = bool(
                conn.execute(text("SELECT has_table_privilege('annotations', 'INSERT')")).scalar()
            )
        else:
            may_write = bool(
                conn.execute(text("SELECT has_schema_privilege(current_schema(), 'CREATE')")).scalar()
            )
    name = display_location(url)
    if tables and "alembic_version" not in tables:
        raise ProjectError(f"{name} holds another program's tables, not a factcheck project.")
    if revisions - known_revisions():
        raise ProjectError(
            "This project was saved by a newer version of factcheck; update factcheck to open it."
        )
    read_only = standby or not may_write
    at_head = revisions == {head_revision()}
    if read_only:
        if not at_head:
            raise ProjectError(
                f"{name} is read-only for you and was made by another version of factcheck (or is empty); "
                "ask whoever runs the server to open it once with a login that may change it."
            )
        return True
    with engine.connect() as lock:
        # Two clients opening a new database at once: one migrates, the other waits and finds it done.
        lock.execute(text("SELECT pg_advisory_lock(:key)"), {"key": MIGRATION_LOCK_KEY})
        try:
            upgrade_to_head(engine)
        finally:
            lock.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": MIGRATION_LOCK_KEY})
            lock.commit()
    return False


def explain_connect_error(url: URL, exc: OperationalError) -> str:
    message = _first_line(exc)
    lowered = message.lower()
    where = f"{url.host or 'localhost'}:{url.port or 5432}"
    if "does not exist" in lowered and "database" in lowered:
        return (
            f"The database {url.database} does not exist on {where}; create it first "
            "(see “Working as a team” in the README)."
        )
    if "password" in lowered or "authentication" in lowered:
        return (
            f"The server at {where} refused the login {url.username or ''}: put the password in your "
            "PostgreSQL password file (~/.pgpass) or a service file."
        ).replace("login :", "login:")
    if "role" in lowered and "does not exist" in lowered:
        return f"The server at {where} has no login {url.username}; ask whoever runs it to create one."
    return f"Cannot reach the database server at {where}: {message}."


def _first_line(exc: DBAPIError) -> str:
    return str(getattr(exc, "orig", exc)).strip().splitlines()[0].rstrip(".") if str(exc) else "unknown error"


def policy_login(engine: Engine) -> str | None:
    """The login's name when the row-level security policies apply to it (not a superuser, not allowed to
    bypass them, not the tables' owner): then who you are is decided by the server. None otherwise."""
    with engine.connect() as conn:
        user, exempt, owner = conn.execute(
            text(
                "SELECT current_user, "
                "(SELECT rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = current_user), "
                "(SELECT pg_get_userbyid(relowner) FROM pg_class "
                " WHERE relname = 'annotations' AND relnamespace = current_schema()::regnamespace)"
            )
        ).one()
    return None if exempt or owner == user else user


class ChangeListener:
    """LISTENs on the project's change channel on a connection of its own; :meth:`version` is a number
    that grows with every transaction another connection (or this program) commits to the project."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._conn: psycopg.Connection | None = None
        self._version = 0

    def version(self) -> int:
        """The change count so far; -1 while the server cannot be reached (the next call reconnects and
        counts one change, as some may have been missed meanwhile)."""
        try:
            if self._conn is None or self._conn.closed:
                self._connect()
            assert self._conn is not None
            self._version += sum(1 for _ in self._conn.notifies(timeout=0))
        except psycopg.Error:
            self.close()
            return -1
        return self._version

    def _connect(self) -> None:
        args, params = self._engine.dialect.create_connect_args(self._engine.url)
        self._conn = psycopg.connect(*args, **params, autocommit=True)
        self._conn.execute(f"LISTEN {CHANGES_CHANNEL}")
        self._version += 1

    def close(self) -> None:
        if self._conn is not None:
            with contextlib.suppress(psycopg.Error):
                self._conn.close()
            self._conn = None


__all__ = ["ChangeListener", "open_server"]
