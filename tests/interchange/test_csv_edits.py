"""A CSV edited in a spreadsheet comes back: preview without writing, apply in one transaction, undo."""

from __future__ import annotations

import csv
import io
import re

import pytest

from factcheck.domain import BadInputError, ImportedDocument, Verdict
from factcheck.interchange.csv_annotations import COLUMNS
from factcheck.services import csv_edits
from tests.interchange.support import annotations, links


def export(sample, tmp_path, name="export.csv") -> tuple[list[dict[str, str]], object]:
    target = tmp_path / name
    sample.project.interchange.export("csv", target)
    with open(target, encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle)), target


def save(
    rows: list[dict[str, str]], path, *, delimiter=",", encoding="utf-8-sig", lineterminator="\r\n"
) -> None:
    with open(path, "w", encoding=encoding, newline="") as handle:
        writer = csv.DictWriter(handle, COLUMNS, delimiter=delimiter, lineterminator=lineterminator)
        writer.writeheader()
        writer.writerows(rows)


def by_id(rows, annotation_id):
    return next(row for row in rows if row["annotation_id"] == annotation_id)


def test_verdict_changes_and_a_deleted_row_preview_apply_and_undo(sample, tmp_path) -> None:
    project = sample.project
    before, before_links = annotations(project), links(project)
    rows, _ = export(sample, tmp_path)
    by_id(rows, sample.counter)["verdict"] = "False"
    by_id(rows, sample.audit)["verdict"] = "Mostly supported"
    by_id(rows, sample.audit)["claimant"] = "The Auditor"
    by_id(rows, sample.audit)["claim_date"] = "2022-01-05"
    by_id(rows, sample.dash)["label"] = "Counterclaim"
    by_id(rows, sample.dash)["note"] = "'=still a formula, kept as text"
    by_id(rows, sample.claim)["note"] = by_id(rows, sample.claim)["note"].replace(
        "\r\n", "\n"
    )  # Excel's line ends
    rows = [row for row in rows if row["annotation_id"] != sample.repeat]  # deleted in the spreadsheet
    edited = tmp_path / "edited.csv"
    save(rows, edited, delimiter=";")  # a European spreadsheet's separator

    preview = project.csv_edits.preview(edited)
    assert annotations(project) == before  # nothing written
    assert preview.field_counts == {
        "label": 1,
        "claimant": 1,
        "claim_date": 1,
        "attribution": 0,
        "verdict": 2,
        "rating_text": 0,
        "rating_value": 0,
        "rating_best": 0,
        "rating_worst": 0,
        "note": 1,
    }
    assert [d.annotation_id for d in preview.deletions] == [sample.repeat]
    assert preview.summary(delete_missing=True) == (
        "1 label changed, 1 claimant changed, 1 claim date changed, 2 verdicts changed, 1 note changed, "
        "1 annotation would be deleted."
    )
    assert {c.annotation_id for c in preview.changes} == {sample.counter, sample.audit, sample.dash}
    assert preview.unchanged == 1 and preview.problems == ()

    applied = project.csv_edits.apply(preview, delete_missing=True)
    after = project.annotations.get_many([sample.counter, sample.audit, sample.dash])
    assert [str(a.verdict) for a in after] == ["false", "mostly_supported", "unverified"]
    assert (after[1].claimant_name, after[1].claim_date) == ("The Auditor", "2022-01-05")
    assert (after[2].label_name, after[2].note) == ("counterclaim", "=still a formula, kept as text")
    assert project.annotations.get_many([sample.repeat]) == []
    assert len(applied.deleted) == 1 and len(applied.deleted[0].links) == 2
    assert applied.created_claimants and project.claimants.by_name("The Auditor")

    project.csv_edits.undo(applied)
    assert annotations(project) == before and links(project) == before_links
    with pytest.raises(BadInputError):
        project.claimants.by_name("The Auditor")


def test_deletions_only_when_asked(sample, tmp_path) -> None:
    rows, _ = export(sample, tmp_path)
    edited = tmp_path / "edited.csv"
    save([row for row in rows if row["annotation_id"] != sample.dash], edited)
    preview = sample.project.csv_edits.preview(edited)
    assert preview.is_empty() and not preview.is_empty(delete_missing=True)
    assert "kept: deletions not asked for" in preview.summary()
    sample.project.csv_edits.apply(preview)
    assert sample.project.annotations.get_many([sample.dash])
    # A document with no row left in the CSV is not touched; an annotation made after the export is kept.
    save([row for row in rows if row["document_id"] == sample.doc_a], edited)
    new = sample.project.annotations.create_from_quote(
        sample.doc_a, "Critics", sample.project.labels.list()[0].id
    )
    preview = sample.project.csv_edits.preview(edited)
    assert preview.deletions == () and [d.annotation_id for d in preview.kept_recent] == [new.id]


def test_rows_that_cannot_be_trusted_are_reported_and_never_applied(sample, tmp_path) -> None:
    rows, _ = export(sample, tmp_path)
    by_id(rows, sample.claim)["quote"] = "the bridge cost a lot"  # quote no longer matches the text
    by_id(rows, sample.claim)["verdict"] = "supported"
    by_id(rows, sample.counter)["start"] = "3"
    by_id(rows, sample.dash)["verdict"] = "probably"
    by_id(rows, sample.audit)["label"] = "opinion"
    by_id(rows, sample.repeat)["claim_date"] = "10/7/2021"  # what a spreadsheet makes of a date
    rows.append({**rows[0], "annotation_id": "11111111-2222-3333-4444-555555555555", "verdict": "false"})
    rows.append(dict(rows[1]))
    edited = tmp_path / "edited.csv"
    save(rows, edited)
    preview = sample.project.csv_edits.preview(edited)
    reasons: dict[str, str] = {}
    for problem in preview.problems:
        reasons[problem.annotation_id] = reasons.get(problem.annotation_id, "") + problem.reason
    assert "The spreadsheet changed the quote cell" in reasons[sample.claim]  # not the document's fault
    assert "no longer hold its quote" in reasons[sample.counter]
    assert "'probably' is not a verdict" in reasons[sample.dash]
    assert "no label named 'opinion'" in reasons[sample.audit]
    assert "is not a claim date" in reasons[sample.repeat]
    assert "No annotation with this id" in reasons["11111111-2222-3333-4444-555555555555"]
    assert "listed twice" in reasons[rows[1]["annotation_id"]]
    assert len(preview.problems) == 7
    # A bad cell never discards the row's other cells: the claim's verdict still applies.
    assert [(c.annotation_id, c.fields) for c in preview.changes] == [
        (sample.claim, {"verdict": "supported"})
    ]
    assert [p.line for p in preview.problems][-1] == 8  # the header is line 1


def test_changed_in_factcheck_after_the_export(sample, tmp_path) -> None:
    rows, _ = export(sample, tmp_path)
    sample.project.annotations.update(sample.counter, verdict="mixed")
    by_id(rows, sample.counter)["verdict"] = "false"
    by_id(rows, sample.dash)["verdict"] = "false"
    edited = tmp_path / "edited.csv"
    save(rows, edited)
    preview = sample.project.csv_edits.preview(edited)
    assert [(p.annotation_id, p.reason) for p in preview.problems] == [
        (sample.counter, "It was changed in factcheck after this CSV was exported.")
    ]
    # …and between the preview and apply: nothing is applied.
    sample.project.annotations.update(sample.dash, note="meanwhile")
    with pytest.raises(BadInputError, match="preview the CSV again"):
        sample.project.csv_edits.apply(preview)
    assert sample.project.annotations.get(sample.dash).verdict is Verdict.UNVERIFIED


def test_apply_is_one_transaction(sample, tmp_path, monkeypatch) -> None:
    rows, _ = export(sample, tmp_path)
    for row in rows:
        row["claimant"] = f"Speaker of {row['annotation_id'][:4]}"
        row["verdict"] = "mixed"
    edited = tmp_path / "edited.csv"
    save(rows, edited)
    preview = sample.project.csv_edits.preview(edited)
    before = annotations(sample.project)
    calls = []
    real = csv_edits.claimant_for

    def failing(session, name):
        calls.append(name)
        if len(calls) == 3:
            raise BadInputError("disk trouble")
        return real(session, name)

    monkeypatch.setattr("factcheck.services.csv_edits.claimant_for", failing)
    with pytest.raises(BadInputError):
        sample.project.csv_edits.apply(preview)
    assert annotations(sample.project) == before
    assert {c.name for c in sample.project.claimants.list()} == {"Mayor Smith", "Critics"}


def test_not_a_factcheck_csv(project, tmp_path) -> None:
    other = tmp_path / "other.csv"
    other.write_text("name,age\nann,3\n", encoding="utf-8")
    with pytest.raises(BadInputError, match="not a factcheck CSV"):
        project.csv_edits.preview(other)


def excel_ansi_semicolon(rows: list[dict[str, str]], path) -> None:
    """What Excel on Western Windows writes for File > Save As > "CSV (semicolon)": Windows-1252 without
    a BOM, ';' separators, CRLF, a decimal comma, booleans as TRUE/FALSE, percentages as shown, and '?' for
    every character it cannot encode (two for an emoji: one per UTF-16 unit)."""
    text = io.StringIO()
    writer = csv.DictWriter(text, COLUMNS, delimiter=";", lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        row = dict(row)
        for key, value in row.items():
            if value.lower() in ("true", "false"):
                row[key] = value.upper()
            elif re.fullmatch(r"\d+%", value):
                row[key] = f"{value[:-1]}.00%"
            elif re.fullmatch(r"\d+\.\d+", value):
                row[key] = value.replace(".", ",")
        writer.writerow(row)
    encoded = bytearray()
    for ch in text.getvalue():
        try:
            encoded += ch.encode("cp1252")
        except UnicodeEncodeError:
            encoded += b"??" if ord(ch) > 0xFFFF else b"?"
    path.write_bytes(bytes(encoded))


def test_an_excel_ansi_save_with_lost_characters_decimal_commas_and_reformatted_cells(
    sample, tmp_path
) -> None:
    project = sample.project
    labels = {label.name: label.id for label in project.labels.list()}
    turnout = project.documents.add(
        ImportedDocument(
            text="Turnout was 87% in 2020, the mayor said.", source_format="txt", title="Turnout"
        )
    )
    pct = project.annotations.create_from_quote(turnout.id, "87%", labels["claim"])
    project.annotations.update(sample.counter, claimant="Amélie Benıssa")  # ı: not in Windows-1252
    project.annotations.update(sample.audit, note="Checked 😀 twice", rating_text="False")
    rows, _ = export(sample, tmp_path)
    by_id(rows, sample.claim)["rating_value"] = "3.5"  # Excel writes 3,5
    by_id(rows, sample.repeat)["verdict"] = "Mostly supported"
    by_id(rows, pct.id)["verdict"] = "false"  # Excel writes FALSE
    edited = tmp_path / "excel.csv"
    excel_ansi_semicolon(rows, edited)
    data = edited.read_bytes()
    assert b"Ben?ssa" in data and b"Checked ?? twice" in data and b"87.00%" in data and b";3,5;" in data
    assert b";FALSE;" in data and not data.startswith(b"\xef\xbb\xbf")

    before = annotations(project)
    preview = project.csv_edits.preview(edited)
    assert annotations(project) == before
    changes = {c.annotation_id: c.fields for c in preview.changes}
    assert changes == {
        sample.claim: {"rating_value": 3.5},
        sample.repeat: {"verdict": "mostly_supported"},
        pct.id: {"verdict": "false"},
    }
    problems = {(p.annotation_id, p.column): p.reason for p in preview.problems}
    assert set(problems) == {
        (sample.counter, "claimant"),
        (sample.counter, "quote"),  # its emoji became ??
        (sample.audit, "note"),
        (pct.id, "quote"),
    }
    assert "lost characters" in problems[sample.counter, "claimant"]
    assert "CSV UTF-8" in problems[sample.audit, "note"]
    assert problems[pct.id, "quote"].startswith("The spreadsheet changed the quote cell")
    assert "(characters it could not save became ?)" in problems[sample.counter, "quote"]
    assert preview.summary().endswith("; 4 cells not applied.")
    project.csv_edits.apply(preview)
    assert project.annotations.get(sample.counter).claimant_name == "Amélie Benıssa"  # never "Ben?ssa"
    assert project.annotations.get(sample.audit).note == "Checked 😀 twice"
    assert project.annotations.get(sample.audit).rating_text == "False"  # FALSE is no change
    assert project.annotations.get(sample.claim).rating_value == 3.5
    assert str(project.annotations.get(pct.id).verdict) == "false"
    assert not project.claimants.list() or "Amélie Ben?ssa" not in {c.name for c in project.claimants.list()}
