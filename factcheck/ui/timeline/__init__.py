"""The claim timeline, a closed subpackage: the window docks ``TimelinePanel``; the CLI draws pictures with
``render_picture``. Nothing here imports the window or the workspace (an import-linter contract)."""

from factcheck.ui.timeline.panel import TimelinePanel
from factcheck.ui.timeline.render import render_picture

__all__ = ["TimelinePanel", "render_picture"]
