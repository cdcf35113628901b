"""Small text helpers every stage shares (one copy each)."""
from __future__ import annotations

import re
from collections.abc import Iterable

from .lexicon import DECLINED, FEMALE_NAMES, GENERIC_TITLES, MALE_NAMES, RELATION_CUES, STOP

REPLACEMENT = "\ufffd"
# NUL breaks C libraries downstream; a lone surrogate (legal in JSON, "\ud800") cannot be encoded
# as UTF-8 and makes language ID raise. Both become U+FFFD, counted, so the caller can warn.
_UNSAFE = re.compile("[\x00\ud800-\udfff]")


def scrub(text: str) -> tuple[str, int]:
    """`text` with NULs and lone surrogates replaced by U+FFFD, and how many were replaced."""
    return _UNSAFE.subn(REPLACEMENT, text)


def _name_words(name: str) -> frozenset[str]:
    return frozenset(w for w in name.lower().replace("'s", " ").split() if w not in ("the", "a", "an"))


def same_source(a: str, b: str) -> bool:
    """ "The union" and "Union leaders", "The opposition" and "the opposition Civic Alliance": one source.
    (`model.is_contested`, the one rule for `contested`, decides with it.)"""
    x, y = _name_words(a), _name_words(b)
    return bool(x and y) and (x <= y or y <= x)


# --- words and sentences (the claim-relation features, claim clustering and track read text with these) ---

_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_SENTENCE = re.compile(r"(?<=[.!?\u201d\"])\s+(?=[\"\u201c'\u2018(]?[A-Z0-9])|\n+")
_NEGATION = RELATION_CUES["negation"]


def words(text: str) -> list[str]:
    """Lower-case word tokens; "n't" becomes its own token so every negation is one word."""
    out: list[str] = []
    for w in _WORD.findall(text.lower().replace("\u2019", "'")):
        if w.endswith("n't") and len(w) > 3:
            out.extend((w[:-3] if w != "can't" else "can", "n't"))
        else:
            out.append(w)
    return out


def sentences(text: str) -> list[str]:
    """Sentences by punctuation and line breaks, without a parser (fast enough for every stored body)."""
    return [s.strip() for s in _SENTENCE.split(text) if s and s.strip()]


def content(ws: Iterable[str]) -> list[str]:
    """The content words of `words(...)`: no function words, no negations, no single letters."""
    return [w for w in ws if w not in STOP and w not in _NEGATION and len(w) > 1]


# The three spans of an attribution, in the order the tagger's labels, the scorers and the CLI use.
ROLES = ("source", "cue", "content")


# --- quote marks and span edges ------------------------------------------------------------------------

QUOTE_MARKS = "\"\u201c\u201d\u2018\u2019'"
QUOTES_OPEN = "\"\u201c\u2018"
# What a tagged or annotated span is trimmed of at either end (shared/tools/polnear_score.py trims the same).
SPAN_EDGES = " \t\r\n" + QUOTE_MARKS + ".,;:"


def trim(text: str, start: int, end: int, chars: str = SPAN_EDGES) -> tuple[int, int]:
    """Narrow [start, end) past any of `chars` at either end."""
    while start < end and text[start] in chars:
        start += 1
    while end > start and text[end - 1] in chars:
        end -= 1
    return start, end


def declined(said: str) -> bool:
    """ "would not comment", "could not be reached": a source that did not answer takes no side."""
    low = " ".join(said.lower().replace("\u2019", "'").split())
    return any(phrase in low for phrase in DECLINED)


MIN_WORDS = 4  # fewer words state nothing another article could restate


def names_a_page(title: str) -> bool:
    """A title that names a page, not a statement ("Live updates", "Opinion", "Body 1", "Watch: ..."):
    too short to say anything, or one of the page names every outlet uses."""
    words = re.findall(r"[a-z']+", title.lower())
    if len(words) < MIN_WORDS:
        return True
    return " ".join(words[:2]) in GENERIC_TITLES or words[0] in GENERIC_TITLES and ":" in title[:20]


def says_too_little(text: str) -> bool:
    """Under four words ("It's a nonsense", "That is false"): a reply, not a proposition another article
    could state."""
    return len(re.findall(r"[a-z0-9']+", text.lower())) < MIN_WORDS


def gender_of(text: str, given: str) -> str | None:
    """ "female" or "male" when a title, a role word or the given name says which ("Mrs", "spokesman", "Stacey")."""
    words = {w.strip(".,").lower() for w in text.split()}
    if words & {"mrs", "ms", "spokeswoman", "chairwoman", "congresswoman", "businesswoman", "woman", "mother",
                "actress", "wife", "daughter", "sister", "girl", "lady", "dame"} or given.lower() in FEMALE_NAMES:
        return "female"
    if words & {"mr", "spokesman", "chairman", "congressman", "businessman", "man", "father", "husband", "son",
                "brother", "boy", "sir", "lord"} or given.lower() in MALE_NAMES:
        return "male"
    return None
