"""Hostile and broken exchange files: each is imported, or refused with a FactcheckError whose message a
person can read — never a traceback. The crashes found by the fault campaign first, then fuzzing of
JSON-LD, REFI-QDA and CSV imports (hypothesis; bounded to well under a minute in all)."""

from __future__ import annotations

import csv
import io
import json
import os
import struct
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factcheck.domain import FactcheckError
from factcheck.interchange import xml_text as x
from factcheck.interchange.csv_annotations import COLUMNS
from factcheck.services.bundle_import import ImportReport
from tests.interchange import qualcoder
from tests.interchange.support import Template

FUZZ = settings(
    max_examples=int(os.environ.get("FACTCHECK_FUZZ_EXAMPLES", "100")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def imported_or_refused(call) -> ImportReport | None:
    """Run an import: a report, or None after a FactcheckError with a one-sentence message."""
    try:
        return call()
    except FactcheckError as exc:
        message = str(exc)
        assert message and "\n" not in message.strip() and "Traceback" not in message, message
        return None


def _zip(path, entries: dict[str, bytes], method=zipfile.ZIP_DEFLATED):
    with zipfile.ZipFile(path, "w", method) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return path


# --- The crashes of the fault campaign, one by one ------------------------------------------------------


def test_an_empty_note_a_selection_refers_to(project, tmp_path) -> None:
    qde = qualcoder.project_qde().replace(
        "</PlainTextSelection>\n",
        '<NoteRef targetGUID="e0000000-0000-4000-8000-000000000001"/>\n</PlainTextSelection>\n',
        1,
    )
    qde = qde.replace(
        "</Sources>\n",
        '</Sources>\n<Notes><Note guid="e0000000-0000-4000-8000-000000000001" name="empty"/></Notes>\n',
    )
    report = project.interchange.import_exchange(qualcoder.write(tmp_path / "n.qdpx", qde, crlf=False))
    assert len(report.annotations) == 3


def test_utf16_of_odd_length(project, tmp_path) -> None:
    qde = qualcoder.project_qde().replace('encoding="utf-8"', 'encoding="utf-16"').encode("utf-16")
    path = _zip(tmp_path / "odd.qdpx", {"project.qde": qde + b"x"})
    assert imported_or_refused(lambda: project.interchange.import_exchange(path)) is None
    source = b"\xff\xfe" + "The mayor said".encode("utf-16-le") + b"x"
    path = _zip(
        tmp_path / "odd-source.qdpx",
        {"project.qde": qualcoder.project_qde().encode(), f"sources/{qualcoder.SOURCE_GUID}.txt": source},
    )
    with pytest.raises(FactcheckError, match="not valid UTF-16"):
        project.interchange.import_exchange(path)


def _patch_entry(path, name: str, *, flag: int | None = None, method: int | None = None, corrupt=False):
    """Rewrite one entry's headers (flag bits, method) or its compressed bytes in place."""
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo(name)
    local = info.header_offset
    name_len, extra_len = struct.unpack("<HH", data[local + 26 : local + 30])
    if corrupt:
        start = local + 30 + name_len + extra_len
        for i in range(start + 2, start + info.compress_size - 2, 7):
            data[i] ^= 0x5A
    central = data.find(b"PK\x01\x02")  # this entry's central directory header: the one with its name
    while data[central + 46 : central + 46 + len(name)] != name.encode():
        central = data.find(b"PK\x01\x02", central + 1)
    for offset, field in ((6, "flag"), (8, "method")):
        value = flag if field == "flag" else method
        if value is not None:
            struct.pack_into("<H", data, local + offset, value)
            struct.pack_into("<H", data, central + offset + 2, value)
    path.write_bytes(bytes(data))


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"corrupt": True}, "damaged"),
        ({"flag": 0x1}, "encrypted"),
        ({"method": 9}, "cannot read \\(method 9\\)"),  # Deflate64
    ],
    ids=["corrupt-deflate", "encrypted", "deflate64"],
)
def test_damaged_encrypted_and_deflate64_entries(project, tmp_path, change, message) -> None:
    path = qualcoder.write(tmp_path / "h.qdpx", qualcoder.project_qde() + " " * 4000, crlf=False)
    _patch_entry(path, "project.qde", **change)
    with pytest.raises(FactcheckError, match=message):
        project.interchange.import_exchange(path)


def test_a_zip_bomb_is_stopped_early(project, tmp_path) -> None:
    path = _zip(
        tmp_path / "bomb.qdpx",
        {
            "project.qde": qualcoder.project_qde().encode(),
            f"sources/{qualcoder.SOURCE_GUID}.txt": bytes(40 << 20),
        },
    )
    assert path.stat().st_size < 200_000
    with pytest.raises(FactcheckError, match="like a zip bomb"):
        project.interchange.import_exchange(path)


def test_deep_xml_nesting(project, tmp_path) -> None:
    deep = 50_000
    codes = '<Code guid="c" name="x" isCodable="true">' * deep + "</Code>" * deep
    qde = qualcoder.project_qde().replace("</Codes>", codes + "</Codes>")
    path = qualcoder.write(tmp_path / "deep.qdpx", qde, crlf=False)
    assert imported_or_refused(lambda: project.interchange.import_exchange(path)) is not None
    tags = "<a>" * deep + "</a>" * deep
    path = _zip(
        tmp_path / "deeper.qdpx",
        {"project.qde": f'<Project xmlns="urn:QDA-XML:project:1.0">{tags}</Project>'.encode()},
    )
    assert imported_or_refused(lambda: project.interchange.import_exchange(path)) is not None


def test_entities_are_refused(project, tmp_path) -> None:
    laughs = '<?xml version="1.0"?><!DOCTYPE p [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]><Project>&b;</Project>'
    path = _zip(tmp_path / "laughs.qdpx", {"project.qde": laughs.encode()})
    with pytest.raises(FactcheckError, match="declares XML entities"):
        project.interchange.import_exchange(path)


@pytest.mark.parametrize(
    "document",
    [
        "[" * 2000 + "]" * 2000,
        json.dumps(
            {"type": "Annotation", "body": [True], "target": {"source": "urn:uuid:1", "selector": []}}
        ),
        json.dumps({"type": "AnnotationCollection", "first": {"items": 1.5}}),
        json.dumps({"type": "AnnotationCollection", "first": "urn:x:elsewhere"}),
        json.dumps({"type": "AnnotationPage", "items": [{"target": [1, None], "body": {"value": 3}}]}),
        json.dumps({"@graph": {"type": ["Annotation"], "target": {"source": {"id": 5}}}}),
        '"just a string"',
        "",
    ],
    ids=[
        "nested-2000",
        "body-true",
        "items-float",
        "pages-elsewhere",
        "odd-target",
        "graph",
        "string",
        "empty",
    ],
)
def test_malformed_json_ld(project, tmp_path, document) -> None:
    path = tmp_path / "bad.jsonld"
    path.write_text(document, encoding="utf-8")
    imported_or_refused(lambda: project.interchange.import_exchange(path))


# --- Fuzzing --------------------------------------------------------------------------------------------

W3C_KEYS = [
    "type",
    "id",
    "@id",
    "@type",
    "@graph",
    "items",
    "first",
    "next",
    "target",
    "body",
    "bodyValue",
    "selector",
    "source",
    "canonical",
    "exact",
    "prefix",
    "suffix",
    "start",
    "end",
    "purpose",
    "value",
    "motivation",
    "creator",
    "name",
    "created",
    "modified",
    "record",
    "claimant",
    "claimDate",
    "verdict",
    "ratingValue",
    "bestRating",
    "matters",
    "relation",
    "labelName",
    "factcheck:record",
]
W3C_VALUES = [
    "Annotation",
    "AnnotationPage",
    "AnnotationCollection",
    "TextQuoteSelector",
    "TextPositionSelector",
    "tagging",
    "commenting",
    "assessing",
    "linking",
    "urn:uuid:0b6c43a4-bb44-4c1f-a6e2-1b1a70a5e1f0",
    "https://news.example/a",
    "2021-10",
    "2024-01-02T03:04:05Z",
    "false",
    "bridge",
]
_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**70), 2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(W3C_VALUES),
    st.text(max_size=8),
)
json_values = st.recursive(
    _scalars,
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(st.sampled_from(W3C_KEYS) | st.text(max_size=4), inner, max_size=5)
    ),
    max_leaves=25,
)


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Template:
    return Template(tmp_path_factory.mktemp("hostile"))


@FUZZ
@given(document=json_values)
def test_fuzzed_json_ld(template, document) -> None:
    project = template.new()
    try:
        path = template.folder / "fuzz.jsonld"
        path.write_text(json.dumps(document), encoding="utf-8")
        imported_or_refused(lambda: project.interchange.import_exchange(path))
    finally:
        project.close()


_attr = st.one_of(st.integers(-3, 120).map(str), st.text(max_size=6), st.sampled_from(["", "{GUID}", "1e3"]))
_guids = st.sampled_from(["c1", "c2", "n1", "s1", "", "v1", "c0de0001-0000-4000-8000-000000000001"])


@st.composite
def qdpx_files(draw) -> dict[str, bytes]:
    """A project.qde built from random codes, selections, notes and links, and a random source text."""
    codes = "".join(
        f'<Code guid="{draw(_guids)}" name="{x.attribute(draw(st.text(max_size=6)))}" '
        f'isCodable="{draw(st.sampled_from(["true", "false", "maybe"]))}">'
        + (
            f'<Code guid="{draw(_guids)}" name="{draw(st.sampled_from(["false", "mixed", "x"]))}"/>'
            if draw(st.booleans())
            else ""
        )
        + "</Code>"
        for _ in range(draw(st.integers(0, 3)))
    )
    codes = (
        f'<Code guid="v1" name="Verdict" isCodable="false">{codes}</Code>' if draw(st.booleans()) else codes
    )
    selections = ""
    for _ in range(draw(st.integers(0, 4))):
        inner = "".join(
            draw(
                st.sampled_from(
                    [
                        f'<Coding guid="g"><CodeRef targetGUID="{draw(_guids)}"/></Coding>',
                        f'<NoteRef targetGUID="{draw(_guids)}"/>',
                        f"<Description>{x.text(draw(st.text(max_size=30)))}</Description>",
                        "<Description>Claimant: X\nVerdict: nonsense\nRating value: 3,5</Description>",
                        "<Coding/>",
                    ]
                )
            )
            for _ in range(draw(st.integers(0, 3)))
        )
        selections += (
            f'<PlainTextSelection guid="{draw(_guids)}" startPosition="{draw(_attr)}" endPosition="{draw(_attr)}" '
            f'name="{x.attribute(draw(st.text(max_size=10)))}">{inner}</PlainTextSelection>'
        )
    inline = draw(st.booleans())
    text = draw(st.text(max_size=80))
    content = f"<PlainTextContent>{x.text(text)}</PlainTextContent>" if inline else ""
    notes = "".join(
        f'<Note guid="{draw(_guids)}">'
        + draw(st.sampled_from(["", "<PlainTextContent>n</PlainTextContent>", "<PlainTextContent/>"]))
        + (
            f'<PlainTextSelection startPosition="{draw(_attr)}" endPosition="{draw(_attr)}"/>'
            if draw(st.booleans())
            else ""
        )
        + "</Note>"
        for _ in range(draw(st.integers(0, 2)))
    )
    links = "".join(
        f'<Link name="{draw(st.sampled_from(["disputes", "repeats", "x"]))}" originGUID="{draw(_guids)}" targetGUID="{draw(_guids)}"/>'
        for _ in range(draw(st.integers(0, 2)))
    )
    origin = draw(st.sampled_from(["QualCoder 3.7", "factcheck", "ATLAS.ti", ""]))
    qde = (
        f'<Project xmlns="urn:QDA-XML:project:1.0" origin="{origin}"><CodeBook><Codes>{codes}</Codes></CodeBook>'
        f'<Sources><TextSource guid="s1" name="t" plainTextPath="internal://s1.txt">{content}{selections}'
        f'<NoteRef targetGUID="{draw(_guids)}"/></TextSource><PDFSource guid="p"/></Sources>'
        f"<Notes>{notes}</Notes><Links>{links}</Links></Project>"
    )
    files = {"project.qde": qde.encode("utf-8")}
    if not inline:
        encoding = draw(st.sampled_from(["utf-8-sig", "utf-16", "cp1252", "bytes"]))
        if encoding == "bytes":
            files["sources/s1.txt"] = draw(st.binary(max_size=60))
        else:
            files["sources/s1.txt"] = text.replace("\n", "\r\n").encode(encoding, "replace")
    return files


@FUZZ
@given(files=qdpx_files(), flips=st.lists(st.integers(0, 10_000), max_size=3))
def test_fuzzed_qdpx(template, files, flips) -> None:
    project = template.new()
    try:
        path = _zip(template.folder / "fuzz.qdpx", files)
        if flips:  # and now and then, damage the archive itself
            data = bytearray(path.read_bytes())
            for flip in flips:
                data[flip % len(data)] ^= 0xFF
            path.write_bytes(bytes(data))
        imported_or_refused(lambda: project.interchange.import_exchange(path))
    finally:
        project.close()


CELLS = st.one_of(
    st.text(max_size=12),
    st.sampled_from(
        ["FALSE", "TRUE", "3,5", "87.00%", "?", "Ben?ssa", "2021-10", "10/7/2021", "'=1+1", "-", "nan"]
    ),
)


@pytest.fixture(scope="module")
def exported(template, tmp_path_factory):
    from factcheck.domain import ImportedDocument

    project = template.new()
    labels = {label.name: label.id for label in project.labels.list()}
    document = project.documents.add(
        ImportedDocument(text="Turnout was 87% 😀, the mayor said; critics disagree.", source_format="txt")
    )
    for quote in ("87% 😀", "the mayor said", "critics disagree"):
        project.annotations.create_from_quote(document.id, quote, labels["claim"], claimant="Amélie Benıssa")
    target = tmp_path_factory.mktemp("csv") / "export.csv"
    project.interchange.export("csv", target)
    with open(target, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return project.path, rows


@FUZZ
@given(
    edits=st.lists(st.tuples(st.integers(0, 2), st.sampled_from(COLUMNS), CELLS), max_size=6),
    delimiter=st.sampled_from([",", ";", "\t"]),
    encoding=st.sampled_from(["utf-8-sig", "cp1252", "utf-16"]),
)
def test_fuzzed_csv(template, exported, edits, delimiter, encoding) -> None:
    from factcheck.services import Project

    path, rows = exported
    rows = [dict(row) for row in rows]
    for row, column, value in edits:
        rows[row][column] = value
    text = io.StringIO()
    writer = csv.DictWriter(text, COLUMNS, delimiter=delimiter, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    edited = template.folder / "edited.csv"
    edited.write_bytes(text.getvalue().encode(encoding, "replace"))
    project = Project.open(path)
    try:
        preview = imported_or_refused(lambda: project.csv_edits.preview(edited))
        if preview is not None:
            applied = imported_or_refused(lambda: project.csv_edits.apply(preview))
            if applied is not None:
                project.csv_edits.undo(applied)
    finally:
        project.close()


def test_the_fuzzers_can_fail() -> None:
    """imported_or_refused lets anything but a FactcheckError through, and checks the message."""
    with pytest.raises(KeyError):
        imported_or_refused(lambda: {}["missing"])
    with pytest.raises(AssertionError):
        imported_or_refused(lambda: (_ for _ in ()).throw(FactcheckError("two\nlines")))
