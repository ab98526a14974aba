"""What every service shares: one transaction per call, and database errors turned into plain words."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.exc import DatabaseError, IntegrityError, OperationalError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from factcheck.domain import ConcurrentEditError, ConnectionLostError, ProjectError
from factcheck.services.visibility import Team
from factcheck.store.backends import is_connection_lost

#: What a lost server connection means for the change in hand (never shown as saved).
CONNECTION_LOST = (
    "The connection to the database server was lost, so your change was not saved. "
    "factcheck reconnects by itself when the server is back; then try again."
)
CONNECTION_LOST_READING = (
    "The connection to the database server was lost; factcheck reconnects by itself when it is back."
)


def explain_database_error(exc: DatabaseError) -> str:
    message = str(getattr(exc, "orig", exc))
    lowered = message.lower()
    if "locked" in lowered or "busy" in lowered:
        return "The project is busy in another window or program; your change was not saved. Try again."
    if "readonly" in lowered or "read-only" in lowered or "attempt to write" in lowered:
        return "The project file is read-only; your change was not saved."
    if "full" in lowered:
        return "The disk is full; your change was not saved. Free some space and try again."
    if "malformed" in lowered or "not a database" in lowered:
        return "The project file is damaged; your change was not saved."
    return f"Your change was not saved: {message}."


class Service:
    def __init__(
        self, sessions: sessionmaker[Session], *, read_only: bool = False, team: Team | None = None
    ) -> None:
        self._sessions = sessions
        self.read_only = read_only
        #: Who is working and what they may see: add ``self.team.clauses(session, layer)`` to every query
        #: over annotations (see factcheck.services.visibility).
        self.team = team if team is not None else Team()

    @contextmanager
    def _write(self) -> Iterator[Session]:
        """A session in one transaction, committed on exit; any failure rolls it all back."""
        if self.read_only:
            raise ProjectError("This project is open read-only; nothing can be changed.")
        try:
            with self._sessions.begin() as session:
                yield session
        except IntegrityError as exc:
            raise ProjectError(
                f"Your change was not saved: it conflicts with what the project already holds ({exc.orig})."
            ) from exc
        except (OperationalError, DatabaseError) as exc:
            if is_connection_lost(exc):
                raise ConnectionLostError(CONNECTION_LOST) from exc
            raise ProjectError(explain_database_error(exc)) from exc
        except StaleDataError as exc:
            # An ORM flush found the row at another version (models.py: version_id_col): nothing written.
            raise ConcurrentEditError("What you edited") from exc

    @contextmanager
    def _read(self) -> Iterator[Session]:
        try:
            with self._sessions() as session:
                yield session
        except (OperationalError, DatabaseError) as exc:
            if is_connection_lost(exc):
                raise ConnectionLostError(CONNECTION_LOST_READING) from exc
            raise ProjectError(explain_database_error(exc)) from exc
