"""Fixture files shaped like QualCoder 4.0's REFI-QDA exports (written from how its refi.py writes them):
the source text in UTF-8 with a BOM, LF or — "MAXQDA line endings" — CRLF, positions always counted in
its own LF text (a CRLF is one character); one PlainTextSelection per coding, the coding memo as its
Description, categories as non-codable Codes, fresh GUIDs on every export; an annotation as a Note with
its own PlainTextSelection, referred to by a NoteRef on the TextSource (QualCoder writes only the first
one of each source)."""

from __future__ import annotations

import html
import uuid
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

NS = "{urn:QDA-XML:project:1.0}"
LINES = [
    "Budget hearing, 3 May 2024",
    "The mayor said the budget is balanced.",
    "Auditors found a 2 million deficit.",
    "Residents 😀 said: «الميزانية متوازنة».",
    "The clerk noted nothing else.",
]
#: QualCoder's own copy of the text: LF line ends; every position counts into this.
LF_TEXT = "\n".join(LINES) + "\n"
SOURCE_GUID = "0d3c0f5e-8f61-4f0e-9a43-5b0c6d2e7a10"
USER = "b1c2d3e4-0000-4000-8000-00000000aa01"
CODES = {
    "Claim": "c0de0001-0000-4000-8000-000000000001",
    "Counterclaim": "c0de0002-0000-4000-8000-000000000002",
}


def span(quote: str) -> tuple[int, int]:
    start = LF_TEXT.index(quote)
    return start, start + len(quote)


def _selection(guid: str, quote: str, code: str, memo: str = "", at: tuple[int, int] | None = None) -> str:
    start, end = at or span(quote)
    xml = (
        f'<PlainTextSelection guid="{guid}" startPosition="{start}" endPosition="{end}" '
        f'name="{html.escape(quote)}" creatingUser="{USER}" creationDateTime="2024-05-04T10:00:00Z">\n'
    )
    if memo:
        xml += f"<Description>{html.escape(memo)}</Description>\n"
    return (
        xml
        + f'<Coding guid="{uuid.uuid4()}" creatingUser="{USER}" >\n<CodeRef targetGUID="{CODES[code]}" />\n</Coding>\n</PlainTextSelection>\n'
    )


def project_qde(*, stale: bool = False, notes: bool = False) -> str:
    """A QualCoder export of the hearing: three coded passages (one with its record in the memo); with
    ``stale``, two selections whose positions do not hold their text (one of them found by its quote);
    with ``notes``, QualCoder annotations, a journal and an empty annotation."""
    selections = [
        _selection("5e1ec700-0000-4000-8000-000000000001", "The mayor said the budget is balanced.", "Claim"),
        _selection(
            "5e1ec700-0000-4000-8000-000000000002",
            "Auditors found a 2 million deficit.",
            "Counterclaim",
            "Claimant: Audit office\nClaim date: 2024-05\nVerdict: supported\nFrom the audit summary.",
        ),
        _selection("5e1ec700-0000-4000-8000-000000000003", "«الميزانية متوازنة»", "Claim"),
    ]
    if stale:
        selections.append(
            _selection("5e1ec700-0000-4000-8000-000000000004", "Budget hearing", "Claim", at=(40, 54))
        )
        selections.append(
            _selection("5e1ec700-0000-4000-8000-000000000005", "a surplus of 3 million", "Claim", at=(70, 92))
        )
    note_refs = notes_xml = ""
    if notes:
        note_refs = '<NoteRef targetGUID="a0000000-0000-4000-8000-000000000001" />\n'
        clerk = span("The clerk noted nothing else.")
        mayor = span("The mayor said the budget is balanced.")
        notes_xml = (
            "<Notes>\n"
            f'<Note guid="a0000000-0000-4000-8000-000000000001" creatingUser="{USER}" '
            'creationDateTime="2024-05-05T09:00:00Z" >\n<PlainTextContent>Ask the clerk for the minutes.'
            "</PlainTextContent>\n"
            f'<PlainTextSelection guid="{uuid.uuid4()}" startPosition="{clerk[0]}" endPosition="{clerk[1]}" />\n'
            "</Note>\n"
            f'<Note guid="a0000000-0000-4000-8000-000000000002" creatingUser="{USER}" '
            'creationDateTime="2024-05-05T09:01:00Z" >\n<PlainTextContent>Same words as in March.'
            "</PlainTextContent>\n"
            f'<PlainTextSelection guid="{uuid.uuid4()}" startPosition="{mayor[0]}" endPosition="{mayor[1]}" />\n'
            "</Note>\n"
            f'<Note guid="a0000000-0000-4000-8000-000000000003" creatingUser="{USER}" '
            'creationDateTime="2024-05-05T09:02:00Z" >\n<PlainTextContent></PlainTextContent>\n'
            f'<PlainTextSelection guid="{uuid.uuid4()}" startPosition="0" endPosition="6" />\n'
            "</Note>\n"
            '<Note guid="a0000000-0000-4000-8000-000000000004" name="Fieldwork journal" '
            'plainTextPath="internal://a0000000-0000-4000-8000-000000000004.txt" '
            f'creatingUser="{USER}" creationDateTime="2024-05-06T09:00:00Z" />\n'
            "</Notes>\n"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<Project xmlns:xsd="http://www.w3.org/2001/XMLSchema" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" name="hearing" origin="QualCoder 3.7" '
        f'creatingUserGUID="{uuid.uuid4()}" creationDateTime="2024-05-04T09:00:00Z" '
        'xmlns="urn:QDA-XML:project:1.0">\n'
        f'<Users>\n<User guid="{USER}" name="maria" />\n</Users>\n<CodeBook>\n<Codes>\n'
        f'<Code guid="{CODES["Claim"]}" name="Claim" isCodable="true" color="#F781F3" />\n'
        f'<Code guid="{CODES["Counterclaim"]}" name="Counterclaim" isCodable="true" color="#81BEF7" />\n'
        "</Codes>\n</CodeBook>\n<Sources>\n"
        f'<TextSource plainTextPath="internal://{SOURCE_GUID}.txt" creatingUser="{USER}" '
        f'creationDateTime="2024-05-04T09:30:00Z" guid="{SOURCE_GUID}" name="hearing.txt">\n'
        + "".join(selections)
        + note_refs
        + "</TextSource>\n</Sources>\n"
        + notes_xml
        + "</Project>"
    )


def write(path: Path, qde: str, *, crlf: bool) -> Path:
    """The .qdpx as QualCoder zips it; ``crlf``: its "MAXQDA line endings" option."""
    text = LF_TEXT.replace("\n", "\r\n") if crlf else LF_TEXT
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("project.qde", qde.encode("utf-8"))
        archive.writestr(f"sources/{SOURCE_GUID}.txt", text.encode("utf-8-sig"))
        archive.writestr(
            "sources/a0000000-0000-4000-8000-000000000004.txt", "Day 1: hearing.".encode("utf-8-sig")
        )
    return path


def reexport(ours: Path, target: Path) -> Path:
    """What QualCoder writes after importing factcheck's ``ours`` and exporting it again: every GUID
    replaced; the "Verdict" code a category (non-codable) holding the verdict codes; each coding its own
    PlainTextSelection with the coding memo (our Description, the record lines) repeated; the selection's
    NoteRefs, Cases, Links and source variables dropped (QualCoder reads none of them back)."""
    fresh: dict[str, str] = {}

    def new(guid: str) -> str:
        return fresh.setdefault(guid, str(uuid.uuid4()))

    with zipfile.ZipFile(ours) as archive:
        root = ET.fromstring(archive.read("project.qde"))
        texts = {n: archive.read(n).decode("utf-8") for n in archive.namelist() if n.startswith("Sources/")}
    out = [
        '<?xml version="1.0" encoding="utf-8"?>\n<Project xmlns:xsd="http://www.w3.org/2001/XMLSchema" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" name="imported" origin="QualCoder 3.7" '
        f'creatingUserGUID="{uuid.uuid4()}" creationDateTime="2024-06-01T08:00:00Z" '
        'xmlns="urn:QDA-XML:project:1.0">\n<Users>\n'
    ]
    for user in root.iter(f"{NS}User"):
        out.append(f'<User guid="{new(user.get("guid"))}" name="{html.escape(user.get("name"))}" />\n')
    out.append("</Users>\n<CodeBook>\n<Codes>\n")
    for code in root.find(f"{NS}CodeBook/{NS}Codes"):
        if code.get("isCodable") == "true":
            out.append(
                f'<Code guid="{new(code.get("guid"))}" name="{html.escape(code.get("name"))}" '
                f'isCodable="true" color="{code.get("color")}" />\n'
            )
        else:
            out.append(f'<Code guid="{new(code.get("guid"))}" name="{code.get("name")}" isCodable="false">\n')
            for child in code:
                out.append(
                    f'<Code guid="{new(child.get("guid"))}" name="{child.get("name")}" isCodable="true" '
                    'color="#C8C8C8" />\n'
                )
            out.append("</Code>\n")
    out.append("</Codes>\n</CodeBook>\n<Sources>\n")
    files = {}
    for source in root.iter(f"{NS}TextSource"):
        guid = new(source.get("guid"))
        old_path = source.get("plainTextPath").replace("internal://", "Sources/")
        files[f"sources/{guid}.txt"] = texts[old_path].encode("utf-8-sig")
        out.append(
            f'<TextSource plainTextPath="internal://{guid}.txt" creatingUser="{new(USER)}" '
            f'creationDateTime="2024-06-01T08:00:00Z" guid="{guid}" name="{html.escape(source.get("name"))}">\n'
        )
        for selection in source.iter(f"{NS}PlainTextSelection"):
            description = selection.find(f"{NS}Description")
            memo = description.text if description is not None else ""
            for coding in selection.iter(f"{NS}Coding"):
                out.append(
                    f'<PlainTextSelection guid="{uuid.uuid4()}" startPosition="{selection.get("startPosition")}" '
                    f'endPosition="{selection.get("endPosition")}" name="{html.escape(selection.get("name"))}" '
                    f'creatingUser="{new(selection.get("creatingUser") or USER)}" '
                    f'creationDateTime="{selection.get("creationDateTime")}">\n'
                )
                if memo:
                    out.append(f"<Description>{html.escape(memo)}</Description>\n")
                code = coding.find(f"{NS}CodeRef").get("targetGUID")
                out.append(
                    f'<Coding guid="{uuid.uuid4()}" creatingUser="{new(USER)}" >\n'
                    f'<CodeRef targetGUID="{new(code)}" />\n</Coding>\n</PlainTextSelection>\n'
                )
        out.append("</TextSource>\n")
    out.append("</Sources>\n</Project>")
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("project.qde", "".join(out).encode("utf-8"))
        for name, data in files.items():
            archive.writestr(name, data)
    return target
