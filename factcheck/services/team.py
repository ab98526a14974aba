"""Team settings and the team: blind mode, opening adjudication, and the annotators the viewer may see."""

from __future__ import annotations

from sqlalchemy import delete, func, insert, literal, select, union_all

from factcheck.domain import AnnotatorRow, TeamSettings
from factcheck.services.base import Service
from factcheck.services.visibility import ADJUDICATION, BLIND, CLOSED, OFF, ON, OPEN, read_settings
from factcheck.store.models import Annotation, AnnotationLink, ProjectSetting, utc_now


class TeamService(Service):
    def settings(self) -> TeamSettings:
        with self._read() as session:
            return read_settings(session)

    def set_blind(self, on: bool) -> TeamSettings:
        """Turn blind mode on or off; returns the settings as they were (undo: :meth:`restore`)."""
        return self._set({BLIND: ON if on else OFF})

    def open_adjudication(self) -> TeamSettings:
        """Open adjudication: blind mode stops hiding anyone's annotations, and exports and timelines show
        the adjudicated layer by default. Returns the settings as they were."""
        return self._set({ADJUDICATION: OPEN})

    def close_adjudication(self) -> TeamSettings:
        """Back to coding (blind again if blind mode is on); the adjudicated layer stays. Returns the
        settings as they were."""
        return self._set({ADJUDICATION: CLOSED})

    def restore(self, settings: TeamSettings) -> TeamSettings:
        """Put the settings back as ``settings`` has them (undo of a change)."""
        return self._set(
            {
                BLIND: ON if settings.blind else OFF,
                ADJUDICATION: OPEN if settings.adjudication_open else CLOSED,
            }
        )

    def _set(self, values: dict[str, str]) -> TeamSettings:
        with self._write() as session:
            before = read_settings(session)
            now, who = utc_now(), self.team.annotator()
            session.execute(delete(ProjectSetting).where(ProjectSetting.key.in_(values)))
            session.execute(
                insert(ProjectSetting),
                [{"key": k, "value": v, "updated_at": now, "updated_by": who} for k, v in values.items()],
            )
        return before

    def annotators(self) -> list[AnnotatorRow]:
        """Every annotator whose annotations the viewer may see (in blind mode: only you), with their
        numbers of annotations and links and their last edit; the adjudicated layer is not an annotator."""
        me = self.team.annotator()
        with self._read() as session:
            visible = self.team.clauses(session)
            made = select(
                Annotation.annotator.label("name"),
                literal(1).label("a"),
                literal(0).label("l"),
                Annotation.updated_at.label("t"),
            ).where(*visible)
            linked = (
                select(AnnotationLink.annotator, literal(0), literal(1), AnnotationLink.created_at)
                .join(Annotation, Annotation.id == AnnotationLink.source_id)
                .where(*visible)
            )
            both = union_all(made, linked).subquery()
            rows = session.execute(
                select(both.c.name, func.sum(both.c.a), func.sum(both.c.l), func.max(both.c.t)).group_by(
                    both.c.name
                )
            ).all()
        found = [
            AnnotatorRow(name, int(a or 0), int(links or 0), last, name == me)
            for name, a, links, last in rows
        ]
        return sorted(found, key=lambda row: (not row.is_you, row.name.casefold(), row.name))
