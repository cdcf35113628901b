"""Lists of pages to fetch: RSS 2.0 / RSS 1.0 / Atom feeds, sitemaps (and sitemap indexes, with Google
News tags), and plain URL lists (one a line, # comments). Parsing only: links.py fetches.

XML is parsed with entities unresolved and no network (no billion laughs, no XXE), and libxml2's
default depth limit (a nesting bomb is an error, not a stack overflow); `recover` reads the broken
markup real feeds are full of.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import timezone
from email.utils import parsedate_to_datetime
from typing import Any, Literal
from urllib.parse import urljoin

from ..errors import E, W

ListKind = Literal["feed", "sitemap", "sitemapindex", "urls"]
_HEAD = re.compile(rb"\A(?:\xef\xbb\xbf)?\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*|<\?[^>]*>\s*|<!DOCTYPE[^>]*>\s*)*"
                   rb"<(?:[\w-]+:)?(rss|feed|RDF|urlset|sitemapindex)[\s>]", re.DOTALL)
_URL_LINE = re.compile(r"https?://\S+\Z", re.IGNORECASE)
MAX_LINKS = 50_000  # the sitemap protocol's own limit per file


@dataclass(frozen=True)
class Link:
    """A page to fetch, and what the list said about it (the input's word wins over the page's)."""

    url: str
    title: str | None = None
    published: str | None = None
    outlet: str | None = None


@dataclass
class LinkList:
    kind: ListKind
    links: list[Link] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    bad_lines: list[tuple[int, str]] = field(default_factory=list)  # URL lists: (line number, text)


def sniff_list(head: bytes) -> bool:
    """Whether bytes start like a feed or sitemap (the first 4 kB are enough)."""
    return _HEAD.match(head[:4096]) is not None


def parse_list(data: bytes, base: str | None = None) -> LinkList:
    """A feed or sitemap's links, in document order (relative ones resolved against `base`, the list's
    own URL); E129 if it is not one."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, recover=True,
                             remove_comments=True, remove_pis=True)
    try:
        root = etree.fromstring(data, parser)
    except (etree.XMLSyntaxError, ValueError) as err:
        raise E.E129.error(detail=f"not XML: {err}"[:200]) from None
    if root is None:
        raise E.E129.error(detail="not XML")
    name = etree.QName(root).localname.lower()
    if name == "urlset":
        found = LinkList("sitemap", list(_sitemap(root)))
    elif name == "sitemapindex":
        found = LinkList("sitemapindex", [Link(u) for u in _texts(root, "sitemap", "loc")])
    elif name in ("rss", "rdf"):
        found = LinkList("feed", list(_rss(root)))
    elif name == "feed":
        found = LinkList("feed", list(_atom(root)))
    else:
        raise E.E129.error(detail=f"the root element is <{name}>, not rss, feed, urlset or sitemapindex")
    if base:
        found.links = [replace(link, url=urljoin(base, link.url)) for link in found.links]
    return _only_web(found)


def url_list(text: str) -> LinkList | None:
    """A text of URLs, one a line (blank lines and # comments allowed), or None when it is not one: its
    first line must be an http(s) URL and every line a single word (an article has spaces)."""
    lines = [(n, line.strip()) for n, line in enumerate(text.split("\n"), start=1)]
    lines = [(n, line) for n, line in lines if line and not line.startswith("#")]
    if not lines or not _URL_LINE.match(lines[0][1]) or any(" " in line or "\t" in line for _, line in lines):
        return None
    found = LinkList("urls")
    for n, line in lines:
        if _URL_LINE.match(line):
            found.links.append(Link(line))
        else:
            found.bad_lines.append((n, line))
    return found


def _only_web(found: LinkList) -> LinkList:
    """Links that are not http(s) (file:, javascript:, relative paths) are dropped with one warning."""
    kept = [link for link in found.links if _URL_LINE.match(link.url)][:MAX_LINKS]
    if len(kept) < len(found.links):
        found.warnings.append(W.W021.message(count=len(found.links) - len(kept)))
    found.links = kept
    return found


def _local(el: Any) -> str:
    tag = el.tag
    return tag.rsplit("}", 1)[-1].lower() if isinstance(tag, str) else ""


def _child(el: Any, *names: str) -> Any:
    for child in el:
        if _local(child) in names:
            return child
    return None


def _text(el: Any) -> str | None:
    if el is None:
        return None
    text = " ".join("".join(el.itertext()).split())
    return text or None


def _texts(root: Any, parent: str, name: str) -> list[str]:
    out = []
    for el in root.iter():
        if _local(el) == parent and (text := _text(_child(el, name))):
            out.append(text)
    return out


def _sitemap(root: Any) -> Any:
    for el in root.iter():
        if _local(el) != "url" or not (loc := _text(_child(el, "loc"))):
            continue
        news = _child(el, "news")  # Google News sitemaps name the outlet and the publication date
        publication = _child(news, "publication") if news is not None else None
        yield Link(loc, title=_text(_child(news, "title")) if news is not None else None,
                   published=_iso(_text(_child(news, "publication_date"))) if news is not None else None,
                   outlet=_text(_child(publication, "name")) if publication is not None else None)


def _rss(root: Any) -> Any:
    channel = _child(root, "channel")
    outlet = _text(_child(channel, "title")) if channel is not None else None
    for item in root.iter():
        if _local(item) != "item":
            continue
        url = _text(_child(item, "link"))
        guid = _child(item, "guid")
        if not url and guid is not None and (guid.get("isPermaLink") or "true").lower() == "true":
            url = _text(guid)
        if url:
            yield Link(url, title=_text(_child(item, "title")), outlet=outlet,
                       published=_iso(_text(_child(item, "pubdate", "date", "published"))))


def _atom(root: Any) -> Any:
    outlet = _text(_child(root, "title"))
    for entry in root:
        if _local(entry) != "entry":
            continue
        links = [el for el in entry if _local(el) == "link" and el.get("href")]
        best = next((el for el in links if (el.get("rel") or "alternate") == "alternate"), None)
        if best is not None:
            yield Link(str(best.get("href")).strip(), title=_text(_child(entry, "title")), outlet=outlet,
                       published=_iso(_text(_child(entry, "published", "updated"))))


def _iso(value: str | None) -> str | None:
    """A feed's date as ISO 8601: RSS writes RFC 822 ("Mon, 02 Nov 2026 10:00:00 GMT"), Atom and
    sitemaps ISO already. Anything else is kept as written."""
    if not value or re.match(r"\d{4}-\d{2}-\d{2}", value):
        return value
    try:
        parsed = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return value
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(timezone.utc)
    return parsed.isoformat()
