"""Paths -> Documents: files, directories (walked in a stable order) and stdin; each read, decoded, sniffed."""
from __future__ import annotations

import os
import sys
from collections.abc import Iterator, Sequence
from typing import Any

from ..errors import ClaimledgerError, E
from ..model import Document, Failure
from .decoding import decode
from .formats import JSON_EXT, JSONL_EXT, ext, parse_json, parse_jsonl, sniff_format
from .html import parse_html

STDIN = "-"
STDIN_PATH = "<stdin>"


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
    return path == STDIN or ext(path) in JSONL_EXT | JSON_EXT


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
        yield from parse_jsonl(text, path, meta)
    elif fmt == "json":
        yield from parse_json(text, path, meta)
    elif fmt == "html":
        try:
            yield parse_html(text, path, meta)
        except ClaimledgerError as err:
            yield Failure(path, err)
    else:
        yield Document(path=path, raw=text, meta=meta)


