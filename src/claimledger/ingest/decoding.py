"""Bytes -> text: BOMs, UTF-8, bomless UTF-16, cp1252 as a last resort; binary and known formats refused."""
from __future__ import annotations

import unicodedata

from ..errors import E

# Formats people point us at by mistake: name them instead of calling them "binary".
_MAGIC: list[tuple[bytes, str]] = [
    (b"%PDF", "PDF document (extract its text first)"),
    (b"PK\x03\x04", "ZIP archive or Office document (extract its text first)"),
    (b"\x1f\x8b", "gzip-compressed file (decompress it first)"),
    (b"\x89PNG", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF8", "GIF image"),
    (b"WARC/", "WARC archive (not supported yet)"),
]
# Share of control characters above which decoded "text" is really binary.
_MAX_CONTROL_SHARE = 0.05
# cp1252 is accepted as a last resort only when the result is mostly ASCII, as real Western text is.
_MAX_NON_ASCII_SHARE = 0.2


def decode(data: bytes, path: str) -> tuple[str, str]:
    """Bytes -> (text with \\n newlines, encoding name). Raises E002 empty, E003 binary, E004, E012."""
    if not data.strip():
        raise E.E002.error()
    text, encoding = _decode(data, path)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise E.E002.error()
    if _control_share(text) > _MAX_CONTROL_SHARE:
        raise E.E003.error()
    return text, encoding


def _decode(data: bytes, path: str) -> tuple[str, str]:
    # BOMs first: UTF-16 is full of NUL bytes and would otherwise look binary.
    if data.startswith(b"\xef\xbb\xbf"):
        return _strict(data, "utf-8-sig"), "utf-8"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _strict(data, "utf-16"), "utf-16"
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise E.E012.error(path=path, detail=what)
    if b"\x00" in data:
        bomless = _bomless_utf16(data)
        if bomless is None:
            raise E.E003.error()
        return bomless
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    # Not UTF-8: old Western archives are often Windows-1252; accept that only when it reads like text.
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        raise E.E004.error() from None
    non_ascii = sum(1 for ch in text if ord(ch) > 127)
    if non_ascii > _MAX_NON_ASCII_SHARE * len(text):
        raise E.E004.error()
    return text, "cp1252"


def _strict(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        raise E.E004.error() from None


def _bomless_utf16(data: bytes) -> tuple[str, str] | None:
    """UTF-16 without a BOM: ASCII-heavy text puts its NULs all on one side of each byte pair."""
    if len(data) % 2:
        return None
    even, odd = data[0::2].count(0), data[1::2].count(0)
    half = len(data) // 2
    for nuls, other, encoding in ((odd, even, "utf-16-le"), (even, odd, "utf-16-be")):
        if nuls > 0.5 * half and other == 0:
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError:
                return None
    return None


def _control_share(text: str) -> float:
    sample = text[:100_000]
    controls = sum(1 for ch in sample
                   if ch not in "\n\t\f\v" and unicodedata.category(ch) in ("Cc", "Cs", "Co"))
    return controls / len(sample)


