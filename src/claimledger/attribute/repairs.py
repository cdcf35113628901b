"""Repairs every extractor needs, made once after extraction.

- "X reported that P and claimed that Q": the second verb's speaker is X, not P's subject. A speaker
  found inside another statement's content, whose cue follows that content after "and", shares the
  first statement's speaker (coordinated reporting verbs share their subject).
- "Coronavirus: death toll rises", "Minister Ortiz: talks will resume": a line that starts with a topic
  and a colon is a headline, not a quote, unless the text has the same speaker speaking elsewhere or the
  words after the colon are in quotation marks.
- "She offered up this reply: \"...\"", "issued the following statement: \"...\"": what was said is the
  quote after the colon, not the noun that names it.
- An indirect content never runs across a blank line: "Ortiz: talks will resume\n\nThey broke down
  last week, the union said" is the union's second line only (a quote may span paragraphs; its marks
  say where it runs).
"""
from __future__ import annotations

import re
from dataclasses import replace

from ..lexicon import SAID_NOUNS
from ..model import RawAttribution, Span
from .quotes import find_quotes

_AND = re.compile(r"^\s*,?\s*(and|but)\s+(also\s+|later\s+|then\s+)?$", re.I)
QUESTION_WORDS = {"what", "who", "why", "how", "which", "when", "where", "whom"}
_CAPITALISED = re.compile(r"\b[A-Z][\w'\-]+")


def shared_subjects(text: str, raw: list[RawAttribution]) -> list[RawAttribution]:
    out = []
    for r in raw:
        outer = next((o for o in raw if o is not r and o.content.start <= r.source.start < o.content.end
                      and o.content.end <= r.cue.start
                      and _AND.match(text[o.content.end:r.cue.start])), None)
        out.append(replace(r, source=outer.source) if outer is not None else r)
    return out


def _line_start(text: str, pos: int) -> bool:
    return text[text.rfind("\n", 0, pos) + 1:pos].strip() == ""


def _speaks_elsewhere(r: RawAttribution, raw: list[RawAttribution]) -> bool:
    names = {w.lower() for w in _CAPITALISED.findall(r.source.text)}
    return any(o is not r and o.cue.text.strip() != ":" and names & {w.lower() for w in _CAPITALISED.findall(o.source.text)}
               for o in raw)


def _asks(r: RawAttribution) -> bool:
    """ "What did the prosecutors say?": a question heading, whose "content" is its question word."""
    return r.content.text.strip(" ?\"'\u201c\u201d").lower() in QUESTION_WORDS


def without_topic_headlines(text: str, raw: list[RawAttribution]) -> list[RawAttribution]:
    return [r for r in raw if not _asks(r) and not (r.cue.text.strip() == ":" and r.source.start < r.cue.start
                                                    and r.quote == "indirect"  # 'Dorsch: "Nobody ..."' speaks
                                                    and _line_start(text, r.source.start)
                                                    and not _speaks_elsewhere(r, raw))]


def within_paragraphs(text: str, raw: list[RawAttribution]) -> list[RawAttribution]:
    out = []
    for r in raw:
        c = r.content
        if r.quote == "indirect" and "\n\n" in c.text.strip():
            lo = text.rfind("\n\n", 0, r.cue.start)
            hi = text.find("\n\n", r.cue.start)
            lo, hi = (lo + 2 if lo >= 0 else 0), (hi if hi >= 0 else len(text))
            start, end = max(c.start, lo), min(c.end, hi)
            piece = text[start:end]
            start += len(piece) - len(piece.lstrip())
            end -= len(piece) - len(piece.rstrip())
            if start >= end:
                continue  # nothing of it in the cue's paragraph: no content, no attribution
            r = replace(r, content=Span.of(text, start, end), content_parts=[])
        out.append(r)
    return out


# A colon after the content, or after the noun the tagger left out of it ("this fantasyland [reply]:").
_COLON = re.compile(r"(\s+(?:" + "|".join(sorted(SAID_NOUNS)) + r"))?\s*:\s*", re.I)


def _names_a_statement(r: RawAttribution, noun: str | None) -> bool:
    words = r.content.text.lower().rstrip(" .:").split()
    return 0 < len(words) <= 6 and (noun is not None or words[-1] in SAID_NOUNS) and r.quote == "indirect"


def quotes_after_naming(text: str, raw: list[RawAttribution]) -> list[RawAttribution]:
    """A content that only names a statement ("this fantasyland reply") and is followed by a colon and a
    quote takes the quote."""
    quotes = find_quotes(text)
    out = []
    for r in raw:
        colon = _COLON.match(text, r.content.end)
        q = quotes.first_from(r.content.end) if colon is not None and _names_a_statement(r, colon.group(1)) else None
        if colon is not None and q is not None and q.start == colon.end():
            r = replace(r, content=Span.of(text, q.start, q.end), content_parts=[], quote="direct")
        out.append(r)
    return out
