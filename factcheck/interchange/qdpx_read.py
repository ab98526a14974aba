"""Reading a REFI-QDA project (.qdpx) written by factcheck, QualCoder, ATLAS.ti or another tool into an
ExchangeBundle: text sources, codes, coded selections, notes and links."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
import zipfile
from bisect import bisect_left
from pathlib import Path

from factcheck.domain import MAX_IMPORT_BYTES, BadInputError
from factcheck.interchange.qdpx_write import CASE_KIND, ORIGIN, RECORD_LINES, VERDICT_CODE, variable_guid
from factcheck.interchange.records import (
    ExchangeAnnotation,
    ExchangeBundle,
    ExchangeDocument,
    ExchangeLink,
    ExchangeMatter,
    parse_timestamp,
)
from factcheck.interchange.xml_text import is_guid
from factcheck.text.normalise import canonical_text
from factcheck.text.offsets import Utf16Index

# The same steps as factcheck.text.normalise.canonical_text, each keeping where every character came from.
_LINE_ENDS = re.compile(r"\r\n?|\u2028|\u2029|\x85")
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_TRAILING_SPACE = re.compile(r"[ \t]+(?=\n)")
_BLANK_RUNS = re.compile(r"(?<=\n\n)\n+")
_LEADING_BLANK = re.compile(r"\A[\s\ufeff]+")
_TRAILING_BLANK = re.compile(r"\s+\Z")
_SURROGATES = re.compile("[\ud800-\udfff]")


def canonical_with_origins(raw: str) -> tuple[str, list[int]]:
    """The canonical text of ``raw`` and, for each of its characters, its index in ``raw``."""
    text, origins = raw, list(range(len(raw)))

    def apply(pattern: re.Pattern[str], replacement: str | None) -> None:
        nonlocal text, origins
        pieces: list[str] = []
        kept: list[int] = []
        last = 0
        for match in pattern.finditer(text):
            pieces.append(text[last : match.start()])
            kept.extend(origins[last : match.start()])
            if replacement is not None:
                pieces.append(replacement)
                kept.extend(origins[match.start() : match.start() + len(replacement)])
            last = match.end()
        pieces.append(text[last:])
        kept.extend(origins[last:])
        text, origins = "".join(pieces), kept

    apply(_LINE_ENDS, "\n")
    apply(_CONTROLS, None)
    text = _SURROGATES.sub("\ufffd", text)
    apply(_TRAILING_SPACE, None)
    apply(_BLANK_RUNS, None)
    apply(_LEADING_BLANK, None)
    apply(_TRAILING_BLANK, None)
    return text, origins


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _children(element: ET.Element, name: str) -> list[ET.Element]:
    return [child for child in element if _local(child.tag) == name]


def _child(element: ET.Element, name: str) -> ET.Element | None:
    return next((child for child in element if _local(child.tag) == name), None)


def _time(value: str | None):
    if not value:
        return None
    try:
        return parse_timestamp(value)
    except ValueError:
        return None


class _Archive:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.zip: zipfile.ZipFile | None = None
        self.names: dict[str, str] = {}
        if zipfile.is_zipfile(path):
            self.zip = zipfile.ZipFile(path)
            self.names = {info.filename.lower(): info.filename for info in self.zip.infolist()}

    def project(self) -> bytes:
        if self.zip is None:
            return self.path.read_bytes()
        name = self.names.get("project.qde") or next(
            (n for k, n in self.names.items() if k.endswith(".qde")), None
        )
        if name is None:
            raise BadInputError(f"{self.path.name} has no project.qde: it is not a REFI-QDA project.")
        return self._read(name)

    def _read(self, name: str) -> bytes:
        assert self.zip is not None
        info = self.zip.getinfo(name)
        if info.file_size > MAX_IMPORT_BYTES * 4:
            raise BadInputError(f"{name} in {self.path.name} is too large.")
        return self.zip.read(name)

    def source(self, path: str) -> str | None:
        """The text of 'internal://NAME' (in Sources/ of the archive); None when not in the archive."""
        if not path.lower().startswith("internal://") or self.zip is None:
            return None
        bare = path[len("internal://") :].lstrip("/")
        name = self.names.get(f"sources/{bare}".lower()) or self.names.get(bare.lower())
        if name is None:
            return None
        data = self._read(name)
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError:
            return (
                data.decode("utf-16")
                if data[:2] in (b"\xff\xfe", b"\xfe\xff")
                else data.decode("cp1252", "replace")
            )


def read_qdpx(path: Path | str) -> ExchangeBundle:
    path = Path(path)
    try:
        archive = _Archive(path)
        data = archive.project()
        root = ET.fromstring(data)
    except (zipfile.BadZipFile, ET.ParseError) as exc:
        raise BadInputError(f"{path.name} is not a readable REFI-QDA project: {exc}.") from exc
    if _local(root.tag) != "Project":
        raise BadInputError(f"{path.name} is not a REFI-QDA project (its root is {_local(root.tag)}).")
    return _Reader(root, archive).bundle()


class _Reader:
    def __init__(self, root: ET.Element, archive: _Archive) -> None:
        self.root = root
        self.archive = archive
        self.ours = root.get("origin", "").split(" ", 1)[0] == ORIGIN
        self.bundle_ = ExchangeBundle(format="qdpx")
        self.users: dict[str, str] = {}
        self.codes: dict[str, str] = {}  # codable code guid → label name
        self.verdicts: dict[str, str] = {}  # verdict code guid → verdict
        self.notes: dict[str, str] = {}
        self.claimant_of: dict[str, str] = {}  # selection guid → claimant name
        self.matters_of: dict[str, list[str]] = {}  # selection guid → matter keys

    @property
    def problems(self) -> list[str]:
        return self.bundle_.problems

    def bundle(self) -> ExchangeBundle:
        root = self.root
        users = _child(root, "Users")
        for user in _children(users, "User") if users is not None else []:
            self.users[user.get("guid", "").strip("{}").lower()] = user.get("name", "")
        codebook = _child(root, "CodeBook")
        codes = _child(codebook, "Codes") if codebook is not None else None
        for code in _children(codes, "Code") if codes is not None else []:
            self._code(code, None)
        self._read_notes()
        self._cases()
        sources = _child(root, "Sources")
        for source in list(sources) if sources is not None else []:
            kind = _local(source.tag)
            if kind == "TextSource":
                self._source(source)
            else:
                self.problems.append(
                    f"“{source.get('name', kind)}” is a {kind}; only text sources are imported."
                )
        links = _child(root, "Links")
        for link in _children(links, "Link") if links is not None else []:
            self._link(link)
        return self.bundle_

    def _code(self, code: ET.Element, parent: str | None) -> None:
        guid = code.get("guid", "").strip("{}").lower()
        name = " ".join(code.get("name", "").split())
        codable = code.get("isCodable", "true") == "true" and bool(name)
        if self.ours and parent == VERDICT_CODE:
            self.verdicts[guid] = name
        elif codable and not (self.ours and guid == VERDICT_CODE):
            self.codes[guid] = name
            color = code.get("color", "")
            self.bundle_.labels.setdefault(name, color if len(color) == 7 else "")
        for child in _children(code, "Code"):
            self._code(child, guid)

    def _text_of(self, element: ET.Element) -> str | None:
        content = _child(element, "PlainTextContent")
        if content is not None:
            return content.text or ""
        path = element.get("plainTextPath")
        return self.archive.source(path) if path else None

    def _read_notes(self) -> None:
        notes = _child(self.root, "Notes")
        for note in _children(notes, "Note") if notes is not None else []:
            text = self._text_of(note)
            if text:
                self.notes[note.get("guid", "").strip("{}").lower()] = text

    def _cases(self) -> None:
        if not self.ours:
            return  # other tools' cases (interviewees, sites…) have no place in factcheck yet
        cases = _child(self.root, "Cases")
        kind_ref = variable_guid(CASE_KIND)
        for case in _children(cases, "Case") if cases is not None else []:
            kind = ""
            for value in _children(case, "VariableValue"):
                ref = _child(value, "VariableRef")
                text = _child(value, "TextValue")
                if ref is not None and ref.get("targetGUID") == kind_ref and text is not None:
                    kind = text.text or ""
            selections = [r.get("targetGUID", "").lower() for r in _children(case, "SelectionRef")]
            if kind == "claimant":
                for selection in selections:
                    self.claimant_of[selection] = case.get("name", "")
            elif kind == "matter":
                description = _child(case, "Description")
                key = case.get("guid", "").strip("{}").lower()
                self.bundle_.matters.append(
                    ExchangeMatter(
                        key, case.get("name", ""), description.text or "" if description is not None else ""
                    )
                )
                for selection in selections:
                    self.matters_of.setdefault(selection, []).append(key)

    def _metadata(self, source: ET.Element, document: ExchangeDocument) -> None:
        refs = {variable_guid(name): name for name in ("Outlet", "Author", "URL", "Published")}
        for value in _children(source, "VariableValue"):
            ref = _child(value, "VariableRef")
            name = refs.get(ref.get("targetGUID", "")) if ref is not None else None
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

    def _source(self, source: ET.Element) -> None:
        name = source.get("name", "") or "a text source"
        raw = self._text_of(source)
        if raw is None:
            self.problems.append(f"The text of “{name}” is not in the file; it was skipped.")
            return
        try:
            canonical = canonical_text(raw)
        except BadInputError:
            self.problems.append(f"“{name}” has no text; it was skipped.")
            return
        text, origins = canonical_with_origins(raw)
        if text != canonical:  # the two normalisations disagree: place the selections by their quotes
            text, origins = canonical, []
        key = source.get("guid", "").strip("{}").lower() or name
        document = ExchangeDocument(key=key, title=name, text=text, source_name=name)
        if self.ours:
            self._metadata(source, document)
        self.bundle_.documents.append(document)
        utf16 = Utf16Index(raw) if any(ord(ch) > 0xFFFF for ch in raw) else None
        for selection in _children(source, "PlainTextSelection"):
            self._selection(selection, document, raw, text, origins, utf16)

    def _span(self, selection: ET.Element, raw: str, utf16: Utf16Index | None) -> tuple[int, int] | None:
        """The selection in ``raw`` code points, [start, end); end exclusive as factcheck and QualCoder
        write it, unless the selection's name shows an inclusive end or UTF-16 counting."""
        try:
            start, end = int(selection.get("startPosition", "")), int(selection.get("endPosition", ""))
        except ValueError:
            return None
        if self.ours:
            return start, end
        name = selection.get("name") or ""
        candidates = [(start, end), (start, end + 1)]
        if utf16 is not None:
            candidates.append((utf16.to_code_point(start), utf16.to_code_point(end)))
        if name:
            for s, e in candidates:
                if 0 <= s < e <= len(raw) and raw[s:e].startswith(name[:60].rstrip("…")):
                    return s, e
        return start, end

    def _selection(
        self,
        selection: ET.Element,
        document: ExchangeDocument,
        raw: str,
        text: str,
        origins: list[int],
        utf16: Utf16Index | None,
    ) -> None:
        guid = selection.get("guid", "").strip("{}").lower()
        span = self._span(selection, raw, utf16)
        if span is None or not (0 <= span[0] < span[1] <= len(raw)):
            self.problems.append(f"A selection in “{document.title}” lies outside its text; skipped.")
            return
        if origins:
            start, end = bisect_left(origins, span[0]), bisect_left(origins, span[1])
            quote = text[start:end]
        else:
            start, end = -1, -1
            quote = " ".join(raw[span[0] : span[1]].split())
        if not quote.strip():
            self.problems.append(f"A selection in “{document.title}” holds only spaces; skipped.")
            return
        labels = []
        verdict = "unverified"
        for coding in _children(selection, "Coding"):
            ref = _child(coding, "CodeRef")
            target = ref.get("targetGUID", "").strip("{}").lower() if ref is not None else ""
            if target in self.verdicts:
                verdict = self.verdicts[target]
            elif target in self.codes:
                labels.append(self.codes[target])
        if not labels:
            labels = ["claim"]
            self.bundle_.labels.setdefault("claim", "")
        notes = [
            self.notes[r.get("targetGUID", "").strip("{}").lower()] for r in _children(selection, "NoteRef")
        ]
        notes = [n for n in notes if n]
        description = _child(selection, "Description")
        description_text = description.text or "" if description is not None else ""
        record: dict[str, str] = {}
        if self.ours:
            titles = dict(RECORD_LINES)
            for line in description_text.split("\n"):
                title, _, value = line.partition(": ")
                if title in titles:
                    record[titles[title]] = value
        elif description_text.strip():
            notes.insert(0, description_text)
        user = self.users.get(selection.get("creatingUser", "").strip("{}").lower(), "")
        for number, label in enumerate(labels):
            self.bundle_.annotations.append(
                ExchangeAnnotation(
                    id=guid if number == 0 and is_guid(guid) else None,
                    document_key=document.key,
                    label=label,
                    start=start,
                    end=end,
                    quote=quote,
                    annotator=user,
                    created_at=_time(selection.get("creationDateTime")),
                    updated_at=_time(selection.get("modifiedDateTime")),
                    claimant=record.get("claimant") or self.claimant_of.get(guid, ""),
                    claim_date=record.get("claim_date") or None,
                    attribution=record.get("attribution") or None,
                    verdict=record.get("verdict") or verdict,
                    rating_text=record.get("rating_text", ""),
                    rating_value=_float(record.get("rating_value")),
                    rating_best=_float(record.get("rating_best")),
                    rating_worst=_float(record.get("rating_worst")),
                    note="\n\n".join(notes),
                    matter_keys=tuple(self.matters_of.get(guid, ())),
                )
            )

    def _link(self, link: ET.Element) -> None:
        origin = link.get("originGUID", "").strip("{}").lower()
        target = link.get("targetGUID", "").strip("{}").lower()
        relation = (link.get("name") or "").strip().lower()
        if relation not in ("disputes", "supports", "repeats") or not (origin and target):
            self.problems.append(f"The link “{link.get('name', '')}” is not one factcheck knows; skipped.")
            return
        guid = link.get("guid", "").strip("{}").lower()
        self.bundle_.links.append(ExchangeLink(guid if is_guid(guid) else None, origin, relation, target))


def _float(value: str | None) -> float | None:
    if not value:
        return None
    try:
        return float(value)
    except ValueError:
        return None
