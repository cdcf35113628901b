"""No span crosses a heading: whichever extractor found an attribution, its spans are cut back to the
stretch of text its cue stands in (between two headings, or the heading itself).

A heading is a block of its own in `Article.text`, but text alone cannot tell it from a one-line
paragraph, so quote continuation, sentence splitting and the tagger's windows can all run over one
("...this kind of mistake.\\n\\n\\"A clean bill of health\\"" read as one quote). Cutting after
extraction bounds every extractor in one place; an attribution left without a source or content goes.
"""
from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import replace

from ..model import RawAttribution, Span
from ..text import trim

_SPACE = " \t\n"


def within_headings(raw: list[RawAttribution], headings: Sequence[tuple[int, int]],
                    text: str) -> list[RawAttribution]:
    if not headings:
        return raw
    edges = sorted({pos for start, end in headings for pos in (start, end)})
    out: list[RawAttribution] = []
    for r in raw:
        lo, hi = _region(r.cue.start, edges, len(text))
        source = _clip(r.source, lo, hi, text)
        content = _clip(r.content, lo, hi, text)
        parts = [p for p in (_clip(p, lo, hi, text) for p in r.content_parts) if p is not None]
        if source is None or content is None or _clip(r.cue, lo, hi, text) != r.cue:
            continue
        out.append(replace(r, source=source, content=content, content_parts=parts if len(parts) > 1 else []))
    return out


def _region(pos: int, edges: list[int], length: int) -> tuple[int, int]:
    """The stretch between the heading edges around `pos` (a heading itself is one such stretch)."""
    i = bisect_right(edges, pos)
    return (edges[i - 1] if i else 0), (edges[i] if i < len(edges) else length)


def _clip(span: Span, lo: int, hi: int, text: str) -> Span | None:
    if span.start >= lo and span.end <= hi:
        return span
    start, end = trim(text, max(span.start, lo), min(span.end, hi), _SPACE)
    return Span.of(text, start, end) if start < end else None
