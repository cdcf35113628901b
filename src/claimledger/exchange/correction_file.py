"""What `claimledger import-corrections FILE` reads: a Label Studio JSON export, or corrections as JSON Lines.

The file's first character tells them apart: `[` a Label Studio export (a list of tasks, see labelstudio.py),
`{` JSON Lines, one correction a line:

    {"article": ID, "attribution": "a3", "stance": "deny"}
    {"article": ID, "attribution": "a5", "source": {"start": 120, "end": 134}, "author": "jb"}
    {"article": ID, "at": {"start": 200, "end": 251}, "cue": {"start": 190, "end": 194}}
    {"article": ID, "attribution": "a7", "remove": true}
    {"article": ID, "add": {"source": {...}, "cue": {...} or null, "content": {...}, "stance": "assert"}}

`attribution` is an id in the ledger as `export --format jsonl` gives it now (corrections included);
`at` names the attribution by its content span instead. A line may correct several fields at once
(`stance`, `source`, `cue`, `content`, `remove`). Offsets are Python string indices into the article's text.

`read_file` checks everything against the stored ledgers before anything is written, so a bad file
stores nothing; lines and tasks about articles that are not stored are reported, not fatal. Limits (issue
20): the file at most MAX_FILE_BYTES, JSON nested at most MAX_DEPTH deep, a name or author at most
MAX_FIELD characters, no lone surrogate (it could not be stored as UTF-8); offsets are whole numbers
(`true` is not 1); `at` must be the content span of one of the article's attributions.
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import E
from ..model import STANCES, Ledger
from ..store.corrections import SPAN_FIELDS, Correction
from ..text import scrub
from .labelstudio import TaskError, read_tasks

MAX_FILE_BYTES = 64 * 1024 * 1024  # a reviewed export of ~20,000 articles
MAX_DEPTH = 64  # a Label Studio export nests ~6 deep
MAX_FIELD = 1000  # characters in an author, a source's name or kind

Lookup = Callable[[str], "Ledger | None"]  # article id -> its stored (corrected) ledger


@dataclass
class Read:
    """What a corrections file holds: the corrections to store, and what was skipped (E093 messages)."""

    corrections: list[Correction] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    articles: set[str] = field(default_factory=set)
    reviewed: int = 0  # Label Studio tasks with an annotation, or JSON lines


def _span(value: Any, text: str, where: str, name: str) -> dict[str, Any]:
    # type() rather than isinstance: JSON's true and false are ints to Python, and not offsets.
    if not isinstance(value, Mapping) or not all(type(value.get(k)) is int for k in ("start", "end")):
        raise TaskError(where, f"'{name}' must be an object with whole-number start and end")
    if not 0 <= value["start"] < value["end"] <= len(text):
        raise TaskError(where, f"'{name}' span {value['start']}-{value['end']} is outside the article's {len(text)} characters")
    out = {"start": value["start"], "end": value["end"]}
    for extra in ("name", "kind"):
        if name == "source" and isinstance(value.get(extra), str) and value[extra].strip():
            out[extra] = _field(value[extra].strip(), where, f"{name}.{extra}")
    return out


def _field(value: str, where: str, name: str) -> str:
    if len(value) > MAX_FIELD:
        raise TaskError(where, f"'{name}' is {len(value):,} characters, over the limit of {MAX_FIELD:,}")
    return value


def _depth(obj: Any, limit: int = MAX_DEPTH) -> int:
    """How deep `obj` nests (stops counting past `limit`)."""
    deepest, stack = 0, [(obj, 1)]
    while stack:
        item, level = stack.pop()
        deepest = max(deepest, level)
        if level > limit:
            break
        if isinstance(item, Mapping):
            stack += [(v, level + 1) for v in item.values()]
        elif isinstance(item, list):
            stack += [(v, level + 1) for v in item]
    return deepest


def _parse(raw: str, where: str) -> Any:
    """JSON text -> value; TaskError for text that is not JSON, nested too deep, or holds a lone surrogate."""
    try:
        obj = json.loads(raw)
    except json.JSONDecodeError as error:
        raise TaskError(where, f"not JSON ({error.msg}, line {error.lineno})") from None
    except RecursionError:
        raise TaskError(where, f"JSON nested deeper than {MAX_DEPTH} levels") from None
    if _depth(obj) > MAX_DEPTH:
        raise TaskError(where, f"JSON nested deeper than {MAX_DEPTH} levels")
    if scrub(json.dumps(obj, ensure_ascii=False))[1]:
        raise TaskError(where, "a string holds a lone surrogate or a NUL (\\udXXX or \\u0000), which is not text")
    return obj


def _stance(value: Any, where: str) -> str:
    if value not in STANCES:
        raise TaskError(where, f"unknown stance {value!r} (expected one of {', '.join(STANCES)})")
    return str(value)


def _line(obj: Mapping[str, Any], ledger: Ledger, where: str) -> list[Correction]:
    text = ledger.article.text
    article_id = ledger.article.id
    author = _field(obj["author"], where, "author") if isinstance(obj.get("author"), str) else None
    if "add" in obj:
        add = obj["add"]
        if not isinstance(add, Mapping):
            raise TaskError(where, "'add' must be an object with source, content and stance")
        content = _span(add.get("content"), text, where, "content")
        value = {"source": _span(add.get("source"), text, where, "source"),
                 "cue": _span(add["cue"], text, where, "cue") if add.get("cue") is not None else None,
                 "stance": _stance(add.get("stance", "assert"), where)}
        return [Correction(article_id, content["start"], content["end"], "attribution", value, author)]
    if "attribution" in obj:
        found = [a for a in ledger.attributions if a.id == obj["attribution"]]
        if not found:
            raise TaskError(where, f"the article has no attribution {str(obj['attribution'])[:40]!r}")
        start, end = found[0].key
    elif "at" in obj:
        at = _span(obj["at"], text, where, "at")
        start, end = at["start"], at["end"]
        if not any(a.key == (start, end) for a in ledger.attributions):
            raise TaskError(where, f"no attribution of the article has the content span {start}-{end}: "
                                   "the correction would match nothing")
    else:
        raise TaskError(where, "give 'attribution' (an id), 'at' (a content span) or 'add'")
    out = []
    if "stance" in obj:
        out.append(Correction(article_id, start, end, "stance", _stance(obj["stance"], where), author))
    for name in SPAN_FIELDS:
        if name in obj:
            out.append(Correction(article_id, start, end, name, _span(obj[name], text, where, name), author))
    if "remove" in obj:
        if not isinstance(obj["remove"], bool):
            raise TaskError(where, "'remove' must be true or false")
        out.append(Correction(article_id, start, end, "removed", obj["remove"], author))
    if not out:
        raise TaskError(where, "nothing to correct (stance, source, cue, content, remove or add expected)")
    return out


def _jsonl(lines: list[str], lookup: Lookup, read: Read) -> None:
    for n, raw in enumerate(lines, 1):
        if not raw.strip():
            continue
        where = f"line {n}"
        obj = _parse(raw, where)
        if not isinstance(obj, Mapping) or not isinstance(obj.get("article"), str):
            raise TaskError(where, "not an object with an 'article' id")
        read.reviewed += 1
        ledger = lookup(obj["article"])
        if ledger is None:
            read.skipped.append(str(E.E093.error(where=where, article=obj["article"][:80])))
            continue
        read.corrections += _line(obj, ledger, where)
        read.articles.add(obj["article"])


def _labelstudio(tasks: Any, lookup: Lookup, read: Read) -> None:
    for where, article_id, found in read_tasks(tasks):
        ledger = lookup(article_id)
        if ledger is None:
            read.skipped.append(str(E.E093.error(where=where, article=article_id[:80])))
            continue
        read.reviewed += 1
        read.corrections += found
        if found:
            read.articles.add(article_id)


def _check_text(tasks: Any, lookup: Lookup) -> None:
    """A task's text must be the stored article's (its id is the text's sha256): offsets mean nothing otherwise."""
    for n, t in enumerate(tasks if isinstance(tasks, list) else [], 1):
        data = t.get("data") if isinstance(t, Mapping) else None
        if isinstance(data, Mapping) and isinstance(data.get("text"), str) and isinstance(data.get("article_id"), str):
            if hashlib.sha256(data["text"].encode("utf-8")).hexdigest() != data["article_id"]:
                raise TaskError(f"task {n}", "data.text was changed: it is no longer the text of article data.article_id")


def read_file(path: Path, lookup: Lookup) -> Read:
    """The corrections in `path`, checked. Raises E091 (unreadable file) or E092 (a bad correction)."""
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise E.E091.error(path=path, detail=f"{path.stat().st_size:,} bytes, over the limit of {MAX_FILE_BYTES:,}")
        raw = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise E.E091.error(path=path, detail=getattr(error, "strerror", None) or str(error)) from None
    return read_text(raw, lookup, str(path))


def read_text(raw: str, lookup: Lookup, path: str = "<corrections>") -> Read:
    """The corrections in `raw` (a file's text, or a form's: `claimledger serve` posts JSON Lines), checked
    as `read_file` checks them; `path` names it in messages. Raises E091 or E092."""
    head = raw.lstrip()[:1]
    read = Read()
    try:
        if head == "[":
            try:
                tasks = _parse(raw, "the file")
            except TaskError as error:
                raise E.E091.error(path=path, detail=str(error)) from None
            _check_text(tasks, lookup)
            _labelstudio(tasks, lookup, read)
        elif head == "{":
            _jsonl(raw.splitlines(), lookup, read)
        else:
            raise E.E091.error(path=path, detail="neither a Label Studio JSON export ([...]) nor JSON Lines ({...})")
    except TaskError as error:
        raise E.E092.error(path=path, where=error.where, detail=str(error)) from None
    return read


__all__ = ["Read", "read_file", "read_text"]
