"""ingest: paths -> Documents. Plain text, HTML (trafilatura) and JSONL, sniffed by content and extension.

Every bad input becomes one `Failure` with a numbered error and the stream carries on, so one broken
file never stops a batch. Files are read one at a time, lazily, in a stable (sorted) order.
"""
from __future__ import annotations

import json
import os
import re
import sys
import unicodedata
from collections.abc import Iterator, Sequence
from typing import Any, Literal

from .errors import E, ClaimledgerError
from .model import Document, Failure

Format = Literal["text", "html", "jsonl", "json"]

STDIN = "-"
STDIN_PATH = "<stdin>"

_HTML_EXT = {".html", ".htm", ".xhtml", ".shtml"}
_JSONL_EXT = {".jsonl", ".ndjson"}
_JSON_EXT = {".json"}
# A page starts with one of these; looking only at the start keeps prose that mentions "<p>" as text.
_HTML_START = re.compile(r"\A\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)[\s>]",
                         re.IGNORECASE | re.DOTALL)
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
_OPTIONAL_FIELDS = ("title", "url", "published", "outlet")
# Share of control characters above which decoded "text" is really binary.
_MAX_CONTROL_SHARE = 0.05
# cp1252 is accepted as a last resort only when the result is mostly ASCII, as real Western text is.
_MAX_NON_ASCII_SHARE = 0.2


def read_inputs(paths: Sequence[str]) -> Iterator[Document | Failure]:
    """Yield one Document (or Failure) per input, in order: files, directories (recursed, sorted,
    hidden entries skipped) and `-` for stdin. JSONL inputs yield one item per non-blank line."""
    for path in list_inputs(paths):
        if path == STDIN:
            yield from _read_stdin()
        else:
            yield from read_file(path)


def list_inputs(paths: Sequence[str]) -> list[str]:
    """Paths with directories expanded to their files (sorted, hidden skipped); other paths, `-` and
    missing ones, stay as given. Cheap (names only): the CLI uses it to size its progress bar."""
    out: list[str] = []
    for path in paths:
        if path != STDIN and os.path.isdir(path):
            out.extend(_walk(path))
        else:
            out.append(path)
    return out


def may_hold_many(path: str) -> bool:
    """Whether one path can yield several documents (JSON Lines, JSON lists, stdin)."""
    return path == STDIN or _ext(path) in _JSONL_EXT | _JSON_EXT


def _walk(root: str) -> list[str]:
    """Every non-hidden file under root, sorted by path components (like `find | sort`), so the
    output order does not depend on the filesystem."""
    found: list[tuple[str, ...]] = []
    for dirpath, dirnames, filenames in os.walk(root):
        # Pruning in place keeps os.walk out of hidden directories (.git, .cache ...).
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        rel = os.path.relpath(dirpath, root)
        parts = () if rel == os.curdir else tuple(rel.split(os.sep))
        found.extend((*parts, name) for name in filenames if not name.startswith("."))
    return [os.path.join(root, *parts) for parts in sorted(found)]


def _read_stdin() -> Iterator[Document | Failure]:
    try:
        data = sys.stdin.buffer.read()
    except (OSError, AttributeError, ValueError) as err:  # closed or text-only stdin
        yield Failure(STDIN_PATH, E.E013.error(path=STDIN_PATH, detail=str(err)))
        return
    yield from read_bytes(data, STDIN_PATH)


def read_file(path: str) -> Iterator[Document | Failure]:
    """Read one file; yields several items for JSONL."""
    try:
        with open(path, "rb") as fh:
            data = fh.read()
    except FileNotFoundError:
        yield Failure(path, E.E006.error(path=path))
        return
    except OSError as err:
        yield Failure(path, E.E013.error(path=path, detail=err.strerror or str(err)))
        return
    yield from read_bytes(data, path)


def read_bytes(data: bytes, path: str) -> Iterator[Document | Failure]:
    """Sniff, decode and parse raw bytes that came from `path` (used for messages and Document.path)."""
    try:
        text, encoding = decode(data, path)
        fmt = sniff_format(text, path)
    except ClaimledgerError as err:
        yield Failure(path, err)
        return
    meta: dict[str, Any] = {"format": fmt, "encoding": encoding}
    if fmt == "jsonl":
        yield from _parse_jsonl(text, path, meta)
    elif fmt == "json":
        yield from _parse_json(text, path, meta)
    elif fmt == "html":
        try:
            yield _parse_html(text, path, meta)
        except ClaimledgerError as err:
            yield Failure(path, err)
    else:
        yield Document(path=path, raw=text, meta=meta)


# --- decoding ---------------------------------------------------------------------------------


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


# --- format sniffing --------------------------------------------------------------------------


def sniff_format(text: str, path: str) -> Format:
    ext = _ext(path)
    if ext in _JSONL_EXT:
        return "jsonl"
    if ext in _JSON_EXT:
        return "json"
    if ext in _HTML_EXT or _HTML_START.match(text[:8192]):
        return "html"
    if _first_line_is_object(text):
        return "jsonl"
    return "text"


def _ext(path: str) -> str:
    return os.path.splitext(path)[1].lower()


def _first_line_is_object(text: str) -> bool:
    for line in text.split("\n", 50)[:50]:
        if line.strip():
            if not line.lstrip().startswith("{"):
                return False
            try:
                return isinstance(json.loads(line), dict)
            except ValueError:
                return False
    return False


# --- JSONL / JSON -----------------------------------------------------------------------------


def _parse_jsonl(text: str, path: str, meta: dict[str, Any]) -> Iterator[Document | Failure]:
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        line_path = f"{path}:{number}"
        try:
            record = json.loads(line)
        except ValueError as err:
            yield Failure(line_path, E.E007.error(line=number, detail=f"invalid JSON: {err}"))
            continue
        yield _record(record, line_path, number, meta)


def _parse_json(text: str, path: str, meta: dict[str, Any]) -> Iterator[Document | Failure]:
    """A .json file: one article object, or a list of them (`file.json:N`, 1-based)."""
    try:
        value = json.loads(text)
    except ValueError as err:
        # Many ".json" dumps are really JSON Lines; fall back to that before giving up.
        if _first_line_is_object(text):
            yield from _parse_jsonl(text, path, {**meta, "format": "jsonl"})
        else:
            yield Failure(path, E.E007.error(line=getattr(err, "lineno", 1), detail=f"invalid JSON: {err}"))
        return
    if isinstance(value, list):
        for index, record in enumerate(value, start=1):
            yield _record(record, f"{path}:{index}", index, meta)
    else:
        yield _record(value, path, 1, meta)


def _record(record: object, path: str, line: int, meta: dict[str, Any]) -> Document | Failure:
    if not isinstance(record, dict):
        detail = f"got {type(record).__name__}"
        return Failure(path, E.E007.error(line=line, detail=detail))
    text = record.get("text")
    if not isinstance(text, str):
        detail = "no 'text' field" if text is None else f"'text' is {type(text).__name__}, not a string"
        return Failure(path, E.E007.error(line=line, detail=detail))
    if not text.strip():
        return Failure(path, E.E002.error())
    fields = {key: _optional_str(record.get(key)) for key in _OPTIONAL_FIELDS}
    # Keep whatever else the record carried (ids, labels) so callers can join results back.
    extra = {k: v for k, v in record.items() if k != "text" and k not in _OPTIONAL_FIELDS}
    return Document(path=path, raw=text.replace("\r\n", "\n").replace("\r", "\n"),
                    meta={**meta, **extra}, **fields)


def _optional_str(value: object) -> str | None:
    if value is None or value == "":
        return None
    return value if isinstance(value, str) else str(value)


# --- HTML -------------------------------------------------------------------------------------


def _parse_html(html: str, path: str, meta: dict[str, Any]) -> Document:
    import trafilatura  # slow to import; only pay for it when a page shows up

    result = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False,
                                         include_tables=True)
    body = getattr(result, "body", None) if result is not None else None
    paragraphs = _paragraphs(body) if body is not None else []
    title = _optional_str(getattr(result, "title", None))
    # The page title is kept in Document.title; a heading that only repeats it is not article text.
    if paragraphs and title and _same(paragraphs[0], title):
        paragraphs = paragraphs[1:]
    if not paragraphs:
        raise E.E002.error()
    return Document(
        path=path,
        raw="\n\n".join(paragraphs),
        title=title,
        url=_optional_str(getattr(result, "url", None)),
        published=_optional_str(getattr(result, "date", None)),
        outlet=_optional_str(getattr(result, "sitename", None)),
        meta=meta,
    )


def _paragraphs(body: Any) -> list[str]:
    """One paragraph per top-level block of trafilatura's tree; line breaks and list items stay lines."""
    out: list[str] = []
    for block in body:
        lines = [" ".join(line.split()) for line in _block_text(block).split("\n")]
        text = "\n".join(line for line in lines if line)
        if text:
            out.append(text)
    return out


def _block_text(el: Any) -> str:
    parts = [el.text or ""]
    for child in el:
        if child.tag == "lb":
            parts.append("\n")
        elif child.tag == "item":
            parts.append("\n- " + _block_text(child) + "\n")
        elif child.tag == "row":
            parts.append("\n" + " | ".join(_block_text(cell).strip() for cell in child) + "\n")
        else:
            parts.append(_block_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _same(a: str, b: str) -> bool:
    def norm(s: str) -> str:
        return " ".join(s.lower().split()).strip(" .:-|")

    return norm(a) == norm(b)
