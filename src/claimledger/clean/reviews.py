"""Where a ClaimReview's claim stands in the clean text, if anywhere: matched on words, ignoring case,
spacing and the style of quote marks. A claim the text does not contain gets no span (None)."""
from __future__ import annotations

from dataclasses import replace

from ..model import Review, Span

_FOLD = str.maketrans({"\u201c": '"', "\u201d": '"', "\u201e": '"', "\u2018": "'", "\u2019": "'",
                       "\u00a0": " ", "\u2013": "-", "\u2014": "-"})
_EDGES = " \t\n\"'.,;:!?"


def _folded(text: str) -> tuple[str, list[int]]:
    """Text with quotes unified, spacing collapsed and case folded, and each character's index in `text`."""
    out: list[str] = []
    where: list[int] = []
    space = False
    for i, ch in enumerate(text.translate(_FOLD)):
        if ch.isspace():
            space = bool(out)
            continue
        if space:
            out.append(" ")
            where.append(i - 1)
            space = False
        low = ch.lower()
        out.append(low if len(low) == 1 else ch)
        where.append(i)
    return "".join(out), where


def locate(text: str, claim: str) -> Span | None:
    needle, _ = _folded(claim.strip(_EDGES))
    if len(needle) < 12:  # a verdict-sized fragment ("False") would match anywhere
        return None
    hay, where = _folded(text)
    at = hay.find(needle)
    if at < 0:
        return None
    return Span.of(text, where[at], where[at + len(needle) - 1] + 1)


def with_spans(reviews: list[Review], text: str) -> list[Review]:
    return [replace(r, span=locate(text, r.claim)) for r in reviews]
