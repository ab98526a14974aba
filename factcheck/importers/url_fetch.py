"""Downloading an article from a web address with the standard library: time, size and redirect limits."""

from __future__ import annotations

import http.client
import socket
import ssl
import time
import urllib.error
import urllib.request
from typing import Any
from urllib.parse import urljoin, urlsplit

from factcheck.domain import MAX_IMPORT_BYTES, BadInputError, ImportedDocument
from factcheck.importers._common import describe_size
from factcheck.importers.decoding import binary_kind
from factcheck.importers.html_page import import_html
from factcheck.importers.markdown_file import import_markdown
from factcheck.importers.text_file import import_text

#: Redirects followed before giving up.
MAX_REDIRECTS = 10
#: The whole download may take this many times the per-read timeout.
TOTAL_TIME_FACTOR = 4
_CHUNK = 64 * 1024
_USER_AGENT = "factcheck/0.1 (article import for fact-checking)"
_ACCEPT = "text/html,application/xhtml+xml;q=0.9,text/plain;q=0.8,text/markdown;q=0.8,*/*;q=0.1"
_HTML_TYPES = {"text/html", "application/xhtml+xml"}
_MARKDOWN_TYPES = {"text/markdown", "text/x-markdown"}


def fetch_url(
    url: str, *, timeout: float = 15, max_bytes: int = MAX_IMPORT_BYTES, remove_boilerplate: bool = True
) -> ImportedDocument:
    """Download a web page (or plain text) and import it; every failure is a BadInputError sentence.

    `timeout` bounds connecting and each read; the whole download gets TOTAL_TIME_FACTOR times that.
    Only http and https are fetched, redirects included; the page's own scripts and resources never are.
    """
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise BadInputError(f"“{url}” is not a web address: it must start with http:// or https://.")
    host = parts.hostname
    body, final_url, content_type, charset = _download(url, host, timeout, max_bytes)
    if not body.strip():
        raise BadInputError(f"The page at {final_url} is empty.")
    if content_type is None:
        content_type = "text/html" if _looks_like_html(body) else "text/plain"
    if content_type in _HTML_TYPES:
        return import_html(
            body, final_url, remove_boilerplate=remove_boilerplate, url=final_url, declared=charset
        )
    kind = binary_kind(body)
    if kind is not None:
        raise BadInputError(f"The address {final_url} sent {kind}, not a web page or text.")
    if content_type in _MARKDOWN_TYPES:
        return import_markdown(
            body, final_url, remove_boilerplate=remove_boilerplate, url=final_url, declared=charset
        )
    return import_text(
        body, final_url, remove_boilerplate=remove_boilerplate, declared=charset, url=final_url
    )


def _download(
    url: str, host: str, timeout: float, max_bytes: int
) -> tuple[bytes, str, str | None, str | None]:
    """GET `url`; return (body, final URL, content type or None if unstated, declared charset)."""
    request = urllib.request.Request(
        url, headers={"User-Agent": _USER_AGENT, "Accept": _ACCEPT, "Accept-Encoding": "identity"}
    )
    opener = urllib.request.build_opener(_LimitedRedirects())
    deadline = time.monotonic() + timeout * TOTAL_TIME_FACTOR
    try:
        with opener.open(request, timeout=timeout) as response:
            final_url = response.geturl()
            content_type = response.headers.get("Content-Type")
            kind = response.headers.get_content_type() if content_type else None
            charset = response.headers.get_content_charset()
            if kind is not None and not _acceptable(kind):
                raise BadInputError(
                    f"The address {final_url} holds {kind} content, not a web page or text: "
                    "download it and import the file instead."
                )
            length = response.headers.get("Content-Length", "")
            if length.isdigit() and int(length) > max_bytes:
                raise _too_large(final_url, int(length), max_bytes)
            body = _read_limited(response, final_url, max_bytes, deadline, timeout)
    except BadInputError:
        raise
    except urllib.error.HTTPError as exc:
        exc.close()
        raise BadInputError(_http_message(exc.code, exc.filename or url)) from None
    except urllib.error.URLError as exc:
        raise BadInputError(_network_message(exc.reason, host, timeout)) from None
    except (TimeoutError, OSError, http.client.HTTPException) as exc:
        raise BadInputError(_network_message(exc, host, timeout)) from None
    return body, final_url, kind, charset


def _read_limited(response: Any, url: str, max_bytes: int, deadline: float, timeout: float) -> bytes:
    chunks: list[bytes] = []
    total = 0
    while True:
        chunk = response.read1(_CHUNK)  # returns what has arrived, so the deadline is checked often
        if not chunk:
            return b"".join(chunks)
        total += len(chunk)
        if total > max_bytes:
            raise _too_large(url, total, max_bytes, streamed=True)
        if time.monotonic() > deadline:
            raise BadInputError(
                f"Downloading {url} took longer than {timeout * TOTAL_TIME_FACTOR:g} seconds; try again later."
            )
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
                f"{req.full_url} redirected more than {MAX_REDIRECTS} times: the site may be misconfigured."
            )
        target = headers.get("Location") or headers.get("URI")
        if target:
            newurl = urljoin(req.full_url, target)
            if urlsplit(newurl).scheme.lower() not in ("http", "https"):
                raise BadInputError(f"{req.full_url} redirected to “{newurl}”, which is not a web address.")
        return super().http_error_302(req, fp, code, msg, headers)

    http_error_301 = http_error_303 = http_error_307 = http_error_308 = http_error_302


def _acceptable(content_type: str) -> bool:
    return content_type in _HTML_TYPES or content_type.startswith("text/")


def _looks_like_html(body: bytes) -> bool:
    head = body[:2048].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html")) or b"<html" in head or b"<body" in head


def _too_large(url: str, size: int, limit: int, *, streamed: bool = False) -> BadInputError:
    amount = f"more than {describe_size(limit)}" if streamed else describe_size(size)
    return BadInputError(
        f"The page at {url} is too large to import ({amount}; the limit is {describe_size(limit)})."
    )


def _http_message(code: int, url: str) -> str:
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
