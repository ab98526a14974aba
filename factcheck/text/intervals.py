"""A static interval index: which spans overlap a range, fast enough to ask on every repaint."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from operator import attrgetter
from typing import Protocol, TypeVar


class HasSpan(Protocol):
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...


T = TypeVar("T", bound=HasSpan)

_BLOCK = 64


class IntervalIndex[T: HasSpan]:
    """Items sorted by start, with the largest end per block of 64 so long spans are never missed.

    ``overlapping(a, b)`` costs O(log n + n/64 + hits): blocks whose largest end is ≤ a are skipped
    whole, so a span that starts far above the visible range and ends inside it is still found.
    """

    def __init__(self, items: Sequence[T] = ()) -> None:
        self._items: list[T] = sorted(items, key=attrgetter("start", "end"))
        self._starts = [item.start for item in self._items]
        self._block_max_end: list[int] = []
        self._recompute_blocks_from(0)

    def _recompute_blocks_from(self, position: int) -> None:
        first_block = position // _BLOCK
        ends = [item.end for item in self._items[first_block * _BLOCK :]]
        del self._block_max_end[first_block:]
        self._block_max_end.extend(max(ends[i : i + _BLOCK]) for i in range(0, len(ends), _BLOCK))

    def add(self, item: T) -> None:
        """Insert one item (O(n/64) to refresh the block maxima after it)."""
        keys = self._starts
        position = bisect_left(keys, item.start)
        while position < len(keys) and keys[position] == item.start and self._items[position].end < item.end:
            position += 1
        self._items.insert(position, item)
        keys.insert(position, item.start)
        self._recompute_blocks_from(position)

    def remove(self, predicate, *, start: int | None = None) -> int:
        """Remove the items for which ``predicate(item)`` is true; returns how many went.

        With ``start``, only items starting there are looked at (a bisection instead of a scan).
        """
        if start is None:
            positions = [i for i, item in enumerate(self._items) if predicate(item)]
        else:
            first = bisect_left(self._starts, start)
            last = bisect_left(self._starts, start + 1)
            positions = [i for i in range(first, last) if predicate(self._items[i])]
        for position in reversed(positions):
            del self._items[position]
            del self._starts[position]
        if positions:
            self._recompute_blocks_from(positions[0])
        return len(positions)

    def __len__(self) -> int:
        return len(self._items)

    def __iter__(self):
        return iter(self._items)

    def overlapping(self, start: int, end: int) -> list[T]:
        """Items with item.start < end and item.end > start (for start == end: items containing it)."""
        stop = bisect_left(self._starts, end if end > start else start + 1)
        found: list[T] = []
        items = self._items
        for block, max_end in enumerate(self._block_max_end):
            first = block * _BLOCK
            if first >= stop:
                break
            if max_end <= start:
                continue
            for i in range(first, min(first + _BLOCK, stop)):
                if items[i].end > start:
                    found.append(items[i])
        return found

    def at(self, position: int) -> list[T]:
        """Items containing ``position`` (start ≤ position < end), innermost (shortest) first."""
        hits = [item for item in self.overlapping(position, position + 1) if item.start <= position]
        return sorted(hits, key=lambda item: item.end - item.start)
