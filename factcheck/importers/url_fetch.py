"""Downloading an article from a web address with the standard library: time, size and redirect limits."""

from __future__ import annotations

import http.client
import socket
import ssl
import urllib.error
import urllib.request
from typing import Any
from urllib.parse import urljoin, urlsplit

from factcheck.domain import MAX_IMPORT_BYTES, BadInputError, ImportedDocument
from factcheck.importers._common import Cancelled, check_cancelled, describe_size, over_the_limit
from factcheck.importers.deadline import Deadline, DeadlineHTTPHandler, DeadlineHTTPSHandler
from factcheck.importers.decoding import binary_kind
from factcheck.importers.html_page import import_html
from factcheck.importers.markdown_file import import_markdown
from factcheck.importers.text_file import import_text

#: Redirects followed before giving up.
MAX_REDIRECTS = 10
#: The whole download — connecting, the headers and the body — may take this many times the per-read
#: timeout; then its socket is shut, whatever the server is doing.
TOTAL_TIME_FACTOR = 4
#: Longest piece of an address quoted in a message (a data: address can be megabytes long).
_MAX_URL_IN_MESSAGE = 120
_CHUNK = 64 * 1024
_USER_AGENT = "factcheck/0.1 (article import for fact-checking)"
_ACCEPT = "text/html,application/xhtml+xml;q=0.9,text/plain;q=0.8,text/markdown;q=0.8,*/*;q=0.1"
_HTML_TYPES = {"text/html", "application/xhtml+xml"}
_MARKDOWN_TYPES = {"text/markdown", "text/x-markdown"}


def fetch_url(
    url: str,
    *,
    timeout: float = 15,
    max_bytes: int = MAX_IMPORT_BYTES,
    remove_boilerplate: bool = True,
    cancelled: Cancelled | None = None,
) -> ImportedDocument:
    """Download a web page (or plain text) and import it; every failure is a BadInputError sentence.

    `timeout` bounds connecting and each read; the whole download (connection, headers and body) gets
    TOTAL_TIME_FACTOR times that, after which its socket is shut down. Only http and https are fetched,
    redirects included; the page's own scripts and resources never are. ``cancelled()`` is asked for
    every chunk of the body and between the import's steps.
    """
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise BadInputError(f"“{_short(url)}” is not a web address: it must start with http:// or https://.")
    host = parts.hostname
    body, final_url, content_type, charset = _download(url, host, timeout, max_bytes, cancelled)
    if not body.strip():
        raise BadInputError(f"The page at {final_url} is empty.")
    if content_type is None:
        content_type = "text/html" if _looks_like_html(body) else "text/plain"
    if content_type in _HTML_TYPES:
        return import_html(
            body,
            final_url,
            remove_boilerplate=remove_boilerplate,
            url=final_url,
            declared=charset,
            cancelled=cancelled,
        )
    kind = binary_kind(body)
    if kind is not None:
        raise BadInputError(f"The address {final_url} sent {kind}, not a web page or text.")
    if content_type in _MARKDOWN_TYPES:
        return import_markdown(
            body,
            final_url,
            remove_boilerplate=remove_boilerplate,
            url=final_url,
            declared=charset,
            cancelled=cancelled,
        )
    return import_text(
        body,
        final_url,
        remove_boilerplate=remove_boilerplate,
        declared=charset,
        url=final_url,
        cancelled=cancelled,
    )


def _download(
    url: str, host: str, timeout: float, max_bytes: int, cancelled: Cancelled | None
) -> tuple[bytes, str, str | None, str | None]:
    """GET `url`; return (body, final URL, content type or None if unstated, declared charset)."""
    request = urllib.request.Request(
        url, headers={"User-Agent": _USER_AGENT, "Accept": _ACCEPT, "Accept-Encoding": "identity"}
    )
    deadline = Deadline(timeout * TOTAL_TIME_FACTOR)
    opener = urllib.request.build_opener(
        _LimitedRedirects(), DeadlineHTTPHandler(deadline), DeadlineHTTPSHandler(deadline)
    )
    deadline.start()
    try:
        with opener.open(request, timeout=timeout) as response:
            final_url = response.geturl()
            content_type = response.headers.get("Content-Type")
            kind = response.headers.get_content_type() if content_type else None
            charset = response.headers.get_content_charset()
            if kind is not None and not _acceptable(kind):
                raise BadInputError(
                    f"The address {_short(final_url)} holds {kind} content, not a web page or text: "
                    "download it and import the file instead."
                )
            length = response.headers.get("Content-Length", "")
            if length.isdigit() and int(length) > max_bytes:
                raise _too_large(final_url, int(length), max_bytes)
            body = _read_limited(response, final_url, max_bytes, deadline, cancelled)
    except BadInputError:
        raise
    except Exception as exc:
        if deadline.expired:
            raise deadline.error(_short(url)) from None
        if isinstance(exc, urllib.error.HTTPError):
            exc.close()
            raise BadInputError(_http_message(exc.code, exc.filename or url)) from None
        if isinstance(exc, urllib.error.URLError):
            raise BadInputError(_network_message(exc.reason, host, timeout)) from None
        if isinstance(exc, (TimeoutError, OSError, http.client.HTTPException)):
            raise BadInputError(_network_message(exc, host, timeout)) from None
        raise
    finally:
        deadline.cancel()
    return body, final_url, kind, charset


def _read_limited(
    response: Any, url: str, max_bytes: int, deadline: Deadline, cancelled: Cancelled | None
) -> bytes:
    chunks: list[bytes] = []
    total = 0
    while True:
        chunk = response.read1(_CHUNK)  # returns what has arrived, so the deadline is checked often
        if not chunk:
            if deadline.expired:
                raise deadline.error(_short(url))
            return b"".join(chunks)
        total += len(chunk)
        if total > max_bytes:
            raise _too_large(url, total, max_bytes, streamed=True)
        if deadline.expired or deadline.remaining() <= 0:
            raise deadline.error(_short(url))
        check_cancelled(cancelled)
        chunks.append(chunk)


class _LimitedRedirects(urllib.request.HTTPRedirectHandler):
    """Follow at most MAX_REDIRECTS redirects, and only to http or https addresses."""

    max_repeats = MAX_REDIRECTS + 1
    max_redirections = MAX_REDIRECTS + 1

    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def http_error_302(self, req: Any, fp: Any, code: int, msg: str, headers: Any) -> Any:
        self.count += 1
        if self.count > MAX_REDIRECTS:
            raise BadInputError(
                f"{_short(req.full_url)} redirected more than {MAX_REDIRECTS} times: the site may be "
                "misconfigured."
            )
        target = headers.get("Location") or headers.get("URI")
        if target:
            newurl = urljoin(req.full_url, target)
            scheme = urlsplit(newurl).scheme.lower()
            if scheme not in ("http", "https"):
                where = f"a {scheme}: address" if scheme else "an address with no scheme"
                raise BadInputError(
                    f"{_short(req.full_url)} redirected to {where}, which is not a web address; nothing was imported."
                )
        return super().http_error_302(req, fp, code, msg, headers)

    http_error_301 = http_error_303 = http_error_307 = http_error_308 = http_error_302


def _acceptable(content_type: str) -> bool:
    return content_type in _HTML_TYPES or content_type.startswith("text/")


def _looks_like_html(body: bytes) -> bool:
    head = body[:2048].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html")) or b"<html" in head or b"<body" in head


def _too_large(url: str, size: int, limit: int, *, streamed: bool = False) -> BadInputError:
    amount = f"more than {describe_size(limit)}; the limit is {describe_size(limit)}" if streamed else None
    return BadInputError(
        f"The page at {_short(url)} is too large to import ({amount or over_the_limit(size, limit)})."
    )


def _short(url: str) -> str:
    """An address fit for a message: long ones (data: addresses, tracking junk) are cut in the middle."""
    if len(url) <= _MAX_URL_IN_MESSAGE:
        return url
    half = _MAX_URL_IN_MESSAGE // 2
    return f"{url[:half]}…{url[-20:]}"


def _http_message(code: int, url: str) -> str:
    url = _short(url)
    if code == 404 or code == 410:
        return f"The page {url} was not found (HTTP {code}): check the address."
    if code in (401, 403):
        return f"The site refused access to {url} (HTTP {code}): it may need a login or block downloads."
    if code == 429:
        return f"The site is limiting requests (HTTP 429): wait a while and try {url} again."
    if 500 <= code < 600:
        return f"The server for {url} had an error (HTTP {code}): try again later."
    if 300 <= code < 400:
        return f"{url} answered with a redirect (HTTP {code}) that could not be followed."
    return f"The server refused to send {url} (HTTP {code})."


def _network_message(reason: object, host: str, timeout: float) -> str:
    if isinstance(reason, socket.gaierror):
        return f"The server “{host}” could not be found: check the address and your internet connection."
    if isinstance(reason, TimeoutError):
        return f"The server “{host}” did not answer within {timeout:g} seconds: try again later."
    if isinstance(reason, ConnectionRefusedError):
        return f"The server “{host}” refused the connection."
    if isinstance(reason, ssl.SSLCertVerificationError):
        return f"The secure connection to “{host}” could not be verified: its certificate is not trusted."
    if isinstance(reason, ssl.SSLError):
        return f"The secure connection to “{host}” failed."
    if isinstance(reason, (ConnectionResetError, http.client.HTTPException)):
        return f"The connection to “{host}” broke off before the page arrived: try again."
    return f"Could not connect to “{host}”: you may be offline."
