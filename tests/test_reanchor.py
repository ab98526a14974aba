"""Re-anchoring annotations on a new version of a text: unit cases and properties over random edits."""

from __future__ import annotations

import os
import random
import unicodedata

import pytest
from hypothesis import HealthCheck, assume, event, given, settings
from hypothesis import strategies as st

from factcheck.domain import CONTEXT_CHARS
from factcheck.text.reanchor import (
    SELF_IDENTIFYING_LENGTH,
    Anchor,
    AnchorStatus,
    Placement,
    _Finder,
    reanchor,
)

EXACT = (AnchorStatus.ANCHORED, AnchorStatus.MOVED)

ARTICLE = (
    "The minister said on Monday that unemployment fell to 4.1 percent in March, "
    "the lowest level in a decade.\n\n"
    "Critics disagreed. The opposition leader said the figures ignored part-time work, "
    "and economists warned that the minister said nothing about wages.\n\n"
    "In a later interview the minister said the figures were final and would not be revised."
)


def anchor_at(text: str, start: int, end: int) -> Anchor:
    """An anchor as the app stores it: quote plus CONTEXT_CHARS of context on each side."""
    return Anchor(
        start,
        end,
        text[start:end],
        text[max(0, start - CONTEXT_CHARS) : start],
        text[end : end + CONTEXT_CHARS],
    )


def anchor_for(text: str, quote: str, occurrence: int = 1) -> Anchor:
    start = -1
    for _ in range(occurrence):
        start = text.index(quote, start + 1)
    return anchor_at(text, start, start + len(quote))


def occurrences(text: str, needle: str) -> list[int]:
    """Every start of ``needle`` in ``text``, overlapping ones included."""
    found, i = [], text.find(needle)
    while i >= 0:
        found.append(i)
        i = text.find(needle, i + 1)
    return found


def check_placements(new_text: str, anchors: list[Anchor], placements: list[Placement]) -> None:
    """What must hold for any input: exact statuses sit on the exact quote, fuzzy is always reviewed."""
    assert len(placements) == len(anchors)
    for anchor, placement in zip(anchors, placements, strict=True):
        assert isinstance(placement.status, AnchorStatus)
        assert 0.0 <= placement.confidence <= 1.0
        assert placement.method in ("position", "quote", "fuzzy", "none")
        if placement.status is AnchorStatus.ORPHANED:
            assert placement.start is None and placement.end is None and placement.method == "none"
            continue
        assert placement.start is not None and placement.end is not None
        assert 0 <= placement.start < placement.end <= len(new_text)
        if placement.status in EXACT:
            assert new_text[placement.start : placement.end] == anchor.quote
        else:
            assert placement.status is AnchorStatus.NEEDS_REVIEW
        if placement.method == "fuzzy":
            assert placement.status is AnchorStatus.NEEDS_REVIEW
        if placement.status is AnchorStatus.ANCHORED:
            assert placement.start == anchor.start


def place(new_text: str, *anchors: Anchor) -> list[Placement]:
    placements = reanchor(new_text, list(anchors))
    check_placements(new_text, list(anchors), placements)
    return placements


# --- unit cases ------------------------------------------------------------------------------------


def test_unchanged_text_keeps_every_anchor_in_place() -> None:
    anchors = [
        anchor_for(ARTICLE, "unemployment fell to 4.1 percent"),
        anchor_for(ARTICLE, "Critics disagreed."),
    ]
    for anchor, placement in zip(anchors, place(ARTICLE, *anchors), strict=True):
        assert placement == Placement(AnchorStatus.ANCHORED, anchor.start, anchor.end, 1.0, "position")


def test_edit_after_the_quote_leaves_it_anchored() -> None:
    anchor = anchor_for(ARTICLE, "Critics disagreed.")
    new = ARTICLE.replace("would not be revised", "would be revised in June")
    assert place(new, anchor)[0] == Placement(
        AnchorStatus.ANCHORED, anchor.start, anchor.end, 1.0, "position"
    )


def test_insertion_before_moves_the_quote() -> None:
    anchors = [
        anchor_for(ARTICLE, "unemployment fell to 4.1 percent"),
        anchor_for(ARTICLE, "Critics disagreed."),
    ]
    new = "UPDATED 14:02 — corrects the date.\n\n" + ARTICLE
    for anchor, placement in zip(anchors, place(new, *anchors), strict=True):
        assert placement.status is AnchorStatus.MOVED and placement.confidence >= 0.9
        assert placement.start == new.index(anchor.quote)


def test_deletion_before_moves_the_quote() -> None:
    anchor = anchor_for(ARTICLE, "the figures were final")
    new = ARTICLE.replace("Critics disagreed. ", "")
    [placement] = place(new, anchor)
    assert placement.status is AnchorStatus.MOVED and placement.confidence >= 0.9
    assert placement.start == new.index(anchor.quote)


def test_edit_right_beside_the_quote_still_moves_it_exactly() -> None:
    anchor = anchor_for(ARTICLE, "unemployment fell to 4.1 percent")
    new = ARTICLE.replace("on Monday that unemployment", "on Tuesday that official unemployment")
    [placement] = place(new, anchor)
    assert placement.status is AnchorStatus.MOVED
    assert placement.start == new.index(anchor.quote)


def test_edited_quote_needs_review_on_the_new_wording() -> None:
    anchor = anchor_for(ARTICLE, "unemployment fell to 4.1 percent")
    new = ARTICLE.replace("4.1 percent", "4.3 percent")
    [placement] = place(new, anchor)
    assert placement.status is AnchorStatus.NEEDS_REVIEW and placement.method == "fuzzy"
    assert new[placement.start : placement.end] == "unemployment fell to 4.3 percent"
    assert 0.5 < placement.confidence < 0.9


def test_quote_edited_at_its_start_and_end_covers_the_new_wording() -> None:
    anchor = anchor_for(ARTICLE, "The opposition leader said the figures ignored part-time work")
    new = ARTICLE.replace(
        "The opposition leader said the figures ignored part-time work",
        "The opposition's leader claimed the figures ignored all part-time jobs",
    )
    [placement] = place(new, anchor)
    assert placement.status is AnchorStatus.NEEDS_REVIEW and placement.method == "fuzzy"
    assert (
        new[placement.start : placement.end]
        == "The opposition's leader claimed the figures ignored all part-time jobs"
    )


def test_deleted_quote_is_orphaned() -> None:
    anchor = anchor_for(ARTICLE, " The opposition leader said the figures ignored part-time work,")
    new = ARTICLE.replace(" The opposition leader said the figures ignored part-time work,", "")
    assert place(new, anchor)[0] == Placement(AnchorStatus.ORPHANED, None, None, 0.0, "none")


def test_rewritten_passage_is_orphaned() -> None:
    anchor = anchor_for(
        ARTICLE, "Critics disagreed. The opposition leader said the figures ignored part-time work"
    )
    new = ARTICLE.replace(
        "Critics disagreed. The opposition leader said the figures ignored part-time work",
        "Reaction was muted, with few comments from the benches across Westminster",
    )
    assert place(new, anchor)[0].status is AnchorStatus.ORPHANED


def test_repeated_quote_is_told_apart_by_its_context() -> None:
    # "the minister said" occurs three times; the annotation is on the second.
    anchor = anchor_for(ARTICLE, "the minister said", 2)
    # Shift everything and touch the second one's context, so neither its offsets nor its whole
    # context can be found: only the scoring of the three occurrences can place it.
    new = "Corrected.\n\n" + ARTICLE.replace("economists warned", "several economists have warned")
    [placement] = place(new, anchor)
    assert placement.status is AnchorStatus.MOVED
    assert placement.start == occurrences(new, "the minister said")[1]


def test_frequent_quote_is_placed_by_context() -> None:
    filler = "".join(f"Item {i}: the committee met and the committee agreed. " for i in range(60))
    old = filler + "Then the committee voted against the plan, to general surprise. " + filler
    anchor = anchor_for(old, "the committee", 121)  # the one before "voted"
    assert old[anchor.end : anchor.end + 6] == " voted"
    new = "Preface. " + old.replace("Then the committee", "Then, late, the committee")
    [placement] = place(new, anchor)
    assert placement.status is AnchorStatus.MOVED
    assert new[placement.end : placement.end + 6] == " voted"


def test_repeated_quote_with_identical_context_needs_review() -> None:
    # The same words with the same context around them: offsets are the only thing telling them apart.
    old = "Figures are provisional and may be revised without notice. " * 5
    anchor = anchor_for(old, "may be revised", 3)
    new = "Draft. " + old
    [placement] = place(new, anchor)
    assert placement.status is AnchorStatus.NEEDS_REVIEW and placement.method == "quote"
    assert new[placement.start : placement.end] == "may be revised"
    assert placement.start == anchor.start + len("Draft. ")  # best guess: the predicted place


def test_shift_learnt_from_neighbours_places_repeated_text() -> None:
    block = "Figures are provisional and may be revised without notice. "
    old = "Opening remarks by the chair. " + block * 3
    anchors = [anchor_for(old, "Opening remarks"), anchor_for(old, "may be revised", 2)]
    new = "Draft. " + old
    placements = place(new, *anchors)
    assert [p.status for p in placements] == [AnchorStatus.MOVED, AnchorStatus.MOVED]
    assert placements[1].start == anchors[1].start + len("Draft. ")


def test_paragraph_moved_far_away_follows() -> None:
    paragraphs = ARTICLE.split("\n\n")
    anchor = anchor_for(ARTICLE, "economists warned that the minister said nothing about wages")
    new = "\n\n".join([paragraphs[0], paragraphs[2], paragraphs[1]])
    [placement] = place(new, anchor)
    assert placement.status is AnchorStatus.MOVED
    assert placement.start == new.index(anchor.quote)


def test_astral_characters_count_as_one_offset() -> None:
    old = "Fans 👍🏽 cheered 🇫🇷 as the 👨\u200d👩\u200d👧 family arrived. The claim: prices rose 😀 sharply."
    anchors = [anchor_for(old, "prices rose 😀 sharply"), anchor_for(old, "👨\u200d👩\u200d👧 family")]
    new = "🎉🎉 " + old.replace("cheered", "cheered loudly")
    placements = place(new, *anchors)
    for anchor, placement in zip(anchors, placements, strict=True):
        assert placement.status is AnchorStatus.MOVED
        assert placement.start == new.index(anchor.quote)


def test_part_of_an_emoji_sequence_is_not_an_exact_match() -> None:
    old = "The man 👨 arrived first; the family came later."
    new = "The man 👨\u200d👩\u200d👧 arrived first; the family came later."
    assert place(new, anchor_for(old, "👨"))[0].status not in EXACT
    [placement] = place(new, anchor_for(old, "man 👨"))
    assert placement.status is AnchorStatus.NEEDS_REVIEW
    assert new[placement.start : placement.end] == "man 👨\u200d👩\u200d👧"  # widened to the whole character


def test_combining_marks() -> None:
    old = "Le cafe\u0301 du coin ferme. Le cafe ouvre. La re\u0301forme passe."
    decomposed = anchor_for(old, "re\u0301forme passe")
    new = "Mise à jour : " + old
    [placement] = place(new, decomposed)
    assert placement.status is AnchorStatus.MOVED and new[placement.start : placement.end] == decomposed.quote
    # "cafe" inside "café" (e + combining acute) is not the quote "cafe", whatever its code points say.
    plain = anchor_for(old, "cafe", 2)
    assert old[plain.end] == " "
    new = old.replace("cafe ouvre", "cafe\u0301 ouvre")
    [placement] = place(new, plain)
    assert placement.status is AnchorStatus.NEEDS_REVIEW
    assert new[placement.start : placement.end] == "cafe\u0301"  # widened to the whole character


def test_crlf_line_ends() -> None:
    old = "First line.\r\nThe claim\r\nspans two lines.\r\nLast line.\r\n"
    anchor = anchor_for(old, "claim\r\nspans")
    new = "Inserted line.\r\n" + old
    [placement] = place(new, anchor)
    assert placement.status is AnchorStatus.MOVED and placement.start == new.index("claim\r\nspans")
    # A quote ending in "\r" is not found inside a "\r\n" pair that was not there before.
    cr = anchor_for("Line one\rLine two", "one\r")
    assert place("Line one\r\nLine two", cr)[0].status not in EXACT


def test_results_keep_the_order_of_the_anchors() -> None:
    anchors = [anchor_for(ARTICLE, "would not be revised"), anchor_for(ARTICLE, "The minister said")]
    new = "Intro. " + ARTICLE
    placements = place(new, *anchors)
    assert [p.start for p in placements] == [
        new.index("would not be revised"),
        new.index("The minister said"),
    ]


def test_no_anchors_and_empty_text() -> None:
    assert reanchor(ARTICLE, []) == []
    anchor = anchor_for(ARTICLE, "Critics")
    assert place("", anchor)[0].status is AnchorStatus.ORPHANED


def test_empty_quote_is_invalid() -> None:
    with pytest.raises(ValueError):
        reanchor(ARTICLE, [Anchor(3, 3, "", "The", " minister")])


@pytest.mark.parametrize("start,end", [(-1, 2), (0, 5)])
def test_offsets_that_do_not_fit_the_quote_are_invalid(start: int, end: int) -> None:
    with pytest.raises(ValueError):
        reanchor(ARTICLE, [Anchor(start, end, "The", "", " minister")])


def test_large_text_with_reordered_paragraphs() -> None:
    """Enough whole-text searches that the finder switches to its index; every anchor still follows."""
    rng = random.Random(7)
    words = [
        "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(2, 9)))
        for _ in range(400)
    ]
    paragraphs = [" ".join(rng.choice(words) for _ in range(40)) + "." for _ in range(400)]
    old = "\n\n".join(paragraphs)
    assert len(old) > 100_000
    anchors = []
    for k in range(0, 400, 4):
        start = old.index(paragraphs[k]) + 10
        anchors.append(anchor_at(old, start, start + 40))
    shuffled = paragraphs[:]
    rng.shuffle(shuffled)
    new = "\n\n".join(shuffled)
    placements = place(new, *anchors)
    for anchor, placement in zip(anchors, placements, strict=True):
        assert placement.status in EXACT
        assert placement.start == new.index(anchor.quote)


def test_finder_index_agrees_with_a_scan() -> None:
    rng = random.Random(3)
    text = "".join(rng.choice("ab \n😀\u0301") for _ in range(70_000))
    finder = _Finder(text)
    for _ in range(60):  # past the scans after which it builds its index
        start = rng.randrange(len(text) - 40)
        needle = text[start : start + rng.randint(19, 40)]
        assert finder.all(needle, 1000) == occurrences(text, needle)[:1000]
    assert finder._index is not None


# --- properties over random texts and edits -------------------------------------------------------

# Words, spaces and line ends, emoji (astral, with skin tone, ZWJ sequence, flag), combining marks.
TOKENS = [
    "the",
    "cat",
    "sat",
    "on",
    "mat",
    "fact",
    "check",
    "é",
    "na\u0308ive",
    "e\u0301",
    "a\u0308",
    "\u0301",
    " ",
    " ",
    " ",
    ", ",
    ". ",
    "\n",
    "\n\n",
    "\r\n",
    "\r",
    "😀",
    "👍🏽",
    "🇫🇷",
    "👨\u200d👩\u200d👧",
    "\u200d",
    "中文",
]
tokens = st.one_of(st.sampled_from(TOKENS), st.text(alphabet="abcxyz \n😀\u0301", min_size=1, max_size=3))
texts = st.lists(tokens, min_size=1, max_size=50).map("".join)


def joins(before: str, after: str) -> bool:
    """Whether a boundary between the two characters splits what a reader sees as one character."""
    return (
        (before, after) == ("\r", "\n")
        or "\u200d" in (before, after)
        or "\U0001f3fb" <= after <= "\U0001f3ff"
        or unicodedata.category(after) in ("Mn", "Me", "Mc")
    )


@st.composite
def edited_documents(draw: st.DrawFn) -> tuple[str, list[tuple[int, int]], str, list[int | None]]:
    """Old text, annotated spans, new text, and each span's new start (None where an edit touched it)."""
    old = draw(texts)
    spans = []
    for _ in range(draw(st.integers(1, 6))):
        start = draw(st.integers(0, len(old) - 1))
        end = draw(st.integers(start + 1, min(len(old), start + 40)))
        spans.append((start, end))
    # Edits aimed at, next to and inside annotated passages as well as anywhere.
    points = sorted({p + d for s, e in spans for p in (s, e) for d in (-3, -1, 0, 1, 2)} | {0, len(old)})
    points = [p for p in points if 0 <= p <= len(old)]
    edits = []
    for _ in range(draw(st.integers(1, 5))):
        at = draw(st.one_of(st.sampled_from(points), st.integers(0, len(old))))
        removed = draw(st.integers(0, 6))
        inserted = "".join(draw(st.lists(tokens, max_size=3)))
        edits.append((at, min(len(old), at + removed), inserted))
    # Keep edits that do not overlap, applied together in old-text coordinates.
    edits.sort(key=lambda edit: (edit[0], edit[1]))
    kept, reached = [], 0
    for a, b, inserted in edits:
        if a >= reached and (a < b or inserted):
            kept.append((a, b, inserted))
            reached = b
    pieces, cursor = [], 0
    for a, b, inserted in kept:
        pieces += [old[cursor:a], inserted]
        cursor = b
    new = "".join(pieces) + old[cursor:]

    tracked: list[int | None] = []
    for s, e in spans:
        shift, touched = 0, False
        for a, b, inserted in kept:
            if b <= s and (a < b or a <= s):  # wholly before (an insertion at s goes before the quote)
                shift += len(inserted) - (b - a)
            elif a >= e:  # wholly after
                continue
            else:
                touched = True
        tracked.append(None if touched else s + shift)
    return old, spans, new, tracked


def must_be_exact(old: str, anchor: Anchor, new: str, new_start: int | None) -> bool:
    """Whether the quote survived at ``new_start`` so unmistakably that it must be placed exactly there.

    It must be untouched, not have become part of a longer character, and be unique by context:
    either the only occurrence of the quote with one side of its context intact (or long enough to
    identify itself), or the only occurrence of quote plus whole context.
    """
    if new_start is None:
        return False
    start, end, quote = new_start, new_start + len(anchor.quote), anchor.quote
    assert new[start:end] == quote  # the tracking itself is right
    old_before = old[anchor.start - 1] if anchor.start else ""
    old_after = old[anchor.end] if anchor.end < len(old) else ""
    if start > 0 and joins(new[start - 1], quote[0]) and new[start - 1] != old_before:
        return False
    if end < len(new) and joins(quote[-1], new[end]) and new[end] != old_after:
        return False
    left = new[max(0, start - len(anchor.prefix)) : start] == anchor.prefix if anchor.prefix else start == 0
    right = new[end : end + len(anchor.suffix)] == anchor.suffix if anchor.suffix else end == len(new)
    if len(occurrences(new, quote)) == 1 and (left or right or len(quote) >= SELF_IDENTIFYING_LENGTH):
        return True
    whole = anchor.prefix + quote + anchor.suffix
    return (
        bool(anchor.prefix or anchor.suffix)
        and new[start - len(anchor.prefix) : end + len(anchor.suffix)] == whole
        and start >= len(anchor.prefix)
        and len(occurrences(new, whole)) == 1
    )


@settings(
    max_examples=int(os.environ.get("REANCHOR_EXAMPLES", 400)),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(edited_documents())
def test_surviving_quotes_are_placed_exactly_and_nothing_else_is(
    document: tuple[str, list[tuple[int, int]], str, list[int | None]],
) -> None:
    old, spans, new, tracked = document
    anchors = [anchor_at(old, s, e) for s, e in spans]
    placements = reanchor(new, anchors)
    # (b) nothing is ANCHORED/MOVED on text that differs from its quote; fuzzy is always reviewed.
    check_placements(new, anchors, placements)
    # (a) a quote that survived unchanged and unique by context is placed exactly where it went.
    for anchor, new_start, placement in zip(anchors, tracked, placements, strict=True):
        exact = must_be_exact(old, anchor, new, new_start)
        event(
            f"{'must be exact' if exact else 'touched' if new_start is None else 'ambiguous'}: {placement.status}"
        )
        if exact:
            assert placement.status in EXACT, (anchor, new_start, placement)
            assert placement.start == new_start
            assert placement.status is (
                AnchorStatus.ANCHORED if new_start == anchor.start else AnchorStatus.MOVED
            )


def repeats(text: str, size: int = 4) -> bool:
    grams = [text[i : i + size] for i in range(len(text) - size + 1)]
    return len(set(grams)) < len(grams)


@settings(max_examples=int(os.environ.get("REANCHOR_EXAMPLES", 300)), deadline=None)
@given(
    st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJ0123456789 \n😀🎉👍é中\u0301\u0308", min_size=12),
    st.data(),
)
def test_small_change_inside_a_quote_needs_review_on_the_same_span(text: str, data: st.DataObject) -> None:
    # Text without repeated stretches, where the place of a changed quote is unambiguous.
    start = data.draw(st.integers(0, len(text) - 12))
    end = data.draw(st.integers(start + 12, min(len(text), start + 60)))
    changed = data.draw(st.integers(start + 3, end - 4))
    new = text[:changed] + data.draw(st.sampled_from("XYZ")) + text[changed + 1 :]
    assume(not repeats(text) and not repeats(new) and new != text)
    anchor = anchor_at(text, start, end)
    [placement] = place(new, anchor)
    assert (placement.status, placement.method) == (AnchorStatus.NEEDS_REVIEW, "fuzzy")
    assert (placement.start, placement.end) == (start, end)


@settings(max_examples=200, deadline=None)
@given(texts, st.data())
def test_unchanged_text_anchors_everything_in_place(text: str, data: st.DataObject) -> None:
    # (c) the same text back: every anchor ANCHORED at its own offsets, with full confidence.
    spans = data.draw(
        st.lists(st.tuples(st.integers(0, len(text) - 1), st.integers(1, 40)), min_size=1, max_size=8)
    )
    anchors = [anchor_at(text, s, min(len(text), s + n)) for s, n in spans]
    for anchor, placement in zip(anchors, reanchor(text, anchors), strict=True):
        assert placement == Placement(AnchorStatus.ANCHORED, anchor.start, anchor.end, 1.0, "position")


@settings(max_examples=200, deadline=None)
@given(texts, texts, st.data())
def test_any_new_text_gives_well_formed_placements(old: str, new: str, data: st.DataObject) -> None:
    spans = data.draw(
        st.lists(st.tuples(st.integers(0, len(old) - 1), st.integers(1, 40)), min_size=1, max_size=8)
    )
    anchors = [anchor_at(old, s, min(len(old), s + n)) for s, n in spans]
    check_placements(new, anchors, reanchor(new, anchors))


# --- timing, by hand: .venv/bin/python -m tests.test_reanchor ---------------------------------------


def _timing_check() -> None:
    """Re-anchor 10k anchors on a 1 MB text after a few edits, and print the seconds it took."""
    import time
    from collections import Counter

    rng = random.Random(1)
    words = [
        "".join(rng.choice("abcdefghijklmnopqrstuvwxyzéü") for _ in range(rng.randint(1, 10)))
        for _ in range(3000)
    ]
    words += ["the", "a", "of", "to", "and", "said", "😀", "cafe\u0301"] * 100
    parts, size = [], 0
    while size < 1_000_000:
        part = rng.choice(words) + rng.choice([" "] * 12 + [", ", ". ", ".\n\n"])
        parts.append(part)
        size += len(part)
    old = "".join(parts)[:1_000_000]
    spans = []
    for _ in range(10_000):
        start = rng.randrange(len(old) - 2000)
        spans.append(
            (start, start + (rng.randint(3, 200) if rng.random() < 0.99 else rng.randint(200, 2000)))
        )
    anchors = [anchor_at(old, s, e) for s, e in spans]

    for edit_count in (0, 5, 20, 200):
        cuts = sorted(rng.sample(range(len(old)), edit_count))
        edits, reached = [], 0
        for a in cuts:
            if a >= reached:
                b = min(len(old), a + rng.choice([0, 0, 1, 5, 40, 500]))
                edits.append(
                    (a, b, rng.choice(["", "x", "inserted words here ", "a new paragraph.\n\n" * 20]))
                )
                reached = b
        pieces, cursor = [], 0
        for a, b, inserted in edits:
            pieces += [old[cursor:a], inserted]
            cursor = b
        new = "".join(pieces) + old[cursor:]
        began = time.perf_counter()
        placements = reanchor(new, anchors)
        seconds = time.perf_counter() - began
        check_placements(new, anchors, placements)
        # How the anchors that no edit touched fared (they may still be ambiguous, e.g. a repeated word).
        survivors = Counter()
        for (s, e), placement in zip(spans, placements, strict=True):
            if any(not (b <= s and (a < b or a <= s)) and a < e for a, b, _ in edits):
                continue
            shift = sum(len(inserted) - (b - a) for a, b, inserted in edits if b <= s and (a < b or a <= s))
            survivors[
                "exact at tracked place"
                if placement.start == s + shift and placement.status in EXACT
                else placement.status.value
            ] += 1
        print(
            f"{edit_count:3} edits: {seconds:.2f} s;",
            dict(Counter(p.status.value for p in placements)),
            "untouched:",
            dict(survivors),
        )


if __name__ == "__main__":
    _timing_check()
