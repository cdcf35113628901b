"""Inputs that name pages elsewhere: a URL, a feed or sitemap (fetched or a file), a URL list. Each page
is fetched through one `Web` (one Fetcher: robots.txt cache, per-host clock) and becomes a Document or a
Failure; a bad link never stops the list.

A feed's or sitemap's links are read as pages, not followed further (a link to another feed is E128),
except a sitemap index's sitemaps, to MAX_SITEMAP_DEPTH levels, each once.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from typing import TYPE_CHECKING

from ..errors import ClaimledgerError, E
from ..model import Document, Failure
from ..options import Options
from .decoding import decode
from .feeds import Link, LinkList, parse_list, sniff_list, url_list
from .formats import starts_like_html
from .pages import page_document, page_kind
from .unpack import GZIP_MAGIC, inflate

if TYPE_CHECKING:
    import httpx

    from .web import Fetcher

MAX_SITEMAP_DEPTH = 3
_URL_START = (b"http://", b"https://", b"#")


class Web:
    """The Fetcher of one read, made on first use: reading local files never starts an HTTP client."""

    def __init__(self, options: Options, transport: httpx.BaseTransport | None = None) -> None:
        self.options = options
        self.transport = transport
        self._fetcher: Fetcher | None = None

    @property
    def fetcher(self) -> Fetcher:
        if self._fetcher is None:
            from .web import Fetcher

            self._fetcher = Fetcher(self.options, self.transport)
        return self._fetcher

    def close(self) -> None:
        if self._fetcher is not None:
            self._fetcher.close()
            self._fetcher = None


def read_url(url: str, web: Web) -> Iterator[Document | Failure]:
    """A URL given as input: its page, or the pages its feed or sitemap lists."""
    try:
        page = web.fetcher.fetch(url)
        kind = page_kind(page.content_type, page.url)
        body = _unzipped(page.body, page.url, web.options) if kind == "list" else page.body
    except ClaimledgerError as err:
        yield Failure(url, err)
        return
    if kind == "list" and sniff_list(body):
        yield from _expand(body, page.url, url, web, depth=0, seen={page.url})
    elif kind == "list" and not starts_like_html(body[:4096].decode("utf-8", "replace")):
        yield Failure(url, E.E128.error(url=page.url, content_type=page.content_type or "of no declared type"))
    else:
        yield page_document(body, url, page.url, page.content_type_header, kind="text" if kind == "text" else "html",
                            meta={"fetched": page.fetched})


def is_list(data: bytes) -> bool:
    """Whether a file's bytes are a feed, a sitemap or a URL list (cheap: looks at the start only)."""
    return sniff_list(data[:4096]) or data.lstrip()[:8].lower().startswith(_URL_START)


def read_list(data: bytes, path: str, web: Web) -> Iterator[Document | Failure] | None:
    """The pages a feed, sitemap or URL list file names; None when `data` is not one after all (a text
    that starts with a URL is an article like any other)."""
    if sniff_list(data[:4096]):
        return _expand(data, None, path, web, depth=0, seen=set())
    try:
        text = decode(data, path).text
    except ClaimledgerError:
        return None
    found = url_list(text)
    return None if found is None else _pages(found, path, path, web)


def _expand(data: bytes, base: str | None, path: str, web: Web, depth: int,
            seen: set[str]) -> Iterator[Document | Failure]:
    try:
        found = parse_list(data, base)
    except ClaimledgerError as err:
        yield Failure(path, err)
        return
    if found.kind != "sitemapindex":
        yield from _pages(found, path, base or path, web)
        return
    for link in found.links:
        if link.url in seen:
            continue
        seen.add(link.url)
        if depth + 1 >= MAX_SITEMAP_DEPTH:
            yield Failure(link.url, E.E135.error(limit=MAX_SITEMAP_DEPTH, url=link.url))
            continue
        try:
            page = web.fetcher.fetch(link.url)
            body = _unzipped(page.body, page.url, web.options)
        except ClaimledgerError as err:
            yield Failure(link.url, err)
            continue
        yield from _expand(body, page.url, link.url, web, depth + 1, seen)


def _pages(found: LinkList, path: str, via: str, web: Web) -> Iterator[Document | Failure]:
    for number, text in found.bad_lines:
        yield Failure(f"{path}:{number}", E.E132.error(line=number, text=text[:200]))
    warnings = list(found.warnings)  # told once, with the list's first page
    for link in found.links:
        item = read_link(link, via, web)
        if warnings and isinstance(item, Document):
            item = replace(item, warnings=[*warnings, *item.warnings])
            warnings = []
        yield item


def read_link(link: Link, via: str, web: Web) -> Document | Failure:
    """One page a list names, with what the list said about it (date, outlet, title)."""
    try:
        page = web.fetcher.fetch(link.url)
        kind = page_kind(page.content_type, page.url)
        if kind == "list" and not starts_like_html(page.body[:4096].decode("utf-8", "replace")):
            raise E.E128.error(url=page.url, content_type=page.content_type or "of no declared type")
    except ClaimledgerError as err:
        return Failure(link.url, err)
    return page_document(page.body, link.url, page.url, page.content_type_header,
                         kind="text" if kind == "text" else "html", published=link.published,
                         outlet=link.outlet, title=link.title, meta={"fetched": page.fetched, "via": via})


def _unzipped(body: bytes, url: str, options: Options) -> bytes:
    """A sitemap.xml.gz's XML (bounded: a gzip bomb stops at --max-page-bytes)."""
    if not body.startswith(GZIP_MAGIC):
        return body
    limit = options.max_page_bytes
    return inflate(body, "gzip", limit, E.E127.error(url=url, limit=limit), url)
