"""The project file at the SQLite level: PRAGMAs, refusing what is not a project, odd names, read-only."""

from __future__ import annotations

import sqlite3
import struct
import zlib
from pathlib import Path

import pytest
from helpers.procs import probe
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError, OperationalError

from factcheck.domain import ImportedDocument, ProjectError
from factcheck.services import Project
from factcheck.store.engine import BUSY_TIMEOUT_MS, check_project_file, make_engine, sqlite_url

#: About the project file itself (SQLite); the server counterparts are in tests/team/.
pytestmark = pytest.mark.sqlite_only

# --- PRAGMAs ------------------------------------------------------------------------------------------


def _pragmas(conn) -> dict[str, object]:
    return {
        name: conn.execute(text(f"PRAGMA {name}")).scalar()
        for name in ("journal_mode", "foreign_keys", "busy_timeout", "synchronous", "query_only")
    }


def test_every_connection_gets_the_pragmas(project: Project) -> None:
    expected = {
        "journal_mode": "wal",
        "foreign_keys": 1,
        "busy_timeout": BUSY_TIMEOUT_MS,
        "synchronous": 1,  # NORMAL under WAL (Project.checkpoint makes edits power-safe)
        "query_only": 0,
    }
    assert BUSY_TIMEOUT_MS > 0
    # Several connections held at once are distinct DB-API connections from the pool.
    conns = [project.engine.connect() for _ in range(3)]
    try:
        assert len({id(c.connection.dbapi_connection) for c in conns}) == 3
        for conn in conns:
            assert _pragmas(conn) == expected
    finally:
        for conn in conns:
            conn.close()
    project.engine.dispose()  # the next connection is a brand-new one
    with project.engine.connect() as conn:
        assert _pragmas(conn) == expected


def test_foreign_keys_are_enforced(project: Project) -> None:
    claim = project.labels.by_name("claim")
    with pytest.raises(IntegrityError), project.engine.begin() as conn:
        conn.execute(
            text(
                'INSERT INTO annotations (id, document_id, label_id, start, "end", quote, prefix, suffix,'
                " annotator, created_at, updated_at) VALUES ('a', 'no-such-document', :label, 0, 1, 'x',"
                " '', '', '', '2024-01-01 00:00:00', '2024-01-01 00:00:00')"
            ),
            {"label": claim.id},
        )


def test_read_only_engine_connections_cannot_write(project_path: Path, sample_text: str) -> None:
    project = Project.open(project_path)
    project.documents.add(ImportedDocument(text=sample_text, source_format="txt"))
    project.close()
    engine = make_engine(sqlite_url(project_path, read_only=True))
    try:
        with engine.connect() as conn:
            pragmas = _pragmas(conn)
            assert pragmas["query_only"] == 1
            assert pragmas["foreign_keys"] == 1
            assert pragmas["busy_timeout"] == BUSY_TIMEOUT_MS
            assert conn.execute(text("SELECT count(*) FROM documents")).scalar() == 1
            with pytest.raises(OperationalError):
                conn.execute(text("DELETE FROM documents"))
    finally:
        engine.dispose()


# --- Files that are not projects are refused and left exactly as they were ---------------------------


def _png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00"))
        + chunk(b"IEND", b"")
    )


def _text_file(path: Path) -> None:
    path.write_text("Notes for the Rust story.\nNot a project.\n", encoding="utf-8")


def _without_logs(folder: Path) -> list[str]:
    """The folder's files but the WAL's -wal and -shm (closing never deletes them: store/sqlite_files.py)."""
    return [p.name for p in folder.iterdir() if not p.name.endswith(("-wal", "-shm"))]


def _png_file(path: Path) -> None:
    path.write_bytes(_png())


def _other_programs_database(path: Path, *, wal: bool = False) -> None:
    conn = sqlite3.connect(path)
    if wal:
        conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
    conn.execute("INSERT INTO notes (body) VALUES ('somebody else''s data')")
    conn.commit()
    conn.close()


def _other_programs_wal_database(path: Path) -> None:
    _other_programs_database(path, wal=True)


def _real_project(path: Path) -> None:
    project = Project.open(path)
    text_ = Path(__file__).resolve().parent.parent.joinpath("resources", "rust-crew-letter-2021-12-09.txt")
    body = text_.read_text(encoding="utf-8")
    for i in range(12):  # several pages, so that a cut lands inside the b-trees
        project.documents.add(ImportedDocument(text=f"{body}\n{i}\n" + "filler " * 400, source_format="txt"))
    project.close()


def _truncated_in_the_header(path: Path) -> None:
    _real_project(path)
    path.write_bytes(path.read_bytes()[:100])


def _truncated_in_half(path: Path) -> None:
    _real_project(path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _missing_its_last_byte(path: Path) -> None:
    _real_project(path)
    path.write_bytes(path.read_bytes()[:-1])


def _garbage_after_the_header(path: Path) -> None:
    path.write_bytes(b"SQLite format 3\x00" + bytes(range(256)) * 64)


REFUSED = [
    _text_file,
    _png_file,
    _other_programs_database,
    _other_programs_wal_database,
    _truncated_in_the_header,
    _truncated_in_half,
    _missing_its_last_byte,
    _garbage_after_the_header,
]


@pytest.mark.parametrize("make", REFUSED, ids=[m.__name__.strip("_") for m in REFUSED])
def test_a_file_that_is_not_a_project_is_refused_untouched(project_path: Path, make) -> None:
    make(project_path)
    before = (project_path.read_bytes(), project_path.stat().st_mtime_ns)
    with pytest.raises(ProjectError) as refused:
        Project.open(project_path)
    assert project_path.name in str(refused.value)
    assert (project_path.read_bytes(), project_path.stat().st_mtime_ns) == before
    # check_project_file alone refuses it the same way.
    with pytest.raises(ProjectError):
        check_project_file(project_path)
    assert (project_path.read_bytes(), project_path.stat().st_mtime_ns) == before


def test_a_folder_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "looks-like.factcheck"
    folder.mkdir()
    (folder / "inside.txt").write_text("x")
    with pytest.raises(ProjectError, match="folder"):
        Project.open(folder)
    assert [p.name for p in folder.iterdir()] == ["inside.txt"]


def test_a_path_in_a_missing_folder_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "no-such-folder" / "test.factcheck"
    with pytest.raises(ProjectError, match="does not exist"):
        Project.open(path)
    assert not path.parent.exists()


# --- Names that mean something in a URI --------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "Article #3.factcheck",
        "what?.factcheck",
        "100% sure.factcheck",
        "a%23b.factcheck",
        "Café – ünï.factcheck",
    ],
)
def test_project_names_with_uri_characters_open_the_named_file(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    project = Project.open(path)
    try:
        doc = project.documents.add(ImportedDocument(text="Some article text.", source_format="txt"))
        version = project.data_version()
        assert version >= 0
        other = sqlite3.connect(path)
        other.execute("UPDATE documents SET title = 'changed elsewhere'")
        other.commit()
        other.close()
        assert project.data_version() != version
        copy = project.copy_to(tmp_path / f"copy of {name}")
    finally:
        project.close()
    assert sorted(_without_logs(tmp_path)) == sorted([name, copy.name])
    for opened in (path, copy):
        project = Project.open(opened)
        try:
            assert [d.id for d in project.documents.list()] == [doc.id]
            assert project.documents.get(doc.id).title == "changed elsewhere"
        finally:
            project.close()


# --- Read-only files and folders ----------------------------------------------------------------------


def _project_with_an_annotation(path: Path, sample_text: str) -> None:
    project = Project.open(path)
    doc = project.documents.add(ImportedDocument(text=sample_text, source_format="txt"))
    project.annotations.create(doc.id, 0, 40, project.labels.by_name("claim").id)
    project.close()


def test_a_read_only_project_file_opens_read_only_and_is_not_changed(
    project_path: Path, sample_text: str
) -> None:
    _project_with_an_annotation(project_path, sample_text)
    project_path.chmod(0o444)
    before = (project_path.read_bytes(), project_path.stat().st_mtime_ns)
    report = probe(project_path)  # a separate process that obeys the mode bits even as root
    assert report["writable"] is False
    assert report["open"] == "ok"
    assert report["read_only"] is True
    assert (report["documents"], report["annotations"]) == (1, 1)
    assert (project_path.read_bytes(), project_path.stat().st_mtime_ns) == before


def test_a_project_in_a_read_only_folder_opens_read_only_or_is_refused_clearly(
    project_path: Path, sample_text: str
) -> None:
    _project_with_an_annotation(project_path, sample_text)
    folder = project_path.parent
    before = (project_path.read_bytes(), project_path.stat().st_mtime_ns)
    folder.chmod(0o555)
    try:
        report = probe(project_path)
    finally:
        folder.chmod(0o755)
    assert report["folder_writable"] is False
    if report["open"] == "ok":
        assert report["read_only"] is True
    else:
        # SQLite cannot create the WAL index beside the file, so it cannot even read it there.
        assert report["open"].startswith("ProjectError: ")
        assert "read-only folder" in report["open"]
        assert "damaged" not in report["open"]
    assert (project_path.read_bytes(), project_path.stat().st_mtime_ns) == before


def test_creating_a_project_in_a_read_only_folder_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        report = probe(folder / "new.factcheck")
    finally:
        folder.chmod(0o755)
    assert report["folder_writable"] is False
    assert report["open"].startswith("ProjectError: ")
    assert "read-only" in report["open"]
    assert list(folder.iterdir()) == []
