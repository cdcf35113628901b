"""Paths -> Documents: files, directories (walked in a stable order) and stdin; each read, decoded, sniffed."""
from __future__ import annotations

import os
import stat
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from typing import Any

from ..errors import ClaimledgerError, E, W
from ..model import Document, Failure
from ..options import Options
from .decoding import decode
from .formats import JSON_EXT, JSONL_EXT, UNKNOWN_FIELDS, ext, parse_json, parse_jsonl, sniff_format
from .html import parse_html

STDIN = "-"
STDIN_PATH = "<stdin>"


@dataclass(frozen=True)
class Entry:
    """One input to read, found by `list_inputs`: a path given, a file found in a folder (`roots` are
    the real paths of the folders given, which its symbolic links must stay inside), or a problem
    met while listing (an unreadable or empty folder, a link out), reported in its place."""

    path: str
    roots: tuple[str, ...] | None = None
    problem: ClaimledgerError | None = None


def read_inputs(paths: Sequence[str], options: Options | None = None) -> Iterator[Document | Failure]:
    """Yield one Document (or Failure) per input, in order: files, directories (recursed, sorted,
    hidden entries skipped) and `-` for stdin. JSONL inputs yield one item per non-blank line."""
    options = options or Options()
    return read_entries(list_inputs(paths, options), options)


def read_entries(entries: Sequence[Entry], options: Options) -> Iterator[Document | Failure]:
    """Read what `list_inputs` found, lazily and in order. A JSON field nothing reads gets a W031 warning on
    the first document that has it, once per run (not once per line of a million-line file)."""
    reported: set[str] = set()
    for entry in entries:
        if entry.problem is not None:
            yield Failure(entry.path, entry.problem)
            continue
        items = _read_stdin(options) if entry.path == STDIN else read_file(entry.path, options, roots=entry.roots)
        for item in items:
            yield _report_unknown(item, reported)


def _report_unknown(item: Document | Failure, reported: set[str]) -> Document | Failure:
    if isinstance(item, Failure):
        return item
    new = [name for name in item.meta.get(UNKNOWN_FIELDS, ()) if name not in reported]
    if not new:
        return item
    reported.update(new)
    shown = ", ".join(repr(n if len(n) <= 40 else n[:37] + "...") for n in new[:10])
    shown += f" and {len(new) - 10} more" if len(new) > 10 else ""
    return replace(item, warnings=[*item.warnings, W.W031.message(fields=shown, path=item.path)])


def list_inputs(paths: Sequence[str], options: Options | None = None) -> list[Entry]:
    """Paths with directories expanded to their files (sorted, hidden skipped); other paths, `-` and
    missing ones, stay as given. Cheap (names only): the CLI uses it to size its progress bar."""
    options = options or Options()
    roots = tuple(os.path.realpath(p) for p in paths if p != STDIN and os.path.isdir(p))
    out: list[Entry] = []
    for path in paths:
        if path != STDIN and os.path.isdir(path):
            out.extend(_walk(path, roots, options.follow_links))
        else:
            out.append(Entry(path))
    return out


def may_hold_many(path: str) -> bool:
    """Whether one path can yield several documents (JSON Lines, JSON lists, stdin)."""
    return path == STDIN or ext(path) in JSONL_EXT | JSON_EXT


def _inside(target: str, roots: Sequence[str]) -> bool:
    return any(target == root or target.startswith(root.rstrip(os.sep) + os.sep) for root in roots)


def _walk(root: str, roots: tuple[str, ...], follow_links: bool) -> list[Entry]:
    """Every non-hidden file under root, sorted by path components (like `find | sort`), so the
    output order does not depend on the filesystem. Symbolic links are followed only to targets
    inside the folders given (unless `follow_links`), each folder is entered once (no link loops),
    and a folder that cannot be read is reported, not skipped in silence."""
    found: list[tuple[tuple[str, ...], Entry]] = []
    seen: set[tuple[int, int]] = set()
    stack: list[tuple[tuple[str, ...], str]] = [((), root)]
    while stack:
        parts, folder = stack.pop()
        try:
            st = os.stat(folder)
            if (st.st_dev, st.st_ino) in seen:
                continue
            seen.add((st.st_dev, st.st_ino))
            with os.scandir(folder) as listing:
                children = sorted(listing, key=lambda e: e.name)
        except OSError as err:
            found.append((parts, Entry(folder, problem=E.E022.error(detail=err.strerror or str(err)))))
            continue
        for child in children:
            if child.name.startswith("."):
                continue  # hidden files and folders (.git, .cache ...)
            sub = (*parts, child.name)
            try:
                if child.is_symlink() and not follow_links:
                    target = os.path.realpath(child.path)
                    if not _inside(target, roots):
                        found.append((sub, Entry(child.path, problem=E.E019.error(target=target))))
                        continue
                if child.is_dir():
                    stack.append((sub, child.path))
                else:
                    found.append((sub, Entry(child.path, roots=None if follow_links else roots)))
            except OSError as err:
                found.append((sub, Entry(child.path, problem=E.E013.error(
                    path=child.path, detail=err.strerror or str(err)))))
    if not found:
        return [Entry(root, problem=E.E021.error())]
    return [entry for _, entry in sorted(found, key=lambda item: item[0])]


def _read_stdin(options: Options) -> Iterator[Document | Failure]:
    try:
        data = sys.stdin.buffer.read(options.max_bytes + 1)
    except (OSError, AttributeError, ValueError) as err:  # closed or text-only stdin
        yield Failure(STDIN_PATH, E.E013.error(path=STDIN_PATH, detail=str(err)))
        return
    if len(data) > options.max_bytes:
        yield Failure(STDIN_PATH, E.E020.error(size=len(data), limit=options.max_bytes))
        return
    yield from read_bytes(data, STDIN_PATH)


_KINDS = ((stat.S_ISFIFO, "a named pipe; send it to stdin with - instead"), (stat.S_ISCHR, "a character device"),
          (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"), (stat.S_ISDIR, "a directory"))


def _irregular(mode: int) -> ClaimledgerError | None:
    if stat.S_ISREG(mode):
        return None
    kind = next((what for test, what in _KINDS if test(mode)), "not a file")
    return E.E018.error(kind=kind)


def read_file(path: str, options: Options | None = None, *, roots: Sequence[str] | None = None
              ) -> Iterator[Document | Failure]:
    """Read one regular file (yields several items for JSONL). Nothing blocks or reads without bound:
    pipes, devices and sockets are refused before opening, the file is opened non-blocking and checked
    again (it may have been swapped since it was listed), and at most `max_bytes` are read. With
    `roots`, a path that now resolves outside them is refused."""
    options = options or Options()
    try:
        if roots is not None and not _inside(os.path.realpath(path), roots):
            yield Failure(path, E.E019.error(target=os.path.realpath(path)))
            return
        problem = _irregular(os.stat(path).st_mode)
        if problem is not None:
            yield Failure(path, problem)
            return
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
        with os.fdopen(fd, "rb") as fh:
            st = os.fstat(fh.fileno())
            problem = _irregular(st.st_mode)
            if problem is None and st.st_size > options.max_bytes:
                problem = E.E020.error(size=st.st_size, limit=options.max_bytes)
            data = b"" if problem else fh.read(options.max_bytes + 1)
        if problem is None and len(data) > options.max_bytes:  # grew while we read it
            problem = E.E020.error(size=len(data), limit=options.max_bytes)
    except FileNotFoundError:
        yield Failure(path, E.E006.error(path=path))
        return
    except OSError as err:
        yield Failure(path, E.E013.error(path=path, detail=err.strerror or str(err)))
        return
    if problem is not None:
        yield Failure(path, problem)
        return
    yield from read_bytes(data, path)


def read_bytes(data: bytes, path: str) -> Iterator[Document | Failure]:
    """Sniff, decode and parse raw bytes that came from `path` (used for messages and Document.path)."""
    try:
        text, encoding, warnings = decode(data, path)
        fmt = sniff_format(text, path)
    except ClaimledgerError as err:
        yield Failure(path, err)
        return
    meta: dict[str, Any] = {"format": fmt, "encoding": encoding}
    items: Iterator[Document | Failure]
    if fmt == "jsonl":
        items = parse_jsonl(text, path, meta)
    elif fmt == "json":
        items = parse_json(text, path, meta)
    elif fmt == "html":
        try:
            items = iter([parse_html(text, path, meta)])
        except ClaimledgerError as err:
            items = iter([Failure(path, err)])
    else:
        items = iter([Document(path=path, raw=text, meta=meta)])
    for item in items:
        if warnings and isinstance(item, Document):
            item = replace(item, warnings=[*warnings, *item.warnings])
        yield item


