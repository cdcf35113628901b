"""WARC and WARC.gz archives -> Documents, through FastWARC (2.1x warcio on the same pages, design.md).

Only HTTP responses with status 200 and an HTML content type are read (requests, metadata, revisits,
redirects, images and 404s are skipped without a word); each page's URL is the record's target URI, and
its date the page's own, else the record's (WARC-Date, also kept as `meta["fetched"]`: the crawl time,
which for a news crawl such as CC-NEWS is within hours of publication but for a site re-crawled later
is not).

The archive is streamed record by record, so its size has no limit; each record has --max-page-bytes.
Damage is reported, never skipped in silence: a record whose payload stops short (a file cut off, E131),
a record whose header is cut (no Content-Length: E130), or a stream FastWARC cannot read on (a corrupt
gzip member, bytes that are not a record: E130, with the offset and the pages read before it).
"""
from __future__ import annotations

import os
import zlib
from collections.abc import Iterator
from typing import IO, Any

from ..errors import ClaimledgerError, E
from ..model import Document, Failure
from ..options import Options
from .pages import HTML_TYPES, page_document
from .unpack import GZIP_MAGIC, inflate

WARC_EXT = (".warc", ".warc.gz")


def is_warc_name(path: str) -> bool:
    return path.lower().endswith(WARC_EXT)


def sniff_warc(head: bytes) -> bool:
    """Whether bytes start a WARC archive, plain or gzipped (the first kB is enough)."""
    if head.startswith(b"WARC/"):
        return True
    if head.startswith(GZIP_MAGIC):
        try:
            return zlib.decompressobj(31).decompress(head, 16).startswith(b"WARC/")
        except zlib.error:
            return False
    return False


def read_warc(stream: IO[bytes], path: str, options: Options) -> Iterator[Document | Failure]:
    """Every HTML page answered 200 in the archive `stream` (named `path` in messages), in order."""
    from fastwarc.warc import ArchiveIterator

    pages = records = items = 0
    offset = 0
    try:
        for record in ArchiveIterator(stream, parse_http=True, auto_decode="none"):
            records += 1
            offset = record.stream_pos
            if record.headers.get("Content-Length") is None:
                raise OSError("a record header cut short (no Content-Length)")
            item = _page(record, path, options)
            if item is None:
                item = _short(record, path)  # a skipped record cut short: the archive ends there
            if item is not None:
                items += 1
                pages += isinstance(item, Document)
                yield item
    except (OSError, ValueError) as err:  # FastWARC's word for a damaged stream
        yield Failure(path, E.E130.error(offset=offset, detail=str(err)[:200] or type(err).__name__, pages=pages))
        return
    if items == 0:
        yield Failure(path, E.E134.error(records=records))


def _page(record: Any, path: str, options: Options) -> Document | Failure | None:
    """A response record's page, its Failure, or None for a record that is not an HTML page answered 200."""
    from fastwarc.warc import WarcRecordType

    if record.record_type != WarcRecordType.response or not record.is_http:
        return None
    http = record.http_headers
    content_type = (record.http_content_type or "").lower()
    if http.status_code != 200 or content_type not in HTML_TYPES:
        return None
    url = (record.headers.get("WARC-Target-URI") or "").strip("<> ")
    where = url or f"{path}@{record.stream_pos}"
    expected = record.content_length
    if expected > options.max_page_bytes:
        return Failure(where, E.E127.error(url=url or where, limit=options.max_page_bytes))
    body = record.reader.read(expected)
    if len(body) < expected:
        return Failure(where, E.E131.error(record=record.record_id or record.stream_pos, url=url or where,
                                           got=len(body), expected=expected))
    try:
        body = _decoded(body, http, url or where, options.max_page_bytes)
    except ClaimledgerError as err:
        return Failure(where, err)
    date = record.record_date.isoformat() if record.headers.get("WARC-Date") else None
    meta = {"warc": f"{os.path.basename(path)}@{record.stream_pos}", "fetched": date}
    return page_document(body, where, url or where, http.get("Content-Type") or "", meta=meta,
                         published=None, fallback_published=date)


def _short(record: Any, path: str) -> Failure | None:
    """A record not read, consumed to check that it is whole: the next one starts where it ends, so a
    record cut short (an interrupted download) means every page after it is missing."""
    expected = record.content_length
    got = record.reader.consume()
    if got >= expected:
        return None
    url = (record.headers.get("WARC-Target-URI") or "").strip("<> ") or f"{path}@{record.stream_pos}"
    return Failure(path, E.E131.error(record=record.record_id or record.stream_pos, url=url, got=got,
                                      expected=expected))


def _decoded(body: bytes, http: Any, url: str, limit: int) -> bytes:
    """The payload as the page: chunked transfer joined, gzip or deflate content inflated (bounded).
    Crawlers mostly store it decoded already; some store it as the server sent it."""
    if "chunked" in (http.get("Transfer-Encoding") or "").lower():
        body = _unchunk(body)
    encoding = (http.get("Content-Encoding") or "identity").strip().lower()
    if encoding in ("gzip", "x-gzip", "deflate"):
        body = inflate(body, encoding, limit, E.E127.error(url=url, limit=limit), f"the page {url}")
    return body


def _unchunk(body: bytes) -> bytes:
    out: list[bytes] = []
    at = 0
    while at < len(body):
        end = body.find(b"\r\n", at)
        if end < 0:
            break
        try:
            size = int(body[at:end].split(b";", 1)[0].strip() or b"0", 16)
        except ValueError:
            return body  # not chunked after all (the header lied): keep the bytes as they are
        if size == 0:
            break
        out.append(body[end + 2:end + 2 + size])
        at = end + 2 + size + 2
    return b"".join(out)
