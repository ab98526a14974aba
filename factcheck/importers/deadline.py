"""One time limit for a whole download: connecting, the TLS handshake, the headers and the body."""

from __future__ import annotations

import contextlib
import http.client
import socket
import threading
import time
import urllib.request
from typing import Any

from factcheck.domain import BadInputError


class Deadline:
    """One limit for a whole download: at its end every socket of the download is shut down, which
    wakes any read blocked in connecting, the TLS handshake, the headers or the body."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.at = time.monotonic() + seconds
        self.expired = False
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True

    def start(self) -> None:
        self.at = time.monotonic() + self.seconds
        self._timer.start()

    def cancel(self) -> None:
        self._timer.cancel()

    def remaining(self) -> float:
        return self.at - time.monotonic()

    def watch(self, sock: socket.socket) -> None:
        with self._lock:
            self._sockets.append(sock)
            if self.expired:
                _shut(sock)

    def error(self, what: str) -> BadInputError:
        return BadInputError(
            f"Downloading {what} took longer than {self.seconds:g} seconds; try again later."
        )

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            for sock in self._sockets:
                _shut(sock)


def _shut(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):  # already closed, or never connected
        sock.shutdown(socket.SHUT_RDWR)


def with_deadline(connection_class: type, deadline: Deadline) -> Any:
    """A factory of ``connection_class`` whose socket the deadline watches from the moment it connects."""

    def make(host: str, **kwargs: Any) -> Any:
        if kwargs.get("timeout") is not None:
            kwargs["timeout"] = max(0.01, min(kwargs["timeout"], deadline.remaining()))
        connection = connection_class(host, **kwargs)

        def create_connection(*args: Any, **kw: Any) -> socket.socket:
            sock = socket.create_connection(*args, **kw)
            deadline.watch(sock)
            return sock

        connection._create_connection = create_connection
        return connection

    return make


class DeadlineHTTPHandler(urllib.request.HTTPHandler):
    def __init__(self, deadline: Deadline) -> None:
        super().__init__()
        self._deadline = deadline

    def http_open(self, req: Any) -> Any:
        return self.do_open(with_deadline(http.client.HTTPConnection, self._deadline), req)


class DeadlineHTTPSHandler(urllib.request.HTTPSHandler):
    def __init__(self, deadline: Deadline) -> None:
        super().__init__()
        self._deadline = deadline

    def https_open(self, req: Any) -> Any:
        return self.do_open(
            with_deadline(http.client.HTTPSConnection, self._deadline), req, context=self._context
        )
