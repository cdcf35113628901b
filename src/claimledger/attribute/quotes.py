"""Find quoted stretches in text, including quotes that run over several paragraphs.

News style reopens a continued quote at each new paragraph without closing the previous one:
    "First paragraph of the quote.
    "Second paragraph," she said.
so an unclosed quote at a paragraph end continues when the next paragraph opens with a quote mark.
"""
from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass

from .intervals import Intervals

OPEN = {"\u201c": "\u201d", '"': '"', "\u201e": "\u201d", "''": "''", "``": "''"}
CLOSERS = {"\u201d", '"'}


@dataclass(frozen=True)
class Quote:
    start: int  # index of the opening mark
    end: int  # index after the closing mark (or after the last character when unclosed)

    def inner(self, text: str) -> str:
        return text[self.start:self.end].strip(" \n\"\u201c\u201d,.")

    def contains(self, pos: int) -> bool:
        return self.start <= pos < self.end


def _para_end(text: str, pos: int) -> int:
    nl = text.find("\n", pos)
    return len(text) if nl == -1 else nl


def _is_opening(text: str, i: int) -> bool:
    ch = text[i]
    if ch == "\u201c" or ch == "\u201e":
        return True
    if ch != '"':
        return False
    # A straight quote opens when it is not glued to a preceding word character, nor to the closing
    # mark of a quote nested in it ('... of our lives,'" Dossaji said).
    return i == 0 or not (text[i - 1].isalnum() or text[i - 1] in ".,!?;:'’")


class Quotes:
    """An article's quotes, looked up by offset instead of scanned for every cue."""

    def __init__(self, quotes: list[Quote]) -> None:
        self.all = quotes
        self._starts = [q.start for q in quotes]
        self._index = Intervals([(q.start, q.end) for q in quotes])

    def __iter__(self) -> Iterator[Quote]:
        return iter(self.all)

    def at(self, pos: int) -> Quote | None:
        """The quote holding character `pos`, if any."""
        found = self._index.containing(pos)
        return self.all[found[0]] if found else None

    def overlapping(self, start: int, end: int) -> list[Quote]:
        return [self.all[i] for i in self._index.overlapping(start, end)]

    def starting_in(self, start: int, end: int) -> list[Quote]:
        return [self.all[i] for i in self._index.starting_in(start, end)]

    def first_from(self, pos: int) -> Quote | None:
        """The first quote opening at or after `pos`."""
        i = bisect_left(self._starts, pos)
        return self.all[i] if i < len(self.all) else None


def find_quotes(text: str) -> Quotes:
    """The quoted stretches in text order; they never overlap (each search resumes after the last)."""
    quotes: list[Quote] = []
    i, n = 0, len(text)
    while i < n:
        if not _is_opening(text, i):
            i += 1
            continue
        start, j = i, i + 1
        while True:
            para_end = _para_end(text, j)
            close = -1
            for k in range(j, para_end):
                if text[k] in CLOSERS and (text[k] == "\u201d" or not _is_opening(text, k) or k == para_end - 1):
                    close = k
                    break
                if text[k] == "\u201c":  # a new opening before any close: the first quote was never closed
                    break
            if close != -1:
                quotes.append(Quote(start, close + 1))
                i = close + 1
                break
            # Unclosed in this paragraph: continue if the next paragraph reopens, else stop here.
            nxt = para_end
            while nxt < n and text[nxt] in "\n \t":
                nxt += 1
            # Only a mark of the same style continues: a stray straight quote before a paragraph
            # of curly quotes (a scraping artefact) is not the opening of a multi-paragraph quote.
            if (nxt < n and nxt > para_end and _is_opening(text, nxt) and para_end - j > 0
                    and (text[nxt] == '"') == (text[start] == '"')):
                j = nxt + 1
                continue
            end = para_end
            while end > start and text[end - 1] in " \t":
                end -= 1
            if end - start > 1:
                quotes.append(Quote(start, end))
            i = max(para_end, start + 1)
            break
    return Quotes(quotes)
