"""The assistant's commands, run as a user would, with the network unreachable and HF_HUB_OFFLINE=1:
the model ships in a package and nothing is downloaded."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "resources" / "rust-crew-letter-2021-12-09.txt"

#: Runs factcheck's CLI with every socket connection refused (a guard, like pytest-socket's).
GUARDED = """
import socket, sys
def refuse(*args, **kwargs):
    raise OSError("network access blocked by the test")
socket.socket.connect = refuse
socket.socket.connect_ex = refuse
socket.create_connection = refuse
socket.getaddrinfo = refuse
sys.argv = ["factcheck", *sys.argv[1:]]
from factcheck.app import main
raise SystemExit(main())
"""


def run(*args: str, data_dir: Path, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "FACTCHECK_DATA_DIR": str(data_dir),
        "HF_HUB_OFFLINE": "1",
        "TRANSFORMERS_OFFLINE": "1",
        "HF_HOME": str(data_dir / "no-hub-cache"),
        "PYTHONPATH": str(ROOT),
    }
    return subprocess.run(
        [sys.executable, "-c", GUARDED, *args],
        capture_output=True,
        text=True,
        env=env,
        input=stdin,
        timeout=300,
        cwd=ROOT,
    )


def ok(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "cli.factcheck"


def test_the_guard_really_blocks_the_network(tmp_path: Path) -> None:
    probe = run("--help", data_dir=tmp_path)
    assert probe.returncode == 0
    code = GUARDED.split("sys.argv")[0] + "socket.create_connection(('127.0.0.1', 9))\n"
    blocked = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert blocked.returncode != 0 and "network access blocked" in blocked.stderr


def test_suggest_checkworthy_archive_and_match_offline(db: Path, tmp_path: Path) -> None:
    doc_id = ok(run("import", str(SAMPLE), "--db", str(db), data_dir=tmp_path)).split("\t", 1)[0]
    connection = sqlite3.connect(db)
    text = connection.execute("SELECT text FROM documents WHERE id = ?", (doc_id,)).fetchone()[0]
    connection.close()

    lines = ok(run("suggest", doc_id, "--top", "3", "--db", str(db), data_dir=tmp_path)).splitlines()
    assert 1 <= len(lines) <= 3
    scores = []
    for line in lines:
        start, end, score, sentence = line.split("\t")
        assert text[int(start) : int(end)] == sentence.replace("\\n", "\n")
        scores.append(float(score))
    assert scores == sorted(scores, reverse=True)

    sentences = "Unemployment fell to 3.5 percent in 2019.\nThank you.\n\nWe spent $2 billion on roads.\n"
    out = ok(run("checkworthy", "-", "--db", str(db), data_dir=tmp_path, stdin=sentences)).splitlines()
    assert [line.split("\t")[1] for line in out] == ["1", "0", "0", "1"]
    assert float(out[2].split("\t")[0]) == 0.0

    archive = tmp_path / "checks.tsv"
    archive.write_text(
        "\tvclaim\ttitle\n"
        "7\tThe Rust set was unsafe and chaotic, crew members said.\tWas the Rust set unsafe?\n"
        "8\tThe moon landing was filmed in a studio.\tMoon hoax\n",
        encoding="utf-8",
    )
    made = ok(run("archive", "import", str(archive), "--db", str(db), data_dir=tmp_path)).split("\t")
    assert made[1:4] == ["checks", "2 fact-checks", "2 indexed\n"]
    assert "checks\t2 fact-checks" in ok(run("archive", "list", "--db", str(db), data_dir=tmp_path))

    first = ok(run("match", "the set of Rust was chaotic and unsafe", "--db", str(db), data_dir=tmp_path))
    kind, entry, score, claim = first.splitlines()[0].split("\t")
    assert (kind, entry, claim) == ("archive", "7", "The Rust set was unsafe and chaotic, crew members said.")
    assert float(score) > 0

    queries = tmp_path / "queries.tsv"
    queries.write_text('\ttweet_content\nq1\t"Fake: ""moon landing"" shot in studio"\nq2\tRust set unsafe\n')
    run_file = tmp_path / "run.tsv"
    ok(
        run(
            "match",
            "--queries",
            str(queries),
            "--top",
            "1",
            "-o",
            str(run_file),
            "--db",
            str(db),
            data_dir=tmp_path,
        )
    )
    rows = [line.split("\t") for line in run_file.read_text().splitlines()]
    assert [(r[0], r[1], r[2]) for r in rows] == [("q1", "8", "1"), ("q2", "7", "1")]


@pytest.mark.parametrize(
    "args",
    [
        ("match",),
        ("match", "x", "--top", "0"),
        ("suggest", "no-such-document"),
        ("archive", "import", "/no/such/file.tsv"),
        ("checkworthy", "/no/such/file.txt"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(db: Path, tmp_path: Path, args: tuple[str, ...]) -> None:
    result = run(*args, "--db", str(db), data_dir=tmp_path)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("factcheck: ")


def test_core_imports_load_neither_onnxruntime_nor_the_model() -> None:
    code = (
        "import sys, factcheck.services.project, factcheck.cli.run, factcheck.services.assistant, "
        "factcheck.assistant.model, factcheck.cli.assistant; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('onnxruntime', 'tokenizers', 'torch')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.strip() == "[]"
