"""Turning the bytes of a text-like file into a str: byte order marks, UTF-8, legacy Western encodings."""

from __future__ import annotations

import codecs
import contextlib
import re

from factcheck.domain import BadInputError
from factcheck.text.normalise import looks_binary

# Longest marks first: the UTF-32 LE mark begins with the UTF-16 LE one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32"),
    (codecs.BOM_UTF8, "utf-8", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16"),
)

# Signatures of common binary formats, so a renamed file gets a precise message.
_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive or Office document"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old-style Office document"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"\x7fELF", "a program"),
    (b"ID3", "an MP3 audio file"),
    (b"OggS\x00", "an Ogg media file"),
    (b"wOFF\x00", "a web font"),
    (b"wOF2\x00", "a web font"),
)
# Signatures that are also ordinary words: they count only with binary bytes right after them.
_WEAK_MAGIC = (b"ID3",)
_RIFF_KINDS = {b"WEBP": "a WebP image", b"WAVE": "a WAV audio file", b"AVI ": "an AVI video"}

_SNIFF_BYTES = 8192
# A cp1252 reading whose "mess" (charset-normalizer's measure of implausible text) stays below this is kept.
_MAX_MESS = 0.8
_MESS_SAMPLE_CHARS = 100_000
_FEW_CHARACTERS = 8
# The characters Windows-1252 adds in 0x80-0x9F that are not letters: evidence for it, never against it.
_TYPOGRAPHY = frozenset("‘’‚“”„–—…•€‰‹›†‡™")
_TYPOGRAPHY_AS_ASCII = str.maketrans(
    {ch: "'" if ch in "‘’‚‹›" else '"' if ch in "“”„" else " " for ch in _TYPOGRAPHY}
)
# Cyrillic or Greek misread as Windows-1252 gives words made wholly of accented letters ("Ìîñêâà").
_ACCENTED_RUN = re.compile(r"[^\x00-\x7f\W\d_]{3,}")


def binary_kind(data: bytes) -> str | None:
    """Describe the binary format `data` is in ("a PNG image"), or None when it may well be text."""
    for magic, kind in _MAGIC:
        if data.startswith(magic) and (magic not in _WEAK_MAGIC or b"\x00" in data[:16]):
            return kind
    if data.startswith(b"RIFF") and data[8:12] in _RIFF_KINDS:
        return _RIFF_KINDS[data[8:12]]
    if data[4:12] in (b"ftypisom", b"ftypmp42", b"ftypM4A ", b"ftypqt  ", b"ftypheic"):
        return "a video, audio or photo file"
    head = data[:_SNIFF_BYTES]
    if b"\x00" in head and _bomless_utf16(head) is None:
        return "binary data"
    return None


def decode_text(data: bytes, name: str, *, declared: str | None = None) -> tuple[str, str]:
    """Decode a text file, returning (text, the encoding used).

    Order: a byte order mark, then strict UTF-8 (non-ASCII text that happens to be valid UTF-8 is UTF-8),
    then the `declared` charset (an HTTP header or HTML meta tag), then Windows-1252 when it reads
    plausibly, then charset-normalizer's best guess. Raises BadInputError for binary data, text no encoding
    explains, and files with no visible text.
    """
    if not data.strip():
        raise BadInputError(f"“{name}” is empty: there is no text to import.")
    for bom, encoding, label in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom) :].decode(encoding)
            except UnicodeDecodeError:
                raise BadInputError(
                    f"“{name}” is marked as {label} text but is not valid {label}: the file may be damaged."
                ) from None
            return _checked(text, name), encoding
    kind = binary_kind(data)
    if kind is not None:
        raise BadInputError(f"“{name}” is not a text file: it looks like {kind}.")
    if b"\x00" in data[:_SNIFF_BYTES]:
        encoding = _bomless_utf16(data[:_SNIFF_BYTES]) or "utf-16-le"
        try:
            return _checked(data.decode(encoding), name), encoding
        except UnicodeDecodeError:
            raise BadInputError(f"“{name}” is not a text file: it contains binary data.") from None
    for encoding in _utf8_then_declared(declared):
        try:
            return _checked(data.decode(encoding), name), encoding
        except (UnicodeDecodeError, LookupError):
            continue
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        pass
    else:
        if _plausible(text):
            return _checked(text, name), "cp1252"
    text, encoding = _guess(data, name)
    return _checked(text, name), encoding


def encoding_label(encoding: str) -> str:
    """A reader-friendly name for a Python codec name ("cp1252" → "Windows-1252")."""
    normal = codecs.lookup(encoding).name
    labels = {"cp1252": "Windows-1252", "iso8859-1": "Latin-1", "latin-1": "Latin-1", "utf-8": "UTF-8"}
    if normal in labels:
        return labels[normal]
    if normal.startswith("cp") and normal[2:].isdigit():
        return f"Windows-{normal[2:]}" if normal[2:].startswith("125") else f"code page {normal[2:]}"
    return normal.upper()


def _utf8_then_declared(declared: str | None) -> list[str]:
    names = ["utf-8"]
    if declared:
        with contextlib.suppress(LookupError):
            name = codecs.lookup(declared.strip()).name
            # A declared "ISO-8859-1" is, in practice, Windows-1252 (as browsers treat it).
            names.append("cp1252" if name in ("iso8859-1", "latin-1", "ascii") else name)
    return names


def _bomless_utf16(head: bytes) -> str | None:
    """'utf-16-le'/'utf-16-be' when NUL bytes fall on alternate positions, as in mostly-ASCII UTF-16."""
    even = head[0::2]
    odd = head[1::2]
    if len(head) < 4:
        return None
    if odd.count(0) > 0.6 * len(odd) and even.count(0) < 0.05 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.6 * len(even) and odd.count(0) < 0.05 * len(odd):
        return "utf-16-be"
    return None


def _plausible(text: str) -> bool:
    """Whether a Windows-1252 reading looks like real text rather than another encoding misread."""
    from charset_normalizer.md import mess_ratio

    # Judge the letters only: typographic characters are evidence for Windows-1252, not against it.
    plain = text[:_MESS_SAMPLE_CHARS].translate(_TYPOGRAPHY_AS_ASCII)
    unusual = [ch for ch in plain if not ch.isascii()]
    accented = sum(1 for ch in unusual if ch.isalpha())
    in_runs = sum(len(run) for run in _ACCENTED_RUN.findall(plain))
    if accented and in_runs > accented / 2:
        return False
    if len(unusual) < _FEW_CHARACTERS:
        return True  # too few for statistics, and Windows-1252 is the likeliest legacy encoding
    lines = [line for line in plain.splitlines() if not line.isascii()]
    return mess_ratio("\n".join(lines), _MAX_MESS) < _MAX_MESS


def _guess(data: bytes, name: str) -> tuple[str, str]:
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise BadInputError(f"“{name}” could not be read as text: its character encoding is not recognised.")
    return str(best), best.encoding


def _checked(text: str, name: str) -> str:
    if not text.strip():
        raise BadInputError(f"“{name}” is empty: there is no text to import.")
    if looks_binary(text):
        raise BadInputError(f"“{name}” is not a text file: it contains binary data.")
    return text
