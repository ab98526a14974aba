"""Export and import of the exchange formats: the annotations and links CSVs, W3C Web Annotation,
REFI-QDA, ClaimReview and Hypothesis out; W3C and REFI-QDA in (CSV edits are in csv_edits.py); the
project's publisher setting."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from urllib.parse import urlsplit

from sqlalchemy import select

from factcheck.domain import MAX_IMPORT_BYTES, BadInputError, Layer
from factcheck.interchange.atomic import Cancelled, Progress, Ticker, atomic_output
from factcheck.interchange.claimreview import Publisher, write_claimreview
from factcheck.interchange.csv_annotations import write_annotations_csv
from factcheck.interchange.csv_links import write_links_csv
from factcheck.interchange.hypothesis import write_hypothesis
from factcheck.interchange.qdpx_read import read_qdpx
from factcheck.interchange.qdpx_write import write_qdpx
from factcheck.interchange.records import ExchangeBundle
from factcheck.interchange.w3c import write_w3c
from factcheck.interchange.w3c_read import read_w3c
from factcheck.services.base import Service
from factcheck.services.bundle_import import BundleWriter, ImportReport
from factcheck.services.export_source import Scope, StoreSource
from factcheck.services.visibility import Team
from factcheck.store.models import ProjectSetting, new_id, utc_now


class ExportFormat(StrEnum):
    CSV = "csv"
    LINKS_CSV = "links-csv"
    JSONLD = "jsonld"
    QDPX = "qdpx"
    CLAIMREVIEW = "claimreview"
    HYPOTHESIS = "hypothesis"

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
            "hypothesis": "Hypothesis annotations (JSON)",
        }[self.value]

    @property
    def noun(self) -> str:
        """What the export's count counts."""
        return {"links-csv": "links", "claimreview": "reviews"}.get(self.value, "annotations")


#: File name extensions ``import_exchange`` reads (lower case, with the dot). A .csv is an edited export.
EXCHANGE_EXTENSIONS = (".jsonld", ".json", ".qdpx")


@dataclass(frozen=True, slots=True)
class ExportResult:
    path: Path
    format: ExportFormat
    #: Rows, annotations or reviews written (links for links-csv).
    items: int
    #: What the format could not hold as its readers expect (one sentence each; ClaimReview's warnings).
    notes: tuple[str, ...] = ()


PUBLISHER_NAME = "publisher.name"
PUBLISHER_URL = "publisher.url"


#: Longest publisher name or URL kept (a project setting holds 200 characters).
MAX_PUBLISHER_CHARS = 200


def clean_publisher(name: str, url: str) -> Publisher:
    """The publisher with spaces tidied; BadInputError for a URL that is not http(s) or is too long."""
    name, url = " ".join(name.split())[:MAX_PUBLISHER_CHARS], url.strip()
    if url:
        parts = urlsplit(url)
        if parts.scheme.lower() not in ("http", "https") or not parts.netloc or any(c.isspace() for c in url):
            raise BadInputError(f"{url!r} is not a web address (http:// or https://).")
        if len(url) > MAX_PUBLISHER_CHARS:
            raise BadInputError(
                f"The publisher's web address is longer than {MAX_PUBLISHER_CHARS} characters."
            )
    return Publisher(name, url)


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
        publisher: Publisher | None = None,
        progress: Progress | None = None,
        cancelled: Cancelled | None = None,
        layer: Layer | None = None,
    ) -> ExportResult:
        """Write ``scope`` (default: the whole project) to ``path`` in ``format``, atomically.

        Safe to call from a worker thread (it opens its own session). ``progress(done, total)`` is called
        every thousand items and at the end; when ``cancelled()`` turns true the export stops with
        ExportCancelled. Either way, and on any error, ``path`` is left as it was. ``bom`` applies to
        the CSV formats (False: plain UTF-8 for R and pandas); ``publisher`` to ClaimReview (default: the
        project's setting).
        """
        try:
            format = ExportFormat(format)
        except ValueError:
            choices = ", ".join(f.value for f in ExportFormat)
            raise BadInputError(f"{format!r} is not an export format; choose one of: {choices}.") from None
        path = Path(path).expanduser()
        if format is ExportFormat.CLAIMREVIEW and publisher is None:
            publisher = self.publisher()
        notes: tuple[str, ...] = ()
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
                elif format is ExportFormat.HYPOTHESIS:
                    items = write_hypothesis(source, out, ticker)
                else:
                    items, notes = write_claimreview(source, out, ticker, publisher or Publisher())
                ticker.finish()
        return ExportResult(path, format, items, notes)

    # --- Settings -----------------------------------------------------------------------------------------

    def publisher(self) -> Publisher:
        """The organisation the project's fact-checks are published by (empty until set)."""
        with self._read() as session:
            values = dict(
                session.execute(
                    select(ProjectSetting.key, ProjectSetting.value).where(
                        ProjectSetting.key.in_((PUBLISHER_NAME, PUBLISHER_URL))
                    )
                ).all()
            )
        return Publisher(values.get(PUBLISHER_NAME, ""), values.get(PUBLISHER_URL, ""))

    def set_publisher(self, name: str, url: str) -> Publisher:
        """Store the publisher among the project's settings (for the window and every later export)."""
        publisher = clean_publisher(name, url)
        with self._write() as session:
            for key, value in ((PUBLISHER_NAME, publisher.name), (PUBLISHER_URL, publisher.url)):
                session.merge(
                    ProjectSetting(
                        key=key, value=value, updated_at=utc_now(), updated_by=self.team.annotator()
                    )
                )
        return publisher

    # --- Import -------------------------------------------------------------------------------------------

    def read_exchange(self, path: Path | str, cancelled: Cancelled | None = None) -> ExchangeBundle:
        """Read a W3C Web Annotation (.jsonld/.json) or REFI-QDA (.qdpx) file; nothing is written.
        ``cancelled()`` is polled while reading (ImportCancelled when it turns true)."""
        path = Path(path).expanduser()
        suffix = path.suffix.lower()
        if suffix not in EXCHANGE_EXTENSIONS:
            kinds = ", ".join(EXCHANGE_EXTENSIONS)
            raise BadInputError(f"Cannot import {suffix or path.name} files as annotations; use {kinds}.")
        try:
            if path.stat().st_size > MAX_IMPORT_BYTES * 4:
                raise BadInputError(f"{path.name} is too large to import.")
            if suffix == ".qdpx":
                return read_qdpx(path, cancelled)
            return read_w3c(path.read_bytes(), path.name)
        except OSError as exc:
            raise BadInputError(f"Cannot read {path.name}: {exc.strerror or exc}.") from exc

    def import_exchange(self, path: Path | str, cancelled: Cancelled | None = None) -> ImportReport:
        """Import a .jsonld/.json (W3C) or .qdpx (REFI-QDA) file in one transaction; the report says what
        was created (for :meth:`undo_import`), merged and left out, and why."""
        bundle = self.read_exchange(path, cancelled)
        return self.import_bundle(bundle)

    def import_bundle(self, bundle: ExchangeBundle) -> ImportReport:
        with self._write() as session:
            return BundleWriter(session).apply(bundle)

    def undo_import(self, report: ImportReport) -> None:
        """Remove what :meth:`import_exchange` created (annotations with their links, then the labels,
        claimants, matters and documents it added), in one transaction."""
        with self._write() as session:
            BundleWriter(session).undo(report)
