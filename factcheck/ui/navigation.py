"""What a panel may ask of the window it sits in: show a passage or an annotation, and read the selection.
Panels get this (and the workspace), never the window itself."""

from __future__ import annotations

from typing import Protocol

from factcheck.domain import AnnotationRow


class Navigation(Protocol):
    def open_annotation(self, annotation_id: str) -> bool:
        """Show the annotation's document, select the annotation and bring it into view."""
        ...

    def open_passage(self, document_id: str, start: int, end: int) -> None:
        """Show a document with code points [start, end) selected and in view."""
        ...

    def selected_annotation(self) -> AnnotationRow | None:
        """The selected annotation (as the list shows it), or None."""
        ...

    def selected_span(self) -> tuple[int, int]:
        """The text selected in the article, as code-point offsets (start == end: nothing)."""
        ...

    def selected_text(self) -> str:
        """A short one-line text selection in the article (for a search), else ''."""
        ...

    def focus_article(self) -> None:
        """Put the keyboard focus in the article (to tag what is selected there)."""
        ...
