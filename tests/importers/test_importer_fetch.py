"""URL fetching against a local http.server on 127.0.0.1: never the internet."""

from __future__ import annotations

import errno
import socket
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
from importer_support import LocalServer, Reply

from factcheck.domain import BadInputError
from factcheck.importers import fetch_url, url_fetch

SAMPLE_TITLE = "Alec Baldwin Shares ‘Over The Top’ Letter From ‘Rust’ Cast And Crew"
HTML = {"Content-Type": "text/html; charset=utf-8"}


def test_fetch_news_page(web: LocalServer, fixtures: Path) -> None:
    page = (fixtures / "rust-crew-letter.html").read_bytes()
    web.routes["/rust"] = Reply(body=page, headers=HTML)
    doc = fetch_url(web.url("/rust"))
    assert doc.title == SAMPLE_TITLE
    assert doc.author == "Kristin Myers"
    assert doc.outlet == "Daily Courier"
    assert doc.published_at == datetime(2021, 12, 10, 0, 39, tzinfo=UTC)
    assert doc.url == web.url("/rust")
    assert doc.source_name == web.url("/rust")
    assert doc.original == page
    assert "Reader comment" not in doc.text
    # Only the page itself was requested: no scripts, styles or images were fetched.
    assert [path for path, _ in web.requests] == ["/rust"]
    assert web.requests[0][1]["User-Agent"].startswith("factcheck/")


def test_redirects_are_followed_and_final_url_kept(web: LocalServer, fixtures: Path) -> None:
    web.routes["/old"] = Reply(301, headers={"Location": "/new"})
    web.routes["/new"] = Reply(body=(fixtures / "rust-crew-letter.html").read_bytes(), headers=HTML)
    doc = fetch_url(web.url("/old"))
    assert doc.url == web.url("/new")
    assert doc.title == SAMPLE_TITLE


def test_plain_text_and_markdown_responses(web: LocalServer, sample_text: str) -> None:
    web.routes["/a.txt"] = Reply(body=sample_text.encode("cp1252"), headers={"Content-Type": "text/plain"})
    web.routes["/b.md"] = Reply(body=b"# Heading\n\nBody *text*.", headers={"Content-Type": "text/markdown"})
    text_doc = fetch_url(web.url("/a.txt"))
    assert text_doc.title == SAMPLE_TITLE
    assert text_doc.source_format == "txt"
    assert text_doc.url == web.url("/a.txt")
    md_doc = fetch_url(web.url("/b.md"))
    assert (md_doc.title, md_doc.text) == ("Heading", "Heading\n\nBody text.")


def test_charset_from_the_header(web: LocalServer) -> None:
    body = "<html><body><article><h1>Café</h1><p>Le président a déclaré « non » à l’élection, hier soir.</p>"
    body += "<p>Les résultats définitifs seront publiés demain matin par la commission.</p></article></body></html>"
    web.routes["/fr"] = Reply(
        body=body.encode("cp1252"), headers={"Content-Type": "text/html; charset=windows-1252"}
    )
    assert "déclaré « non » à l’élection" in fetch_url(web.url("/fr")).text


def test_missing_content_type_is_sniffed(web: LocalServer, fixtures: Path) -> None:
    web.routes["/bare"] = Reply(body=(fixtures / "rust-crew-letter.html").read_bytes())
    assert fetch_url(web.url("/bare")).title == SAMPLE_TITLE


@pytest.mark.parametrize(
    ("status", "message"),
    [
        (404, r"was not found \(HTTP 404\)"),
        (410, r"was not found \(HTTP 410\)"),
        (403, r"refused access .* \(HTTP 403\)"),
        (500, r"had an error \(HTTP 500\): try again later"),
        (503, r"had an error \(HTTP 503\)"),
        (429, r"limiting requests \(HTTP 429\)"),
        (418, r"refused to send .* \(HTTP 418\)"),
    ],
)
def test_http_errors(web: LocalServer, status: int, message: str) -> None:
    web.routes["/x"] = Reply(status, b"<html><body><p>Error page</p></body></html>", HTML)
    with pytest.raises(BadInputError, match=message):
        fetch_url(web.url("/x"))


def test_too_many_redirects(web: LocalServer) -> None:
    web.routes["/loop"] = lambda path: Reply(302, headers={"Location": f"/loop?n={len(web.requests)}"})
    with pytest.raises(BadInputError, match=f"redirected more than {url_fetch.MAX_REDIRECTS} times"):
        fetch_url(web.url("/loop"))
    assert len(web.requests) == url_fetch.MAX_REDIRECTS + 1


def test_redirect_to_a_local_file_is_refused(web: LocalServer) -> None:
    web.routes["/evil"] = Reply(302, headers={"Location": "file:///etc/passwd"})
    with pytest.raises(BadInputError, match="not a web address"):
        fetch_url(web.url("/evil"))


@pytest.mark.parametrize(
    ("content_type", "body"),
    [
        ("image/png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"),
        ("application/pdf", b"%PDF-1.4\n"),
        ("application/octet-stream", b"\x00\x01\x02"),
        ("application/json", b'{"a": 1}'),
    ],
)
def test_content_types_that_are_not_pages(web: LocalServer, content_type: str, body: bytes) -> None:
    web.routes["/file"] = Reply(body=body, headers={"Content-Type": content_type})
    with pytest.raises(BadInputError, match=f"holds {content_type} content, not a web page or text"):
        fetch_url(web.url("/file"))


def test_text_type_carrying_binary(web: LocalServer) -> None:
    web.routes["/fake"] = Reply(
        body=b"\x89PNG\r\n\x1a\n" + bytes(200), headers={"Content-Type": "text/plain"}
    )
    with pytest.raises(BadInputError, match="PNG image"):
        fetch_url(web.url("/fake"))


def test_size_limit_from_content_length(web: LocalServer) -> None:
    web.routes["/big"] = Reply(body=b"a" * 300_000, headers={"Content-Type": "text/plain"})
    with pytest.raises(BadInputError, match=r"too large to import \(293 KB; the limit is 98 KB\)"):
        fetch_url(web.url("/big"), max_bytes=100_000)


def test_size_limit_while_streaming(web: LocalServer) -> None:
    web.routes["/stream"] = Reply(body=b"a" * 300_000, headers={"Content-Type": "text/plain"}, length=False)
    with pytest.raises(BadInputError, match=r"too large to import \(more than 98 KB"):
        fetch_url(web.url("/stream"), max_bytes=100_000)


def test_empty_response(web: LocalServer) -> None:
    web.routes["/empty"] = Reply(body=b"", headers=HTML)
    with pytest.raises(BadInputError, match="is empty"):
        fetch_url(web.url("/empty"))


def test_timeout_waiting_for_an_answer(web: LocalServer) -> None:
    web.routes["/slow"] = Reply(body=b"late", headers=HTML, wait=10)
    started = time.monotonic()
    with pytest.raises(BadInputError, match=r"did not answer within 0.3 seconds"):
        fetch_url(web.url("/slow"), timeout=0.3)
    assert time.monotonic() - started < 3


def test_overall_time_limit_for_a_trickle(web: LocalServer) -> None:
    web.routes["/drip"] = Reply(body=b"x" * 20_000, headers={"Content-Type": "text/plain"}, drip=0.1)
    started = time.monotonic()
    with pytest.raises(BadInputError, match="took longer than 1.2 seconds"):
        fetch_url(web.url("/drip"), timeout=0.3)
    assert time.monotonic() - started < 4


def test_connection_refused() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(BadInputError, match="refused the connection"):
        fetch_url(f"http://127.0.0.1:{port}/article")


def test_unknown_host(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_such_host(*_args: object, **_kwargs: object) -> None:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", no_such_host)
    with pytest.raises(BadInputError, match="“news.invalid” could not be found: check the address"):
        fetch_url("https://news.invalid/story")


def test_offline(monkeypatch: pytest.MonkeyPatch) -> None:
    def unreachable(*_args: object, **_kwargs: object) -> None:
        raise OSError(errno.ENETUNREACH, "Network is unreachable")

    monkeypatch.setattr(socket, "create_connection", unreachable)
    with pytest.raises(BadInputError, match="you may be offline"):
        fetch_url("http://news.example/story")


@pytest.mark.parametrize(
    "url", ["file:///etc/passwd", "ftp://example.org/a.txt", "news.example/story", "http://", ""]
)
def test_not_web_addresses(url: str) -> None:
    with pytest.raises(BadInputError, match="is not a web address"):
        fetch_url(url)


def test_utf8_page_under_a_latin1_header(web: LocalServer) -> None:
    body = "<html><body><article><h1>Größe</h1><p>Der Bürgermeister sagte, die Größe des Gebäudes sei übertrieben.</p>"
    body += (
        "<p>Die Stadt will die Pläne im nächsten Monat noch einmal prüfen lassen.</p></article></body></html>"
    )
    web.routes["/de"] = Reply(
        body=body.encode("utf-8"), headers={"Content-Type": "text/html; charset=ISO-8859-1"}
    )
    assert "Der Bürgermeister sagte" in fetch_url(web.url("/de")).text


def _slow_header_server(stop: threading.Event) -> tuple[socket.socket, threading.Thread]:
    """A server that answers with a status line, then one header line every 0.2 s, forever."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()

    def serve() -> None:
        conn, _ = listener.accept()
        with conn:
            conn.recv(65536)
            try:
                conn.sendall(b"HTTP/1.1 200 OK\r\n")
                for i in range(10_000):
                    if stop.wait(0.2):
                        return
                    conn.sendall(b"X-Slow-%d: still coming\r\n" % (i % 90))
            except OSError:
                return  # the client hung up, as it should

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    return listener, thread


def test_one_deadline_covers_slowly_sent_headers() -> None:
    # A server sending one header line every 5 s was still being read at 400 s: the deadline covered
    # only the body (issue 12.3).
    stop = threading.Event()
    listener, server = _slow_header_server(stop)
    port = listener.getsockname()[1]
    outcome: list[BaseException] = []

    def fetch() -> None:
        try:
            fetch_url(f"http://127.0.0.1:{port}/article", timeout=0.3)
        except BaseException as exc:
            outcome.append(exc)

    client = threading.Thread(target=fetch, daemon=True)
    client.start()
    client.join(timeout=30)
    stop.set()
    server.join(timeout=5)
    listener.close()
    assert not client.is_alive(), "the download was still running after 30 s"
    assert len(outcome) == 1 and isinstance(outcome[0], BadInputError), outcome
    assert "took longer than 1.2 seconds" in str(outcome[0])


def test_a_redirect_to_a_data_address_is_not_echoed(web: LocalServer) -> None:
    web.routes["/data"] = Reply(302, headers={"Location": "data:text/html;base64," + "QUFB" * 5_000})
    with pytest.raises(BadInputError) as refused:
        fetch_url(web.url("/data"))
    message = str(refused.value)
    assert "a data: address" in message and "QUFB" not in message and len(message) < 300, message
