"""Bytes -> text: BOMs, UTF-8, bomless UTF-16, cp1252 as a last resort; binary and known formats refused."""
from __future__ import annotations

import codecs
import re
from typing import NamedTuple

from ..errors import E, W
from ..text import REPLACEMENT, scrub

# Formats people point us at by mistake: name them instead of calling them "binary".
_MAGIC: list[tuple[bytes, str]] = [
    (b"%PDF", "PDF document (extract its text first)"),
    (b"PK\x03\x04", "ZIP archive or Office document (extract its text first)"),
    (b"\x1f\x8b", "gzip-compressed file (decompress it first)"),
    (b"\x89PNG", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF8", "GIF image"),
    (b"WARC/", "WARC archive (give its file to `claimledger analyze` or `ingest`)"),
]
# Share of control characters above which decoded "text" is really binary.
_MAX_CONTROL_SHARE = 0.05
# cp1252 is accepted as a last resort only when the result is mostly ASCII, as real Western text is.
_MAX_NON_ASCII_SHARE = 0.2
# Bytes that are not UTF-8 and not cp1252 text: up to this share they are stray and get replaced.
_MAX_BAD_SHARE = 0.01
_CONTROL_BYTES = bytes(b for b in range(32) if b not in b"\t\n\r\x0b\x0c\x1b")
_OTHER_BYTES = bytes(b for b in range(256) if b not in _CONTROL_BYTES)
_NOT_ASCII_CONTROL = bytes(b for b in range(256) if not (b < 32 or b == 127) or b in b"\n\t\f\v")
# Unicode categories Cc (less tab, newlines, form feed, vertical tab), Cs and Co as one class: a regex
# counts them ~50x faster than unicodedata.category over every character (a quarter of a page's read).
_CONTROL_CHARS = re.compile("[\x00-\x08\x0d-\x1f\x7f-\x9f\ud800-\udfff\ue000-\uf8ff"
                            "\U000f0000-\U000ffffd\U00100000-\U0010fffd]")


class Decoded(NamedTuple):
    text: str  # with \n newlines
    encoding: str
    warnings: list[str]


def decode(data: bytes, path: str) -> Decoded:
    """Bytes -> text. Raises E002 empty, E003 binary, E004 undecodable, E012 a known non-text format.

    A few bad bytes in otherwise good text (a stray byte, a NUL) are replaced with U+FFFD and reported
    as a warning: rejecting a whole article for one byte loses more than it protects."""
    if not data.strip():
        raise E.E002.error()
    warnings: list[str] = []
    text, encoding = _decode(data, path, warnings)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    # Every decoder above refuses lone surrogates, so a NUL is the one thing to scrub; most texts have none.
    text, scrubbed = scrub(text) if "\x00" in text else (text, 0)
    if scrubbed:
        warnings.append(W.W002.message(count=scrubbed))
    if not text.strip(" \t\n\ufffd"):
        raise E.E002.error()
    if _control_share(text) > _MAX_CONTROL_SHARE:
        raise E.E003.error()
    return Decoded(text, encoding, warnings)


def _decode(data: bytes, path: str, warnings: list[str]) -> tuple[str, str]:
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
        if bomless is not None:
            return bomless
    if _control_byte_share(data) > _MAX_CONTROL_SHARE:
        raise E.E003.error()
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    lenient = data.decode("utf-8", errors="replace")
    bad = lenient.count(REPLACEMENT) - data.count(REPLACEMENT.encode("utf-8"))
    good = sum(1 for ch in lenient if ord(ch) > 127 and ch != REPLACEMENT)
    # Valid multi-byte characters outnumber the bad bytes: UTF-8 with a few stray bytes.
    if good >= bad:
        warnings.append(W.W001.message(count=bad))
        return lenient, "utf-8"
    # Not UTF-8: old Western archives are often Windows-1252; accept that only when it reads like text.
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        text = ""
    if text and sum(1 for ch in text if ord(ch) > 127) <= _MAX_NON_ASCII_SHARE * len(text):
        return text, "cp1252"
    if bad <= _MAX_BAD_SHARE * len(data):  # ASCII text with a few stray high bytes
        warnings.append(W.W001.message(count=bad))
        return lenient, "utf-8"
    raise E.E004.error()


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
    if sample.isascii():  # the same count on bytes, in one pass of C
        return len(sample.encode("ascii").translate(None, _NOT_ASCII_CONTROL)) / len(sample)
    return len(_CONTROL_CHARS.findall(sample)) / len(sample)


def _control_byte_share(data: bytes) -> float:
    """Control bytes (NUL included, tab and line ends not) in the first 100 kB: random or binary data
    has about 10%, text none. Measured on bytes so that no decoder has to guess first."""
    sample = data[:100_000]
    return len(sample.translate(None, _OTHER_BYTES)) / len(sample)  # one pass in C: the control bytes left


_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.IGNORECASE)


def declared_charset(content_type: str | None, head: bytes) -> str | None:
    """The charset of a Content-Type header, else of a <meta> in the page's first 4 kB."""
    for part in (content_type or "").split(";")[1:]:
        key, _, value = part.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            return value.strip().strip("\"'")
    found = _META_CHARSET.search(head[:4096])
    return found.group(1).decode("ascii", "replace") if found else None


def transcode(data: bytes, declared: str | None) -> tuple[bytes, list[str]]:
    """Bytes in the charset a server or page declared, as UTF-8 for `decode`. `decode` guesses only UTF-8,
    UTF-16 and cp1252; a page declaring windows-1251 or Shift_JIS would otherwise be read as cp1252 or
    refused. A declaration the bytes contradict (a common server misconfiguration) is ignored with W020."""
    if not declared:
        return data, []
    name = declared.strip().strip("\"'").lower()
    try:
        codec = codecs.lookup(name).name
    except LookupError:
        return data, [W.W020.message(declared=declared[:40], used="UTF-8 or cp1252, as guessed")]
    if codec in ("utf-8", "ascii") or data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        return data, []  # decode() reads these itself (a BOM outranks any declaration)
    try:
        data.decode("utf-8")  # valid UTF-8 is UTF-8 whatever the page says (many say latin-1 and send UTF-8)
        return data, []
    except UnicodeDecodeError:
        pass
    try:
        return data.decode(codec).encode("utf-8"), []
    except (UnicodeDecodeError, LookupError):  # LookupError: a bytes codec ("base64") is no charset
        return data, [W.W020.message(declared=declared[:40], used="UTF-8 or cp1252, as guessed")]
