"""What only a server has: the migrations on PostgreSQL, concurrent writers, a lost connection, row-level
security for annotators' own logins, read-only logins, change notifications, and copies both ways."""

from __future__ import annotations

import uuid
from pathlib import Path

import psycopg
import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text

from factcheck.domain import BadInputError, ConnectionLostError, ImportedDocument, ProjectError
from factcheck.services import Project
from factcheck.services.copy import copy_project
from factcheck.store.migrate import alembic_config, current_revision, head_revision
from factcheck.store.models import Annotation, Base
from tests.helpers.postgres import admin_connect, url_for
from tests.helpers.procs import start_worker

pytestmark = pytest.mark.postgres

TEXT = "The crew said the set was unsafe. The producer said it was safe. Nobody else spoke. " * 3


@pytest.fixture
def server_url(pg_server) -> str:
    """A new, empty database of its own (these tests change roles, schemas and connections)."""
    return url_for(pg_server.create_database(f"_{uuid.uuid4().hex[:6]}"))


def _add(project: Project) -> str:
    return project.documents.add(ImportedDocument(text=TEXT, source_format="txt")).id


def test_the_migrations_build_the_models_schema_on_postgresql(server_url: str) -> None:
    project = Project.open(server_url)
    try:
        assert current_revision(project.engine) == head_revision()
        with project.engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True})
            assert compare_metadata(context, Base.metadata) == []
        config = alembic_config()
        with project.engine.begin() as conn:
            config.attributes["connection"] = conn
            command.downgrade(config, "base")
        assert current_revision(project.engine) is None
    finally:
        project.close()
    reopened = Project.open(server_url)  # upgrades again from nothing
    try:
        assert [label.name for label in reopened.labels.list()] == ["claim", "counterclaim"]
    finally:
        reopened.close()


def test_four_writers_at_once_lose_nothing(server_url: str) -> None:
    project = Project.open(server_url)
    doc = _add(project)
    workers = [start_worker("burst", server_url, doc, 25, "--wait", stdin=True) for _ in range(4)]
    try:
        for worker in workers:
            assert worker.stdout.readline().strip() == "ready", worker.stderr.read()
        for worker in workers:  # all four start together
            worker.stdin.write("go\n")
            worker.stdin.flush()
        reported: list[str] = []
        for worker in workers:
            out, err = worker.communicate(timeout=120)
            assert worker.returncode == 0, err
            lines = out.split()
            assert lines[-1] == "done"
            reported += lines[:-1]
    finally:
        for worker in workers:
            if worker.poll() is None:
                worker.kill()
    assert len(reported) == len(set(reported)) == 100
    stored = {row.id for row in project.annotations.for_document(doc)}
    assert stored == set(reported)
    project.close()


def test_a_lost_connection_is_a_clear_error_and_the_edit_is_not_saved(server_url: str) -> None:
    project = Project.open(server_url)
    doc = _add(project)
    claim = project.labels.by_name("claim").id
    project.annotations.create(doc, 0, 10, claim)
    dbname = server_url.rsplit("/", 1)[1]
    with admin_connect() as admin:
        killed = admin.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = %s", (dbname,)
        ).fetchone()[0]
    assert killed >= 1
    # The pool still holds the dead connection: the edit fails (never shown as saved) or is retried on a
    # fresh connection by the pre-ping; either way what the service reports is what the database holds.
    try:
        made = project.annotations.create(doc, 20, 30, claim)
    except ConnectionLostError as exc:
        assert "not saved" in str(exc)
        made = None
    rows = project.annotations.for_document(doc)
    assert len(rows) == (2 if made else 1)
    if made:
        assert made.id in {r.id for r in rows}
    # Work goes on once the server answers again.
    project.annotations.create(doc, 40, 50, claim)
    assert len(project.annotations.for_document(doc)) == len(rows) + 1
    project.close()


def test_an_edit_in_flight_when_the_server_goes_is_reported_unsaved(server_url: str) -> None:
    project = Project.open(server_url)
    doc = _add(project)
    claim = project.labels.by_name("claim").id
    dbname = server_url.rsplit("/", 1)[1]
    before = len(project.annotations.for_document(doc))
    with pytest.raises(ConnectionLostError, match="not saved"), project.annotations._write() as session:
        session.execute(text("SELECT 1"))  # the transaction is open on a connection...
        with admin_connect() as admin:  # ...which the server now ends, before the commit
            admin.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s "
                "AND pid <> pg_backend_pid() AND state <> 'idle'",
                (dbname,),
            )
        session.add(
            Annotation(document_id=doc, label_id=claim, start=0, end=5, quote=TEXT[:5], annotator="x")
        )
    assert len(project.annotations.for_document(doc)) == before
    project.close()


def test_an_unreachable_server_and_a_password_in_the_url_are_refused_plainly() -> None:
    with pytest.raises(ProjectError, match="Cannot reach the database server at 127.0.0.1:1"):
        Project.open("postgresql+psycopg://nobody@127.0.0.1:1/nothing")
    with pytest.raises(BadInputError, match="password file"):
        Project.open("postgresql+psycopg://ana:secret@127.0.0.1/factcheck")


def test_other_connections_commits_change_the_data_version(server_url: str) -> None:
    project = Project.open(server_url)
    token = project.change_token()
    assert not project.changed_since(token)
    other = Project.open(server_url)
    _add(other)
    other.close()
    assert project.changed_since(token)
    token = project.change_token()
    assert not project.changed_since(token)
    project.close()


@pytest.fixture
def roles(server_url: str):
    """Two annotators' own logins and a reviewer, on a database owned by the admin (dropped after)."""
    suffix = uuid.uuid4().hex[:6]
    names = {k: f"fc_{k}_{suffix}" for k in ("ana", "ben", "viewer")}
    dbname = server_url.rsplit("/", 1)[1]
    Project.open(server_url).close()  # the schema, made by the admin (the tables' owner)
    with admin_connect() as admin:
        for name in names.values():
            admin.execute(f'CREATE ROLE "{name}" LOGIN')
    with admin_connect(dbname) as admin:
        for key in ("ana", "ben"):
            admin.execute(
                f'GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO "{names[key]}"'
            )
        admin.execute(f'GRANT SELECT ON ALL TABLES IN SCHEMA public TO "{names["viewer"]}"')
    yield names, dbname
    with admin_connect() as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)')
        for name in names.values():
            admin.execute(f'DROP ROLE IF EXISTS "{name}"')


def test_row_level_security_keeps_blind_layers_apart_for_annotators_own_logins(
    server_url: str, roles
) -> None:
    names, dbname = roles
    admin = Project.open(server_url)
    doc = _add(admin)
    admin.team_settings.set_blind(True)
    admin.close()
    for key, quote in (("ana", "the set was unsafe"), ("ben", "it was safe")):
        project = Project.open(url_for(dbname, user=names[key]))
        assert project.annotator == names[key] and project.annotator_fixed
        project.annotator = "someone else"  # the server decides who you are
        assert project.annotator == names[key]
        project.annotations.create_from_quote(doc, quote, project.labels.by_name("claim").id)
        project.close()
    with pytest.raises(ProjectError, match="signed in to the server as"):
        Project.open(url_for(dbname, user=names["ana"]), annotator="ben")
    # Plain SQL on ana's own connection: the policies, not factcheck, hide ben's layer.
    with psycopg.connect(host="127.0.0.1", user=names["ana"], dbname=dbname) as conn:
        seen = {row[0] for row in conn.execute("SELECT annotator FROM annotations")}
        assert seen == {names["ana"]}
        with pytest.raises(psycopg.errors.InsufficientPrivilege):  # cannot write into ben's layer either
            conn.execute(
                'INSERT INTO annotations (id, document_id, label_id, start, "end", quote, prefix, suffix, '
                "annotator, created_at, updated_at, updated_by, adjudicated, anchor_status, anchor_confidence, "
                "verdict, rating_text, note) SELECT 'x', document_id, label_id, 0, 3, 'The', '', '', %s, now(), "
                "now(), '', false, 'anchored', 1, 'unverified', '', '' FROM annotations LIMIT 1",
                (names["ben"],),
            )
    with admin_connect(dbname) as conn:
        conn.execute("UPDATE project_settings SET value = 'open' WHERE key = 'adjudication'")
        conn.execute(
            "INSERT INTO project_settings (key, value, updated_at) SELECT 'adjudication', 'open', now() "
            "WHERE NOT EXISTS (SELECT 1 FROM project_settings WHERE key = 'adjudication')"
        )
    with psycopg.connect(host="127.0.0.1", user=names["ana"], dbname=dbname) as conn:
        seen = {row[0] for row in conn.execute("SELECT annotator FROM annotations")}
        assert seen == {names["ana"], names["ben"]}


def test_a_login_that_may_only_read_opens_the_project_read_only(server_url: str, roles) -> None:
    names, dbname = roles
    project = Project.open(url_for(dbname, user=names["viewer"]))
    try:
        assert project.read_only
        with pytest.raises(ProjectError, match="read-only"):
            _add(project)
    finally:
        project.close()


def test_copy_file_to_server_and_back_keeps_every_row(server_url: str, tmp_path: Path) -> None:
    source = Project.open(tmp_path / "home.factcheck")
    doc = _add(source)
    claim = source.labels.by_name("claim").id
    a = source.annotations.create_from_quote(
        doc, "the set was unsafe", claim, claimant="The crew", verdict="false"
    )
    b = source.annotations.create_from_quote(doc, "it was safe", claim, note="é 😀")
    source.links.link(b.id, a.id, "disputes")
    source.matters.add_members(source.matters.create("Safety").id, [a.id, b.id])
    source.team_settings.set_blind(True)
    report = copy_project(source, server_url)
    assert report.tables["annotations"] == 2 and report.tables["annotation_links"] == 1
    back = copy_project(server_url, tmp_path / "back.factcheck")
    assert back.tables == report.tables
    copy = Project.open(tmp_path / "back.factcheck")
    try:
        assert copy.annotations.for_document(doc) == source.annotations.for_document(doc)
        assert copy.team_settings.settings().blind
    finally:
        copy.close()
        source.close()
    with pytest.raises(BadInputError, match="already holds a project"):
        copy_project(tmp_path / "back.factcheck", server_url)
    with pytest.raises(BadInputError, match="already exists"):
        copy_project(server_url, tmp_path / "back.factcheck")
