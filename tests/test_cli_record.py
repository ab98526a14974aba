"""The record from the command line, as a researcher would annotate the sample: claims, a rebuttal that
disputes them, a reader's comment disputing the letter, all in one matter; then matters, search, edit."""

from __future__ import annotations

import contextlib
import io
import os
import sqlite3
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from factcheck import cli
from factcheck.services.copy import copy_project
from tests.helpers.db import query

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "resources" / "rust-crew-letter-2021-12-09.txt"
MATTER = "Was the Rust set unsafe?"
REBUTTAL = "The descriptions of ‘Rust’ as a chaotic, dangerous, and exploitative workplace are false"


@dataclass
class Result:
    returncode: int
    stdout: str
    stderr: str


def run(*args: str, db: Path, check: bool = True, stdin: str | None = None) -> Result:
    """``factcheck ARGS --db DB`` in this process: the CLI's own parsing, handlers, exit code and output.
    (A real process costs ~1 s of imports each; test_real_process_dispatches_the_new_commands runs one.)"""
    out, err = io.StringIO(), io.StringIO()
    saved_stdin = sys.stdin
    sys.stdin = io.StringIO(stdin or "")
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = cli.main([*args, "--db", str(db)])
            except SystemExit as exc:  # argparse's usage errors
                code = exc.code if isinstance(exc.code, int) else 2
    finally:
        sys.stdin = saved_stdin
    if check:
        assert code == 0, err.getvalue()
    return Result(code, out.getvalue(), err.getvalue())


def _id(result: Result) -> str:
    return result.stdout.split("\t", 1)[0]


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> tuple[Path, dict[str, str]]:
    """The sample imported and annotated once per module: two claims and the letter's rebuttal in one matter."""
    db = tmp_path_factory.mktemp("template") / "record.factcheck"
    doc = _id(run("import", str(SAMPLE), db=db))
    matter = _id(
        run("matter", "create", MATTER, "--description", "Safety on the set before 21 October", db=db)
    )
    crew = ["--claimant", "crew members who quit", "--claim-date", "2021-10", "--attribution", "paraphrase"]
    unsafe = _id(
        run("annotate", doc, "--quote", "unsafe", "--label", "claim", *crew, "--matter", MATTER, db=db)
    )
    chaotic = _id(
        run("annotate", doc, "--quote", "chaotic", "--label", "claim", *crew, "--matter", matter, db=db)
    )
    rebuttal = _id(
        run(
            "annotate",
            doc,
            "--quote",
            REBUTTAL,
            "--label",
            "counterclaim",
            "--claimant",
            "cast and crew of Rust (letter)",
            "--claim-date",
            "2021-12-09",
            "--attribution",
            "direct_quote",
            "--note",
            "Answers the *unsafe* and *chaotic* allegations.",
            "--matter",
            "was the rust set UNSAFE?",
            db=db,
        )
    )
    return db, {"doc": doc, "matter": matter, "unsafe": unsafe, "chaotic": chaotic, "rebuttal": rebuttal}


@pytest.fixture
def db(tmp_path: Path, template, backend: str, project_path) -> Path | str:
    """A copy of the annotated template for one test (on the server: copied there with factcheck copy)."""
    if backend == "postgresql":
        copy_project(template[0], project_path)
        return project_path
    target = tmp_path / "record.factcheck"
    source = sqlite3.connect(template[0])
    dest = sqlite3.connect(target)
    try:
        source.backup(dest)
    finally:
        dest.close()
        source.close()
    return target


@pytest.fixture
def annotated(template) -> dict[str, str]:
    return template[1]


def test_the_issues_scenario_on_the_sample_article(db: Path, annotated: dict[str, str]) -> None:
    a = annotated
    link = run("link", a["rebuttal"], a["unsafe"], "--disputes", db=db).stdout.strip().split("\t")
    assert link[1:] == [a["rebuttal"], "disputes", a["unsafe"]]
    run("link", a["rebuttal"], a["chaotic"], "--disputes", db=db)

    matters = run("matters", db=db).stdout.splitlines()
    assert matters == [
        f"{a['matter']}\t{MATTER}\t2 claims\t1 counterclaims\t1 articles\t2021-10 – 2021-12-09"
    ]

    hits = [line.split("\t") for line in run("search", "unsafe", db=db).stdout.splitlines()]
    annotation_hits = {h[1]: h for h in hits if h[0] == "annotation"}
    assert set(annotation_hits) == {a["unsafe"], a["rebuttal"]}
    assert annotation_hits[a["unsafe"]][2:7] == [
        "claim",
        "crew members who quit",
        "2021-10",
        "unverified",
        "quote",
    ]
    assert ">>unsafe<<" in annotation_hits[a["unsafe"]][7]
    assert annotation_hits[a["rebuttal"]][6] == "note"
    text_hits = [h for h in hits if h[0] == "text"]
    assert len(text_hits) == 2 and all(h[1] == a["doc"] for h in text_hits)  # “unsafe” and unsafe working…

    links = run("links", a["unsafe"], db=db).stdout.splitlines()
    assert len(links) == 1 and links[0].split("\t")[1:4] == ["disputed by", a["rebuttal"], "counterclaim"]

    # A reader's comment disputes the letter, and joins the matter.
    comment = _id(
        run(
            "annotate",
            a["doc"],
            "--quote",
            "while working 72 hour work weeks",
            "--label",
            "claim",
            "--claimant",
            "Instagram commenter",
            "--claim-date",
            "2021-12",
            "--attribution",
            "direct_quote",
            db=db,
        )
    )
    run("link", comment, a["rebuttal"], "--disputes", db=db)
    run("matter", "add", MATTER, comment, db=db)
    # December 2021 as a whole ends after 9 December: the span now runs to the end of that month.
    assert "\t3 claims\t1 counterclaims\t1 articles\t2021-10 – 2021-12\n" in run("matters", db=db).stdout
    shown = [line.split("\t") for line in run("matter", "show", MATTER, db=db).stdout.splitlines()]
    assert [row[0] for row in shown] == [a["unsafe"], a["chaotic"], comment, a["rebuttal"]]  # by claim date
    assert [row[2] for row in shown] == ["2021-10", "2021-10", "2021-12", "2021-12-09"]

    # Filters: by claimant, verdict, matter, label and claim-date range.
    only = lambda *args: {  # noqa: E731
        line.split("\t")[1]
        for line in run("search", *args, db=db).stdout.splitlines()
        if line.startswith("annotation")
    }
    assert only("", "--claimant", "Crew Members Who Quit") == {a["unsafe"], a["chaotic"]}
    assert only("", "--label", "counterclaim", "--matter", MATTER) == {a["rebuttal"]}
    assert only("", "--from", "2021-12") == {a["rebuttal"], comment}
    assert only("", "--from", "2021-10-01", "--to", "2021-10-31") == {a["unsafe"], a["chaotic"]}

    # The file holds it all.
    assert query(db, "SELECT count(*) FROM claimants") == [(3,)]
    assert query(db, "SELECT count(*) FROM annotation_links WHERE relation = 'disputes'") == [(3,)]
    assert query(db, "SELECT count(*) FROM matter_members") == [(4,)]
    stored = query(
        db,
        "SELECT claim_date, claim_date_precision, attribution, verdict FROM annotations WHERE id = ?",
        (a["rebuttal"],),
    )
    assert stored == [("2021-12-09", "day", "direct_quote", "unverified")]


def test_edit_changes_the_record(db: Path, annotated: dict[str, str]) -> None:
    rebuttal = annotated["rebuttal"]
    out = run(
        "edit",
        rebuttal,
        "--verdict",
        "mostly supported",
        "--rating",
        "Mostly true",
        "--rating-value",
        "4",
        "--rating-best",
        "5",
        "--rating-worst",
        "1",
        "--note-file",
        "-",
        db=db,
        stdin="# Evidence\n\nThe union's letter.",
    ).stdout
    assert out.split("\t")[:2] == [rebuttal, "counterclaim"]
    run("edit", annotated["unsafe"], "--label", "counterclaim", "--claimant", "", "--claim-date", "", db=db)
    run("edit", annotated["chaotic"], "--leave-matter", MATTER, db=db)
    assert query(
        db,
        "SELECT verdict, rating_text, rating_value, rating_best, rating_worst, note FROM annotations WHERE id = ?",
        (rebuttal,),
    ) == [("mostly_supported", "Mostly true", 4.0, 5.0, 1.0, "# Evidence\n\nThe union's letter.")]
    assert query(
        db, "SELECT claimant_id, claim_date FROM annotations WHERE id = ?", (annotated["unsafe"],)
    ) == [(None, None)]
    assert "\t0 claims\t2 counterclaims\t1 articles\t" in run("matters", db=db).stdout
    run("edit", annotated["unsafe"], "--claim-date", "2099-01-01", "--allow-future", db=db)


def test_unlink_labels_and_claimants(db: Path, annotated: dict[str, str]) -> None:
    link_id = _id(run("link", annotated["rebuttal"], annotated["unsafe"], "--disputes", db=db))
    assert run("unlink", link_id, db=db).stdout.strip().endswith("removed")
    assert run("links", annotated["unsafe"], db=db).stdout == ""
    assert "\tevidence\t#E69F00\tE" in run("label", "add", "evidence", "--key", "e", db=db).stdout
    run("edit", annotated["chaotic"], "--label", "Evidence", db=db)
    labels = [line.split("\t") for line in run("labels", db=db).stdout.splitlines()]
    assert [(row[1], row[4], row[5]) for row in labels] == [
        ("claim", "built-in", "1"),
        ("counterclaim", "built-in", "1"),
        ("evidence", "own", "1"),
    ]
    refused = run("label", "delete", "evidence", db=db, check=False)
    assert refused.returncode == 2 and "choose a label to move them to" in refused.stderr
    assert "1 annotations moved" in run("label", "delete", "evidence", "--move-to", "claim", db=db).stdout
    run("label", "edit", "claim", "--color", "#009E73", "--key", "1", db=db)
    assert "\tclaim\t#009E73\t1\tbuilt-in\t2" in run("labels", db=db).stdout
    claimants = run("claimants", db=db).stdout.splitlines()
    assert [line.split("\t")[1:] for line in claimants] == [
        ["cast and crew of Rust (letter)", "1"],
        ["crew members who quit", "2"],
    ]


@pytest.mark.parametrize(
    "args, message",
    [
        (["edit", "UNSAFE", "--claim-date", "2021-02-31"], "February 31"),
        (["edit", "UNSAFE", "--claim-date", "2021-13"], "no month 13"),
        (["edit", "UNSAFE", "--claim-date", "2999"], "--allow-future"),
        (["edit", "UNSAFE", "--verdict", "pants on fire"], "not a verdict"),
        (["edit", "UNSAFE", "--attribution", "rumour"], "not a kind of attribution"),
        (
            ["edit", "UNSAFE", "--rating-value", "9", "--rating-best", "5", "--rating-worst", "1"],
            "outside its scale",
        ),
        (["edit", "UNSAFE"], "Nothing to change"),
        (["edit", "nope", "--verdict", "false"], "No annotation"),
        (["edit", "UNSAFE", "--matter", "No such matter"], "No matter named"),
        (["edit", "UNSAFE", "--matter", MATTER], "already in that matter"),
        (["edit", "UNSAFE", "--note-file", "/nonexistent/note.md"], "Cannot read the note"),
        (["annotate", "DOC", "--quote", "unsafe", "--label", "claim", "--matter", "Nope"], "No matter named"),
        (["link", "UNSAFE", "UNSAFE", "--supports"], "itself"),
        (["link", "UNSAFE", "REBUTTAL"], "one of the arguments --disputes --supports --repeats is required"),
        (["link", "UNSAFE", "REBUTTAL", "--disputes", "--supports"], "not allowed with argument"),
        (["unlink", "nope"], "No link"),
        (["matter", "create", MATTER.upper()], "already a matter"),
        (["matter", "show", "nope"], "No matter named"),
        (["search", "x", "--from", "2021-02-30"], "February 30"),
        (["search", "x", "--verdict", "maybe"], "not a verdict"),
        (["search", "x", "--label", "opinion"], "No label named"),
        (["search", "x", "--claimant", "nobody"], "No claimant named"),
        (["label", "add", "Claim"], "already a label named"),
        (["label", "add", "quote", "--key", "C"], "already tags"),
        (["label", "add", "quote", "--color", "blue"], "not a colour"),
        (["label", "delete", "claim"], "built in"),
        (["label", "edit", "counterclaim", "--name", "rebuttal"], "built in"),
    ],
)
def test_bad_input_is_one_line_on_stderr_and_exit_2(
    db: Path, annotated: dict[str, str], args, message
) -> None:
    names = {"UNSAFE": annotated["unsafe"], "REBUTTAL": annotated["rebuttal"], "DOC": annotated["doc"]}
    before = query(db, "SELECT * FROM annotations ORDER BY id")
    result = run(*[names.get(arg, arg) for arg in args], db=db, check=False)
    assert result.returncode == 2
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert query(db, "SELECT * FROM annotations ORDER BY id") == before


def test_real_process_dispatches_the_new_commands(tmp_path: Path) -> None:
    """Through main.py in a real process: the launcher sends the new command names to the CLI."""
    db = tmp_path / "process.factcheck"
    env = {**os.environ, "FACTCHECK_DATA_DIR": str(tmp_path), "PYTHONIOENCODING": "utf-8"}

    def process(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, str(ROOT / "main.py"), *args, "--db", str(db)],
            capture_output=True,
            text=True,
            encoding="utf-8",
            env=env,
            timeout=120,
        )

    made = process("matter", "create", MATTER)
    assert made.returncode == 0, made.stderr
    listed = process("matters")
    assert listed.returncode == 0 and listed.stdout.split("\t")[1:3] == [MATTER, "0 claims"]
    bad = process("search", "x", "--from", "2021-02-30")
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1 and "February 30" in bad.stderr
