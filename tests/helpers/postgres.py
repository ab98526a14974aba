"""The PostgreSQL server for the tests: one fresh database per test run (dropped at the end), emptied
before each test. Where no server answers, PostgreSQL tests skip with one line; under CI=true they fail."""

from __future__ import annotations

import os
import uuid
from urllib.parse import quote

import psycopg
import pytest

#: libpq connection string of an account that may create databases (trust auth on the CI machine).
ADMIN_CONNINFO = os.environ.get("FACTCHECK_TEST_PG", "host=127.0.0.1 port=5432 user=postgres dbname=postgres")
REQUIRED = os.environ.get("CI", "").lower() == "true"


def admin_connect(dbname: str | None = None) -> psycopg.Connection:
    conninfo = (
        ADMIN_CONNINFO if dbname is None else psycopg.conninfo.make_conninfo(ADMIN_CONNINFO, dbname=dbname)
    )
    return psycopg.connect(conninfo, autocommit=True, connect_timeout=5)


def unreachable_reason() -> str | None:
    try:
        admin_connect().close()
    except psycopg.Error as exc:
        return f"no PostgreSQL server answers at {ADMIN_CONNINFO!r} ({str(exc).strip().splitlines()[0]})"
    return None


def skip_or_fail(reason: str) -> None:
    if REQUIRED:
        pytest.fail(f"PostgreSQL tests must run under CI=true, but {reason}", pytrace=False)
    pytest.skip(f"PostgreSQL tests skipped: {reason}")


def url_for(dbname: str, *, user: str | None = None) -> str:
    params = psycopg.conninfo.conninfo_to_dict(ADMIN_CONNINFO)
    host = params.get("host", "127.0.0.1")
    port = params.get("port", "5432")
    user = user or params.get("user", "postgres")
    return f"postgresql+psycopg://{quote(str(user))}@{host}:{port}/{dbname}"


class TestServer:
    """A database of this test run on the server, created on first use and dropped at the end."""

    def __init__(self) -> None:
        self.dbname = f"factcheck_test_{os.getpid()}_{uuid.uuid4().hex[:8]}"
        self.created: list[str] = []
        self._labels: list[tuple] | None = None
        self._tables: list[str] = []

    def create_database(self, prefix: str = "") -> str:
        """A new empty database (dropped at the end of the run); returns its name."""
        name = f"{self.dbname}{prefix}"
        with admin_connect() as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        self.created.append(name)
        return name

    def project_url(self) -> str:
        """The URL of the run's project database, emptied to a new project's state."""
        if self._labels is None:
            self._first_use()
        with admin_connect(self.dbname) as conn:
            conn.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
            with conn.transaction():
                conn.execute(f"TRUNCATE {', '.join(self._tables)} CASCADE")
                with conn.cursor() as cur:
                    cur.executemany(
                        "INSERT INTO labels (id, name, color, shortcut, builtin, position) "
                        "VALUES (%s, %s, %s, %s, %s, %s)",
                        self._labels,
                    )
        return url_for(self.dbname)

    def _first_use(self) -> None:
        from factcheck.services import Project

        self.create_database()
        Project.open(url_for(self.dbname)).close()  # the migrations, once per run
        with admin_connect(self.dbname) as conn:
            self._labels = conn.execute(
                "SELECT id, name, color, shortcut, builtin, position FROM labels ORDER BY position"
            ).fetchall()
            self._tables = [
                row[0]
                for row in conn.execute(
                    "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() "
                    "AND tablename <> 'alembic_version'"
                )
            ]

    def drop_all(self) -> None:
        with admin_connect() as conn:
            for name in self.created:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        self.created.clear()
