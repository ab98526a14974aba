"""REFI-QDA project export (.qdpx): project.qde (QDA-XML 1.0) and the documents' plain text in Sources/."""

# Labels are Codes, annotations PlainTextSelections coded with their label (and their verdict, a Code
# under "Verdict"), notes are Notes, links Links, annotators Users, claimants and matters Cases, a
# document's outlet, author, URL and date Variables. Positions count code points of the LF-only UTF-8
# source text, start inclusive, end exclusive (README, "Export and interchange").

from __future__ import annotations

import itertools
import tempfile
import zipfile
from collections.abc import Iterator
from datetime import datetime
from typing import BinaryIO

from factcheck.interchange import xml_text as x
from factcheck.interchange.atomic import Ticker
from factcheck.interchange.records import ExportSource, format_number, iso_timestamp

ORIGIN = "factcheck"
NAMESPACE = "urn:QDA-XML:project:1.0"
VERDICT_CODE = x.derived_guid("code", "verdict")
VERDICTS = ("supported", "mostly_supported", "mixed", "misleading", "unsupported", "false", "unprovable")
#: Document variables (name, type) and the variable telling a claimant's Case from a matter's.
VARIABLES = (("Outlet", "Text"), ("Author", "Text"), ("URL", "Text"), ("Published", "DateTime"))
CASE_KIND = "factcheck case"
#: The lines of a selection's Description that carry the fact-checker's record, in this order.
RECORD_LINES = (
    ("Claimant", "claimant"),
    ("Claim date", "claim_date"),
    ("Attribution", "attribution"),
    ("Verdict", "verdict"),
    ("Rating", "rating_text"),
    ("Rating value", "rating_value"),
    ("Best rating", "rating_best"),
    ("Worst rating", "rating_worst"),
)


def verdict_guid(verdict: str) -> str:
    return x.derived_guid("code", "verdict", verdict)


def variable_guid(name: str) -> str:
    return x.derived_guid("variable", name)


def user_guid(name: str) -> str:
    return x.derived_guid("user", name)


def note_guid(annotation_id: str) -> str:
    return x.derived_guid("note", annotation_id)


def source_path(document_id: str) -> str:
    return f"Sources/{x.guid(document_id)}.txt"


def _record_description(record, claimant: str) -> str:
    values = {
        "claimant": claimant,
        "claim_date": record.claim_date or "",
        "attribution": record.attribution or "",
        "verdict": record.verdict if record.verdict != "unverified" else "",
        "rating_text": record.rating_text,
        "rating_value": format_number(record.rating_value),
        "rating_best": format_number(record.rating_best),
        "rating_worst": format_number(record.rating_worst),
    }
    return "\n".join(f"{title}: {values[key]}" for title, key in RECORD_LINES if values[key])


def _selection(record, claimant: str, notes: BinaryIO, odd_notes: list[tuple[str, str]]) -> str:
    annotation_id = record.id
    when = iso_timestamp(record.created_at)
    user = f' creatingUser="{user_guid(record.annotator)}"' if record.annotator else ""
    parts = [
        f'<PlainTextSelection guid="{x.guid(annotation_id)}" name="{x.attribute(record.quote)}" '
        f'startPosition="{record.start}" endPosition="{record.end}"{user} creationDateTime="{when}"'
        f'{user.replace("creatingUser", "modifyingUser")} modifiedDateTime="{iso_timestamp(record.updated_at)}">'
    ]
    description = _record_description(record, claimant)
    if description:
        parts.append(f"<Description>{x.text(description)}</Description>")
    parts.append(
        f'<Coding guid="{x.derived_guid("coding", annotation_id)}"{user} creationDateTime="{when}">'
        f'<CodeRef targetGUID="{x.guid(record.label_id)}"/></Coding>'
    )
    if record.verdict != "unverified":
        parts.append(
            f'<Coding guid="{x.derived_guid("coding", annotation_id, "verdict")}"{user}>'
            f'<CodeRef targetGUID="{verdict_guid(record.verdict)}"/></Coding>'
        )
    if record.note:
        guid = note_guid(annotation_id)
        parts.append(f'<NoteRef targetGUID="{guid}"/>')
        head = f'<Note guid="{guid}" name="{x.attribute("Note: " + record.quote[:60])}"{user} creationDateTime="{when}"'
        if x.is_xml_safe(record.note):
            notes.write(
                f"{head}><PlainTextContent>{x.text(record.note)}</PlainTextContent></Note>\n".encode()
            )
        else:  # characters XML 1.0 cannot hold: the note goes in a file of its own, byte for byte
            notes.write(f'{head} plainTextPath="internal://{guid}.txt"/>\n'.encode())
            odd_notes.append((guid, record.note))
    parts.append("</PlainTextSelection>\n")
    return "".join(parts)


def _head(source: ExportSource, now: datetime) -> Iterator[str]:
    name = source.project_name or "factcheck"
    yield '<?xml version="1.0" encoding="utf-8"?>\n'
    yield (
        f'<Project xmlns="{NAMESPACE}" name="{x.attribute(name)}" origin="{ORIGIN}" '
        f'creationDateTime="{iso_timestamp(now)}">\n'
    )
    annotators = [a for a in source.annotators() if a]
    if annotators:
        yield "<Users>\n"
        for annotator in annotators:
            yield f'<User guid="{user_guid(annotator)}" name="{x.attribute(annotator)}"/>\n'
        yield "</Users>\n"
    yield "<CodeBook><Codes>\n"
    for label in source.labels():
        yield f'<Code guid="{x.guid(label.id)}" name="{x.attribute(label.name)}" isCodable="true" color="{label.color}"/>\n'
    yield f'<Code guid="{VERDICT_CODE}" name="Verdict" isCodable="false">\n'
    for verdict in VERDICTS:
        yield f'<Code guid="{verdict_guid(verdict)}" name="{verdict}" isCodable="true"/>\n'
    yield "</Code>\n</Codes></CodeBook>\n<Variables>\n"
    for name, kind in (*VARIABLES, (CASE_KIND, "Text")):
        yield f'<Variable guid="{variable_guid(name)}" name="{name}" typeOfVariable="{kind}"/>\n'
    yield "</Variables>\n"


def _cases(source: ExportSource) -> Iterator[str]:
    names = {c.id: c.name for c in source.claimants()}
    matters = {m.id: m for m in source.matters()}
    current: tuple[str, str] | None = None
    opened = False
    for kind, case_id, annotation_id in source.case_members():
        if (kind, case_id) != current:
            if current is not None:
                yield "</Case>\n"
            if not opened:
                yield "<Cases>\n"
                opened = True
            current = (kind, case_id)
            if kind == "claimant":
                yield f'<Case guid="{x.guid(case_id)}" name="{x.attribute(names.get(case_id, ""))}">'
            else:
                matter = matters[case_id]
                yield f'<Case guid="{x.guid(case_id)}" name="{x.attribute(matter.name)}">'
                if matter.description:
                    yield f"<Description>{x.text(matter.description)}</Description>"
            yield (
                f'<VariableValue><VariableRef targetGUID="{variable_guid(CASE_KIND)}"/>'
                f"<TextValue>{kind}</TextValue></VariableValue>"
            )
        yield f'<SelectionRef targetGUID="{x.guid(annotation_id)}"/>'
    if current is not None:
        yield "</Case>\n</Cases>\n"


def _variables(document) -> str:
    values = (
        ("Outlet", "TextValue", document.outlet),
        ("Author", "TextValue", document.author),
        ("URL", "TextValue", document.url),
        ("Published", "DateTimeValue", iso_timestamp(document.published_at) if document.published_at else ""),
    )
    return "".join(
        f'<VariableValue><VariableRef targetGUID="{variable_guid(name)}"/><{kind}>{x.text(value)}</{kind}></VariableValue>'
        for name, kind, value in values
        if value
    )


def write_qdpx(source: ExportSource, out: BinaryIO, ticker: Ticker, *, now: datetime) -> int:
    """Write the scope as a .qdpx archive; returns the number of annotations written."""
    documents = source.document_count()
    ticker.total += documents
    odd_notes: list[tuple[str, str]] = []
    with (
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive,
        tempfile.SpooledTemporaryFile(max_size=8 << 20) as notes,
    ):
        with archive.open("project.qde", "w", force_zip64=True) as qde:
            write = qde.write
            for piece in _head(source, now):
                write(piece.encode())
            for piece in _cases(source):
                write(piece.encode())
            claimants = {c.id: c.name for c in source.claimants()}
            annotations = source.annotations()
            pending = next(annotations, None)
            if documents:
                write(b"<Sources>\n")
            for document in source.documents():
                write(
                    f'<TextSource guid="{x.guid(document.id)}" name="{x.attribute(document.title)}" '
                    f'plainTextPath="internal://{x.guid(document.id)}.txt" '
                    f'creationDateTime="{iso_timestamp(document.imported_at)}">\n'.encode()
                )
                chunk: list[str] = []
                while pending is not None and pending.document_id == document.id:
                    chunk.append(
                        _selection(pending, claimants.get(pending.claimant_id, ""), notes, odd_notes)
                    )
                    ticker.step()
                    pending = next(annotations, None)
                    if len(chunk) >= 256:
                        write("".join(chunk).encode())
                        chunk.clear()
                write(("".join(chunk) + _variables(document) + "</TextSource>\n").encode())
            if documents:
                write(b"</Sources>\n")
            if notes.tell():
                write(b"<Notes>\n")
                notes.seek(0)
                while block := notes.read(1 << 20):
                    write(block)
                write(b"</Notes>\n")
            links = source.links(both_ends=True)
            first = next(links, None)
            if first is not None:
                write(b"<Links>\n")
                for link in itertools.chain([first], links):
                    write(
                        f'<Link guid="{x.guid(link.id)}" name="{link.relation}" direction="OneWay" '
                        f'originGUID="{x.guid(link.source_id)}" targetGUID="{x.guid(link.target_id)}"/>\n'.encode()
                    )
                write(b"</Links>\n")
            write(b"</Project>\n")
        for document in source.documents():
            archive.writestr(source_path(document.id), source.document_text(document.id).encode("utf-8"))
            ticker.step()
        for guid, note in odd_notes:
            archive.writestr(f"Sources/{guid}.txt", note.encode("utf-8", "surrogatepass"))
    return ticker.done
