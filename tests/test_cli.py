"""The command line, run as a user would: a real process, a real project file, exit codes and stderr."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers.db import query

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "resources" / "rust-crew-letter-2021-12-09.txt"


def run(*args: str, data_dir: Path, check: bool = False) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "FACTCHECK_DATA_DIR": str(data_dir)}
    result = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), *args], capture_output=True, text=True, env=env, timeout=120
    )
    if check:
        assert result.returncode == 0, result.stderr
    return result


@pytest.fixture
def db(project_path) -> Path | str:
    return project_path


def _import_sample(db: Path, tmp_path: Path) -> str:
    result = run("import", str(SAMPLE), "--db", str(db), data_dir=tmp_path, check=True)
    return result.stdout.split("\t", 1)[0]


def test_import_list_annotate_annotations(db, tmp_path):
    doc_id = _import_sample(db, tmp_path)
    listing = run("list", "--db", str(db), data_dir=tmp_path, check=True).stdout
    assert doc_id in listing and "0 annotations" in listing
    made = run(
        "annotate",
        doc_id,
        "--quote",
        "unsafe",
        "--label",
        "claim",
        "--db",
        str(db),
        data_dir=tmp_path,
        check=True,
    )
    annotation_id, label, start, end, quote = made.stdout.strip().split("\t")
    assert (label, quote) == ("claim", "unsafe")
    second = run(
        "annotate",
        doc_id,
        "--quote",
        "unsafe",
        "--label",
        "counterclaim",
        "--occurrence",
        "2",
        "--db",
        str(db),
        data_dir=tmp_path,
        check=True,
    )
    assert int(second.stdout.split("\t")[2]) > int(start)
    lines = run("annotations", doc_id, "--db", str(db), data_dir=tmp_path, check=True).stdout.splitlines()
    assert [line.split("\t")[1] for line in lines] == ["claim", "counterclaim"]
    text = query(db, "SELECT text FROM documents")[0][0]
    stored = query(db, 'SELECT start, "end", quote FROM annotations WHERE id = ?', (annotation_id,))[0]
    assert text[stored[0] : stored[1]] == stored[2] == "unsafe"
    assert "1 claims, 1 counterclaims" in run("list", "--db", str(db), data_dir=tmp_path, check=True).stdout


@pytest.mark.parametrize(
    "args, message",
    [
        (["annotate", "nope", "--quote", "x", "--label", "claim"], "No document"),
        (["annotations", "nope"], "No document"),
        (["annotate", "DOC", "--quote", "not in the text at all", "--label", "claim"], "does not occur"),
        (
            ["annotate", "DOC", "--quote", "unsafe", "--label", "claim", "--occurrence", "9"],
            "occurs only 2 times",
        ),
        (["annotate", "DOC", "--quote", "unsafe", "--label", "opinion"], "No label named"),
        (["annotate", "DOC", "--quote", "   ", "--label", "claim"], "empty or only whitespace"),
        (["frobnicate"], "unknown command"),
    ],
)
def test_bad_input_is_one_line_on_stderr_and_exit_2(db, tmp_path, args, message):
    doc_id = _import_sample(db, tmp_path)
    args = [doc_id if a == "DOC" else a for a in args]
    result = run(*args, "--db", str(db), data_dir=tmp_path)
    assert result.returncode == 2
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr


def test_import_refuses_bad_files_and_writes_nothing(db, tmp_path):
    folder = tmp_path / "folder"
    folder.mkdir()
    png = tmp_path / "picture.txt"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 20)
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n\n ")
    for bad in (tmp_path / "missing.txt", folder, png, empty):
        result = run("import", str(bad), "--db", str(db), data_dir=tmp_path)
        assert result.returncode == 2, bad
        assert result.stderr.strip(), bad
    assert query(db, "SELECT count(*) FROM documents") == [(0,)]


def test_a_file_that_is_not_a_project_is_refused_and_untouched(tmp_path):
    not_a_project = tmp_path / "notes.factcheck"
    not_a_project.write_text("my notes, not a database")
    before = not_a_project.read_bytes()
    result = run("list", "--db", str(not_a_project), data_dir=tmp_path)
    assert result.returncode == 2
    assert "not a factcheck project" in result.stderr
    assert not_a_project.read_bytes() == before


def test_default_project_is_created_with_the_sample(tmp_path):
    listing = run("list", data_dir=tmp_path, check=True).stdout
    assert "Over The Top" in listing or "Alec Baldwin" in listing
    assert (tmp_path / "My project.factcheck").exists()
