"""Export then import gives back the same annotations, field for field: random projects (emoji, CRLF,
quotes, commas, newlines, leading = + - @ in notes, quotes, labels and titles) through CSV, W3C JSON-LD and
REFI-QDA."""

from __future__ import annotations

import csv
import json
import os
import random
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from lxml import etree

from factcheck.interchange.csv_annotations import COLUMNS, TEXT_COLUMNS
from factcheck.interchange.spreadsheet import restore
from tests.interchange.support import SCHEMAS, Template, annotations, build, links, plans, w3c_errors

SETTINGS = settings(
    max_examples=int(os.environ.get("FACTCHECK_EXAMPLES", "20")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Template:
    return Template(tmp_path_factory.mktemp("roundtrip"))


@pytest.fixture(scope="module")
def xsd():
    return etree.XMLSchema(etree.parse(str(SCHEMAS / "refi-qda" / "Project.xsd")))


def _csv_rows(path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


@SETTINGS
@given(plan=plans())
def test_csv_reads_back_field_for_field_and_an_edit_round_trips(template, plan) -> None:
    project = template.new()
    try:
        build(project, plan)
        before = annotations(project)
        target = template.folder / f"{project.path.stem}.csv"
        project.interchange.export("csv", target)
        rows = _csv_rows(target)
        assert [row["annotation_id"] for row in rows] == sorted(
            before, key=lambda i: (before[i][0], before[i][2], before[i][3], i)
        )
        for row in rows:
            a = before[row["annotation_id"]]
            assert restore(row["quote"]) == a[4] and restore(row["note"]) == a[19]
            assert (restore(row["prefix"]), restore(row["suffix"]), restore(row["label"])) == (
                a[5],
                a[6],
                a[1],
            )
            assert restore(row["claimant"]) == a[10] and (row["claim_date"] or None) == a[11]
            assert (int(row["start"]), int(row["end"]), row["verdict"]) == (a[2], a[3], str(a[14]))
            assert [
                float(row[k]) if row[k] else None for k in ("rating_value", "rating_best", "rating_worst")
            ] == [a[16], a[17], a[18]]
            for column in TEXT_COLUMNS:  # numbers ("-3") are numbers, never formulas: left as they are
                assert row[column][:1] not in "=+-@\t\r" or row[column][:1] == "", row[column]
        # An unedited CSV changes nothing.
        preview = project.csv_edits.preview(target)
        assert not preview.changes and not preview.problems and not preview.deletions
        # Edit verdicts, notes and claimants of some rows; apply; the project now says what the CSV says.
        rng = random.Random(len(rows))
        for row in rows:
            if rng.random() < 0.6:
                row["verdict"] = rng.choice(["False", "mostly supported", "unverified"])
                row["note"] = '\'=edited, "note"\r\nline 2'
                row["claimant"] = rng.choice(["", "New Speaker 😀", row["claimant"]])
        edited = template.folder / f"{project.path.stem}-edited.csv"
        with open(edited, "w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.DictWriter(handle, COLUMNS, lineterminator="\r\n")
            writer.writeheader()
            writer.writerows(rows)
        applied = project.csv_edits.apply(project.csv_edits.preview(edited))
        after = annotations(project)
        for row in rows:
            a = after[row["annotation_id"]]
            assert a[14] == row["verdict"].lower().replace(" ", "_")
            assert a[19].replace("\r\n", "\n") == restore(row["note"]).replace("\r\n", "\n")
            assert a[10] == restore(row["claimant"])
        project.csv_edits.undo(applied)
        assert annotations(project) == before
    finally:
        project.close()


@SETTINGS
@given(plan=plans())
def test_w3c_json_ld_round_trip_and_schema(template, plan) -> None:
    project = template.new()
    try:
        build(project, plan)
        before, before_links = annotations(project), links(project)
        target = template.folder / f"{project.path.stem}.jsonld"
        project.interchange.export("jsonld", target)
        collection = json.loads(target.read_text(encoding="utf-8"))
        assert w3c_errors(collection) == []
        assert collection["total"] == len(before) + len(before_links)
        for annotation_id in before:
            project.annotations.delete(annotation_id)
        assert annotations(project) == {}
        report = project.interchange.import_exchange(target)
        assert report.skipped == () and report.moved == 0
        assert annotations(project) == before
        assert links(project) == before_links
    finally:
        project.close()


@SETTINGS
@given(plan=plans())
def test_qdpx_round_trip_into_a_new_project_and_xsd(template, plan, xsd) -> None:
    project = template.new()
    other = template.new()
    try:
        build(project, plan)
        before, before_links = annotations(project), links(project)
        target = template.folder / f"{project.path.stem}.qdpx"
        project.interchange.export("qdpx", target)
        with zipfile.ZipFile(target) as archive:
            qde = etree.fromstring(archive.read("project.qde"))
            names = archive.namelist()
        assert xsd.validate(qde), xsd.error_log
        documents = project.documents.list()
        assert {f"Sources/{d.id}.txt" for d in documents} <= set(names)
        report = other.interchange.import_exchange(target)
        assert report.skipped == ()
        assert annotations(other) == before
        assert links(other) == before_links
        assert {
            (d.id, d.title, d.outlet, d.url, d.published_at, d.text_sha256) for d in other.documents.list()
        } == {(d.id, d.title, d.outlet, d.url, d.published_at, d.text_sha256) for d in documents}
        other.interchange.undo_import(report)
        assert other.documents.list() == [] and annotations(other) == {}
    finally:
        project.close()
        other.close()
