"""Reading a REFI-QDA project (.qdpx) written by factcheck, QualCoder, ATLAS.ti or another tool into an
ExchangeBundle: text sources, codes, coded selections (folded by span), notes, cases and links."""

from __future__ import annotations

import xml.etree.ElementTree as ET
import zipfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from factcheck.domain import MAX_IMPORT_BYTES, BadInputError, Verdict
from factcheck.interchange.qdpx_write import CASE_KIND, ORIGIN, RECORD_LINES, VERDICT_CODE, variable_guid
from factcheck.interchange.records import (
    ExchangeAnnotation,
    ExchangeBundle,
    ExchangeDocument,
    ExchangeLink,
    ExchangeMatter,
    parse_timestamp,
)
from factcheck.interchange.safe_zip import ImportCancelled, SafeZip
from factcheck.interchange.source_map import Readings, SourceMap
from factcheck.interchange.xml_text import is_guid

#: The label given to a passage another tool annotated (a Note on a span) without coding it.
NOTE_LABEL = "note"
_RECORD_TITLES = dict(RECORD_LINES)
_VERDICTS = {v.value for v in Verdict}
_TOOLS_SOURCES = ("PictureSource", "PDFSource", "AudioSource", "VideoSource")


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


class _Tags:
    """Finding children by local name in the document's one namespace (ElementTree's C find: a file of
    100k selections is walked ten times faster than by comparing every child's tag in Python)."""

    def __init__(self, root: ET.Element) -> None:
        tag = root.tag if isinstance(root.tag, str) else ""
        self.ns = tag[: tag.index("}") + 1] if tag.startswith("{") and "}" in tag else ""

    def children(self, element: ET.Element | None, name: str) -> list[ET.Element]:
        return [] if element is None else element.findall(self.ns + name)

    def child(self, element: ET.Element | None, name: str) -> ET.Element | None:
        return None if element is None else element.find(self.ns + name)


def _guid(element: ET.Element, attribute: str = "guid") -> str:
    value = element.get(attribute)
    if not value:
        return ""
    if len(value) == 36 and value.islower():  # the usual form: nothing to tidy
        return value
    return value.strip().strip("{}").lower()


def _time(value: str | None):
    if not value:
        return None
    try:
        return parse_timestamp(value)
    except ValueError:
        return None


def _int(value: str | None) -> int | None:
    try:
        number = int(value or "")
    except ValueError:
        return None
    return number if 0 <= number < 1 << 40 else None


def _flat(text: str) -> str:
    return " ".join(text.split())


def decode_text(data: bytes, where: str) -> str:
    """A source or note file: UTF-8 (BOM or not), UTF-16 with a BOM, else Windows-1252."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise BadInputError(f"{where} is not valid UTF-16 ({exc.reason}).") from exc
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", "replace")


def parse_xml(data: bytes, name: str) -> ET.Element:
    """The root of an XML document; entity declarations (billion laughs, XXE) are refused outright."""
    if b"<!ENTITY" in data or b"<\x00!\x00E\x00N\x00T\x00I\x00T\x00Y" in data:
        raise BadInputError(f"{name} declares XML entities; factcheck does not read such files.")
    try:
        return ET.fromstring(data)
    except (ET.ParseError, ValueError, RecursionError, LookupError) as exc:
        raise BadInputError(f"{name} is not a readable REFI-QDA project: {exc}.") from exc


def read_qdpx(path: Path | str, cancelled: Callable[[], bool] | None = None) -> ExchangeBundle:
    path = Path(path)
    archive: SafeZip | None = None
    try:
        if zipfile.is_zipfile(path):
            archive = SafeZip(path, cancelled)
            name = archive.find("project.qde") or next(
                (n for k, n in archive.names.items() if k.endswith(".qde")), None
            )
            if name is None:
                raise BadInputError(f"{path.name} has no project.qde: it is not a REFI-QDA project.")
            data = archive.read(name)
        else:
            if path.stat().st_size > 4 * MAX_IMPORT_BYTES:
                raise BadInputError(f"{path.name} is too large to import.")
            data = path.read_bytes()
            if not data.lstrip()[:1] == b"<" and data[:2] not in (b"\xff\xfe", b"\xfe\xff"):
                raise BadInputError(f"{path.name} is not a readable REFI-QDA project (not a zip, not XML).")
        root = parse_xml(data, path.name)
        del data
        if _local(root.tag) != "Project":
            raise BadInputError(f"{path.name} is not a REFI-QDA project (its root is {_local(root.tag)}).")
        return _Reader(root, archive, path.name, cancelled).bundle()
    finally:
        if archive is not None:
            archive.close()


@dataclass
class _Passage:
    """The selections of one source over one span, folded into what factcheck makes of them."""

    document: str
    start: int
    end: int
    quote: str
    placed: bool
    guid: str = ""
    labels: list[str] = field(default_factory=list)
    verdict: str = ""
    record: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    user: str = ""
    created: object = None
    modified: object = None
    matters: list[str] = field(default_factory=list)
    claimant: str = ""

    def add_note(self, text: str, *, exact: bool = False) -> None:
        """Add a note once; ``exact`` keeps it as written (a Note's content), else it is trimmed (the rest
        of a memo after its record lines)."""
        if not exact:
            text = text.strip()
        if text and text not in self.notes:
            self.notes.append(text)


class _Reader:
    def __init__(self, root: ET.Element, archive: SafeZip | None, file_name: str, cancelled) -> None:
        self.root = root
        self.archive = archive
        self.file_name = file_name
        self.cancelled = cancelled
        self.ours = (root.get("origin") or "").split(" ", 1)[0] == ORIGIN
        self.out = ExchangeBundle(format="qdpx")
        self.users: dict[str, str] = {}
        self.codes: dict[str, str] = {}  # codable code guid → label name
        self.verdicts: dict[str, str] = {}  # verdict code guid → verdict
        self.notes: dict[str, ET.Element] = {}
        self.note_used: set[str] = set()
        self.claimant_of: dict[str, str] = {}  # selection guid → claimant name
        self.matters_of: dict[str, list[str]] = {}  # selection guid → matter keys
        self.passages: dict[tuple, _Passage] = {}
        self.alias: dict[str, str] = {}  # selection guid → the guid its passage is known by
        self.seen = 0
        self.tags = _Tags(root)
        self.times: dict[str | None, object] = {}
        self.origin = (root.get("origin") or "").lower()
        #: How the current source's named selections were counted ("cp", "lf", "u16", "+1": inclusive).
        self.readings_seen: Counter[str] = Counter()

    @property
    def problems(self) -> list[str]:
        return self.out.problems

    def _tick(self) -> None:
        self.seen += 1
        if self.seen % 1000 == 0 and self.cancelled is not None and self.cancelled():
            raise ImportCancelled()

    def bundle(self) -> ExchangeBundle:
        root = self.root
        for user in self.tags.children(self.tags.child(root, "Users"), "User"):
            self.users[_guid(user)] = user.get("name") or ""
        self._codebook(self.tags.child(self.tags.child(root, "CodeBook"), "Codes"))
        for note in self.tags.children(self.tags.child(root, "Notes"), "Note"):
            self.notes[_guid(note)] = note
        self._cases()
        holder = self.tags.child(root, "Sources")
        sources = [s for s in holder if isinstance(s.tag, str)] if holder is not None else []
        texts = [s for s in sources if _local(s.tag) == "TextSource"]
        for source in sources:
            kind = _local(source.tag)
            if kind == "TextSource":
                self._source(source, only_source=len(texts) == 1)
            else:
                what = f"a {kind}" if kind in _TOOLS_SOURCES else f"not a text source ({kind})"
                self.problems.append(
                    f"“{source.get('name') or kind}” is {what}; only text sources are imported, so it was left out."
                )
        self._unused_notes()
        self._emit()
        for link in self.tags.children(self.tags.child(root, "Links"), "Link"):
            self._link(link)
        return self.out

    # --- codes, notes, cases -------------------------------------------------------------------------

    def _codebook(self, codes: ET.Element | None) -> None:
        """Codes and their sub-codes (walked without recursion: nesting depth is the file's choice)."""
        stack = [(code, "", "") for code in reversed(self.tags.children(codes, "Code"))]
        while stack:
            code, parent_guid, parent_name = stack.pop()
            guid = _guid(code)
            name = _flat(code.get("name") or "")
            codable = (code.get("isCodable") or "true").lower() == "true" and bool(name)
            verdict_parent = parent_guid == VERDICT_CODE if self.ours else parent_name.lower() == "verdict"
            verdict = name.lower().replace(" ", "_")
            if verdict_parent and verdict in _VERDICTS:
                self.verdicts[guid] = verdict
            elif codable and not (guid == VERDICT_CODE or (not self.ours and name.lower() == "verdict")):
                self.codes[guid] = name
                color = code.get("color") or ""
                self.out.labels.setdefault(name, color if len(color) == 7 else "")
            stack.extend((child, guid, name) for child in reversed(self.tags.children(code, "Code")))

    def _text_of(self, element: ET.Element, what: str) -> str | None:
        content = self.tags.child(element, "PlainTextContent")
        if content is not None:
            return content.text or ""
        path = element.get("plainTextPath") or ""
        if not path.lower().startswith("internal://") or self.archive is None:
            return None
        bare = path[len("internal://") :].lstrip("/")
        name = self.archive.find(f"sources/{bare}") or self.archive.find(bare)
        if name is None:
            return None
        return decode_text(self.archive.read(name, cap=MAX_IMPORT_BYTES), f"The text of {what}")

    def _note_text(self, guid: str) -> str:
        note = self.notes.get(guid)
        if note is None:
            return ""
        self.note_used.add(guid)
        return self._text_of(note, f"the note “{note.get('name') or guid}”") or ""

    def _cases(self) -> None:
        if not self.ours:
            return  # other tools' cases (interviewees, sites…) have no place in factcheck
        kind_ref = variable_guid(CASE_KIND)
        for case in self.tags.children(self.tags.child(self.root, "Cases"), "Case"):
            kind = ""
            for value in self.tags.children(case, "VariableValue"):
                ref = self.tags.child(value, "VariableRef")
                text = self.tags.child(value, "TextValue")
                if ref is not None and ref.get("targetGUID") == kind_ref and text is not None:
                    kind = text.text or ""
            selections = [
                target if len(target) == 36 and target.islower() else _guid(r, "targetGUID")
                for r in self.tags.children(case, "SelectionRef")
                if (target := r.get("targetGUID") or "")
            ]
            if kind == "claimant":
                for selection in selections:
                    self.claimant_of[selection] = case.get("name") or ""
            elif kind == "matter":
                description = self.tags.child(case, "Description")
                key = _guid(case)
                self.out.matters.append(
                    ExchangeMatter(
                        key,
                        case.get("name") or "",
                        (description.text or "") if description is not None else "",
                    )
                )
                for selection in selections:
                    self.matters_of.setdefault(selection, []).append(key)

    def _metadata(self, source: ET.Element, document: ExchangeDocument) -> None:
        refs = {variable_guid(name): name for name in ("Outlet", "Author", "URL", "Published")}
        for value in self.tags.children(source, "VariableValue"):
            ref = self.tags.child(value, "VariableRef")
            name = refs.get(ref.get("targetGUID") or "") if ref is not None else None
            element = next((child for child in value if _local(child.tag) != "VariableRef"), None)
            if name is None or element is None:
                continue
            text = element.text or ""
            if name == "Outlet":
                document.outlet = text
            elif name == "Author":
                document.author = text
            elif name == "URL":
                document.url = text
            else:
                document.published_at = _time(text)

    # --- sources and selections ----------------------------------------------------------------------

    def _source(self, source: ET.Element, *, only_source: bool) -> None:
        name = source.get("name") or "a text source"
        raw = self._text_of(source, f"“{name}”")
        if raw is None:
            self.problems.append(f"The text of “{name}” is not in the file; it was left out.")
            return
        if len(raw) > MAX_IMPORT_BYTES:
            self.problems.append(f"“{name}” is longer than 50 million characters; it was left out.")
            return
        mapping = SourceMap(raw)  # the canonical text, as canonical_text makes it (a property test holds)
        if not mapping.text:
            self.problems.append(f"“{name}” has no text; it was left out.")
            return
        key = _guid(source) or name
        document = ExchangeDocument(
            key=key,
            title=name,
            text=mapping.text,
            source_name=name,
            canonical=True,
        )
        if self.ours:
            self._metadata(source, document)
        self.out.documents.append(document)
        readings = Readings(raw)
        self.readings_seen.clear()
        for selection in self.tags.children(source, "PlainTextSelection"):
            self._tick()
            self._selection(selection, document, raw, mapping, readings)
        for ref in self.tags.children(source, "NoteRef"):
            self._span_note(_guid(ref, "targetGUID"), document, raw, mapping, readings)
        if only_source:
            for guid, note in self.notes.items():
                if guid not in self.note_used and self.tags.child(note, "PlainTextSelection") is not None:
                    self._span_note(guid, document, raw, mapping, readings)

    def _place(
        self, element: ET.Element, raw: str, readings: Readings, name: str
    ) -> tuple[int, int, bool] | None:
        """The element's span in ``raw`` and whether its text is the ``name`` it was given. Every reading
        other tools use is tried (code points, CRLF as one character, UTF-16 units; end exclusive or
        inclusive) and the one whose text is ``name`` wins. A selection without a name (a QualCoder note)
        is read the way the source's named selections were; without a match, as code points."""
        start, end = _int(element.get("startPosition")), _int(element.get("endPosition"))
        if start is None or end is None:
            return None
        if self.ours:
            return start, end, True
        candidates = {"cp": (start, end)}
        if readings.has_crlf:
            candidates["lf"] = (readings.from_lf(start), readings.from_lf(end))
        if readings.has_astral:
            candidates["u16"] = (readings.from_utf16(start), readings.from_utf16(end))
        for kind, (s, e) in list(candidates.items()):
            candidates[kind + "+1"] = (s, e + 1)
        if not name:
            usual = self.readings_seen.most_common(1)
            kind = usual[0][0] if usual else ("lf" if self.origin.startswith("qualcoder") else "cp")
            s, e = candidates.get(kind, candidates["cp"])
            return s, e, True
        wanted = _flat(name)
        stem = wanted.rstrip("…. ")[:60]
        for exact in (True, False):
            if not exact and (len(stem) < 8 or wanted == stem):
                break  # only a name cut short by the tool ("The mayor said…") is matched by its start
            for kind, (s, e) in candidates.items():
                if 0 <= s < e <= len(raw):
                    found = _flat(raw[s:e])
                    if found == wanted if exact else found.startswith(stem):
                        self.readings_seen[kind] += 1
                        return s, e, True
        return start, end, False

    def _passage(
        self,
        element: ET.Element,
        document: ExchangeDocument,
        raw: str,
        mapping: SourceMap,
        readings: Readings,
        name: str,
    ) -> _Passage | None:
        """The passage the element selects; selections over one span share it (QualCoder writes one
        selection per coding), except in factcheck's own files, where each selection is an annotation."""
        placed = self._place(element, raw, readings, name)
        if placed is None or not (0 <= placed[0] < placed[1] <= len(raw)):
            self.problems.append(
                f"A selection in “{document.title}” has positions outside its text; it was left out."
            )
            return None
        s, e, matched = placed
        start, end = mapping.canonical(s), mapping.canonical(e)
        quote = mapping.text[start:end]
        if not matched:
            quote = _flat(name)  # what the tool says it selected: placed by this quote, else reviewed
        if not quote.strip():
            self.problems.append(f"A selection in “{document.title}” holds only spaces; it was left out.")
            return None
        key = (document.key, start, end) if matched else (document.key, s, -e)
        if self.ours:
            key = (*key, _guid(element))
        passage = self.passages.get(key)
        if passage is None:
            passage = _Passage(document.key, start, end, quote, matched)
            self.passages[key] = passage
        return passage

    def _selection(self, selection: ET.Element, document, raw: str, mapping, readings) -> None:
        name = selection.get("name") or ""
        passage = self._passage(selection, document, raw, mapping, readings, name)
        if passage is None:
            return
        guid = _guid(selection)
        if not passage.guid and is_guid(guid):
            passage.guid = guid
        self.alias[guid] = passage.guid
        for coding in self.tags.children(selection, "Coding"):
            ref = self.tags.child(coding, "CodeRef")
            target = (ref.get("targetGUID") or "") if ref is not None else ""
            if target not in self.verdicts and target not in self.codes:
                target = _guid(ref, "targetGUID") if ref is not None else ""
            if target in self.verdicts:
                passage.verdict = passage.verdict or self.verdicts[target]
            elif target in self.codes and self.codes[target] not in passage.labels:
                passage.labels.append(self.codes[target])
        description = self.tags.child(selection, "Description")
        self._description((description.text or "") if description is not None else "", passage)
        for ref in self.tags.children(selection, "NoteRef"):
            passage.add_note(self._note_text(_guid(ref, "targetGUID")), exact=True)
        if not passage.user:
            passage.user = self.users.get(_guid(selection, "creatingUser"), "")
            passage.created = self._time(selection.get("creationDateTime"))
            passage.modified = self._time(selection.get("modifiedDateTime"))
        passage.claimant = passage.claimant or self.claimant_of.get(guid, "")
        for matter in self.matters_of.get(guid, ()):
            if matter not in passage.matters:
                passage.matters.append(matter)

    def _time(self, value: str | None):
        """A time attribute, each distinct string parsed once (a project's selections share many)."""
        if value not in self.times:
            self.times[value] = _time(value)
        return self.times[value]

    def _description(self, text: str, passage: _Passage) -> None:
        """The record lines of a selection's memo ("Claimant: …"), whoever wrote the file; the rest is
        a note."""
        rest = []
        for line in text.split("\n"):
            title, colon, value = line.partition(": ")
            if colon and title.strip() in _RECORD_TITLES:
                passage.record.setdefault(_RECORD_TITLES[title.strip()], value.strip())
            else:
                rest.append(line)
        passage.add_note("\n".join(rest))

    def _span_note(self, guid: str, document, raw: str, mapping, readings) -> None:
        """A Note on a passage (QualCoder's annotations): the note of what is coded there, else a passage
        of its own with the label "note"."""
        note = self.notes.get(guid)
        if note is None or guid in self.note_used:
            return
        selection = self.tags.child(note, "PlainTextSelection")
        if selection is None:
            return
        text = self._note_text(guid)
        if not text.strip():
            self.problems.append(f"The note “{note.get('name') or guid}” is empty; it was left out.")
            return
        passage = self._passage(selection, document, raw, mapping, readings, selection.get("name") or "")
        if passage is None:
            return
        passage.add_note(text, exact=True)
        if not passage.user:
            passage.user = self.users.get(_guid(note, "creatingUser") or _guid(note, "modifyingUser"), "")
            passage.created = _time(note.get("creationDateTime") or note.get("modifiedDateTime"))

    def _unused_notes(self) -> None:
        for guid, note in self.notes.items():
            if guid in self.note_used:
                continue
            name = note.get("name") or "without a name"
            if self.tags.child(note, "PlainTextSelection") is not None:
                reason = "names a passage but not its source"
            else:
                reason = "is a memo of the project, not of a passage"
            self.problems.append(f"The note “{name}” {reason}; it was left out.")

    def _emit(self) -> None:
        for passage in self.passages.values():
            note_only = not passage.labels and bool(passage.notes) and not passage.record
            labels = passage.labels or ([NOTE_LABEL] if note_only else ["claim"])
            for label in labels:
                self.out.labels.setdefault(label, "")
            record = passage.record
            for number, label in enumerate(labels):
                self.out.annotations.append(
                    ExchangeAnnotation(
                        id=passage.guid if number == 0 and passage.guid else None,
                        document_key=passage.document,
                        label=label,
                        start=passage.start,
                        end=passage.end,
                        quote=passage.quote,
                        annotator=passage.user,
                        created_at=passage.created,
                        updated_at=passage.modified,
                        claimant=record.get("claimant") or passage.claimant,
                        claim_date=record.get("claim_date") or None,
                        attribution=record.get("attribution") or None,
                        verdict=record.get("verdict") or passage.verdict or "unverified",
                        rating_text=record.get("rating_text", ""),
                        rating_value=_float(record.get("rating_value")),
                        rating_best=_float(record.get("rating_best")),
                        rating_worst=_float(record.get("rating_worst")),
                        note="\n\n".join(passage.notes),
                        matter_keys=tuple(passage.matters),
                        review_if_unplaced=not passage.placed,
                        note_only=note_only,
                    )
                )

    def _link(self, link: ET.Element) -> None:
        origin = _guid(link, "originGUID")
        target = _guid(link, "targetGUID")
        relation = (link.get("name") or "").strip().lower()
        if relation not in ("disputes", "supports", "repeats") or not (origin and target):
            self.problems.append(
                f"The link “{link.get('name') or ''}” is not one factcheck knows; it was left out."
            )
            return
        guid = _guid(link)
        self.out.links.append(
            ExchangeLink(
                guid if is_guid(guid) else None,
                self.alias.get(origin) or origin,
                relation,
                self.alias.get(target) or target,
            )
        )


def _float(value: str | None) -> float | None:
    if not value:
        return None
    try:
        number = float(value.replace(",", ".")) if value.count(",") == 1 else float(value)
    except ValueError:
        return None
    return number if number == number and abs(number) != float("inf") else None
