"""Importing many articles at once (files, folders, web pages): the one loop the CLI and the window share."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from factcheck import importers
from factcheck.domain import BadInputError, DocumentRow, FactcheckError, ImportedDocument
from factcheck.services.documents import DuplicateDocumentError

#: A file (a path) or a web page (a string starting with http:// or https://).
type Source = str | Path
#: Called before each source with (how many are done, how many in all, the source's name).
type Progress = Callable[[int, int, str], object]


@dataclass(frozen=True, slots=True)
class ImportOutcome:
    """What became of one source: a new document, a text already in the project, or a problem."""

    source: str
    document: DocumentRow | None = None
    #: The document that already holds this text (nothing was added).
    duplicate_of: DocumentRow | None = None
    problem: str = ""


@dataclass(frozen=True, slots=True)
class BulkImportReport:
    outcomes: tuple[ImportOutcome, ...]
    #: Sources asked for; more than ``len(outcomes)`` when the import was cancelled.
    total: int

    @property
    def added(self) -> list[DocumentRow]:
        return [o.document for o in self.outcomes if o.document is not None]

    @property
    def duplicates(self) -> list[ImportOutcome]:
        return [o for o in self.outcomes if o.duplicate_of is not None]

    @property
    def problems(self) -> list[ImportOutcome]:
        return [o for o in self.outcomes if o.problem]

    @property
    def summary(self) -> str:
        """'Imported 5 of 6 files; 1 could not be imported.' (and duplicates, and what a cancel left)."""
        parts = [f"Imported {len(self.added)} of {self.total} file{'s' if self.total != 1 else ''}"]
        if self.problems:
            parts.append(f"{len(self.problems)} could not be imported")
        if self.duplicates:
            parts.append(f"{len(self.duplicates)} already in the project")
        not_started = self.total - len(self.outcomes)
        if not_started:
            parts.append(f"{not_started} not started (cancelled)")
        return "; ".join(parts) + "."


def is_url(value: str) -> bool:
    return value.lower().startswith(("http://", "https://"))


def expand_sources(values: Iterable[str | Path]) -> list[Source]:
    """URLs as given; files as given; the importable files inside each folder (in name order).
    A folder without any importable file is refused: nothing is imported."""
    sources: list[Source] = []
    for value in values:
        if isinstance(value, str) and is_url(value):
            sources.append(value)
            continue
        path = Path(value)
        found = importers.expand_paths([path])
        if not found and path.is_dir():
            extensions = ", ".join(importers.SUPPORTED_EXTENSIONS)
            raise BadInputError(f"{path} is a folder with no importable files ({extensions}).")
        sources.extend(found)
    return sources


def read_source(source: Source, *, remove_boilerplate: bool = True) -> ImportedDocument:
    """Read one file or download one web page (BadInputError with a plain sentence when it cannot be)."""
    if isinstance(source, str):
        return importers.fetch_url(source, remove_boilerplate=remove_boilerplate)
    return importers.import_path(source, remove_boilerplate=remove_boilerplate)


def import_each(
    project,
    sources: list[Source],
    *,
    remove_boilerplate: bool = True,
    overrides: dict | None = None,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> Iterator[ImportOutcome]:
    """Import ``sources`` one by one, each committed on its own: a bad one is reported and the others go
    on. Stops before the next source once ``cancelled()`` is true."""
    for done, source in enumerate(sources):
        if cancelled is not None and cancelled():
            return
        name = source if isinstance(source, str) else source.name
        if progress is not None:
            progress(done, len(sources), name)
        try:
            imported = read_source(source, remove_boilerplate=remove_boilerplate)
            if overrides:
                imported = dataclasses.replace(imported, **overrides)
            yield ImportOutcome(str(source), document=project.documents.add(imported))
        except DuplicateDocumentError as exc:
            yield ImportOutcome(str(source), duplicate_of=exc.existing)
        except FactcheckError as exc:
            yield ImportOutcome(str(source), problem=str(exc))


def import_all(
    project,
    sources: list[Source],
    *,
    remove_boilerplate: bool = True,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> BulkImportReport:
    """:func:`import_each` to the end (or the cancel), as one report."""
    outcomes = import_each(
        project, sources, remove_boilerplate=remove_boilerplate, progress=progress, cancelled=cancelled
    )
    return BulkImportReport(tuple(outcomes), len(sources))
