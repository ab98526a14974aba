"""Markdown import: rendered to the text a reader sees."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from factcheck.domain import BadInputError
from factcheck.importers import import_bytes, import_path
from factcheck.importers.html_text import html_to_text

MARKUP = re.compile(r"[*_`#>|\[\]]|\]\(|<[a-z!/]")


def test_markdown_article(fixtures: Path) -> None:
    doc = import_path(fixtures / "bridge-claim.md")
    assert doc.source_format == "md"
    assert doc.title == "Did the Mayor Really Close the Harbour Bridge?"
    assert doc.author == "Jane Doe"
    assert doc.published_at == datetime(2021, 3, 3, 14, 15, tzinfo=UTC)
    assert doc.notes == ("Removed 1 advertisement line",)
    assert doc.original == (fixtures / "bridge-claim.md").read_bytes()
    lines = doc.text.split("\n")
    assert lines[0] == "Did the Mayor Really Close the Harbour Bridge?"
    # Headings, paragraphs and list items each on their own line.
    for line in [
        "What the post says",
        "What we found",
        "The mayor has shut the Harbour Bridge forever. Commuters will never get it back.",
        "1. The city council approved a 14-day closure on February 20.",
        "2. Works started on March 3 and ended on March 17.",
        "City council minutes, 20 February 2021",
        "The contractor's schedule.pdf file",
        "Interviews with three commuters",
        "Date\tStatus",
        "March 3\tClosed",
        "Rating: False. Contact us at factcheck@example.org.",
    ]:
        assert line in lines, line
    # A paragraph's soft line breaks join up as the reader sees them.
    assert (
        "The claim is false: the bridge was closed for two weeks of repairs, and reopened on March 17."
        in doc.text
    )
    assert MARKUP.search(doc.text) is None, MARKUP.search(doc.text)
    assert "never shown" not in doc.text
    assert "editor's note" not in doc.text
    assert "example.org/bridge.jpg" not in doc.text


def test_front_matter(fixtures: Path) -> None:
    doc = import_path(fixtures / "front-matter.md")
    assert doc.title == "Vaccine Claim Rated Misleading"
    assert doc.author == "Sam Hill"
    assert doc.url == "https://factcheck.example/vaccine-claim"
    assert doc.published_at == datetime(2022, 6, 1, 13, 5, tzinfo=UTC)
    assert doc.text.startswith("A Heading That Is Not The Title\n\nThe article body starts here")
    assert "tags" not in doc.text


def test_extension_markdown_and_a_setext_heading() -> None:
    doc = import_bytes(b"Harbour Bridge Reopens\n======================\n\nIt reopened.\n", "n.markdown")
    assert doc.title == "Harbour Bridge Reopens"
    assert doc.text == "Harbour Bridge Reopens\n\nIt reopened."


def test_no_heading_means_title_from_the_text_top() -> None:
    doc = import_bytes(b"Just a line of notes", "notes.md")
    assert doc.text == "Just a line of notes"


def test_cp1252_markdown() -> None:
    doc = import_bytes("# ‘Rust’ Letter\n\nIt’s “real”.".encode("cp1252"), "legacy.md")
    assert doc.title == "‘Rust’ Letter"
    assert doc.text == "‘Rust’ Letter\n\nIt’s “real”."


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"", "empty"), (b" \n\n ", "empty"), (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG image")],
)
def test_bad_markdown(content: bytes, message: str) -> None:
    with pytest.raises(BadInputError, match=message):
        import_bytes(content, "bad.md")


def test_markup_only_markdown_has_nothing_to_annotate() -> None:
    with pytest.raises(BadInputError, match="empty"):
        import_bytes(b"<script>alert(1)</script>\n\n***\n", "scripts.md")


@settings(max_examples=80, deadline=None)
@given(st.text(max_size=300))
def test_html_renderer_never_raises(html: str) -> None:
    rendered = html_to_text(html)
    assert "\n\n\n" not in rendered.text
