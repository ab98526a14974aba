"""REFI-QDA .qdpx: project.qde validates against the REFI-QDA XSD; files shaped like QualCoder's and
ATLAS.ti's exports import as documents, labels and annotations."""

from __future__ import annotations

import zipfile

import pytest
from lxml import etree
from sqlalchemy import text

from factcheck.domain import BadInputError
from factcheck.services.export_source import Scope
from tests.interchange.support import SCHEMAS, annotations, links

NS = {"q": "urn:QDA-XML:project:1.0"}


@pytest.fixture(scope="module")
def xsd():
    return etree.XMLSchema(etree.parse(str(SCHEMAS / "refi-qda" / "Project.xsd")))


def test_archive_xsd_and_contents(sample, tmp_path, xsd) -> None:
    target = tmp_path / "out.qdpx"
    sample.project.interchange.export("qdpx", target)
    with zipfile.ZipFile(target) as archive:
        names = set(archive.namelist())
        qde = etree.fromstring(archive.read("project.qde"))
        source_a = archive.read(f"Sources/{sample.doc_a}.txt").decode("utf-8")
    assert xsd.validate(qde), xsd.error_log
    assert source_a == sample.project.documents.text(sample.doc_a) and "\r" not in source_a
    assert {"project.qde", f"Sources/{sample.doc_b}.txt"} <= names
    assert qde.get("origin") == "factcheck"
    codes = {c.get("name"): c for c in qde.iterfind(".//q:Code", NS)}
    assert codes["claim"].get("color") == "#0072B2" and codes["Verdict"].get("isCodable") == "false"
    assert [u.get("name") for u in qde.iterfind(".//q:User", NS)] == ["@ana"]
    selection = qde.find(f".//q:PlainTextSelection[@guid='{sample.claim}']", NS)
    start, end = int(selection.get("startPosition")), int(selection.get("endPosition"))
    assert source_a[start:end] == selection.get("name") == "the bridge cost =2+2 million"
    description = selection.find("q:Description", NS).text
    assert (
        "Claimant: Mayor Smith\nClaim date: 2021-10\nAttribution: paraphrase\nVerdict: false" in description
    )
    note = qde.find(f".//q:Note[@guid='{selection.find('q:NoteRef', NS).get('targetGUID')}']", NS)
    assert note.find("q:PlainTextContent", NS).text == '=HYPERLINK("http://evil")\r\n- and a list'
    assert {
        (k.get("name"), k.get("originGUID"), k.get("targetGUID")) for k in qde.iterfind(".//q:Link", NS)
    } == {
        ("disputes", sample.counter, sample.claim),
        ("repeats", sample.repeat, sample.claim),
        ("disputes", sample.audit, sample.repeat),
    }
    cases = {c.get("name"): c for c in qde.iterfind(".//q:Case", NS)}
    assert {r.get("targetGUID") for r in cases["Mayor Smith"].iterfind("q:SelectionRef", NS)} == {
        sample.claim,
        sample.repeat,
    }
    assert cases["Bridge cost"].find("q:Description", NS).text == "Was it =2+2 million?"


def test_a_document_scope_holds_only_its_links(sample, tmp_path, xsd) -> None:
    target = tmp_path / "doc.qdpx"
    sample.project.interchange.export("qdpx", target, Scope.document(sample.doc_b))
    with zipfile.ZipFile(target) as archive:
        qde = etree.fromstring(archive.read("project.qde"))
    assert xsd.validate(qde), xsd.error_log
    assert len(qde.findall(".//q:TextSource", NS)) == 1
    assert [(k.get("originGUID"), k.get("targetGUID")) for k in qde.iterfind(".//q:Link", NS)] == [
        (sample.audit, sample.repeat)
    ]


def test_importing_its_own_export_into_the_same_project_adds_nothing(sample, tmp_path) -> None:
    target = tmp_path / "out.qdpx"
    sample.project.interchange.export("qdpx", target)
    before, before_links = annotations(sample.project), links(sample.project)
    report = sample.project.interchange.import_exchange(target)
    assert report.annotations == () and report.documents == () and report.matched_documents == 2
    assert annotations(sample.project) == before and links(sample.project) == before_links


def _qdpx(path, qde: str, sources: dict[str, bytes]) -> None:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("project.qde", qde.encode("utf-8"))
        for name, data in sources.items():
            archive.writestr(name, data)


# QualCoder: plain text with Windows line ends, positions counted in code points of the file as stored
# (CRLF = 2), end exclusive, the coded text as the selection's name, memos as descriptions.
QUALCODER_TEXT = "Interview 1\r\n\r\nQ: What did the bridge cost?\r\nA: Far too much, I’d say 😀 — €2m.\r\n"
QUALCODER = """<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
 name="bridge-study" origin="QualCoder-3.5" creatingUserGUID="5a8e4c1e-6c1b-4b4e-9d2f-0f3c8e1b2a11"
 creationDateTime="2024-03-01T10:00:00Z"
 xsi:schemaLocation="urn:QDA-XML:project:1.0 http://schema.qdasoftware.org/versions/Project/v1.0/Project.xsd">
<Users>
<User guid="5a8e4c1e-6c1b-4b4e-9d2f-0f3c8e1b2a11" name="default"/>
<User guid="7b9f5d2f-7d2c-4c5f-8e3a-1a4d9f2c3b22" name="maria"/>
</Users>
<CodeBook>
<Codes>
<Code guid="1f4a9b2c-3d5e-4f60-8a7b-9c0d1e2f3a44" name="Cost" isCodable="true" color="#F781F3">
<Description>Anything about money</Description>
<Code guid="2a5b0c3d-4e6f-4a71-9b8c-0d1e2f3a4b55" name="Too expensive" isCodable="true" color="#FA58F4"/>
</Code>
<Code guid="3b6c1d4e-5f7a-4b82-8c9d-1e2f3a4b5c66" name="Emotion" isCodable="true" color="#81BEF7"/>
</Codes>
</CodeBook>
<Sources>
<TextSource guid="4c7d2e5f-6a8b-4c93-9dae-2f3a4b5c6d77" name="interview1.txt"
 plainTextPath="internal://4c7d2e5f-6a8b-4c93-9dae-2f3a4b5c6d77.txt"
 creatingUser="5a8e4c1e-6c1b-4b4e-9d2f-0f3c8e1b2a11" creationDateTime="2024-03-01T10:05:00Z">
<PlainTextSelection guid="5d8e3f6a-7b9c-4da4-8ebf-3a4b5c6d7e88" startPosition="{s1}" endPosition="{e1}"
 name="Far too much" creatingUser="7b9f5d2f-7d2c-4c5f-8e3a-1a4d9f2c3b22" creationDateTime="2024-03-02T09:00:00Z">
<Description>Says it was too expensive.</Description>
<Coding guid="6e9f4a7b-8cad-4eb5-9fc0-4b5c6d7e8f99" creatingUser="7b9f5d2f-7d2c-4c5f-8e3a-1a4d9f2c3b22">
<CodeRef targetGUID="2a5b0c3d-4e6f-4a71-9b8c-0d1e2f3a4b55"/>
</Coding>
<Coding guid="7fa05b8c-9dbe-4fc6-a0d1-5c6d7e8f9aa0" creatingUser="7b9f5d2f-7d2c-4c5f-8e3a-1a4d9f2c3b22">
<CodeRef targetGUID="3b6c1d4e-5f7a-4b82-8c9d-1e2f3a4b5c66"/>
</Coding>
</PlainTextSelection>
<PlainTextSelection guid="80b16c9d-aecf-4ad7-b1e2-6d7e8f9a0bb1" startPosition="{s2}" endPosition="{e2}"
 name="€2m" creatingUser="5a8e4c1e-6c1b-4b4e-9d2f-0f3c8e1b2a11" creationDateTime="2024-03-02T09:01:00Z">
<Coding guid="91c27dae-bfd0-4be8-82f3-7e8f9a0b1cc2"><CodeRef targetGUID="1f4a9b2c-3d5e-4f60-8a7b-9c0d1e2f3a44"/></Coding>
<NoteRef targetGUID="a2d38ebf-c0e1-4cf9-93a4-8f9a0b1c2dd3"/>
</PlainTextSelection>
</TextSource>
<PictureSource guid="b3e49fc0-d1f2-4d0a-a4b5-9a0b1c2d3ee4" name="photo.jpg" path="internal://b3e49fc0.jpg"/>
</Sources>
<Notes>
<Note guid="a2d38ebf-c0e1-4cf9-93a4-8f9a0b1c2dd3" name="Memo on the figure">
<PlainTextContent>Check the €2m figure against the audit.</PlainTextContent>
</Note>
</Notes>
</Project>
"""


def test_a_qualcoder_project(project, tmp_path, xsd) -> None:
    s1 = QUALCODER_TEXT.index("Far too much")
    s2 = QUALCODER_TEXT.index("€2m")
    qde = QUALCODER.format(s1=s1, e1=s1 + len("Far too much"), s2=s2, e2=s2 + 3)
    assert xsd.validate(etree.fromstring(qde.encode())), xsd.error_log
    path = tmp_path / "qualcoder.qdpx"
    _qdpx(path, qde, {"Sources/4c7d2e5f-6a8b-4c93-9dae-2f3a4b5c6d77.txt": QUALCODER_TEXT.encode("utf-8")})
    report = project.interchange.import_exchange(path)
    assert len(report.documents) == 1 and len(report.annotations) == 3  # one per code of a selection
    assert report.skipped == (
        "“photo.jpg” is a PictureSource; only text sources are imported, so it was left out.",
    )
    document = project.documents.get(report.documents[0])
    text = project.documents.text(document.id)
    assert document.title == "interview1.txt" and "\r" not in text
    rows = project.annotations.for_document(document.id)
    assert sorted((r.quote, r.label_name, r.annotator) for r in rows) == [
        ("Far too much", "Emotion", "maria"),
        ("Far too much", "Too expensive", "maria"),
        ("€2m", "Cost", "default"),
    ]
    by_label = {r.label_name: r for r in rows}
    first = by_label["Too expensive"]
    assert first.note == by_label["Emotion"].note == "Says it was too expensive."
    assert first.id == "5d8e3f6a-7b9c-4da4-8ebf-3a4b5c6d7e88"  # the selection's own id (its first code)
    assert by_label["Cost"].note == "Check the €2m figure against the audit."
    assert first.created_at.isoformat() == "2024-03-02T09:00:00+00:00"
    colours = {label.name: label.color for label in project.labels.list()}
    assert colours["Too expensive"] == "#FA58F4" and colours["Cost"] == "#F781F3"


# ATLAS.ti: upper-case GUIDs, sources under "sources/" with a rich text copy, an inclusive end (the
# quotation's name shows it), comments as notes, a link kind factcheck does not have, a PDF.
ATLAS_TEXT = "Minutes of the council, 3 May.\nThe mayor claimed the bridge cost 2 million.\nNobody objected."
ATLAS = """<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="Council" origin="ATLAS.ti 23.2.1"
 creatingUserGUID="C1D2E3F4-A5B6-4C7D-8E9F-0A1B2C3D4E5F" creationDateTime="2023-05-10T08:00:00">
<Users><User guid="C1D2E3F4-A5B6-4C7D-8E9F-0A1B2C3D4E5F" name="Jonas"/></Users>
<CodeBook><Codes>
<Code guid="D2E3F4A5-B6C7-4D8E-9FA0-1B2C3D4E5F60" name="claim" isCodable="true" color="#FF0000"/>
<Code guid="E3F4A5B6-C7D8-4E9F-A0B1-2C3D4E5F6071" name="Budget" isCodable="false">
<Code guid="F4A5B6C7-D8E9-4FA0-B1C2-3D4E5F607182" name="Budget: bridge" isCodable="true"/>
</Code>
</Codes></CodeBook>
<Sources>
<TextSource guid="A5B6C7D8-E9FA-40B1-C2D3-4E5F60718293" name="Council minutes"
 richTextPath="internal://A5B6C7D8-E9FA-40B1-C2D3-4E5F60718293.docx"
 plainTextPath="internal://A5B6C7D8-E9FA-40B1-C2D3-4E5F60718293.txt"
 creatingUser="C1D2E3F4-A5B6-4C7D-8E9F-0A1B2C3D4E5F" creationDateTime="2023-05-10T08:01:00">
<PlainTextSelection guid="B6C7D8E9-FA0B-41C2-D3E4-5F60718293A4" name="the bridge cost 2 million"
 startPosition="{start}" endPosition="{last}" creatingUser="C1D2E3F4-A5B6-4C7D-8E9F-0A1B2C3D4E5F"
 creationDateTime="2023-05-10T08:02:00">
<Coding guid="C7D8E9FA-0B1C-42D3-E4F5-60718293A4B5"><CodeRef targetGUID="D2E3F4A5-B6C7-4D8E-9FA0-1B2C3D4E5F60"/></Coding>
<Coding guid="D8E9FA0B-1C2D-43E4-F506-718293A4B5C6"><CodeRef targetGUID="F4A5B6C7-D8E9-4FA0-B1C2-3D4E5F607182"/></Coding>
<NoteRef targetGUID="E9FA0B1C-2D3E-44F5-0617-8293A4B5C6D7"/>
</PlainTextSelection>
</TextSource>
<PDFSource guid="FA0B1C2D-3E4F-4506-1728-93A4B5C6D7E8" name="Budget.pdf" path="internal://FA0B1C2D.pdf"/>
</Sources>
<Notes>
<Note guid="E9FA0B1C-2D3E-44F5-0617-8293A4B5C6D7" name="Comment"><PlainTextContent>Compare with the budget.</PlainTextContent></Note>
</Notes>
<Links>
<Link guid="0B1C2D3E-4F50-4617-2839-A4B5C6D7E8F9" name="contradicts" direction="OneWay"
 originGUID="B6C7D8E9-FA0B-41C2-D3E4-5F60718293A4" targetGUID="FA0B1C2D-3E4F-4506-1728-93A4B5C6D7E8"/>
</Links>
</Project>
"""


def test_an_atlas_ti_project(project, tmp_path, xsd) -> None:
    start = ATLAS_TEXT.index("the bridge cost")
    qde = ATLAS.format(start=start, last=start + len("the bridge cost 2 million") - 1)
    assert xsd.validate(etree.fromstring(qde.encode())), xsd.error_log
    path = tmp_path / "atlas.qdpx"
    _qdpx(
        path,
        qde,
        {
            "sources/A5B6C7D8-E9FA-40B1-C2D3-4E5F60718293.txt": b"\xef\xbb\xbf" + ATLAS_TEXT.encode("utf-8"),
            "sources/A5B6C7D8-E9FA-40B1-C2D3-4E5F60718293.docx": b"PK not really a docx",
        },
    )
    before_labels = {label.name for label in project.labels.list()}
    report = project.interchange.import_exchange(path)
    assert len(report.annotations) == 2 and len(report.documents) == 1
    assert any("PDFSource" in reason for reason in report.skipped)
    assert any("contradicts" in reason for reason in report.skipped)
    rows = project.annotations.for_document(report.documents[0])
    assert {(r.quote, r.label_name) for r in rows} == {
        ("the bridge cost 2 million", "claim"),
        ("the bridge cost 2 million", "Budget: bridge"),
    }
    assert all(r.note == "Compare with the budget." and r.annotator == "Jonas" for r in rows)
    assert {label.name for label in project.labels.list()} - before_labels == {"Budget: bridge"}
    assert "#FF0000" not in {label.color for label in project.labels.list()}  # "claim" is factcheck's own
    project.interchange.undo_import(report)
    assert project.documents.list() == []
    assert {label.name for label in project.labels.list()} == before_labels


def test_not_a_qdpx(project, tmp_path) -> None:
    path = tmp_path / "bad.qdpx"
    path.write_bytes(b"not a zip")
    with pytest.raises(BadInputError, match="not a readable REFI-QDA project"):
        project.interchange.import_exchange(path)
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "hello")
    with pytest.raises(BadInputError, match="no project.qde"):
        project.interchange.import_exchange(path)


def test_an_orphaned_annotation_is_left_out(sample, tmp_path, xsd) -> None:
    """REFI-QDA has only positions: an annotation with no place in the current text cannot be written."""
    with sample.project.engine.begin() as conn:
        conn.execute(
            text("UPDATE annotations SET anchor_status = 'orphaned' WHERE id = :id"), {"id": sample.repeat}
        )
    target = tmp_path / "out.qdpx"
    sample.project.interchange.export("qdpx", target)
    with zipfile.ZipFile(target) as archive:
        qde = etree.fromstring(archive.read("project.qde"))
    assert xsd.validate(qde), xsd.error_log
    guids = {s.get("guid") for s in qde.iterfind(".//q:PlainTextSelection", NS)}
    assert sample.repeat not in guids and len(guids) == 4
    referenced = {r.get("targetGUID") for r in qde.iterfind(".//q:SelectionRef", NS)}
    linked = {k.get(end) for k in qde.iterfind(".//q:Link", NS) for end in ("originGUID", "targetGUID")}
    assert referenced <= guids and linked <= guids
