"""Re-attach stored annotations (offsets, exact quote, context) to a new version of a document's text."""

from __future__ import annotations

import unicodedata
from bisect import bisect_right
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import cast

from factcheck.domain import CONTEXT_CHARS, AnchorStatus

# How the algorithm decides (all similarities are 0..1):
#: Mean context similarity (prefix side and suffix side) an exact quote needs to be placed without review.
MIN_CONTEXT = 0.5
#: A quote at least this long that occurs exactly once is placed even where its context changed.
SELF_IDENTIFYING_LENGTH = 32
#: Occurrences whose context scores within this of the best one cannot be told apart from it.
AMBIGUITY_MARGIN = 0.1
#: Score of one context side when the stored side is empty (the old text's edge) but the candidate's is not.
_NEUTRAL_SIDE = 0.5
#: When a quote occurs more often than this, only the occurrences nearest the expected place are scored,
#: plus those that keep a whole stored context side.
_MAX_SCORED = 64
_NEAREST = 16
#: An exact occurrence with poor context is still worth a review when it is the only one that fits
#: and its context scores at least _WEAK_CONTEXT, or the quote is at least _WEAK_QUOTE_LENGTH long.
_WEAK_CONTEXT = 0.3
_WEAK_QUOTE_LENGTH = 16
#: Fuzzy search: how far around the expected place context and quote fragments are looked for.
_FUZZY_RADIUS = 4096
#: Fuzzy search: longest fragment of context or quote looked for, and shortest worth looking for.
_SEED_LENGTH = 16
_MIN_SEED = 4
#: Fuzzy search: a quote longer than this has only its ends aligned, each with _EDGE characters of it.
_LONG_QUOTE = 256
_EDGE = 64
#: Fuzzy search: how many candidate places are aligned character by character.
_FUZZY_TRIES = 3
#: Fuzzy search: least similarity of the found text to the quote and of the context, least overall score.
_FUZZY_MIN_QUOTE = 0.6
_FUZZY_MIN_CONTEXT = _WEAK_CONTEXT
_FUZZY_MIN_SCORE = 0.65
#: Fuzzy search: a quote shorter than this needs its context to agree as much as an exact one does.
_SHORT_QUOTE = 8
#: Whole-text searches for strings this long go through an index of the text once it pays off:
#: grams of _GRAM characters at every _STEP-th offset, built after _SCANS_BEFORE_INDEX plain scans.
_GRAM = 12
_STEP = 8
_SCANS_BEFORE_INDEX = 16
_INDEX_MIN_TEXT = 1 << 16
_INDEX_MAX_HITS = 4096
#: Confidence of a placement that needs review is this times its score, so it stays below a sure one.
_REVIEW_SCALE = 0.85

_ZWJ = "\u200d"


@dataclass(frozen=True)
class Anchor:
    """Where an annotation was: code-point offsets [start, end) into the old text, its quote and context."""

    start: int
    end: int
    quote: str
    prefix: str
    suffix: str


@dataclass(frozen=True)
class Placement:
    """Where an anchor went in the new text. ANCHORED and MOVED always span exactly the old quote."""

    status: AnchorStatus
    start: int | None
    end: int | None
    confidence: float
    method: str  # "position" | "quote" | "fuzzy" | "none"


_ORPHANED = Placement(AnchorStatus.ORPHANED, None, None, 0.0, "none")


def reanchor(new_text: str, anchors: Sequence[Anchor]) -> list[Placement]:
    """Place every anchor in ``new_text``; the result is in the order of ``anchors``.

    First pass, in order of old position: an anchor whose quote and whole context are found at its old
    offsets, or shifted by the last shift seen, or anywhere exactly once, is placed there. Those
    placements tell how far each stretch of text moved; the second pass uses them to predict where each
    remaining anchor should be, scores every exact occurrence of its quote by context and closeness,
    and falls back to an approximate search near the predicted place. Raises ValueError for an anchor
    with an empty quote, a negative start, or an end that does not match its quote's length.
    """
    for anchor in anchors:
        if not anchor.quote:
            raise ValueError("An anchor's quote must not be empty.")
        if anchor.start < 0 or anchor.end - anchor.start != len(anchor.quote):
            raise ValueError(f"Anchor offsets {anchor.start}–{anchor.end} do not fit its quote.")
    result: list[Placement | None] = [None] * len(anchors)
    order = sorted(range(len(anchors)), key=lambda i: (anchors[i].start, anchors[i].end))
    finder = _Finder(new_text)
    old_known: list[int] = []
    new_known: list[int] = []
    delta = 0
    for i in order:
        anchor = anchors[i]
        start = _place_by_context(finder, anchor, delta)
        if start is not None:
            result[i] = _exact(anchor, start, 1.0)
            delta = start - anchor.start
            old_known.append(anchor.start)
            new_known.append(start)
    # An anchor whose suffix is short ran into the end of the old text, which tells its length.
    old_length = next((a.end + len(a.suffix) for a in anchors if len(a.suffix) < CONTEXT_CHARS), None)
    for i in order:
        if result[i] is None:
            anchor = anchors[i]
            expected = _expected_start(anchor.start, old_known, new_known, len(new_text), old_length)
            result[i] = _place_by_search(finder, anchor, expected)
    return cast(list[Placement], result)  # every slot was filled by one of the two passes


# --- first pass: exact quote with exact context ----------------------------------------------------


def _place_by_context(finder: _Finder, anchor: Anchor, delta: int) -> int | None:
    """Start of the quote with its whole stored context: where expected, or wherever it occurs just once."""
    text = finder.text
    for start in (anchor.start + delta, anchor.start) if delta else (anchor.start,):
        if _context_exact_at(text, anchor, start):
            return start
    if not anchor.prefix and not anchor.suffix:
        return None
    found = finder.all(anchor.prefix + anchor.quote + anchor.suffix, 2)
    if len(found) != 1:
        return None
    start = found[0] + len(anchor.prefix)
    return start if _clean_boundaries(text, anchor, start) else None


def _context_exact_at(text: str, anchor: Anchor, start: int) -> bool:
    end = start + len(anchor.quote)
    if start < 0 or not text.startswith(anchor.quote, start):
        return False
    left = text.endswith(anchor.prefix, 0, start) if anchor.prefix else start == 0
    right = text.startswith(anchor.suffix, end) if anchor.suffix else end == len(text)
    return left and right and _clean_boundaries(text, anchor, start)


def _joins(before: str, after: str) -> bool:
    """True when a boundary between these two characters would split one user-perceived character."""
    if before == "\r" and after == "\n":
        return True
    if before == _ZWJ or after == _ZWJ or "\U0001f3fb" <= after <= "\U0001f3ff":  # emoji skin tones
        return True
    return unicodedata.category(after) in ("Mn", "Me", "Mc")


def _clean_boundaries(text: str, anchor: Anchor, start: int) -> bool:
    """False when the exact quote at ``start`` is part of a longer character that it was not part of before.

    "cafe" found inside "cafe\u0301" (café) is the same code points but not the same text. A boundary
    that split a character in the old text too (the stored context shows the same neighbour) is fine.
    """
    end = start + len(anchor.quote)
    if start > 0 and _joins(text[start - 1], anchor.quote[0]) and anchor.prefix[-1:] != text[start - 1]:
        return False
    return not (end < len(text) and _joins(anchor.quote[-1], text[end]) and anchor.suffix[:1] != text[end])


def _exact(anchor: Anchor, start: int, context: float) -> Placement:
    """ANCHORED or MOVED on an exact occurrence of the quote (the caller checked that it is exact)."""
    if start == anchor.start:
        confidence = 1.0 if context >= MIN_CONTEXT else round(0.7 + 0.29 * context, 3)
        return Placement(AnchorStatus.ANCHORED, start, start + len(anchor.quote), confidence, "position")
    confidence = round(0.7 + 0.29 * context, 3)
    return Placement(AnchorStatus.MOVED, start, start + len(anchor.quote), confidence, "quote")


def _expected_start(
    old: int, old_known: list[int], new_known: list[int], new_length: int, old_length: int | None
) -> float:
    """Where the text at old offset ``old`` most likely is now, from the placed anchors around it."""
    k = bisect_right(old_known, old)
    if 0 < k < len(old_known):
        lo_old, lo_new, hi_old, hi_new = old_known[k - 1], new_known[k - 1], old_known[k], new_known[k]
        if hi_old > lo_old and hi_new >= lo_new:
            expected = lo_new + (old - lo_old) * (hi_new - lo_new) / (hi_old - lo_old)
        else:
            expected = lo_new + old - lo_old
    elif k > 0:
        expected = new_known[k - 1] + old - old_known[k - 1]
    elif old_known:
        expected = new_known[0] - (old_known[0] - old)
    else:
        # Nothing placed: assume the text grew or shrank evenly, if the old length is known.
        expected = old * new_length / old_length if old_length else old
    return min(max(expected, 0.0), float(new_length))


# --- second pass: score exact occurrences, then search approximately --------------------------------


@dataclass(frozen=True, slots=True)
class _Candidate:
    start: int
    end: int
    quote_similarity: float
    context: float
    distance: float

    @property
    def score(self) -> float:
        return 0.6 * self.quote_similarity + 0.4 * self.context


def _place_by_search(finder: _Finder, anchor: Anchor, expected: float) -> Placement:
    text, quote = finder.text, anchor.quote
    guess = round(expected)
    if _context_exact_at(text, anchor, guess):
        return _exact(anchor, guess, 1.0)
    occurrences = _exact_occurrences(finder, anchor, expected)
    candidates = [
        _Candidate(s, s + len(quote), 1.0, _context_score(text, anchor, s, s + len(quote)), abs(s - expected))
        for s in occurrences
        if _clean_boundaries(text, anchor, s)
    ]
    best: _Candidate | None = None
    rivals = 0
    if candidates:
        best = max(candidates, key=lambda c: (c.context, -c.distance))
        rivals = sum(1 for c in candidates if c is not best and c.context >= best.context - AMBIGUITY_MARGIN)
        unique = len(candidates) == 1
        if best.context >= MIN_CONTEXT or (unique and len(quote) >= SELF_IDENTIFYING_LENGTH):
            if not rivals:
                return _exact(anchor, best.start, best.context)
            return _review(best, "quote", rivals)
        if rivals or (best.context < _WEAK_CONTEXT and len(quote) < _WEAK_QUOTE_LENGTH):
            best = None
    fuzzy = _fuzzy_search(finder, anchor, expected)
    if fuzzy is not None and (best is None or fuzzy.score > best.score):
        return _review(fuzzy, "fuzzy")
    if best is not None:
        return _review(best, "quote")
    return _ORPHANED


def _review(candidate: _Candidate, method: str, rivals: int = 0) -> Placement:
    confidence = round(_REVIEW_SCALE * candidate.score / (1 + rivals), 3)
    return Placement(AnchorStatus.NEEDS_REVIEW, candidate.start, candidate.end, confidence, method)


def _exact_occurrences(finder: _Finder, anchor: Anchor, expected: float) -> list[int]:
    """Starts of exact occurrences of the quote: all of them, or when there are many, a bounded few."""
    text, quote = finder.text, anchor.quote
    every = finder.all(quote, _MAX_SCORED + 1)
    if len(every) <= _MAX_SCORED:
        return every
    found = set(_occurrences_near(text, quote, round(expected), 0, len(text), 2 * _NEAREST))
    # Occurrences far away that keep a whole side of their context are strong candidates too.
    if anchor.prefix:
        found.update(s + len(anchor.prefix) for s in finder.all(anchor.prefix + quote, _NEAREST))
    if anchor.suffix:
        found.update(finder.all(quote + anchor.suffix, _NEAREST))
    return sorted(found)


class _Finder:
    """Finds the occurrences of strings anywhere in one text, long ones through an index built on demand.

    Scanning a 1 MB text takes a fraction of a millisecond, which adds up when thousands of anchors
    must be looked for anywhere (a text that changed a lot). After a few scans, every _STEP-th gram of
    the text is indexed, so a string of _GRAM + _STEP - 1 or more characters takes a few look-ups.
    """

    __slots__ = ("_index", "_scans", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self._index: dict[str, list[int]] | None = None
        self._scans = 0

    def all(self, needle: str, cap: int) -> list[int]:
        """Starts of the first ``cap`` occurrences of ``needle`` (overlapping ones too), in order."""
        text = self.text
        if len(needle) >= _GRAM + _STEP - 1 and len(text) >= _INDEX_MIN_TEXT:
            self._scans += 1
            if self._index is None and self._scans > _SCANS_BEFORE_INDEX:
                index: dict[str, list[int]] = {}
                for p in range(0, len(text) - _GRAM + 1, _STEP):
                    index.setdefault(text[p : p + _GRAM], []).append(p)
                self._index = index
            if self._index is not None:
                # An occurrence at c holds the indexed gram at the first multiple of _STEP from c.
                hits = [(o, self._index.get(needle[o : o + _GRAM], ())) for o in range(_STEP)]
                if sum(len(h) for _, h in hits) <= _INDEX_MAX_HITS:
                    found = {p - o for o, h in hits for p in h if p >= o and text.startswith(needle, p - o)}
                    return sorted(found)[:cap]
        return _occurrences(text, needle, 0, len(text), cap)


def _occurrences_near(text: str, needle: str, center: int, lo: int, hi: int, cap: int) -> list[int]:
    """Starts of up to ``cap`` occurrences of ``needle`` within text[lo:hi], nearest ``center`` first."""
    found: list[int] = []
    center = min(max(center, lo), hi)
    i = text.find(needle, center, hi)
    while i >= 0 and len(found) < (cap + 1) // 2:
        found.append(i)
        i = text.find(needle, i + 1, hi)
    limit = min(hi, center + len(needle) - 1)
    j = text.rfind(needle, lo, limit)
    while j >= 0 and len(found) < cap:
        found.append(j)
        limit = j + len(needle) - 1
        j = text.rfind(needle, lo, limit) if limit > lo else -1
    return found


def _occurrences(text: str, needle: str, lo: int, hi: int, cap: int) -> list[int]:
    """Starts of the first ``cap`` occurrences of ``needle`` within text[lo:hi]."""
    found: list[int] = []
    i = text.find(needle, lo, hi)
    while i >= 0 and len(found) < cap:
        found.append(i)
        i = text.find(needle, i + 1, hi)
    return found


def _context_score(text: str, anchor: Anchor, start: int, end: int) -> float:
    """Mean similarity of the stored prefix and suffix to the text beside [start, end)."""
    left = _side_score(anchor.prefix, text[max(0, start - len(anchor.prefix)) : start], start == 0)
    right = _side_score(anchor.suffix, text[end : end + len(anchor.suffix)], end == len(text))
    return (left + right) / 2


def _side_score(stored: str, actual: str, at_edge: bool) -> float:
    if not stored:
        return 1.0 if at_edge else _NEUTRAL_SIDE
    if stored == actual:
        return 1.0
    return _dice(stored, actual)


def _dice(a: str, b: str) -> float:
    """Dice coefficient of the character-bigram sets: a shift or a small edit keeps most of the score."""
    if len(a) < 2 or len(b) < 2:
        return 1.0 if a == b else 0.0
    grams_a = {a[i : i + 2] for i in range(len(a) - 1)}
    grams_b = {b[i : i + 2] for i in range(len(b) - 1)}
    return 2 * len(grams_a & grams_b) / (len(grams_a) + len(grams_b))


def _similarity(a: str, b: str) -> float:
    """How alike two strings are: difflib's ratio, or for long ones a linear-time trigram Dice."""
    if len(a) + len(b) <= 2 * _LONG_QUOTE:
        return SequenceMatcher(None, a, b, autojunk=False).ratio()
    grams_a = Counter(a[i : i + 3] for i in range(len(a) - 2))
    grams_b = Counter(b[i : i + 3] for i in range(len(b) - 2))
    total = grams_a.total() + grams_b.total()
    return 2 * (grams_a & grams_b).total() / total if total else float(a == b)


def _fuzzy_search(finder: _Finder, anchor: Anchor, expected: float) -> _Candidate | None:
    """The best approximate match of prefix + quote + suffix near ``expected``, or None.

    Exact hits of context and quote fragments vote for where the quote starts and ends (bounded finds,
    no character-by-character scan); the best few places are aligned with difflib and the quote's
    boundaries carried over from the alignment. A long quote has only its two ends aligned, so the
    cost does not grow with the square of its length.
    """
    text, quote, prefix, suffix = finder.text, anchor.quote, anchor.prefix, anchor.suffix
    length = len(quote)
    center = round(expected)
    radius = _FUZZY_RADIUS + 2 * length
    lo, hi = max(0, center - radius - len(prefix)), min(len(text), center + length + radius + len(suffix))
    starts: list[tuple[int, float]] = []  # (likely start of the quote, weight)
    ends: list[tuple[int, float]] = []  # (likely end of the quote, weight)

    tail = prefix[-_SEED_LENGTH:]
    if len(tail) >= _MIN_SEED:
        starts += [(h + len(tail), 2.0) for h in _occurrences_near(text, tail, center, lo, hi, _NEAREST)]
    head = suffix[:_SEED_LENGTH]
    if len(head) >= _MIN_SEED:
        ends += [(h, 2.0) for h in _occurrences_near(text, head, center + length, lo, hi, _NEAREST)]
    for offset, chunk in _quote_pieces(quote):
        hits = _occurrences_near(text, chunk, center + offset, lo, hi, 8)
        if 2 * offset < length:
            starts += [(h - offset, 1.0) for h in hits]
        else:
            ends += [(h - offset + length, 1.0) for h in hits]
    # A whole context side found anywhere: the passage may have moved far.
    if len(prefix) >= _SEED_LENGTH:
        starts += [(h + len(prefix), 3.0) for h in finder.all(prefix, 4)]
    if len(suffix) >= _SEED_LENGTH:
        ends += [(h, 3.0) for h in finder.all(suffix, 4)]
    if not starts and not ends:
        return None

    tolerance = max(8, min(length, _LONG_QUOTE) // 4)
    candidates: list[_Candidate | None] = []
    if length <= _LONG_QUOTE:
        seeds = starts + [(p - length, w) for p, w in ends]
        for place in _best_clusters(seeds, center, tolerance):
            candidates.append(_align(text, anchor, place, expected))
    else:
        if starts:
            start_places = _best_clusters(starts, center, tolerance)
        else:
            start_places = [p - length for p in _best_clusters(ends, center + length, tolerance)]
        for place in start_places:
            start = _align_edge(text, prefix, quote[:_EDGE], place, starts=True)
            near = [(p, w) for p, w in ends if start + length // 2 <= p <= start + 2 * length]
            end_places = _best_clusters(near, start + length, tolerance) if near else [start + length]
            for end_place in end_places:
                end = _align_edge(text, quote[-_EDGE:], suffix, end_place, starts=False)
                candidates.append(_candidate(text, anchor, start, end, expected))
    best = max((c for c in candidates if c is not None), key=lambda c: c.score, default=None)
    if (
        best is None
        or best.quote_similarity < _FUZZY_MIN_QUOTE
        or best.context < _FUZZY_MIN_CONTEXT
        or best.score < _FUZZY_MIN_SCORE
    ):
        return None
    if length < _SHORT_QUOTE and best.context < MIN_CONTEXT:
        return None  # a short approximate match with its context gone is a coincidence
    return best


def _quote_pieces(quote: str) -> list[tuple[int, str]]:
    """Fragments of the quote to look for, with their offsets: spread out, or near the ends of a long one."""
    length = len(quote)
    if length < _MIN_SEED:
        return []
    piece = min(_SEED_LENGTH, max(_MIN_SEED, length // 4))
    if length > _LONG_QUOTE:
        offsets = [k * piece for k in range(_EDGE // piece)]
        offsets += [length - piece - k * piece for k in range(_EDGE // piece)]
    else:
        count = min(6, length // piece)
        offsets = [(length - piece) * k // max(1, count - 1) for k in range(count)]
    return [(offset, quote[offset : offset + piece]) for offset in offsets]


def _best_clusters(seeds: list[tuple[int, float]], center: int, tolerance: int) -> list[int]:
    """Up to _FUZZY_TRIES places where seeds agree most, as the median seed of each group."""
    seeds = sorted(seeds)
    groups: list[tuple[float, int, int]] = []  # (weight, -distance, place)
    first = 0
    for i in range(1, len(seeds) + 1):
        if i == len(seeds) or seeds[i][0] - seeds[i - 1][0] > tolerance:
            group = seeds[first:i]
            place = group[len(group) // 2][0]
            groups.append((sum(w for _, w in group), -abs(place - center), place))
            first = i
    groups.sort(reverse=True)
    return [place for _, _, place in groups[:_FUZZY_TRIES]]


def _matching_blocks(pattern: str, window: str) -> list[tuple[int, int, int]]:
    matcher = SequenceMatcher(None, pattern, window, autojunk=False)
    return [(b.a, b.b, b.size) for b in matcher.get_matching_blocks() if b.size]


def _align(text: str, anchor: Anchor, place: int, expected: float) -> _Candidate | None:
    """Align prefix + quote + suffix with the text around ``place`` and read off the quote's new span."""
    quote, prefix, suffix = anchor.quote, anchor.prefix, anchor.suffix
    slack = 8 + len(quote) // 2
    lo = max(0, place - len(prefix) - slack)
    window = text[lo : place + len(quote) + len(suffix) + slack]
    blocks = _matching_blocks(prefix + quote + suffix, window)
    if not blocks:
        return None
    start = lo + _map_boundary(blocks, len(prefix), len(window), starts=True)
    end = lo + _map_boundary(blocks, len(prefix) + len(quote), len(window), starts=False)
    return _candidate(text, anchor, start, end, expected)


def _align_edge(text: str, before: str, after: str, place: int, starts: bool) -> int:
    """Where the boundary between ``before`` and ``after`` is, aligning both with the text around ``place``.

    ``starts`` tells whether it is the quote's start (``after`` is the quote's head) or its end.
    """
    lo = max(0, place - len(before) - _EDGE)
    window = text[lo : place + len(after) + _EDGE]
    blocks = _matching_blocks(before + after, window)
    if not blocks:
        return place
    return lo + _map_boundary(blocks, len(before), len(window), starts)


def _candidate(text: str, anchor: Anchor, start: int, end: int, expected: float) -> _Candidate | None:
    if end <= start:
        return None  # the quote's place is empty: it was deleted
    # Widen a span that would cut a character in two (unless the old quote cut it the same way).
    if start > 0 and _joins(text[start - 1], text[start]) and anchor.prefix[-1:] != text[start - 1]:
        while start > 0 and _joins(text[start - 1], text[start]):
            start -= 1
    if end < len(text) and _joins(text[end - 1], text[end]) and anchor.suffix[:1] != text[end]:
        while end < len(text) and _joins(text[end - 1], text[end]):
            end += 1
    return _Candidate(
        start,
        end,
        _similarity(anchor.quote, text[start:end]),
        _context_score(text, anchor, start, end),
        abs(start - expected),
    )


def _map_boundary(blocks: list[tuple[int, int, int]], x: int, window_length: int, starts: bool) -> int:
    """Window offset of pattern offset ``x`` (the quote's start or end) through the matching blocks.

    A boundary inside a matched block maps exactly; text inserted right at a boundary stays outside
    the quote. A boundary inside an edited stretch maps proportionally into what replaced it.
    """
    before = after = None
    for block in blocks:
        a, b, size = block
        if (a <= x < a + size) if starts else (a < x <= a + size):
            return b + x - a
        if a + size <= x:
            before = block
        elif after is None and a >= x:
            after = block
    if before is None and after is None:
        return 0
    if before is None:
        return max(0, after[1] - (after[0] - x))
    gap_start, window_gap_start = before[0] + before[2], before[1] + before[2]
    if after is None:
        return min(window_length, window_gap_start + x - gap_start)
    span = after[0] - gap_start
    if span <= 0:
        return window_gap_start
    return window_gap_start + round((x - gap_start) * (after[1] - window_gap_start) / span)
