"""Working as a team through the command line, on both backends: the Krippendorff worked example built
with --as, blind mode through annotations/search/export/timeline/annotators, and adjudication."""

from __future__ import annotations

import contextlib
import csv
import io
from dataclasses import dataclass
from pathlib import Path

import pytest

from factcheck import cli
from tests.team.test_agreement_math import WORKED

UNITS = [f"Statement {i:02d} of the record." for i in range(1, 13)]


@dataclass
class Result:
    code: int
    out: str
    err: str


def run(*args: str, db, check: bool = True) -> Result:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = cli.main([*args, "--db", str(db)])
        except SystemExit as exc:
            code = int(exc.code or 0)
    result = Result(code, out.getvalue(), err.getvalue())
    if check:
        assert code == 0, result.err
    return result


@pytest.fixture
def db(project_path, tmp_path: Path):
    article = tmp_path / "record.txt"
    article.write_text("The record.\n\n" + "\n\n".join(UNITS) + "\n", encoding="utf-8")
    return project_path, article


def _import(db) -> str:
    project, article = db
    return run("import", str(article), db=project).out.split("\t", 1)[0]


def test_the_worked_example_through_the_cli(db) -> None:
    project, _ = db
    doc = _import(db)
    for value in range(1, 6):
        run("label", "add", f"v{value}", db=project)
    for coder, values in WORKED.items():
        for unit, value in zip(UNITS, values, strict=True):
            if value is not None:
                run("annotate", doc, "--quote", unit, "--label", f"v{value}", "--as", coder, db=project)
    lines = dict(
        (line.split("\t")[0], line.split("\t")[1:]) for line in run("agreement", db=project).out.splitlines()
    )
    assert lines["krippendorff alpha nominal (labels)"] == ["project", "0.743"]
    assert lines["krippendorff alpha nominal (verdicts)"] == ["project", "n/a"]  # nobody coded verdicts
    assert lines["span agreement"][1] == "1.000" or float(lines["span agreement"][1]) < 1  # present
    assert "cohen kappa A/B" in lines and "cohen kappa C/D" in lines
    assert lines["units"] == ["project", "12"]
    per_document = run("agreement", "--document", doc, "--annotators", "A,B", db=project).out
    assert f"cohen kappa A/B\tdocument {doc}\t" in per_document
    assert "cohen kappa A/C" not in per_document


def test_blind_mode_hides_the_others_everywhere_until_adjudication(db, tmp_path: Path) -> None:
    project, _ = db
    doc = _import(db)
    run("project", "set", "--blind", "on", db=project)
    run(
        "annotate",
        doc,
        "--quote",
        UNITS[0],
        "--label",
        "claim",
        "--as",
        "ana",
        "--verdict",
        "false",
        db=project,
    )
    run("annotate", doc, "--quote", UNITS[1], "--label", "counterclaim", "--as", "ben", db=project)

    def seen_by(name: str) -> set[str]:
        lines = run("annotations", doc, "--as", name, db=project).out.splitlines()
        return {line.split("\t")[4] for line in lines}

    assert seen_by("ben") == {UNITS[1]}
    assert seen_by("ana") == {UNITS[0]}
    refused = run("annotations", doc, "--as", "ben", "--layer", "ana", db=project, check=False)
    assert refused.code == 2 and "Blind mode is on" in refused.err
    for text in ("", "Statement"):
        hits = [line.split("\t") for line in run("search", text, "--as", "ben", db=project).out.splitlines()]
        assert [hit[2] for hit in hits if hit[0] == "annotation"] == ["counterclaim"]
    export = tmp_path / "ben.csv"
    run("export", "--format", "csv", "-o", str(export), "--as", "ben", db=project)
    quotes = [row["quote"] for row in csv.DictReader(io.StringIO(export.read_text(encoding="utf-8-sig")))]
    assert quotes == [UNITS[1]]
    report = run("timeline", "--format", "md", "-o", "-", "--as", "ben", db=project).out
    assert UNITS[1] in report and UNITS[0] not in report
    assert [
        line.split("\t")[0] for line in run("annotators", "--as", "ben", db=project).out.splitlines()
    ] == ["ben"]
    assert "0 claims, 1 counterclaims" in run("list", "--as", "ben", db=project).out
    assert run("agreement", "--as", "ben", db=project, check=False).code == 2

    run("adjudicate", "open", "--as", "rev", db=project)
    assert seen_by("ben") == {UNITS[0], UNITS[1]}
    assert sorted(
        line.split("\t")[0] for line in run("annotators", "--as", "ben", db=project).out.splitlines()
    ) == [
        "ana",
        "ben",
    ]


def test_adjudication_through_the_cli(db, tmp_path: Path) -> None:
    project, _ = db
    doc = _import(db)
    for who, label, verdict in (("ana", "claim", "false"), ("ben", "counterclaim", "mixed")):
        run(
            "annotate",
            doc,
            "--quote",
            UNITS[0],
            "--label",
            label,
            "--verdict",
            verdict,
            "--as",
            who,
            db=project,
        )
        run("annotate", doc, "--quote", UNITS[2], "--label", "claim", "--as", who, db=project)
    refused = run("adjudicate", "list", db=project, check=False)
    assert refused.code == 0  # listing needs no open adjudication
    units = [
        line.split("\t")
        for line in run("adjudicate", "list", db=project).out.splitlines()
        if line.startswith("unit")
    ]
    assert len(units) == 1 and units[0][5] == "label,verdict"
    key = units[0][1]
    not_open = run("adjudicate", "accept", key, "--from", "ana", db=project, check=False)
    assert not_open.code == 2 and "not open" in not_open.err
    run("adjudicate", "open", "--as", "rev", db=project)
    decided = run(
        "adjudicate", "merge", key, "--from", "ana", "--verdict", "ben", "--as", "rev", db=project
    ).out
    decision_id, kind, result_id, who = decided.strip().split("\t")
    assert (kind, who) == ("merge", "rev")
    assert run("adjudicate", "list", db=project).out == ""
    agreed = run("adjudicate", "agreed", "--as", "rev", db=project).out
    assert "accepted\t1 agreed units" in agreed
    adjudicated = run("annotations", doc, "--layer", "adjudicated", db=project).out.splitlines()
    assert [(line.split("\t")[1], line.split("\t")[4], line.split("\t")[5]) for line in adjudicated] == [
        ("claim", UNITS[0], "rev"),
        ("claim", UNITS[2], "rev"),
    ]
    # Exports use the adjudicated layer now that adjudication is open; the verdict came from ben.
    export = tmp_path / "adjudicated.csv"
    run("export", "--format", "csv", "-o", str(export), db=project)
    rows = list(csv.DictReader(io.StringIO(export.read_text(encoding="utf-8-sig"))))
    assert [(r["quote"], r["verdict"], r["annotator"]) for r in rows] == [
        (UNITS[0], "mixed", "rev"),
        (UNITS[2], "unverified", "rev"),
    ]
    listed = run("adjudicate", "decisions", db=project).out.splitlines()
    assert len(listed) == 2 and all(line.split("\t")[6] == "rev" for line in listed)
    run("adjudicate", "undo", decision_id, db=project)
    assert run("annotations", doc, "--layer", "adjudicated", db=project).out.count(UNITS[0]) == 0
    assert key in run("adjudicate", "list", db=project).out
