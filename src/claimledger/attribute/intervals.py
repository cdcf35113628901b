"""Character ranges looked up by bisection, so each per-article step looks only at nearby spans.

Scanning every span for every other one made a 100k-character article cost ~20 times a 10k one and a
file of 10,000 short paragraphs never finish (issue 8); these lookups keep the cost near linear.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from itertools import accumulate


class Intervals:
    """Half-open [start, end) ranges, fixed at construction; lookups answer with the caller's indices."""

    def __init__(self, ranges: Sequence[tuple[int, int]]) -> None:
        self.ranges = list(ranges)
        self._order = sorted(range(len(self.ranges)), key=lambda i: self.ranges[i][0])  # stable on ties
        self._starts = [self.ranges[i][0] for i in self._order]
        # The furthest end among the ranges sorted up to here: ranges before the first reach past `pos`
        # all end at or before `pos`, so a lookup can skip them (nested ranges only cost a longer scan).
        self._reach = list(accumulate((self.ranges[i][1] for i in self._order), max))

    def overlapping(self, start: int, end: int) -> list[int]:
        """Indices, ascending, of the ranges that share a character with [start, end) (as Span.overlaps)."""
        hi = bisect_left(self._starts, end)
        lo = bisect_right(self._reach, start, 0, hi)
        return sorted(i for i in self._order[lo:hi] if self.ranges[i][1] > start)

    def containing(self, pos: int) -> list[int]:
        """Indices, ascending, of the ranges with start <= pos < end."""
        return self.overlapping(pos, pos + 1)

    def any_overlap(self, start: int, end: int) -> bool:
        hi = bisect_left(self._starts, end)
        return hi > 0 and self._reach[hi - 1] > start

    def starting_in(self, start: int, end: int) -> list[int]:
        """Indices, ascending, of the ranges whose start lies in [start, end)."""
        return sorted(self._order[bisect_left(self._starts, start) : bisect_left(self._starts, end)])
