"""Small text helpers every stage shares (one copy each)."""
from __future__ import annotations

import re

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
