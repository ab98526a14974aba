"""Links between annotations, in one document or across articles: disputes, supports, repeats."""

from __future__ import annotations

from sqlalchemy import delete, func, insert, or_, select

from factcheck.domain import (
    BadInputError,
    LinkRelation,
    LinkRow,
    LinkView,
    NotFoundError,
    parse_choice,
)
from factcheck.services.base import Service
from factcheck.services.rows import LINK_COLUMNS, link_row
from factcheck.store.models import Annotation, AnnotationLink, Document, Label, new_id, utc_now

#: Characters of the other annotation's quote a link shows.
QUOTE_PREVIEW = 200


class LinkService(Service):
    def link(
        self, source_id: str, target_id: str, relation: LinkRelation | str, *, link_id: str | None = None
    ) -> LinkRow:
        """``source`` disputes / supports / repeats ``target``. Refuses a link of an annotation to itself and a
        link that already exists."""
        relation = parse_choice(LinkRelation, relation, "link (disputes, supports or repeats)")
        if source_id == target_id:
            raise BadInputError("An annotation cannot be linked to itself.")
        with self._write() as session:
            found = set(
                session.scalars(
                    select(Annotation.id).where(
                        Annotation.id.in_((source_id, target_id)), *self.team.visible(session)
                    )
                )
            )
            for annotation_id in (source_id, target_id):
                if annotation_id not in found:
                    raise NotFoundError(f"No annotation with id {annotation_id}.")
            duplicate = session.scalar(
                select(AnnotationLink.id).where(
                    AnnotationLink.source_id == source_id,
                    AnnotationLink.target_id == target_id,
                    AnnotationLink.relation == str(relation),
                )
            )
            if duplicate is not None:
                raise BadInputError(f"This annotation already {relation} that one.")
            row = LinkRow(
                link_id or new_id(), source_id, target_id, relation, utc_now(), self.team.annotator()
            )
            session.execute(insert(AnnotationLink).values(**_values(row)))
        return row

    def unlink(self, link_id: str) -> LinkRow:
        """Remove a link; returns it so that :meth:`relink` can put it back with the same id."""
        with self._write() as session:
            values = session.execute(select(*LINK_COLUMNS).where(AnnotationLink.id == link_id)).first()
            if values is None:
                raise NotFoundError(f"No link with id {link_id}.")
            session.execute(delete(AnnotationLink).where(AnnotationLink.id == link_id))
        return link_row(values)

    def relink(self, link: LinkRow) -> LinkRow:
        """Undo of :meth:`unlink` (or redo of :meth:`link`): the same link, same id and creation time."""
        with self._write() as session:
            found = set(
                session.scalars(
                    select(Annotation.id).where(Annotation.id.in_((link.source_id, link.target_id)))
                )
            )
            for annotation_id in (link.source_id, link.target_id):
                if annotation_id not in found:
                    raise NotFoundError(f"No annotation with id {annotation_id}.")
            session.execute(insert(AnnotationLink).values(**_values(link)))
        return link

    def get(self, link_id: str) -> LinkRow:
        with self._read() as session:
            values = session.execute(select(*LINK_COLUMNS).where(AnnotationLink.id == link_id)).first()
        if values is None:
            raise NotFoundError(f"No link with id {link_id}.")
        return link_row(values)

    def links_of(self, annotation_id: str) -> list[LinkView]:
        """The annotation's links both ways, each with the other annotation's quote, label and article;
        its own links ("disputes") first, then the others' ("disputed by"), oldest first."""
        views: list[LinkView] = []
        with self._read() as session:
            visible = self.team.visible(session)
            if session.scalar(select(Annotation.id).where(Annotation.id == annotation_id, *visible)) is None:
                raise NotFoundError(f"No annotation with id {annotation_id}.")
            for outgoing in (True, False):
                mine, other = (
                    (AnnotationLink.source_id, AnnotationLink.target_id)
                    if outgoing
                    else (AnnotationLink.target_id, AnnotationLink.source_id)
                )
                query = (
                    select(
                        *LINK_COLUMNS,
                        Annotation.id,
                        func.substr(Annotation.quote, 1, QUOTE_PREVIEW),
                        Document.id,
                        Document.title,
                        Label.name,
                        Label.color,
                    )
                    .join(Annotation, Annotation.id == other)
                    .join(Document, Document.id == Annotation.document_id)
                    .join(Label, Label.id == Annotation.label_id)
                    .where(mine == annotation_id, *visible)
                    .order_by(AnnotationLink.created_at, AnnotationLink.id)
                )
                for values in session.execute(query):
                    views.append(LinkView(link_row(values[:6]), outgoing, *values[6:]))
        return views

    def count(self) -> int:
        with self._read() as session:
            return session.scalar(select(func.count(AnnotationLink.id))) or 0

    def between(self, annotation_ids: list[str]) -> list[LinkRow]:
        """Every link touching any of these annotations (for exports and the timeline)."""
        with self._read() as session:
            query = select(*LINK_COLUMNS).where(
                or_(
                    AnnotationLink.source_id.in_(annotation_ids), AnnotationLink.target_id.in_(annotation_ids)
                )
            )
            return [link_row(values) for values in session.execute(query.order_by(AnnotationLink.created_at))]


def _values(link: LinkRow) -> dict:
    return {
        "id": link.id,
        "source_id": link.source_id,
        "target_id": link.target_id,
        "relation": str(link.relation),
        "created_at": link.created_at,
        "annotator": link.annotator,
    }
