"""A web page's bytes, fetched or from an archive, -> Document: the kind of body checked, the declared
charset applied, the HTML extracted, and the date and outlet taken from what the input said (a feed's
item, a WARC record) before what the page says about itself."""
from __future__ import annotations

from dataclasses import replace
from typing import Any

from ..errors import ClaimledgerError, E
from ..model import Document, Failure
from .decoding import declared_charset, decode, transcode
from .formats import optional_str
from .html import parse_html

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
TEXT_TYPES = frozenset({"text/plain"})
# Types a feed or sitemap is served as; a server that sends none (or octet-stream) is sniffed instead.
LIST_TYPES = frozenset({"application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/xml",
                        "text/xml", "application/x-gzip", "application/gzip"})
SNIFFED_TYPES = frozenset({"", "application/octet-stream", "binary/octet-stream"})


def page_kind(content_type: str, url: str) -> str:
    """'html', 'text' or 'list' (a feed or sitemap to look at), or E128 for anything else (a PDF, an
    image, an MP3 a podcast feed links to)."""
    if content_type in HTML_TYPES:
        return "html"
    if content_type in TEXT_TYPES:
        return "text"
    if content_type in LIST_TYPES or content_type in SNIFFED_TYPES:
        return "list"
    raise E.E128.error(url=url, content_type=content_type or "of no declared type")


def page_document(body: bytes, path: str, url: str, content_type: str, *, kind: str = "html",
                  published: str | None = None, outlet: str | None = None, title: str | None = None,
                  fallback_published: str | None = None, meta: dict[str, Any] | None = None) -> Document | Failure:
    """One page as a Document (or its Failure). `url` is where it was fetched from: it replaces the URL
    the page claims for itself (kept in meta as `canonical`). `published`, `outlet` and `title` are what
    the input said; the page's own metadata (JSON-LD, og: tags, htmldate) fills what they leave out, and
`fallback_published` (a WARC record's crawl date) what is still missing."""
    charset_warnings: list[str] = []
    try:
        data, charset_warnings = transcode(body, declared_charset(content_type, body[:4096]))
        text, encoding, warnings = decode(data, path)
        info: dict[str, Any] = {"format": kind, "encoding": encoding, **(meta or {})}
        if kind == "html":
            doc = parse_html(text, path, info)
        else:
            doc = Document(path=path, raw=text, meta=info)
    except ClaimledgerError as err:
        return Failure(path, err)
    if doc.url and doc.url != url:
        doc.meta["canonical"] = doc.url
    return replace(doc, url=url, published=optional_str(published) or doc.published or fallback_published,
                   outlet=doc.outlet or optional_str(outlet), title=doc.title or optional_str(title),
                   warnings=[*charset_warnings, *warnings, *doc.warnings])
