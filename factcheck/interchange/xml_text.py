"""Escaping text for XML 1.0 so that it reads back exactly (CR and tabs kept), and GUIDs for REFI-QDA."""

from __future__ import annotations

import re
import uuid

#: Characters XML 1.0 cannot hold at all, not even as a character reference.
INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_TEXT = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"}
_ATTRIBUTE = {**_TEXT, '"': "&quot;", "\n": "&#10;", "\t": "&#9;"}
_TEXT_SPECIAL = re.compile("[&<>\r]")
_ATTRIBUTE_SPECIAL = re.compile('[&<>\r"\n\t]')
_GUID = re.compile(r"\{?[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\}?")
#: Namespace of the GUIDs factcheck derives (users, verdict codes, notes, cases' variables).
GUID_NAMESPACE = uuid.UUID("6f1c3f3e-3b7a-5d1e-9a52-0c9f7f6f2a10")


def is_xml_safe(value: str) -> bool:
    return INVALID_XML.search(value) is None


def text(value: str) -> str:
    """Element content (characters XML cannot hold become U+FFFD)."""
    value = INVALID_XML.sub("\ufffd", value)
    return _TEXT_SPECIAL.sub(lambda m: _TEXT[m.group()], value)


def attribute(value: str) -> str:
    """An attribute value for "…" quotes; newlines and tabs survive attribute normalisation."""
    value = INVALID_XML.sub("\ufffd", value)
    return _ATTRIBUTE_SPECIAL.sub(lambda m: _ATTRIBUTE[m.group()], value)


def guid(value: str) -> str:
    """``value`` when it is a GUID already, else a GUID derived from it (stable across exports)."""
    if _GUID.fullmatch(value):
        return value.strip("{}").lower()
    return derived_guid(value)


def derived_guid(*parts: str) -> str:
    return str(uuid.uuid5(GUID_NAMESPACE, "\x1f".join(parts)))


def is_guid(value: str) -> bool:
    return bool(_GUID.fullmatch(value))
