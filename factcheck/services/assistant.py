"""The claim assistant's use cases: check-worthy sentence suggestions for a document, accept (an ordinary
annotation) or dismiss them, retrain the project's classifier from those decisions, and find claims
similar to an annotation or a text (the project's annotations; the archives through ArchiveService).

Every suggestion is a suggestion: nothing here labels anything unless the researcher accepts. The long
calls (suggestions, retrain, similar_annotations, repeat_suggestions, match, index) take ``progress`` and
``cancelled`` callbacks, open their own sessions and raise ``Cancelled`` when asked to stop, so the UI's job
helper can run them on a worker thread. For the window:
- Suggestions panel: ``suggestions(doc)`` (ranked; offsets in code points) on a worker; a key calls
  ``accept(doc, start, end, label_id)`` in a QUndoCommand (undo ``undo_accept``, redo ``redo_accept``) or
  ``dismiss`` (undo ``undo_dismiss``, redo ``redo_dismiss``); then ``retrain()`` in the background when
  ``needs_retraining()``.
- After tagging: ``match_annotation(id)`` (archive fact-checks and similar annotations) and
  ``repeat_suggestions(id)``; accepting one is ``link_repeat(id, other)`` (undo: ``LinkService.unlink``).
- After imports: ``index()`` computes the vectors the project lacks, so later calls are instant.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable, Sequence
from dataclasses import replace

import numpy as np
from sqlalchemy import delete, func, insert, or_, select
from sqlalchemy.orm import Session, sessionmaker

from factcheck.assistant.classifier import Classifier, base_classifier, features, fit
from factcheck.assistant.jobs import CancelCheck, Progress, check
from factcheck.assistant.model import shared_embedder
from factcheck.assistant.records import (
    Accepted,
    ClassifierInfo,
    Decision,
    DecisionRow,
    Match,
    MatchKind,
    RetrainReport,
    Suggestion,
)
from factcheck.assistant.sentences import split_sentences
from factcheck.assistant.vectors import text_key
from factcheck.domain import (
    BUILTIN_CLAIM,
    BUILTIN_COUNTERCLAIM,
    AnchorStatus,
    BadInputError,
    LinkRelation,
    LinkRow,
    NotFoundError,
)
from factcheck.services.annotations import AnnotationService
from factcheck.services.base import Service
from factcheck.services.claim_archive import ArchiveService
from factcheck.services.links import LinkService
from factcheck.services.vector_store import VectorStore
from factcheck.services.visibility import Team
from factcheck.store.models import (
    Annotation,
    AnnotationLink,
    AssistantDecision,
    AssistantModel,
    Document,
    Label,
    new_id,
    utc_now,
)

#: Sentences of fewer words are never suggested (datelines, bylines, "Read more").
MIN_WORDS = 4
#: Annotations of fewer words are not compared by meaning (a word or two has no claim to match).
MIN_MATCH_WORDS = 3
#: How strongly the project's classifier is held to the base one (L2 towards its weights).
PROJECT_L2 = 1.0
#: A similar annotation in another article is offered as a "repeats" link from this cosine up.
REPEAT_MIN = 0.75
_MODEL_ROW = "project"


def make_assistant(
    sessions: sessionmaker[Session],
    annotations: AnnotationService,
    links: LinkService,
    *,
    annotator: Callable[[], str],
    read_only: bool,
    team: Team | None = None,
) -> AssistantService:
    """The assistant of one open project, with its vector store and archives (the model loads later,
    when the first sentence is embedded)."""
    vectors = VectorStore(sessions, shared_embedder, read_only=read_only)
    archives = ArchiveService(sessions, vectors, read_only=read_only)
    return AssistantService(
        sessions, annotations, links, vectors, archives, annotator=annotator, read_only=read_only, team=team
    )


class AssistantService(Service):
    def __init__(
        self,
        sessions: sessionmaker[Session],
        annotations: AnnotationService,
        links: LinkService,
        vectors: VectorStore,
        archives: ArchiveService,
        *,
        annotator: Callable[[], str],
        read_only: bool,
        team: Team | None = None,
    ) -> None:
        super().__init__(sessions, read_only=read_only, team=team)
        self._annotations = annotations
        self._links = links
        self.vectors = vectors
        self.archives = archives
        self._annotator = annotator
        self._lock = threading.Lock()
        self._classifier: tuple[object, Classifier] | None = None
        self._annotation_index: tuple[tuple, list[tuple[str, str, str, str]], np.ndarray] | None = None

    # --- Check-worthy sentences ---------------------------------------------------------------------------

    def suggestions(
        self,
        document_id: str,
        *,
        top: int | None = None,
        everything: bool = False,
        progress: Progress | None = None,
        cancelled: CancelCheck | None = None,
    ) -> list[Suggestion]:
        """The document's sentences worth checking, best first, with their scores.

        Left out: sentences the researcher dismissed or accepted, sentences an annotation already overlaps,
        and sentences of fewer than MIN_WORDS words. Only those at or above the threshold are returned
        unless ``everything``; at most ``top``. Vectors of new sentences are computed and stored (only
        those: a reopened document costs a lookup). Offsets are code points into the current text.
        """
        with self._read() as session:
            text = session.scalar(select(Document.text).where(Document.id == document_id))
            if text is None:
                raise NotFoundError(f"No document with id {document_id}.")
            decided = set(
                session.scalars(
                    select(AssistantDecision.text_sha256).where(AssistantDecision.document_id == document_id)
                )
            )
            spans = sorted(
                tuple(row)
                for row in session.execute(
                    select(Annotation.start, Annotation.end).where(
                        Annotation.document_id == document_id,
                        Annotation.anchor_status != AnchorStatus.ORPHANED,
                        *self.team.clauses(session),
                    )
                )
            )
        check(cancelled)
        candidates = []
        for sentence in split_sentences(text):
            if len(sentence.text.split()) < MIN_WORDS or _overlaps(spans, sentence.start, sentence.end):
                continue
            key = text_key(sentence.text)
            if key not in decided:
                candidates.append((sentence, key))
        texts = [sentence.text for sentence, _ in candidates]
        vectors = self.vectors.vectors(texts, progress=progress, cancelled=cancelled)
        classifier = self.classifier()
        scores = classifier.scores(vectors, texts)
        found = [
            Suggestion(
                document_id, s.start, s.end, s.text, float(score), bool(score >= classifier.threshold), key
            )
            for (s, key), score in zip(candidates, scores, strict=True)
            if everything or score >= classifier.threshold
        ]
        found.sort(key=lambda s: (-s.score, s.start))
        return found[:top] if top is not None else found

    def score_sentences(
        self,
        sentences: Sequence[str],
        *,
        progress: Progress | None = None,
        cancelled: CancelCheck | None = None,
    ) -> list[tuple[float, bool]]:
        """(score, would be suggested) for each sentence, in order; nothing is stored."""
        vectors = self.vectors.vectors(sentences, save=False, progress=progress, cancelled=cancelled)
        classifier = self.classifier()
        return [(float(s), bool(s >= classifier.threshold)) for s in classifier.scores(vectors, sentences)]

    def classifier(self) -> Classifier:
        """The project's classifier when it has been retrained, otherwise the base one shipped."""
        with self._read() as session:
            row = session.execute(
                select(AssistantModel.trained_at, AssistantModel.classifier).where(
                    AssistantModel.name == _MODEL_ROW
                )
            ).first()
            stamp = row[0] if row else None
            with self._lock:
                if self._classifier is not None and self._classifier[0] == stamp:
                    return self._classifier[1]
            classifier = Classifier.from_bytes(row[1]) if row else base_classifier()
        with self._lock:
            self._classifier = (stamp, classifier)
        return classifier

    def classifier_info(self) -> ClassifierInfo:
        with self._read() as session:
            row = session.execute(
                select(AssistantModel.examples, AssistantModel.trained_at).where(
                    AssistantModel.name == _MODEL_ROW
                )
            ).first()
        classifier = self.classifier()
        return ClassifierInfo(
            classifier.source, classifier.threshold, row[0] if row else 0, row[1] if row else None
        )

    # --- Accept and dismiss -------------------------------------------------------------------------------

    def accept(self, document_id: str, start: int, end: int, label_id: str) -> Accepted:
        """Tag the sentence [start, end) with ``label_id`` (claim or counterclaim) as an ordinary annotation,
        and remember the acceptance. Undo: :meth:`undo_accept`; redo: :meth:`redo_accept`."""
        annotation = self._annotations.create(document_id, start, end, label_id)
        decision = self._decision_row(
            annotation.document_id, annotation.start, annotation.end, Decision.ACCEPTED
        )
        decision = replace(decision, annotation_id=annotation.id, sentence=annotation.quote)
        try:
            self._store_decision(decision)
        except BaseException:
            self._annotations.delete(annotation.id)  # nothing half-done: the tag goes with the failed record
            raise
        return Accepted(annotation, decision)

    def undo_accept(self, accepted: Accepted) -> None:
        """Remove the annotation an acceptance made (its decision goes with it)."""
        self._annotations.delete(accepted.annotation.id)

    def redo_accept(self, accepted: Accepted) -> Accepted:
        """Put back the same annotation and decision (same ids) after :meth:`undo_accept`."""
        annotation = self._annotations.restore(accepted.annotation)
        self._store_decision(accepted.decision)
        return Accepted(annotation, accepted.decision)

    def dismiss(self, document_id: str, start: int, end: int) -> DecisionRow:
        """Dismiss the sentence [start, end): it is not suggested again in this document (even after a
        reopen or a new version, while its words stay the same) and teaches the project's classifier.
        Undo: :meth:`undo_dismiss` (then :meth:`redo_dismiss`)."""
        decision = self._decision_row(document_id, start, end, Decision.DISMISSED)
        self._store_decision(decision)
        return decision

    def undo_dismiss(self, decision: DecisionRow) -> None:
        with self._write() as session:
            session.execute(delete(AssistantDecision).where(AssistantDecision.id == decision.id))

    def redo_dismiss(self, decision: DecisionRow) -> DecisionRow:
        self._store_decision(decision)
        return decision

    def decisions(self, document_id: str | None = None) -> list[DecisionRow]:
        """Every decision (of one document), in the order they were made."""
        query = select(*_DECISION_COLUMNS).order_by(AssistantDecision.decided_at, AssistantDecision.id)
        if document_id is not None:
            query = query.where(AssistantDecision.document_id == document_id)
        with self._read() as session:
            return [_decision(values) for values in session.execute(query)]

    def _decision_row(self, document_id: str, start: int, end: int, decision: Decision) -> DecisionRow:
        with self._read() as session:
            text = session.scalar(select(Document.text).where(Document.id == document_id))
        if text is None:
            raise NotFoundError(f"No document with id {document_id}.")
        if not 0 <= start < end <= len(text):
            raise BadInputError(f"The sentence {start}–{end} lies outside the document (length {len(text)}).")
        sentence = text[start:end]
        if not sentence.strip():
            raise BadInputError("That passage is empty or only whitespace.")
        return DecisionRow(
            new_id(),
            document_id,
            start,
            end,
            sentence,
            text_key(sentence),
            decision,
            None,
            self._annotator(),
            utc_now(),
        )

    def _store_decision(self, row: DecisionRow) -> None:
        """Insert ``row``, replacing an earlier decision about the same sentence of the same document."""
        with self._write() as session:
            session.execute(
                delete(AssistantDecision).where(
                    AssistantDecision.document_id == row.document_id,
                    AssistantDecision.text_sha256 == row.text_sha256,
                )
            )
            session.execute(
                insert(AssistantDecision).values(
                    id=row.id,
                    document_id=row.document_id,
                    text_sha256=row.text_sha256,
                    sentence=row.sentence,
                    start=row.start,
                    end=row.end,
                    decision=str(row.decision),
                    annotation_id=row.annotation_id,
                    annotator=row.annotator,
                    decided_at=row.decided_at,
                )
            )

    # --- The project's own classifier ---------------------------------------------------------------------

    def _examples(self) -> tuple[list[str], list[int], tuple[int, int, int], str]:
        """(texts, labels, (accepted, dismissed, tagged), fingerprint) the project's classifier learns from.

        Accepted suggestions and every claim or counterclaim the team tagged are check-worthy examples;
        dismissed suggestions are not."""
        with self._read() as session:
            decided = session.execute(
                select(AssistantDecision.id, AssistantDecision.sentence, AssistantDecision.decision).order_by(
                    AssistantDecision.id
                )
            ).all()
            tagged = session.execute(
                select(Annotation.id, Annotation.quote)
                .join(Label, Label.id == Annotation.label_id)
                .where(
                    Label.name.in_((BUILTIN_CLAIM, BUILTIN_COUNTERCLAIM)),
                    Annotation.id.not_in(
                        select(AssistantDecision.annotation_id).where(
                            AssistantDecision.annotation_id.is_not(None)
                        )
                    ),
                )
                .order_by(Annotation.id)
            ).all()
        texts, labels, digest = [], [], hashlib.sha256()
        accepted = dismissed = 0
        for decision_id, sentence, decision in decided:
            positive = decision == Decision.ACCEPTED
            accepted += positive
            dismissed += not positive
            texts.append(sentence)
            labels.append(int(positive))
            digest.update(f"{decision_id}:{decision}:{text_key(sentence)}\n".encode())
        count = 0
        for annotation_id, quote in tagged:
            if len(quote.split()) >= MIN_MATCH_WORDS:
                texts.append(quote)
                labels.append(1)
                count += 1
                digest.update(f"{annotation_id}:tagged:{text_key(quote)}\n".encode())
        return texts, labels, (accepted, dismissed, count), digest.hexdigest()

    def needs_retraining(self) -> bool:
        """True when decisions or claims changed since the project's classifier was last trained."""
        texts, _, _, fingerprint = self._examples()
        with self._read() as session:
            stored = session.scalar(
                select(AssistantModel.fingerprint).where(AssistantModel.name == _MODEL_ROW)
            )
        return stored != fingerprint if texts else stored is not None

    def retrain(
        self, *, progress: Progress | None = None, cancelled: CancelCheck | None = None
    ) -> RetrainReport:
        """Fit the project's classifier to its decisions and claims, starting from (and held near) the base
        model; the threshold stays the app's. Without any examples the base model is used again."""
        texts, labels, (accepted, dismissed, tagged), fingerprint = self._examples()
        with self._read() as session:
            stored = session.scalar(
                select(AssistantModel.fingerprint).where(AssistantModel.name == _MODEL_ROW)
            )
        changed = stored != fingerprint if texts else stored is not None
        if changed:
            if not texts:
                with self._write() as session:
                    session.execute(delete(AssistantModel).where(AssistantModel.name == _MODEL_ROW))
            else:
                vectors = self.vectors.vectors(texts, progress=progress, cancelled=cancelled)
                base = base_classifier()
                weights, bias = fit(features(vectors, texts), np.array(labels), l2=PROJECT_L2, prior=base)
                check(cancelled)
                model = Classifier(
                    weights, bias, base.threshold, source=f"project: {len(texts)} examples on the base model"
                )
                with self._write() as session:
                    session.execute(delete(AssistantModel).where(AssistantModel.name == _MODEL_ROW))
                    session.execute(
                        insert(AssistantModel).values(
                            name=_MODEL_ROW,
                            classifier=model.to_bytes(),
                            fingerprint=fingerprint,
                            examples=len(texts),
                            trained_at=utc_now(),
                        )
                    )
        return RetrainReport(accepted, dismissed, tagged, changed, self.classifier_info())

    # --- Similar claims -----------------------------------------------------------------------------------

    def similar_annotations(
        self,
        annotation_id: str,
        *,
        top: int = 5,
        other_documents: bool = False,
        progress: Progress | None = None,
        cancelled: CancelCheck | None = None,
    ) -> list[Match]:
        """The project's annotations most similar in meaning to this one (cosine), best first."""
        row = self._annotations.get(annotation_id)
        exclude = {annotation_id}
        matches = self._annotation_matches(row.quote, top + 1, progress=progress, cancelled=cancelled)
        return [
            m
            for m in matches
            if m.id not in exclude and not (other_documents and m.document_id == row.document_id)
        ][:top]

    def repeat_suggestions(
        self,
        annotation_id: str,
        *,
        top: int = 3,
        progress: Progress | None = None,
        cancelled: CancelCheck | None = None,
    ) -> list[Match]:
        """Annotations in other articles that say the same (cosine ≥ REPEAT_MIN) and are not linked to this
        one yet: each can become a "repeats" link with :meth:`link_repeat` in one key."""
        linked = set()
        with self._read() as session:
            for source, target in session.execute(
                select(AnnotationLink.source_id, AnnotationLink.target_id).where(
                    or_(AnnotationLink.source_id == annotation_id, AnnotationLink.target_id == annotation_id)
                )
            ):
                linked.add(target if source == annotation_id else source)
        candidates = self.similar_annotations(
            annotation_id, top=top + len(linked), other_documents=True, progress=progress, cancelled=cancelled
        )
        return [m for m in candidates if m.score >= REPEAT_MIN and m.id not in linked][:top]

    def link_repeat(self, annotation_id: str, repeated_id: str) -> LinkRow:
        """``annotation_id`` repeats ``repeated_id`` (undo with LinkService.unlink, as for any link)."""
        return self._links.link(annotation_id, repeated_id, LinkRelation.REPEATS)

    def match(
        self,
        text: str,
        *,
        top: int = 5,
        kinds: Sequence[MatchKind] = (MatchKind.ARCHIVE, MatchKind.ANNOTATION),
        progress: Progress | None = None,
        cancelled: CancelCheck | None = None,
    ) -> list[Match]:
        """Fact-checks in the archives and annotations of the project that make the claim ``text`` makes,
        best first (at most ``top`` of each kind)."""
        if not text.strip():
            raise BadInputError("Give the claim to match.")
        found: list[Match] = []
        if MatchKind.ARCHIVE in kinds:
            found += self.archives.match(text, top=top)
        if MatchKind.ANNOTATION in kinds:
            found += self._annotation_matches(text, top, progress=progress, cancelled=cancelled)
        found.sort(key=lambda m: -m.score)
        return found

    def match_annotation(
        self,
        annotation_id: str,
        *,
        top: int = 5,
        progress: Progress | None = None,
        cancelled: CancelCheck | None = None,
    ) -> list[Match]:
        """What to show when a claim is tagged: the archives' fact-checks of its quote and the project's
        other annotations most like it (at most ``top`` of each kind), best first."""
        row = self._annotations.get(annotation_id)
        found = self.archives.match(row.quote, top=top, cancelled=cancelled)
        found += self.similar_annotations(annotation_id, top=top, progress=progress, cancelled=cancelled)
        found.sort(key=lambda m: -m.score)
        return found

    def index(self, *, progress: Progress | None = None, cancelled: CancelCheck | None = None) -> int:
        """Compute the vectors the project lacks (annotations' quotes, archives' claims); returns how many
        texts were embedded. Run it in the background after imports; everything else works without it."""
        before = self.vectors.count()
        self._annotation_vectors(progress=progress, cancelled=cancelled)
        self.archives.index(progress=progress, cancelled=cancelled)
        return self.vectors.count() - before

    def _annotation_matches(
        self, text: str, top: int, *, progress: Progress | None, cancelled: CancelCheck | None
    ) -> list[Match]:
        rows, matrix = self._annotation_vectors(progress=progress, cancelled=cancelled)
        if not rows:
            return []
        query = self.vectors.vectors([text], save=False, cancelled=cancelled)[0]
        scores = matrix @ query
        best = np.argsort(-scores, kind="stable")[:top]
        return [
            Match(
                MatchKind.ANNOTATION,
                rows[i][0],
                float(scores[i]),
                rows[i][3],
                document_id=rows[i][1],
                label_name=rows[i][2],
            )
            for i in best
        ]

    def _annotation_vectors(
        self, *, progress: Progress | None, cancelled: CancelCheck | None
    ) -> tuple[list[tuple[str, str, str, str]], np.ndarray]:
        """(id, document id, label, quote) of every annotation of MIN_MATCH_WORDS words or more, and their
        vectors (cached until an annotation is added, changed or removed)."""
        with self._read() as session:
            stamp = session.execute(
                select(
                    func.count(Annotation.id),
                    func.max(Annotation.updated_at),
                    func.max(Annotation.created_at),
                ).where(*self.team.clauses(session))
            ).one()
            stamp = (*stamp, self.team.annotator(), self.vectors.count())
            with self._lock:
                if self._annotation_index is not None and self._annotation_index[0] == stamp:
                    return self._annotation_index[1], self._annotation_index[2]
            rows = [
                tuple(r)
                for r in session.execute(
                    select(Annotation.id, Annotation.document_id, Label.name, Annotation.quote)
                    .join(Label, Label.id == Annotation.label_id)
                    .where(*self.team.clauses(session))
                    .order_by(Annotation.created_at, Annotation.id)
                )
                if len(r[3].split()) >= MIN_MATCH_WORDS
            ]
        matrix = self.vectors.vectors([r[3] for r in rows], progress=progress, cancelled=cancelled)
        with self._lock:
            self._annotation_index = (stamp, rows, matrix)
        return rows, matrix


_DECISION_COLUMNS = (
    AssistantDecision.id,
    AssistantDecision.document_id,
    AssistantDecision.start,
    AssistantDecision.end,
    AssistantDecision.sentence,
    AssistantDecision.text_sha256,
    AssistantDecision.decision,
    AssistantDecision.annotation_id,
    AssistantDecision.annotator,
    AssistantDecision.decided_at,
)


def _decision(values) -> DecisionRow:
    return DecisionRow(*values[:6], Decision(values[6]), *values[7:])


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """True when any (sorted) annotation span overlaps [start, end)."""
    return any(s < end and e > start for s, e in spans)
