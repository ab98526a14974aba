"""Export and import of the exchange formats: the annotations and links CSVs, W3C Web Annotation,
REFI-QDA and ClaimReview out; W3C and REFI-QDA in (CSV edits are in csv_edits.py)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from factcheck.domain import MAX_IMPORT_BYTES, BadInputError, Layer
from factcheck.interchange.atomic import Cancelled, Progress, Ticker, atomic_output
from factcheck.interchange.claimreview import write_claimreview
from factcheck.interchange.csv_annotations import write_annotations_csv
from factcheck.interchange.csv_links import write_links_csv
from factcheck.interchange.qdpx_read import read_qdpx
from factcheck.interchange.qdpx_write import write_qdpx
from factcheck.interchange.records import ExchangeBundle
from factcheck.interchange.w3c import read_w3c, write_w3c
from factcheck.services.base import Service
from factcheck.services.bundle_import import BundleWriter, ImportReport
from factcheck.services.export_source import Scope, StoreSource
from factcheck.services.visibility import Team
from factcheck.store.models import new_id, utc_now


class ExportFormat(StrEnum):
    CSV = "csv"
    LINKS_CSV = "links-csv"
    JSONLD = "jsonld"
    QDPX = "qdpx"
    CLAIMREVIEW = "claimreview"

    @property
    def extension(self) -> str:
        return {"csv": ".csv", "links-csv": ".csv", "jsonld": ".jsonld", "qdpx": ".qdpx"}.get(
            self.value, ".json"
        )

    @property
    def title(self) -> str:
        return {
            "csv": "Annotations (CSV)",
            "links-csv": "Links (CSV)",
            "jsonld": "W3C Web Annotation (JSON-LD)",
            "qdpx": "REFI-QDA project (.qdpx)",
            "claimreview": "ClaimReview (schema.org JSON-LD)",
        }[self.value]


#: File name extensions ``import_exchange`` reads (lower case, with the dot). A .csv is an edited export.
EXCHANGE_EXTENSIONS = (".jsonld", ".json", ".qdpx")


@dataclass(frozen=True, slots=True)
class ExportResult:
    path: Path
    format: ExportFormat
    #: Rows, annotations or reviews written (links for links-csv).
    items: int


class InterchangeService(Service):
    def __init__(
        self, sessions, *, project_name: Callable[[], str], read_only: bool, team: Team | None = None
    ) -> None:
        super().__init__(sessions, read_only=read_only, team=team)
        self._project_name = project_name

    # --- Export -------------------------------------------------------------------------------------------

    def source(self, scope: Scope, *, placed_only: bool = False, layer: Layer | None = None) -> StoreSource:
        """A read-only snapshot of ``scope`` in ``layer`` (default: the adjudicated layer once adjudication
        is open, else every annotator's; blind mode: your own) — close it, or use it as a context manager."""
        with self._read() as session:
            visible = self.team.clauses(session, layer, outputs=True)
        return StoreSource(
            self._sessions, scope, self._project_name(), placed_only=placed_only, visible=visible
        )

    def count(self, scope: Scope, *, layer: Layer | None = None) -> int:
        """How many annotations an export of ``scope`` holds (for the dialog and the progress bar)."""
        with self.source(scope, layer=layer) as source:
            return source.count()

    def export(
        self,
        format: ExportFormat | str,
        path: Path | str,
        scope: Scope | None = None,
        *,
        bom: bool = True,
        progress: Progress | None = None,
        cancelled: Cancelled | None = None,
        layer: Layer | None = None,
    ) -> ExportResult:
        """Write ``scope`` (default: the whole project) to ``path`` in ``format``, atomically.

        Safe to call from a worker thread (it opens its own session). ``progress(done, total)`` is called
        every thousand items and at the end; when ``cancelled()`` turns true the export stops with
        ExportCancelled. Either way, and on any error, ``path`` is left as it was. ``bom`` applies to
        the CSV formats (False: plain UTF-8 for R and pandas).
        """
        try:
            format = ExportFormat(format)
        except ValueError:
            choices = ", ".join(f.value for f in ExportFormat)
            raise BadInputError(f"{format!r} is not an export format; choose one of: {choices}.") from None
        path = Path(path).expanduser()
        # REFI-QDA has only positions: an orphaned annotation (no place in the current text) is left out.
        with self.source(
            scope or Scope.project(), placed_only=format is ExportFormat.QDPX, layer=layer
        ) as source:
            total = source.link_count(both_ends=False) if format is ExportFormat.LINKS_CSV else source.count()
            ticker = Ticker(total, progress, cancelled)
            ticker.check()
            with atomic_output(path) as out:
                if format is ExportFormat.CSV:
                    items = write_annotations_csv(source, out, ticker, bom=bom)
                elif format is ExportFormat.LINKS_CSV:
                    items = write_links_csv(source, out, ticker, bom=bom)
                elif format is ExportFormat.JSONLD:
                    write_w3c(source, out, ticker, collection_id=new_id(), now=utc_now())
                    items = total
                elif format is ExportFormat.QDPX:
                    write_qdpx(source, out, ticker, now=utc_now())
                    items = total
                else:
                    items = write_claimreview(source, out, ticker)
                ticker.finish()
        return ExportResult(path, format, items)

    # --- Import -------------------------------------------------------------------------------------------

    def read_exchange(self, path: Path | str) -> ExchangeBundle:
        """Read a W3C Web Annotation (.jsonld/.json) or REFI-QDA (.qdpx) file; nothing is written."""
        path = Path(path).expanduser()
        suffix = path.suffix.lower()
        if suffix not in EXCHANGE_EXTENSIONS:
            kinds = ", ".join(EXCHANGE_EXTENSIONS)
            raise BadInputError(f"Cannot import {suffix or path.name} files as annotations; use {kinds}.")
        try:
            if path.stat().st_size > MAX_IMPORT_BYTES * 4:
                raise BadInputError(f"{path.name} is too large to import.")
            if suffix == ".qdpx":
                return read_qdpx(path)
            return read_w3c(path.read_bytes(), path.name)
        except OSError as exc:
            raise BadInputError(f"Cannot read {path.name}: {exc.strerror or exc}.") from exc

    def import_exchange(self, path: Path | str) -> ImportReport:
        """Import a .jsonld/.json (W3C) or .qdpx (REFI-QDA) file in one transaction; the report says what
        was created (for :meth:`undo_import`) and what was skipped, and why."""
        bundle = self.read_exchange(path)
        return self.import_bundle(bundle)

    def import_bundle(self, bundle: ExchangeBundle) -> ImportReport:
        with self._write() as session:
            return BundleWriter(session).apply(bundle)

    def undo_import(self, report: ImportReport) -> None:
        """Remove what :meth:`import_exchange` created (annotations with their links, then the labels,
        claimants, matters and documents it added), in one transaction."""
        with self._write() as session:
            BundleWriter(session).undo(report)
