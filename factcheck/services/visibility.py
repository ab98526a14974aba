"""Who is working, and the ONE rule for which annotations they may see.

Every query over annotations adds ``team.clauses(session, layer)`` to its WHERE (over ``Annotation``, or an
alias of it): the layer asked for (every annotator, one annotator, the adjudicated layer), narrowed by blind
mode to the viewer's own annotations until a reviewer opens adjudication. A new query reuses it the same way;
on PostgreSQL the row-level security policies of migration 0005 enforce the same rule for annotators' own
logins, so even SQL typed by hand cannot read another's layer there.
"""

from __future__ import annotations

import getpass
import os
from collections.abc import Callable

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session

from factcheck.domain import BlindModeError, Layer, LayerKind, TeamSettings
from factcheck.store.models import Annotation, ProjectSetting

#: The environment variable naming the annotator when Settings name none (before the OS user).
ANNOTATOR_VARIABLE = "FACTCHECK_ANNOTATOR"
#: Keys and values of the project_settings table.
BLIND = "blind"
ADJUDICATION = "adjudication"
#: Set once the first decision put an annotation in the adjudicated layer (until then "every annotator's
#: annotations" needs no WHERE at all: a one-researcher project pays nothing for teams).
ADJUDICATED_LAYER = "adjudicated_layer"
ON, OFF, OPEN, CLOSED, USED = "on", "off", "open", "closed", "used"


def default_annotator() -> str:
    """FACTCHECK_ANNOTATOR, else the OS user (the window's Settings name comes first, set by the UI)."""
    named = " ".join(os.environ.get(ANNOTATOR_VARIABLE, "").split())
    if named:
        return named[:200]
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "researcher"


def read_settings(session: Session) -> TeamSettings:
    rows = {
        key: (value, by, at)
        for key, value, by, at in session.execute(
            select(
                ProjectSetting.key, ProjectSetting.value, ProjectSetting.updated_by, ProjectSetting.updated_at
            )
        )
    }
    adjudication = rows.get(ADJUDICATION)
    is_open = adjudication is not None and adjudication[0] == OPEN
    return TeamSettings(
        blind=rows.get(BLIND, (OFF,))[0] == ON,
        adjudication_open=is_open,
        adjudication_opened_by=adjudication[1] if is_open and adjudication else "",
        adjudication_opened_at=adjudication[2] if is_open and adjudication else None,
        has_adjudicated_layer=rows.get(ADJUDICATED_LAYER, ("",))[0] == USED,
    )


class Team:
    """The annotator at work (a callable: the window's Settings may change it) and the visibility rule."""

    def __init__(self, annotator: Callable[[], str] = default_annotator) -> None:
        self.annotator = annotator

    def clauses(
        self,
        session: Session,
        layer: Layer | None = None,
        *,
        outputs: bool = False,
        entity=Annotation,
    ) -> list[ColumnElement[bool]]:
        """WHERE clauses selecting the annotations of ``layer`` the viewer may see.

        ``layer`` None is the default view: every annotator's (lists, search, counts) or, with ``outputs``,
        what exports and timelines show (the adjudicated layer once adjudication is open). In blind mode,
        asking for another annotator's layer raises BlindModeError; any other view shows your own only.
        """
        settings = read_settings(session)
        if layer is None:
            layer = settings.output_layer if outputs else Layer.all()
        coded = entity.adjudicated.is_(False)
        if settings.blind_active:
            me = self.annotator()
            if layer.kind is LayerKind.ANNOTATOR and layer.annotator != me:
                raise BlindModeError(
                    f"Blind mode is on: you can see only your own annotations ({me}), not {layer.annotator}'s, "
                    "until a reviewer opens adjudication."
                )
            return [entity.annotator == me, coded]
        if layer.kind is LayerKind.ANNOTATOR:
            return [entity.annotator == layer.annotator, coded]
        if layer.kind is LayerKind.ADJUDICATED:
            return [entity.adjudicated.is_(True)]
        return [coded] if settings.has_adjudicated_layer else []

    def visible(self, session: Session, *, entity=Annotation) -> list[ColumnElement[bool]]:
        """WHERE clauses for every annotation the viewer may see, in any layer (finding one by id)."""
        if read_settings(session).blind_active:
            return [entity.annotator == self.annotator(), entity.adjudicated.is_(False)]
        return []

    def settings(self, session: Session) -> TeamSettings:
        return read_settings(session)
