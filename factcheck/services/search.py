"""Find anything: one search over the articles' text and the annotations (quote, note, claimant), with
the filters the annotation lists share (label, claimant, verdict, matter, document, annotator, claim date).

Matching is case-insensitive (Unicode), spaces match any run of whitespace, straight and curly quotes
match each other ("it's" finds "it’s"), and compatibility characters are folded (NFKC: "Officials" finds a
PDF's "Oﬃcials"; offsets stay those of the stored text, see text/folding.py). The LIKE prefilter knows the
ligatures only: a word written wholly in other compatibility forms (fullwidth "ＡＢＣ") is found when the
query holds another plain word of the passage, or is typed in those forms too. SQLite's LIKE (case-insensitive for ASCII only) first narrows the
rows to those holding each of the query's ASCII words; Python's ``re`` then finds the exact matches, with
offsets in code points. No FTS5 index: on 500 articles of 20 KB (10 MB) a rare word takes ~15 ms and the
worst case, words every article holds, ~150 ms (tests/test_search.py measures it), and an index would not
help that case (every article still has to be scanned for offsets) while it would have to be kept in step
with every import and new version. Substring matches with exact offsets are what the reader needs.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date

from sqlalchemy import or_, select

from factcheck.domain import (
    AnchorStatus,
    AnnotationHit,
    AnnotationRow,
    BadInputError,
    ClaimDate,
    Filters,
    Layer,
    SearchResults,
    Snippet,
    TextHit,
    Verdict,
    parse_choice,
)
from factcheck.services.base import Service
from factcheck.services.rows import EFFECTIVE_DATE, ROWS, filter_clauses, joined, make_row
from factcheck.store.backends import ci_like
from factcheck.store.models import Annotation, Claimant, Document
from factcheck.text.folding import fold, fold_query, ligature_safe_like_term

#: Characters of context on each side of a match.
SNIPPET_CHARS = 60
DEFAULT_LIMIT = 500

_EQUIVALENT = {
    **dict.fromkeys("'‘’‛′`´", "['‘’‛′`´]"),
    **dict.fromkeys('"“”„‟″«»', '["“”„‟″«»]'),
}
_ASCII_WORD = re.compile(r"[A-Za-z0-9]+")


def search_pattern(text: str) -> re.Pattern[str] | None:
    """The regular expression a search text stands for, matched against folded text (text/folding.py);
    None for a blank text (filters only)."""
    words = fold_query(text).split()
    if not words:
        return None
    parts = ["".join(_EQUIVALENT.get(ch) or re.escape(ch) for ch in word) for word in words]
    return re.compile(r"\s+".join(parts), re.IGNORECASE)


def _like_terms(text: str) -> list[str]:
    """LIKE patterns every match must satisfy: the query's ASCII words (LIKE ignores case for ASCII only),
    with the letters a typeset ligature stands for left open ("Officials" must find a PDF's "Oﬃcials")."""
    words = dict.fromkeys(_ASCII_WORD.findall(text))
    return [f"%{ligature_safe_like_term(word)}%" for word in words]


def make_filters(
    *,
    labels: Iterable[str] = (),
    claimants: Iterable[str] = (),
    verdicts: Iterable[str | Verdict] = (),
    matter_id: str | None = None,
    document_id: str | None = None,
    annotators: Iterable[str] = (),
    date_from: str | ClaimDate | date | None = None,
    date_to: str | ClaimDate | date | None = None,
    layer: Layer | str | None = None,
) -> Filters:
    """A validated Filters: verdicts checked, dates parsed ('2021', '2021-10', '2021-10-07')."""
    return Filters(
        labels=tuple(labels),
        claimants=tuple(claimants),
        verdicts=tuple(str(parse_choice(Verdict, v, "verdict")) for v in verdicts),
        matter_id=matter_id or None,
        document_id=document_id or None,
        annotators=tuple(annotators),
        date_from=_date(date_from),
        date_to=_date(date_to),
        layer=Layer.parse(layer) if isinstance(layer, str) else layer,
    )


def _date(value: str | ClaimDate | date | None) -> ClaimDate | None:
    if value is None or isinstance(value, ClaimDate):
        return value
    if isinstance(value, date):
        return ClaimDate.from_date(value)
    return ClaimDate.parse(value) if value.strip() else None


def _snippet(text: str, start: int, end: int, *, before: str = "", after: str = "") -> Snippet:
    """``text[start:end]`` with up to SNIPPET_CHARS of context, ``before``/``after`` extending the text."""
    head = (before + text[:start])[-SNIPPET_CHARS:]
    tail = (text[end:] + after)[:SNIPPET_CHARS]
    return Snippet(head, text[start:end], tail)


class SearchService(Service):
    def search(
        self,
        text: str = "",
        filters: Filters | None = None,
        *,
        limit: int = DEFAULT_LIMIT,
        **filter_fields,
    ) -> SearchResults:
        """Annotations whose quote, note or claimant matches ``text``, and matches in the articles' text.

        Filters come as a Filters or as keywords (labels, claimants, verdicts, matter_id, document_id,
        annotators, date_from, date_to; see :func:`make_filters`). Article text has no label, claimant or
        date, so when any filter other than the document is set, only annotations are searched. With a blank
        ``text`` every annotation that passes the filters is a hit. Each list holds at most ``limit`` hits.
        """
        if filters is not None and filter_fields:
            raise BadInputError("Give the filters either as a Filters or as keywords, not both.")
        if filters is None:
            filters = make_filters(**filter_fields)
        if limit < 1:
            raise BadInputError("The search limit must be at least 1.")
        pattern = search_pattern(text)
        annotations, cut_a = self._annotation_hits(text, pattern, filters, limit)
        texts: list[TextHit] = []
        cut_t = False
        if pattern is not None and not filters.narrows_annotations:
            texts, cut_t = self._text_hits(text, pattern, filters, limit)
        return SearchResults(annotations, texts, cut_a or cut_t)

    # --- Annotations --------------------------------------------------------------------------------------

    def _annotation_hits(
        self, text: str, pattern: re.Pattern[str] | None, filters: Filters, limit: int
    ) -> tuple[list[AnnotationHit], bool]:
        order = (
            EFFECTIVE_DATE.is_(None),
            EFFECTIVE_DATE,
            Document.title,
            Annotation.document_id,
            Annotation.start,
        )
        if pattern is None:
            query = ROWS.where(*filter_clauses(filters)).order_by(*order).limit(limit + 1)
            with self._read() as session:
                query = query.where(*self.team.clauses(session, filters.layer))
                rows = [make_row(values) for values in session.execute(query)]
            hits = [
                AnnotationHit(
                    row, "", _snippet(row.quote, 0, len(row.quote), before=row.prefix, after=row.suffix)
                )
                for row in rows[:limit]
            ]
            return hits, len(rows) > limit
        # Match on the searched fields alone, then load whole rows for the hits only.
        query = joined(select(Annotation.id, Annotation.quote, Claimant.name, Annotation.note))
        query = query.where(*filter_clauses(filters)).order_by(*order)
        for like in _like_terms(text):
            query = query.where(
                or_(
                    ci_like(Annotation.quote, like),
                    ci_like(Annotation.note, like),
                    ci_like(Claimant.name, like),
                )
            )
        matched: list[tuple[str, str, tuple[int, int]]] = []
        truncated = False
        with self._read() as session:
            query = query.where(*self.team.clauses(session, filters.layer))
            for annotation_id, *fields in session.execute(query):
                for field, value in zip(("quote", "claimant", "note"), fields, strict=True):
                    folded = fold(value or "")
                    match = pattern.search(folded.text)
                    if match is not None:
                        if len(matched) == limit:
                            truncated = True
                        else:
                            matched.append((annotation_id, field, folded.span(*match.span())))
                        break
                if truncated:
                    break
            ids = [m[0] for m in matched]
            rows = {row.id: row for row in map(make_row, session.execute(ROWS.where(Annotation.id.in_(ids))))}
        return [_annotation_hit(rows[i], field, span) for i, field, span in matched], truncated

    # --- Article text -------------------------------------------------------------------------------------

    def _text_hits(
        self, text: str, pattern: re.Pattern[str], filters: Filters, limit: int
    ) -> tuple[list[TextHit], bool]:
        document_id = filters.document_id
        query = select(Document.id, Document.title, Document.text).order_by(
            Document.published_at.is_(None), Document.published_at.desc(), Document.imported_at, Document.id
        )
        if document_id is not None:
            query = query.where(Document.id == document_id)
        for like in _like_terms(text):
            query = query.where(ci_like(Document.text, like))
        found: list[tuple[str, str, str, int, int]] = []
        truncated = False
        with self._read() as session:
            for doc_id, title, body in session.execute(query):
                folded = fold(body)  # matched folded, offsets kept in the stored text
                for match in pattern.finditer(folded.text):
                    if len(found) == limit:
                        truncated = True
                        break
                    found.append((doc_id, title, body, *folded.span(*match.span())))
                if truncated:
                    break
            hit_docs = {hit[0] for hit in found}
            spans: dict[str, list[tuple[str, int, int]]] = {doc_id: [] for doc_id in hit_docs}
            if hit_docs:
                for annotation_id, doc_id, start, end in session.execute(
                    select(Annotation.id, Annotation.document_id, Annotation.start, Annotation.end).where(
                        Annotation.document_id.in_(hit_docs),
                        Annotation.anchor_status != AnchorStatus.ORPHANED,
                        *self.team.clauses(session, filters.layer),
                    )
                ):
                    spans[doc_id].append((annotation_id, start, end))
        hits = [
            TextHit(
                doc_id,
                title,
                start,
                end,
                _snippet(body, start, end),
                tuple(a for a, s, e in sorted(spans[doc_id], key=lambda x: x[1]) if s < end and start < e),
            )
            for doc_id, title, body, start, end in found
        ]
        return hits, truncated


def _annotation_hit(row: AnnotationRow, field: str, span: tuple[int, int]) -> AnnotationHit:
    if field == "quote":
        return AnnotationHit(row, field, _snippet(row.quote, *span, before=row.prefix, after=row.suffix))
    return AnnotationHit(row, field, _snippet(row.claimant_name if field == "claimant" else row.note, *span))
