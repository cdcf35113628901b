"""Format sniffing and JSON / JSON Lines records -> Documents."""
from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from typing import Any, Literal

from ..errors import E, W
from ..text import scrub
from ..model import Document, Failure

Format = Literal["text", "html", "jsonl", "json"]

_HTML_EXT = {".html", ".htm", ".xhtml", ".shtml"}
JSONL_EXT = {".jsonl", ".ndjson"}
JSON_EXT = {".json"}
# A page starts with one of these; looking only at the start keeps prose that mentions "<p>" as text.
_HTML_START = re.compile(r"\A\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)[\s>]",
                         re.IGNORECASE | re.DOTALL)
_OPTIONAL_FIELDS = ("title", "url", "published", "outlet")


def sniff_format(text: str, path: str) -> Format:
    suffix = ext(path)
    if suffix in JSONL_EXT:
        return "jsonl"
    if suffix in JSON_EXT:
        return "json"
    if suffix in _HTML_EXT or _HTML_START.match(text[:8192]):
        return "html"
    if _first_line_is_object(text):
        return "jsonl"
    return "text"


def starts_like_html(text: str) -> bool:
    return _HTML_START.match(text[:8192]) is not None


def ext(path: str) -> str:
    return os.path.splitext(path)[1].lower()


def _first_line_is_object(text: str) -> bool:
    for line in text.split("\n", 50)[:50]:
        if line.strip():
            if not line.lstrip().startswith("{"):
                return False
            try:
                return isinstance(loads(line), dict)
            except ValueError:
                return False
    return False


def loads(text: str) -> Any:
    """json.loads, with nesting too deep for the parser (RecursionError) reported as bad JSON."""
    try:
        return json.loads(text)
    except RecursionError:
        raise ValueError("nested too deeply") from None


def parse_jsonl(text: str, path: str, meta: dict[str, Any]) -> Iterator[Document | Failure]:
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        line_path = f"{path}:{number}"
        try:
            record = loads(line)
        except ValueError as err:
            yield Failure(line_path, E.E007.error(line=number, detail=f"invalid JSON: {err}"))
            continue
        yield _record(record, line_path, number, meta)


def parse_json(text: str, path: str, meta: dict[str, Any]) -> Iterator[Document | Failure]:
    """A .json file: one article object, or a list of them (`file.json:N`, 1-based)."""
    try:
        value = loads(text)
    except ValueError as err:
        # Many ".json" dumps are really JSON Lines; fall back to that before giving up.
        if _first_line_is_object(text):
            yield from parse_jsonl(text, path, {**meta, "format": "jsonl"})
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
    text, scrubbed = scrub(text)
    warnings = [W.W002.message(count=scrubbed)] if scrubbed else []
    # Keep whatever else the record carried (ids, labels) so callers can join results back.
    extra = {k: v for k, v in record.items() if k != "text" and k not in _OPTIONAL_FIELDS}
    return Document(path=path, raw=text.replace("\r\n", "\n").replace("\r", "\n"),
                    title=optional_str(record.get("title")), url=optional_str(record.get("url")),
                    published=optional_str(record.get("published")), outlet=optional_str(record.get("outlet")),
                    meta={**meta, **extra}, warnings=warnings)


def optional_str(value: object) -> str | None:
    """A metadata field as text (scrubbed: it is printed and written as UTF-8 later), or None."""
    if value is None or value == "":
        return None
    return scrub(value if isinstance(value, str) else str(value))[0]


