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
