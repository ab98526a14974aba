"""The claim timeline: the annotations that pass the filters, on their claim dates, in lanes, with their links.

One Core query per table (no ORM objects): 10k annotations across 500 documents load in tens of
milliseconds. Each annotation's effective claim date (the stored one, or its article's publication day) is
an interval: a day, a month or a year, never a false precise point.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from functools import lru_cache
from operator import itemgetter

from sqlalchemy import Select, func, literal, select

from factcheck.domain import (
    BUILTIN_CLAIM,
    BUILTIN_COUNTERCLAIM,
    Attribution,
    ClaimDate,
    Filters,
    LinkRelation,
    NotFoundError,
    Verdict,
    parse_choice,
    sort_key,
)
from factcheck.reports.chronology import markdown_report
from factcheck.reports.data import (
    EntryKind,
    LaneBy,
    TimelineData,
    TimelineEntry,
    TimelineLane,
    TimelineLink,
    claim_interval,
    gc_paused,
)
from factcheck.services.base import Service
from factcheck.services.rows import PUBLISHED_DAY, filter_clauses
from factcheck.store.models import Annotation, AnnotationLink, Claimant, Document, Label, Matter, MatterMember

_LINKS = select(
    AnnotationLink.id, AnnotationLink.source_id, AnnotationLink.target_id, AnnotationLink.relation
)


#: Characters of each quote the timeline loads (tooltips and captions); reports load the whole quote.
QUOTE_PREVIEW = 300
NO_MATTER = "No matter"
NO_CLAIMANT = "No claimant"
UNTITLED = "Untitled article"

_PUBLISHED_DAY = PUBLISHED_DAY
_ATTRIBUTIONS = {None: None, **{a.value: a for a in Attribution}}
_VERDICTS = {v.value: v for v in Verdict}
_RELATIONS = {r.value: r for r in LinkRelation}
_KINDS = {BUILTIN_CLAIM: EntryKind.CLAIM, BUILTIN_COUNTERCLAIM: EntryKind.COUNTERCLAIM}
#: Each distinct date string parsed once per process (dates are immutable values).
_DATES: dict[str, tuple[ClaimDate, float, float]] = {}


def _rows(full_text: bool) -> Select:
    """The annotations' own columns. Labels, claimants and documents are few and read apart (and joined in
    Python): 10k rows then carry no copies of their names, which cost time to make and to free."""
    quote = Annotation.quote if full_text else func.substr(Annotation.quote, 1, QUOTE_PREVIEW + 1)
    note = Annotation.note if full_text else literal("")
    columns = (
        Annotation.id,
        Annotation.document_id,
        Annotation.label_id,
        Annotation.claimant_id,
        quote,
        Annotation.verdict,
        Annotation.attribution,
        Annotation.rating_text,
        note,
        Annotation.claim_date,
        Annotation.start,
    )
    # Documents stay joined: the claim-date filters read their publication dates.
    return select(*columns).select_from(Annotation).join(Document, Document.id == Annotation.document_id)


class TimelineService(Service):
    def entries(
        self, filters: Filters | None = None, *, by: LaneBy | str = LaneBy.MATTER, full_text: bool = False
    ) -> TimelineData:
        """The annotations that pass ``filters`` (the search's filters), in time order, in lanes by matter,
        claimant or document, with the links among them; the undated ones apart.

        An annotation in two matters is in both lanes; one in none is in the "No matter" lane (when a matter
        filter is set, only that matter's lane). With ``full_text`` quotes and notes are whole (reports) and
        links to annotations left out by the filters come too, with those annotations.
        """
        by = parse_choice(LaneBy, by, "way to group the timeline (matter, claimant or document)")
        with gc_paused():
            return self._entries(filters or Filters(), by, full_text)

    def _entries(self, filters: Filters, by: LaneBy, full_text: bool) -> TimelineData:
        query = _rows(full_text).where(*filter_clauses(filters))
        with self._read() as session:
            # Exports and timelines show the adjudicated layer by default once adjudication is open.
            visible = self.team.clauses(session, filters.layer, outputs=True)
            query = query.where(*visible)
            # Core results straight from the connection: no ORM row processing for 10k rows.
            conn = session.connection()
            rows = conn.execute(query).all()
            documents = {
                row[0]: row[1:]
                for row in conn.execute(
                    select(Document.id, Document.title, Document.outlet, Document.url, _PUBLISHED_DAY)
                )
            }
            memberships = conn.execute(
                select(MatterMember.annotation_id, MatterMember.matter_id).order_by(MatterMember.matter_id)
            ).all()
            matters = dict(conn.execute(select(Matter.id, Matter.name)).all())
            labels = {row[0]: row[1:] for row in conn.execute(select(Label.id, Label.name, Label.color))}
            claimants = dict(conn.execute(select(Claimant.id, Claimant.name)).all())
            link_rows = conn.execute(_LINKS).all()
            matter_name = matter_description = ""
            if filters.matter_id:
                head = conn.execute(
                    select(Matter.name, Matter.description).where(Matter.id == filters.matter_id)
                ).first()
                if head is None:
                    raise NotFoundError(f"No matter with id {filters.matter_id}.")
                matter_name, matter_description = head

            ids = {row[0] for row in rows}
            matters_of: dict[str, list[str]] = defaultdict(list)
            for annotation_id, matter_id in memberships:
                if annotation_id in ids:
                    matters_of[annotation_id].append(matter_id)
            links = []
            outside_links = []
            outside_ids: set[str] = set()
            for values in link_rows:
                link = TimelineLink(values[0], values[1], values[2], _RELATIONS[values[3]])
                inside = (link.source_id in ids, link.target_id in ids)
                if all(inside):
                    links.append(link)
                elif full_text and any(inside):
                    outside_links.append(link)
                    outside_ids.add(link.target_id if inside[0] else link.source_id)
            outside_rows = []
            if outside_ids:
                outside_rows = conn.execute(
                    _rows(full_text).where(Annotation.id.in_(outside_ids), *self.team.visible(session))
                ).all()
                shown = ids | {row[0] for row in outside_rows}
                outside_links = [
                    link for link in outside_links if link.source_id in shown and link.target_id in shown
                ]

        builder = _EntryBuilder(documents, labels, claimants, full_text, by, filters.matter_id)
        no_matters: list[str] = []  # memberships came sorted by matter id
        entries = [builder.entry(row, tuple(matters_of.get(row[0], no_matters))) for row in rows]
        dated = [e for e in entries if e.start_s is not None]
        undated = [e for e in entries if e.start_s is None]
        # Articles ranked once (publication day, then title) so that sorting 10k entries compares numbers.
        ranked = sorted(documents, key=lambda d: (documents[d][3] or "", _title_key(documents[d][0]), d))
        rank = {doc_id: i for i, doc_id in enumerate(ranked)}
        dated = _time_order(dated, links, rank)
        undated.sort(key=lambda e: (rank[e.document_id], e.offset, e.id))
        lanes = _lanes(by, dated, undated, matters)
        outside = sorted(
            (builder.entry(row, (), lanes=False) for row in outside_rows),
            key=lambda e: (e.start_s is None, e.start_s or 0.0, e.end_s or 0.0, e.id),
        )
        return TimelineData(
            by=by,
            entries=tuple(dated),
            undated=tuple(undated),
            lanes=tuple(lanes),
            links=tuple(links),
            filters=filters,
            outside_links=tuple(outside_links),
            outside=tuple(outside),
            matter_name=matter_name,
            matter_description=matter_description,
        )

    def chronology(self, filters: Filters | None = None, *, title: str | None = None) -> str:
        """The chronology report in Markdown for the filtered annotations (a matter's, typically)."""
        return markdown_report(self.entries(filters, full_text=True), title=title)


class _EntryBuilder:
    """Turns query rows into entries, parsing each distinct date string once."""

    def __init__(
        self,
        documents: dict[str, tuple],
        labels: dict[str, tuple[str, str]],
        claimants: dict[str, str],
        full_text: bool,
        by: LaneBy,
        only_matter: str | None,
    ) -> None:
        self._documents = documents
        self._labels = labels
        self._claimants = claimants
        self._full_text = full_text
        self._by = by
        self._only_matter = only_matter

    def _date(self, text: str | None) -> tuple[ClaimDate | None, float | None, float | None]:
        if not text:
            return None, None, None
        found = _DATES.get(text)
        if found is None:
            value = ClaimDate.parse(text)
            if len(_DATES) > 100_000:
                _DATES.clear()
            found = _DATES[text] = (value, *claim_interval(value))
        return found

    def _lane_keys(
        self, matter_ids: tuple[str, ...], claimant_id: str | None, document_id: str
    ) -> tuple[str, ...]:
        """The lanes an entry is drawn in; "" is the "No matter" / "No claimant" lane."""
        if self._by is LaneBy.MATTER:
            only = self._only_matter
            if only is None:
                return matter_ids or ("",)
            return (only,) if only in matter_ids else ("",)
        if self._by is LaneBy.CLAIMANT:
            return (claimant_id or "",)
        return (document_id,)

    def entry(self, row, matter_ids: tuple[str, ...], *, lanes: bool = True) -> TimelineEntry:
        (
            annotation_id,
            document_id,
            label_id,
            claimant_id,
            quote,
            verdict,
            attribution,
            rating_text,
            note,
            claim_date,
            offset,
        ) = row
        title, outlet, url, published = self._documents[document_id]
        label_name, color = self._labels[label_id]
        claimant_name = self._claimants[claimant_id] if claimant_id else ""
        if not self._full_text and len(quote) > QUOTE_PREVIEW:
            quote = quote[:QUOTE_PREVIEW].rstrip() + "…"
        date, start_s, end_s = self._date(claim_date or published)
        # Positional, in the order of TimelineEntry's fields (keywords cost twice as much at 10k rows).
        return TimelineEntry(
            annotation_id,
            document_id,
            label_name,
            color,
            _KINDS.get(label_name, EntryKind.OTHER),
            claimant_id,
            claimant_name or "",
            quote,
            _VERDICTS[verdict],
            _ATTRIBUTIONS[attribution],
            rating_text or "",
            note or "",
            date,
            claim_date is None,
            start_s,
            end_s,
            title or "",
            outlet or "",
            url or "",
            published,
            offset,
            matter_ids,
            self._lane_keys(matter_ids, claimant_id, document_id) if lanes else (),
        )


@lru_cache(maxsize=4096)
def _title_key(title: str) -> tuple[str, str]:
    return sort_key(title or UNTITLED)


_PERIOD = itemgetter(TimelineEntry._fields.index("start_s"), TimelineEntry._fields.index("end_s"))


def _time_order(
    entries: list[TimelineEntry], links: Iterable[TimelineLink], rank: dict[str, int]
) -> list[TimelineEntry]:
    """By date (start, then end: a day before the month that holds it), then article (by publication day
    and title: ``rank``) and position; among entries of the same period, one that answers another
    (disputes, supports, repeats it) comes after it.

    Sorted by period first (a C-level key), then each run of one period on its own: most runs are short.
    """
    entries.sort(key=_PERIOD)
    answers: dict[str, set[str]] = defaultdict(set)
    for link in links:
        answers[link.source_id].add(link.target_id)
    ordered: list[TimelineEntry] = []
    i, n = 0, len(entries)
    while i < n:
        period = _PERIOD(entries[i])
        j = i + 1
        while j < n and _PERIOD(entries[j]) == period:
            j += 1
        if j - i == 1:
            ordered.append(entries[i])
        else:
            group = sorted(entries[i:j], key=lambda e: (rank[e.document_id], e.offset, e.id))
            if answers and any(e.id in answers for e in group):
                group = _answers_last(group, answers)
            ordered.extend(group)
        i = j
    return ordered


def _answers_last(group: list[TimelineEntry], answers: dict[str, set[str]]) -> list[TimelineEntry]:
    """``group`` in its order, except that an entry comes after every entry of the group it answers
    (a stable topological order; a cycle of answers keeps the remaining entries in their order)."""
    ids = {e.id for e in group}
    waiting = {e.id: {t for t in answers.get(e.id, ()) if t in ids and t != e.id} for e in group}
    if not any(waiting.values()):
        return group
    placed: set[str] = set()
    result: list[TimelineEntry] = []
    remaining = list(group)
    while remaining:
        ready = next((e for e in remaining if waiting[e.id] <= placed), remaining[0])
        remaining.remove(ready)
        result.append(ready)
        placed.add(ready.id)
    return result


def _lanes(
    by: LaneBy, dated: list[TimelineEntry], undated: list[TimelineEntry], matters: dict[str, str]
) -> list[TimelineLane]:
    """The lanes, ordered by their first dated entry, then by title; the "No matter/claimant" lane last."""
    titles: dict[str, str] = {}
    dated_of: dict[str, list[str]] = defaultdict(list)
    undated_of: dict[str, list[str]] = defaultdict(list)
    for entries, target in ((dated, dated_of), (undated, undated_of)):
        for e in entries:
            for key in e.lane_keys:
                target[key].append(e.id)
                if key not in titles:
                    if by is LaneBy.MATTER:
                        titles[key] = matters.get(key, NO_MATTER) if key else NO_MATTER
                    elif by is LaneBy.CLAIMANT:
                        titles[key] = e.claimant_name if key else NO_CLAIMANT
                    else:
                        titles[key] = e.document_title or UNTITLED
    first_seen = {key: i for i, key in enumerate(dated_of)}  # dicts keep insertion order: time order

    def order(key: str) -> tuple:
        return (key == "", key not in first_seen, first_seen.get(key, 0), sort_key(titles[key]), key)

    return [
        TimelineLane(key, titles[key], tuple(dated_of.get(key, ())), tuple(undated_of.get(key, ())))
        for key in sorted(titles, key=order)
    ]
