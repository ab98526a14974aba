"""HTML import: main text and page metadata, never touching the network or running scripts."""

from __future__ import annotations

import socket
from datetime import UTC, datetime
from pathlib import Path

import pytest

from factcheck.domain import BadInputError
from factcheck.importers import import_bytes, import_path

SAMPLE_TITLE = "Alec Baldwin Shares ‘Over The Top’ Letter From ‘Rust’ Cast And Crew"


@pytest.fixture
def offline(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any attempt to resolve a name or open a connection fails the test."""

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("the importer tried to use the network")

    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)


def test_news_page(fixtures: Path, offline: None, sample_text: str) -> None:
    doc = import_path(fixtures / "rust-crew-letter.html")
    assert doc.source_format == "html"
    assert doc.title == SAMPLE_TITLE
    assert doc.author == "Kristin Myers"
    assert doc.outlet == "Daily Courier"
    assert doc.url == "https://www.dailycourier.example/alec-baldwin-rust-crew-letter/"
    assert doc.published_at == datetime(2021, 12, 10, 0, 39, tzinfo=UTC)
    assert doc.original == (fixtures / "rust-crew-letter.html").read_bytes()
    text = doc.text
    for unwanted in [
        "Injected by a script",  # document.write
        "dataLayer",  # inline script
        "font-family",  # style
        "Subscribe to the newsletter",  # navigation
        "Share on Facebook",  # share buttons
        "Reader comment",  # comments
        "Post Comment",
        "Related Stories",
        "All rights reserved",  # footer
        "advertisement",
    ]:
        assert unwanted.lower() not in text.lower(), unwanted
    # Every paragraph and subheading of the article is there, each a block of its own.
    paragraphs = [p for p in sample_text.split("\n\n")[4:] if "advertisement" not in p]
    for paragraph in paragraphs:
        assert f"\n{paragraph}\n" in f"\n{text}\n", paragraph
    assert text.startswith(SAMPLE_TITLE)
    assert "\n\n\n" not in text


def test_htm_extension_and_legacy_charset(offline: None) -> None:
    page = (
        "<html><head><meta charset='windows-1252'><title>‘Rust’ crew letter</title>"
        "<meta property='og:title' content='The ‘Rust’ Crew Letter'>"
        "<meta name='date' content='2021-12-09'></head><body><article><h1>The ‘Rust’ Crew Letter</h1>"
        "<p>The crew called the set “professional” and said it’s time for an investigation to finish.</p>"
        "<p>Baldwin’s post drew thousands of comments within an hour of being published.</p>"
        "</article></body></html>"
    ).encode("cp1252")
    doc = import_bytes(page, "letter.htm")
    assert doc.title == "The ‘Rust’ Crew Letter"
    assert "“professional”" in doc.text
    assert doc.published_at == datetime(2021, 12, 9, tzinfo=UTC)


def test_json_ld_date_and_lists(offline: None) -> None:
    page = b"""<!doctype html><html><head><title>Ten facts</title>
    <script type="application/ld+json">{"@context": "https://schema.org", "@graph": [
      {"@type": "NewsArticle", "headline": "Ten facts", "datePublished": "2022-06-01T09:05:00-04:00",
       "author": {"@type": "Person", "name": "Sam Hill"}}]}</script></head>
    <body><article><h1>Ten facts about the bridge</h1>
    <p>The bridge is older than most people think, and it has been repaired many times since.</p>
    <ul><li>It opened in 1932 after eight years of construction work.</li>
    <li>It carries six lanes of traffic and a railway line across the harbour.</li></ul>
    <p>Engineers inspect it every spring, and the last inspection found no structural faults.</p>
    </article></body></html>"""
    doc = import_bytes(page, "facts.html")
    assert doc.published_at == datetime(2022, 6, 1, 13, 5, tzinfo=UTC)
    assert doc.author == "Sam Hill"
    assert (
        "It opened in 1932 after eight years of construction work.\n"
        "It carries six lanes of traffic and a railway line across the harbour." in doc.text
    )


@pytest.mark.parametrize(
    "page",
    [
        b"<html><head><title>Menu</title></head><body><nav><a href='/'>Home</a> <a href='/n'>News</a></nav>"
        b"<script>document.write('<p>A long paragraph written by a script, never to be shown.</p>')</script>"
        b"</body></html>",
        b"<html><body><div class='menu'><a href='/'>Home</a> | <a href='/news'>News</a></div></body></html>",
        b"<html><head><title>Only a title</title></head><body></body></html>",
        b"<html><body><script>var article = 'all rendered by JavaScript';</script></body></html>",
    ],
)
def test_page_without_article_text(page: bytes, offline: None) -> None:
    with pytest.raises(BadInputError, match="has no article text"):
        import_bytes(page, "empty.html")


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"", "empty"), (b"  \n ", "empty"), (b"GIF89a\x01\x00\x01\x00\x00\x00\x00", "GIF image")],
)
def test_bad_html_files(content: bytes, message: str) -> None:
    with pytest.raises(BadInputError, match=message):
        import_bytes(content, "bad.html")


def test_html_kept_ads_when_clean_up_is_off(offline: None) -> None:
    page = (
        b"<html><body><article><h1>Headline</h1><p>First paragraph of the story, long enough to count.</p>"
        b"<p>Advertisement</p><p>Second paragraph of the story, also long enough to count here.</p>"
        b"</article></body></html>"
    )
    assert "Advertisement" in import_bytes(page, "a.html", remove_boilerplate=False).text
    assert "Advertisement" not in import_bytes(page, "a.html").text


def test_short_article_keeps_its_blocks_and_time_element(offline: None) -> None:
    page = b"""<html><body><article><h1>Headline Here</h1>
    <p class="byline">By Ann Lee <time datetime="2021-12-09T16:39:00-08:00">Dec 9</time></p>
    <p>First paragraph of the story, long enough to count as article text.</p>
    <p>Second paragraph of the story, also long enough to count here.</p></article></body></html>"""
    doc = import_bytes(page, "short.html")
    assert doc.text.split("\n\n")[0] == "Headline Here"
    assert "First paragraph of the story, long enough to count as article text." in doc.text.split("\n\n")
    assert doc.published_at == datetime(2021, 12, 10, 0, 39, tzinfo=UTC)
