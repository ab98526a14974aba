"""Pasting an article: the clipboard's text flavour, or its HTML when there is no text."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from factcheck.domain import MAX_IMPORT_BYTES, BadInputError
from factcheck.importers import import_clipboard

SAMPLE_TITLE = "Alec Baldwin Shares ‘Over The Top’ Letter From ‘Rust’ Cast And Crew"


def test_pasted_sample_article(sample_text: str) -> None:
    pasted = sample_text.replace("\n", "\r\n")  # as Windows puts it on the clipboard
    doc = import_clipboard(pasted, None)
    assert doc.source_format == "clipboard"
    assert doc.source_name == "Clipboard"
    assert doc.title == SAMPLE_TITLE
    assert doc.author == "Kristin Myers"
    assert doc.published_at == datetime(2021, 12, 10, 0, 39, tzinfo=UTC)
    assert doc.notes == ("Removed 6 advertisement lines",)
    assert "\r" not in doc.text
    assert doc.original == pasted.encode("utf-8")


def test_text_is_preferred_to_html(sample_text: str) -> None:
    doc = import_clipboard(sample_text, "<p>Something else entirely</p>")
    assert doc.title == SAMPLE_TITLE
    assert "Something else" not in doc.text


def test_html_only_paste() -> None:
    html = (
        "<html><body><!--StartFragment--><h1>Bridge Reopens</h1>"
        "<p class='byline'>By Jane Doe on March 17, 2021 at 8:00 AM EDT</p>"
        "<p>The bridge reopened on <b>Wednesday</b> after two weeks of repairs.</p>"
        "<script>track()</script><style>p{}</style>"
        "<p>Advertisement</p><!--EndFragment--></body></html>"
    )
    doc = import_clipboard(None, html)
    assert doc.text == (
        "Bridge Reopens\n\nBy Jane Doe on March 17, 2021 at 8:00 AM EDT\n\n"
        "The bridge reopened on Wednesday after two weeks of repairs."
    )
    assert doc.title == "Bridge Reopens"
    assert doc.author == "Jane Doe"
    assert doc.published_at == datetime(2021, 3, 17, 12, 0, tzinfo=UTC)
    assert doc.original == html.encode("utf-8")


def test_windows_clipboard_html_header_gives_the_source_url() -> None:
    html = (
        "Version:0.9\r\nStartHTML:0000000105\r\nEndHTML:0000000300\r\n"
        "StartFragment:0000000141\r\nEndFragment:0000000264\r\n"
        "SourceURL:https://news.example/bridge-reopens\r\n"
        "<html><body>\r\n<!--StartFragment--><p>The bridge reopened on Wednesday.</p><!--EndFragment-->\r\n"
        "</body></html>"
    )
    doc = import_clipboard("", html)
    assert doc.text == "The bridge reopened on Wednesday."
    assert doc.url == "https://news.example/bridge-reopens"


@pytest.mark.parametrize(("text", "html"), [(None, None), ("", ""), ("  \n\t", None), (None, "   ")])
def test_empty_clipboard(text: str | None, html: str | None) -> None:
    with pytest.raises(BadInputError, match="The clipboard has no text"):
        import_clipboard(text, html)


def test_html_without_visible_text() -> None:
    with pytest.raises(BadInputError, match="no visible text"):
        import_clipboard(None, "<div><script>x()</script><img src='a.png'></div>")


def test_binary_garbage_on_the_clipboard() -> None:
    with pytest.raises(BadInputError, match="binary data"):
        import_clipboard("\x00\x01\x02\x03\x04\x05 abc \x06\x07\x08\x0e\x0f", None)


def test_too_large_paste() -> None:
    with pytest.raises(BadInputError, match="too large"):
        import_clipboard("a" * (MAX_IMPORT_BYTES + 1), None)


def test_clean_up_can_be_turned_off(sample_text: str) -> None:
    doc = import_clipboard(sample_text, None, remove_boilerplate=False)
    assert "Article continues below advertisement" in doc.text
    assert doc.notes == ()
