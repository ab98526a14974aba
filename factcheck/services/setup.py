"""Opening the project a session should start with: the one asked for, or the default with the sample."""

from __future__ import annotations

from pathlib import Path

from factcheck.importers import import_path
from factcheck.paths import default_project_path, sample_article_path
from factcheck.services.project import Project


def open_or_create(path: Path | None, *, annotator: str | None = None) -> Project:
    """Open ``path``, or the default project (created with the bundled sample article on first run)."""
    if path is not None:
        return Project.open(path, annotator=annotator)
    default = default_project_path()
    is_new = not default.exists()
    if is_new:
        default.parent.mkdir(parents=True, exist_ok=True)
    project = Project.open(default, annotator=annotator)
    if is_new:
        add_sample(project)
    return project


def add_sample(project: Project) -> str:
    """Add the bundled sample article (the Rust cast-and-crew letter) and return its document id.

    It goes through the plain-text importer like any pasted article: byline, headline and date are
    detected, and the "Article continues below advertisement" lines are removed.
    """
    imported = import_path(sample_article_path())
    existing = project.documents.find_by_text(imported.text)
    if existing is not None:
        return existing.id
    return project.documents.add(imported).id
