"""Test helpers for the importers: tiny PDF and DOCX writers and a local web server (no fixtures here)."""

from __future__ import annotations

import io
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

# --- PDF ------------------------------------------------------------------------------------------


def _pdf_string(text: str) -> bytes:
    raw = text.encode("cp1252")
    return b"(" + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def build_pdf(
    pages: list[list[str]],
    *,
    info: dict[str, str] | None = None,
    image_only: bool = False,
    second_column: list[str] | None = None,
) -> bytes:
    """A minimal valid PDF: one Helvetica (WinAnsi) text line per entry, or only a drawn box per page.

    `second_column` adds lines beside the first page's, as in a two-column newspaper layout.
    """
    objects: list[bytes] = []

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    font = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    contents = []
    for lines in pages:
        if image_only:
            ops = [b"0.5 g 72 72 468 648 re f"]  # a grey rectangle standing in for a scanned page
        else:
            ops = [b"BT /F1 11 Tf 14 TL 72 750 Td"]
            ops += [_pdf_string(line) + b" Tj T*" for line in lines]
            ops.append(b"ET")
            if second_column and not contents:
                ops.append(b"BT /F1 11 Tf 14 TL 320 750 Td")
                ops += [_pdf_string(line) + b" Tj T*" for line in second_column]
                ops.append(b"ET")
        stream = b"\n".join(ops)
        contents.append(add(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream)))
    pages_id = len(objects) + len(pages) + 1
    kids = [
        add(
            b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 612 792] "
            b"/Resources << /Font << /F1 %d 0 R >> >> /Contents %d 0 R >>" % (pages_id, font, content)
        )
        for content in contents
    ]
    refs = b" ".join(b"%d 0 R" % kid for kid in kids)
    assert add(b"<< /Type /Pages /Kids [%s] /Count %d >>" % (refs, len(kids))) == pages_id
    catalog = add(b"<< /Type /Catalog /Pages %d 0 R >>" % pages_id)
    info_ref = b""
    if info:
        # Document information strings are UTF-16BE with a byte order mark, as hex.
        entries = b" ".join(
            b"/%s <FEFF%s>" % (key.encode(), value.encode("utf-16-be").hex().upper().encode())
            for key, value in info.items()
        )
        info_ref = b" /Info %d 0 R" % add(b"<< " + entries + b" >>")
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R%s >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        catalog,
        info_ref,
        xref,
    )
    return bytes(out)


# --- DOCX -----------------------------------------------------------------------------------------


def build_docx(
    paragraphs: list[tuple[str, str]],
    *,
    title: str = "",
    author: str = "",
    table: list[list[str]] | None = None,
) -> bytes:
    """A .docx written by python-docx: (style, text) paragraphs, optional core properties and a table."""
    import docx

    document = docx.Document()
    for style, text in paragraphs:
        if style.startswith("Heading"):
            document.add_heading(text, level=int(style.split()[-1]))
        elif style == "Title":
            document.add_heading(text, level=0)
        else:
            document.add_paragraph(text, style=style or None)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for row, values in zip(grid.rows, table, strict=True):
            for cell, value in zip(row.cells, values, strict=True):
                cell.text = value
        document.add_paragraph("Text after the table.")
    document.core_properties.title = title
    document.core_properties.author = author
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# --- a local web server ---------------------------------------------------------------------------


@dataclass
class Reply:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    length: bool = True  # send Content-Length
    wait: float = 0.0  # seconds to stall before answering (released early at teardown)
    drip: float = 0.0  # seconds between 1 KB pieces of the body


class LocalServer:
    """An http.server on 127.0.0.1 in a thread, answering from a table of paths."""

    def __init__(self) -> None:
        self.routes: dict[str, Reply | Callable[[str], Reply]] = {}
        self.requests: list[tuple[str, dict[str, str]]] = []
        self.release = threading.Event()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
                server.requests.append((self.path, dict(self.headers)))
                route = server.routes.get(self.path.split("?")[0])
                reply = route(self.path) if callable(route) else route
                if reply is None:
                    reply = Reply(404, b"<html><body><p>Not found</p></body></html>")
                if reply.wait:
                    server.release.wait(reply.wait)
                self.send_response(reply.status)
                for key, value in reply.headers.items():
                    self.send_header(key, value)
                if reply.length:
                    self.send_header("Content-Length", str(len(reply.body)))
                self.end_headers()
                try:
                    if reply.drip:
                        for start in range(0, len(reply.body), 1024):
                            if server.release.wait(reply.drip):
                                return
                            self.wfile.write(reply.body[start : start + 1024])
                            self.wfile.flush()
                    else:
                        self.wfile.write(reply.body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def log_message(self, format: str, *args: object) -> None:  # noqa: A002
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, args=(0.05,), daemon=True)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}{path}"
