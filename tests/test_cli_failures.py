"""Every way the command line can fail ends in one line on stderr: exit 2 for bad input and unusable files,
exit 1 (with the traceback in the log file) for the unexpected, and nothing at all when a pipe closes."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from factcheck.domain import ImportedDocument
from factcheck.services import Project

ROOT = Path(__file__).resolve().parents[1]
MAIN = ROOT / "main.py"


def cli(*args: str, data_dir: Path, **kwargs) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "FACTCHECK_DATA_DIR": str(data_dir), "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, str(MAIN), *args], capture_output=True, text=True, env=env, timeout=120, **kwargs
    )


def _one_line(result: subprocess.CompletedProcess[str], code: int) -> str:
    assert result.returncode == code, (result.stdout, result.stderr)
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    return lines[0]


def _project_with_many_annotations(path: Path, count: int = 3000) -> str:
    project = Project.open(path)
    try:
        text = " ".join(f"Sentence number {i} says something checkable." for i in range(count))
        doc = project.documents.add(ImportedDocument(text=text, source_format="txt", title="Long"))
        claim = project.labels.by_name("claim").id
        step = len(text) // count
        for i in range(count):
            project.annotations.create(doc.id, i * step, i * step + 30, claim)
        return doc.id
    finally:
        project.close()


def test_a_closed_pipe_ends_quietly(tmp_path: Path) -> None:
    # `factcheck annotations DOC | head -1` printed a BrokenPipeError traceback.
    db = tmp_path / "p.factcheck"
    doc_id = _project_with_many_annotations(db)
    env = {**os.environ, "FACTCHECK_DATA_DIR": str(tmp_path), "PYTHONPATH": str(ROOT)}
    child = subprocess.Popen(
        [sys.executable, str(MAIN), "annotations", doc_id, "--db", str(db)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    first = child.stdout.readline()  # what `head -1` does: read one line, then go away
    child.stdout.close()
    stderr = child.stderr.read()
    child.stderr.close()
    child.wait(timeout=60)
    assert first.startswith(tuple("0123456789abcdef")) and first.count("\t") >= 4  # a whole row
    assert stderr == ""
    assert child.returncode == 141  # as if SIGPIPE had ended it


def test_an_unexpected_error_is_one_line_and_its_traceback_goes_to_the_log(tmp_path: Path) -> None:
    db = tmp_path / "p.factcheck"
    Project.open(db).close()
    # A fault injected into the `list` command's handler, in a real CLI process.
    script = (
        "import sys\n"
        "from factcheck.cli import documents, main\n"
        "def broken(project, args):\n"
        "    raise RuntimeError('the index fell over')\n"
        "documents._list = broken\n"
        f"sys.exit(main(['list', '--db', {str(db)!r}]))\n"
    )
    env = {**os.environ, "FACTCHECK_DATA_DIR": str(tmp_path / "data"), "PYTHONPATH": str(ROOT)}
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=120
    )
    line = _one_line(result, 1)
    log = tmp_path / "data" / "logs" / "factcheck.log"
    assert "RuntimeError: the index fell over" in line and str(log) in line, line
    logged = log.read_text(encoding="utf-8")
    assert "Traceback (most recent call last)" in logged and "the index fell over" in logged


@pytest.mark.parametrize(
    ("make", "args", "expected"),
    [
        (lambda d: None, ["list", "--db", "{d}/missing/p.factcheck"], "does not exist"),
        (
            lambda d: (d / "empty.factcheck").write_bytes(b""),
            ["list", "--db", "{d}/empty.factcheck"],
            "empty file",
        ),
        (
            lambda d: (d / "a.txt").write_text("hello"),
            ["list", "--db", "{d}/a.txt"],
            "not a factcheck project",
        ),
        (lambda d: None, ["import", "{d}/nothing-here.txt", "--db", "{d}/p.factcheck"], "does not exist"),
        (lambda d: None, ["annotations", "no-such-doc", "--db", "{d}/p.factcheck"], "no-such-doc"),
        (lambda d: None, ["annotate", "x", "--claimant", "-x"], "--claimant=-x"),
    ],
    ids=["missing-folder", "empty-file", "text-file", "missing-import", "unknown-id", "dash-value"],
)
def test_bad_input_is_exit_2_and_one_line(tmp_path: Path, make, args, expected) -> None:
    make(tmp_path)
    result = cli(*(a.format(d=tmp_path) for a in args), data_dir=tmp_path)
    line = _one_line(result, 2)
    assert line.startswith("factcheck: ") and expected in line, line


def test_library_warnings_do_not_reach_the_terminal(tmp_path: Path) -> None:
    # A PDF with a wrong startxref offset: pypdf recovers and logs a warning, which leaked to stderr.
    sys.path.insert(0, str(ROOT / "tests" / "importers"))
    from importer_support import build_pdf

    data = build_pdf([["The minister said spending rose by forty percent, which was not true."]])
    head, _, tail = data.rpartition(b"startxref\n")
    broken = head + b"startxref\n" + b"12" + tail[tail.index(b"\n") :]
    pdf = tmp_path / "odd.pdf"
    pdf.write_bytes(broken)
    result = cli("import", str(pdf), "--db", str(tmp_path / "p.factcheck"), data_dir=tmp_path / "data")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    logged = (tmp_path / "data" / "logs" / "factcheck.log").read_text(encoding="utf-8")
    assert "pypdf" in logged


def test_pyproject_depends_on_lxml_html_clean_and_uses_an_spdx_license() -> None:
    # pip 23.2 (Python 3.12.1's) does not resolve justext's lxml[html_clean] extra: `import trafilatura`
    # then failed on a plain install. And setuptools warns about the old `license = {text = …}` table.
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    names = {dep.split(">")[0].split("=")[0].split("[")[0].strip().lower() for dep in project["dependencies"]}
    assert {"lxml", "lxml_html_clean"} <= names
    assert project["license"] == "MIT"
    import lxml_html_clean  # noqa: F401  (what lxml.html.clean needs at import time)
    import trafilatura  # noqa: F401
