"""The annotations and links CSVs: columns, Excel-safe bytes, formula neutralising, scopes, atomic writing."""

from __future__ import annotations

import csv
import io

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from factcheck.domain import NotFoundError
from factcheck.interchange.atomic import ExportCancelled, ExportError
from factcheck.interchange.csv_annotations import COLUMNS
from factcheck.interchange.csv_links import COLUMNS as LINK_COLUMNS
from factcheck.interchange.spreadsheet import TRIGGERS, neutralise, restore
from factcheck.services.export_source import Scope


def read(path, encoding="utf-8-sig") -> list[dict[str, str]]:
    with open(path, encoding=encoding, newline="") as handle:
        return list(csv.DictReader(handle))


def test_columns_bytes_and_quoting(sample, tmp_path) -> None:
    target = tmp_path / "out.csv"
    result = sample.project.interchange.export("csv", target)
    data = target.read_bytes()
    assert result.items == 5
    assert data.startswith(b"\xef\xbb\xbfannotation_id,document_id,document_title,")
    assert data.count(b"\r\n") >= 6  # every row ends with CRLF (and the note's own CRLF is kept)
    header = data[3:].split(b"\r\n", 1)[0].decode()
    assert tuple(header.split(",")) == COLUMNS
    rows = {row["annotation_id"]: row for row in read(target)}
    claim = rows[sample.claim]
    assert claim["document_title"] == "'=Bridge costs"
    assert claim["outlet"] == 'Daily, "News"' and claim["author"] == "'-Jo"
    assert claim["quote"] == "the bridge cost =2+2 million"  # only the first character matters
    assert claim["note"] == '\'=HYPERLINK("http://evil")\r\n- and a list'
    assert claim["annotator"] == "'@ana"
    start = sample.project.documents.text(sample.doc_a).index("the bridge cost")
    assert (claim["start"], claim["end"]) == (str(start), str(start + 28))
    assert (claim["claimant"], claim["claim_date"], claim["claim_date_precision"]) == (
        "Mayor Smith",
        "2021-10",
        "month",
    )
    assert (claim["attribution"], claim["verdict"], claim["rating_text"]) == (
        "paraphrase",
        "false",
        "Pants on fire",
    )
    assert (claim["rating_value"], claim["rating_best"], claim["rating_worst"]) == ("1", "5", "1")
    assert claim["matters"] == sample.matter
    assert claim["disputed_by"] == sample.counter and claim["repeated_by"] == sample.repeat
    assert (
        rows[sample.repeat]["repeats"] == sample.claim and rows[sample.repeat]["disputed_by"] == sample.audit
    )
    assert claim["published_at"] == "2021-12-09T16:39:00.000000Z"
    assert claim["created_at"].endswith("Z") and "T" in claim["created_at"]
    assert rows[sample.dash]["quote"] == "'-The council said nothing."
    assert rows[sample.counter]["quote"] == "the bridge was cheap 😀"
    # Raw bytes: RFC 4180 doubling of embedded quotes, no backslashes.
    assert b'"\'=HYPERLINK(""http://evil"")\r\n- and a list"' in data


def test_pandas_and_no_bom(sample, tmp_path) -> None:
    with_bom, plain = tmp_path / "bom.csv", tmp_path / "plain.csv"
    sample.project.interchange.export("csv", with_bom)
    sample.project.interchange.export("csv", plain, bom=False)
    assert not plain.read_bytes().startswith(b"\xef\xbb\xbf")
    assert plain.read_bytes() == with_bom.read_bytes()[3:]
    for path in (with_bom, plain):
        frame = pd.read_csv(path, encoding="utf-8-sig", dtype=str, keep_default_na=False)
        assert tuple(frame.columns) == COLUMNS
        assert frame.to_dict("records") == read(path)
    frame = pd.read_csv(plain, encoding="utf-8")  # types inferred: positions are numbers
    assert frame["start"].dtype.kind == "i" and frame["rating_best"].dropna().tolist() == [5.0]


def test_links_csv(sample, tmp_path) -> None:
    target = tmp_path / "links.csv"
    result = sample.project.interchange.export("links-csv", target)
    rows = read(target)
    assert result.items == 3 and tuple(rows[0]) == LINK_COLUMNS
    by_source = {row["source_id"]: row for row in rows}
    repeat = by_source[sample.repeat]
    assert (repeat["relation"], repeat["target_id"]) == ("repeats", sample.claim)
    assert repeat["source_quote"] == repeat["target_quote"] == "the bridge cost =2+2 million"
    assert (repeat["source_document"], repeat["target_document"]) == ("Follow-up", "'=Bridge costs")
    # A document's export lists the links reaching into it from elsewhere.
    sample.project.interchange.export("links-csv", target, Scope.document(sample.doc_b))
    assert {(row["source_id"], row["target_id"]) for row in read(target)} == {
        (sample.repeat, sample.claim),
        (sample.audit, sample.repeat),
    }


def test_scopes(sample, tmp_path) -> None:
    target = tmp_path / "scope.csv"
    interchange = sample.project.interchange

    def ids(scope: Scope) -> set[str]:
        interchange.export("csv", target, scope)
        return {row["annotation_id"] for row in read(target)}

    assert ids(Scope.document(sample.doc_b)) == {sample.repeat, sample.audit}
    assert ids(Scope.matter(sample.matter)) == {sample.claim, sample.counter, sample.repeat}
    assert ids(Scope.annotations([sample.audit, sample.dash, "no-such-id"])) == {sample.audit, sample.dash}
    assert interchange.count(Scope.matter(sample.matter)) == 3
    with pytest.raises(NotFoundError):
        interchange.export("csv", target, Scope.document("nope"))


def test_cancel_half_way_keeps_the_previous_file(sample, tmp_path) -> None:
    folder = tmp_path / "exports"
    folder.mkdir()
    target = folder / "keep.csv"
    target.write_bytes(b"the previous export")
    seen = []

    def cancelled() -> bool:
        return len(seen) >= 2

    # Progress every row, so cancelling lands between rows.
    interchange = sample.project.interchange
    with pytest.raises(ExportCancelled):
        interchange.export(
            "csv", target, progress=lambda done, total: seen.append((done, total)), cancelled=cancelled
        )
    assert target.read_bytes() == b"the previous export"
    assert sorted(p.name for p in folder.iterdir()) == ["keep.csv"]  # no temporary file left
    assert seen == [(1, 5), (2, 5)]
    for fmt in ("jsonld", "qdpx", "claimreview", "links-csv"):
        with pytest.raises(ExportCancelled):
            interchange.export(fmt, target, cancelled=lambda: True)
        assert target.read_bytes() == b"the previous export"


def test_progress_and_failures(sample, tmp_path, monkeypatch) -> None:
    seen = []
    sample.project.interchange.export("csv", tmp_path / "p.csv", progress=lambda d, t: seen.append((d, t)))
    assert seen[-1] == (5, 5)
    with pytest.raises(ExportError, match="does not exist"):
        sample.project.interchange.export("csv", tmp_path / "missing" / "x.csv")
    folder = tmp_path / "exports"
    folder.mkdir()
    target = folder / "fail.csv"
    target.write_text("previous")
    monkeypatch.setattr("factcheck.interchange.csv_annotations.format_number", lambda v: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        sample.project.interchange.export("csv", target)
    assert target.read_text() == "previous" and [p.name for p in folder.iterdir()] == ["fail.csv"]


@given(st.text())
def test_neutralise_is_undone_exactly(value: str) -> None:
    written = neutralise(value)
    assert restore(written) == value
    assert written[:1] not in TRIGGERS


@given(st.lists(st.text(), min_size=1, max_size=5))
def test_neutralised_cells_survive_python_csv(cells: list[str]) -> None:
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\r\n").writerow([neutralise(c) for c in cells])
    (read_back,) = list(csv.reader(io.StringIO(buffer.getvalue(), newline="")))
    assert [restore(c) for c in read_back] == cells


def test_readable_columns_beside_the_ids(sample, tmp_path) -> None:
    """Matter names and the linked annotations' quotes (with their article) stand beside the id columns;
    published_day is the day the article bears, beside the UTC instant."""
    from datetime import datetime, timedelta, timezone

    from factcheck.domain import ImportedDocument

    pst = timezone(timedelta(hours=-8))
    late = sample.project.documents.add(
        ImportedDocument(
            text="Posted late on 9 December: the bridge opened.",
            source_format="txt",
            title="Evening news",
            published_at=datetime(2021, 12, 9, 16, 39, tzinfo=pst),
        )
    )
    sample.project.annotations.create_from_quote(
        late.id, "the bridge opened", sample.project.labels.list()[0].id
    )
    target = tmp_path / "out.csv"
    sample.project.interchange.export("csv", target)
    rows = {row["annotation_id"]: row for row in read(target)}
    claim = rows[sample.claim]
    assert COLUMNS.index("matter_names") == COLUMNS.index("matters") + 1
    assert COLUMNS.index("disputed_by_quotes") == COLUMNS.index("disputed_by") + 1
    assert COLUMNS.index("published_day") == COLUMNS.index("published_at") + 1
    assert claim["matter_names"] == "Bridge cost"
    assert claim["disputed_by_quotes"] == "“the bridge was cheap 😀” (=Bridge costs)"
    assert claim["repeated_by_quotes"] == "“the bridge cost =2+2 million” (Follow-up)"
    assert rows[sample.repeat]["disputed_by_quotes"] == "“that is false” (Follow-up)"
    assert claim["published_day"] == "2021-12-09"
    evening = next(row for row in rows.values() if row["document_title"] == "Evening news")
    assert (evening["published_at"], evening["published_day"]) == (
        "2021-12-10T00:39:00.000000Z",
        "2021-12-09",
    )
    assert (
        rows[sample.audit]["matter_names"] == ""
        and rows[sample.audit]["disputes_quotes"] == "“the bridge cost =2+2 million” (Follow-up)"
    )


def test_the_readable_columns_are_ignored_on_the_way_back_in(sample, tmp_path) -> None:
    target = tmp_path / "out.csv"
    sample.project.interchange.export("csv", target)
    rows = read(target)
    for row in rows:
        row["matter_names"] = "Something else"
        row["disputed_by_quotes"] = "edited in the spreadsheet"
        row["published_day"] = "1999-01-01"
    edited = tmp_path / "edited.csv"
    with open(edited, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.DictWriter(handle, COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    preview = sample.project.csv_edits.preview(edited)
    assert preview.changes == () and preview.problems == () and preview.unchanged == 5
