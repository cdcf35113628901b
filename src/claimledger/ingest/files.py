"""Paths -> Documents: files, directories (walked in a stable order) and stdin; each read, decoded, sniffed."""
from __future__ import annotations

import io
import os
import stat
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from typing import IO, TYPE_CHECKING, Any

from ..errors import ClaimledgerError, E
from ..model import Document, Failure
from ..options import Options
from .decoding import decode
from .formats import JSON_EXT, JSONL_EXT, ext, parse_json, parse_jsonl, sniff_format
from .html import parse_html
from .links import Web, is_list, read_list, read_url
from .unpack import GZIP_MAGIC, inflate
from .warc import is_warc_name, read_warc, sniff_warc
from .web import web_url

if TYPE_CHECKING:
    import httpx

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


def read_inputs(paths: Sequence[str], options: Options | None = None, *,
                transport: httpx.BaseTransport | None = None) -> Iterator[Document | Failure]:
    """Yield one Document (or Failure) per input, in order: files, directories (recursed, sorted,
    hidden entries skipped), `-` for stdin, and http(s) URLs. JSONL inputs yield one item per
    non-blank line; WARC archives, feeds, sitemaps and URL lists one per page. `transport` (httpx) is
    the one seam of fetching; the default connects to public addresses only (options.allow_private)."""
    options = options or Options()
    return read_entries(list_inputs(paths, options), options, transport=transport)


def read_entries(entries: Sequence[Entry], options: Options, *,
                 transport: httpx.BaseTransport | None = None) -> Iterator[Document | Failure]:
    """Read what `list_inputs` found, lazily and in order; one HTTP client serves every URL among them."""
    web = Web(options, transport)
    try:
        for entry in entries:
            if entry.problem is not None:
                yield Failure(entry.path, entry.problem)
            elif entry.path == STDIN:
                yield from _read_stdin(options, web)
            elif web_url(entry.path):
                yield from read_url(entry.path, web)
            else:
                yield from read_file(entry.path, options, roots=entry.roots, web=web)
    finally:
        web.close()


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
    """Whether one path can yield several documents (JSON Lines, JSON lists, stdin, WARC, URLs (a feed),
    feeds, sitemaps and URL lists)."""
    return (path == STDIN or ext(path) in JSONL_EXT | JSON_EXT | _LIST_EXT or is_warc_name(path)
            or web_url(path))


_LIST_EXT = {".xml", ".rss", ".atom"}  # not .txt: a folder of articles keeps its progress bar's total


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


def _read_stdin(options: Options, web: Web) -> Iterator[Document | Failure]:
    try:
        data = sys.stdin.buffer.read(options.max_bytes + 1)
    except (OSError, AttributeError, ValueError) as err:  # closed or text-only stdin
        yield Failure(STDIN_PATH, E.E013.error(path=STDIN_PATH, detail=str(err)))
        return
    if len(data) > options.max_bytes:
        yield Failure(STDIN_PATH, E.E020.error(size=len(data), limit=options.max_bytes))
        return
    yield from _read_data(data, STDIN_PATH, options, web)


_KINDS = ((stat.S_ISFIFO, "a named pipe; send it to stdin with - instead"), (stat.S_ISCHR, "a character device"),
          (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"), (stat.S_ISDIR, "a directory"))


def _irregular(mode: int) -> ClaimledgerError | None:
    if stat.S_ISREG(mode):
        return None
    kind = next((what for test, what in _KINDS if test(mode)), "not a file")
    return E.E018.error(kind=kind)


def read_file(path: str, options: Options | None = None, *, roots: Sequence[str] | None = None,
              web: Web | None = None) -> Iterator[Document | Failure]:
    """Read one regular file (yields several items for JSONL, WARC, feeds, sitemaps and URL lists, whose
    pages are fetched through `web`). Nothing blocks or reads without bound: pipes, devices and sockets
    are refused before opening, the file is opened non-blocking and checked again (it may have been
    swapped since it was listed), and at most `max_bytes` are read, except from a WARC archive, which
    is streamed record by record. With `roots`, a path that now resolves outside them is refused."""
    options = options or Options()
    own = web is None
    web = web or Web(options)
    try:
        yield from _read_file(path, options, roots, web)
    finally:
        if own:
            web.close()


def _read_file(path: str, options: Options, roots: Sequence[str] | None, web: Web) -> Iterator[Document | Failure]:
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
            if problem is None and _streamed_warc(fh, path):
                yield from read_warc(fh, path, options)
                return
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
    yield from _read_data(data, path, options, web)


def _streamed_warc(fh: IO[bytes], path: str) -> bool:
    """A file named .warc(.gz) that starts as one: read as a stream, whatever its size."""
    if not is_warc_name(path):
        return False
    head = fh.read(1024)
    fh.seek(0)
    return sniff_warc(head)


def _read_data(data: bytes, path: str, options: Options, web: Web) -> Iterator[Document | Failure]:
    """A file's bytes: a WARC archive, a feed, sitemap or URL list (pages fetched), else read_bytes.
    A gzipped feed or sitemap (sitemap.xml.gz) is inflated first, up to max_bytes."""
    if sniff_warc(data[:1024]):
        yield from read_warc(io.BytesIO(data), path, options)
        return
    listed = data
    if data.startswith(GZIP_MAGIC):
        try:
            listed = inflate(data, "gzip", options.max_bytes, E.E020.error(size=len(data), limit=options.max_bytes),
                             path)
        except ClaimledgerError:
            listed = data  # read_bytes names it a gzip file
    pages = read_list(listed, path, web) if is_list(listed) else None
    yield from pages if pages is not None else read_bytes(data, path)


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


