"""What a page says about itself in its markup: JSON-LD (lists and @graph included), microdata and og: /
article: meta tags. Gives the article's title, date, outlet and URL, and the ClaimReviews it carries.

trafilatura guesses title, date and site name too; the page's own structured data is preferred where it
exists because it is what the publisher declared (html.py falls back to trafilatura's guesses).
"""
from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urldefrag, urljoin

from ..model import Review
from .claimreview import name_of, reviews_in, schema_types, text_of

ARTICLE_TYPES = {"article", "newsarticle", "reportagenews", "analysisnewsarticle", "opinionnewsarticle",
                 "backgroundnewsarticle", "reviewnewsarticle", "blogposting", "liveblogposting"}
LINK_WORDS = (4, 40)
MAX_JSONLD_DEPTH = 12  # structured data is shallow; a deeper tree is not worth walking
_JSON_WRAPPER = re.compile(r"^\s*(?://\s*)?(?:<!--|<!\[CDATA\[)|(?://\s*)?(?:-->|\]\]>)\s*$")


@dataclass
class PageMeta:
    title: str | None = None
    published: str | None = None
    outlet: str | None = None
    url: str | None = None
    reviews: list[Review] = field(default_factory=list)
    # Texts of links to other pages, of LINK_WORDS words: what a related-story teaser is made of.
    links: frozenset[str] = frozenset()


def read_page_meta(tree: Any, source: str | None = None) -> PageMeta:
    """Read an lxml.html tree of the whole page. Given the page's `source`, microdata is looked for only
    where the source has an itemscope: the search of the whole tree is a millisecond a page, and most
    pages have none."""
    # bytes.lower folds ASCII only, which is all an attribute name needs: 6x faster than a case-blind regex
    microdata = source is None or b"itemscope" in source.encode("utf-8", "surrogatepass").lower()
    tags: dict[str, list[Any]] = {"a": [], "meta": [], "script": [], "link": []}
    for el in tree.iter(*tags):  # one walk of the tree for the four kinds of element read here
        tags[el.tag].append(el)
    objects = list(_jsonld(tags["script"])) + (list(_microdata(tree)) if microdata else [])
    metas = _meta_tags(tags["meta"])
    article = next((o for o in objects if schema_types(o) & ARTICLE_TYPES), {})
    canonical = _canonical(tags["link"])
    url = metas.get("og:url") or text_of(article.get("url")) or canonical
    return PageMeta(
        title=text_of(article.get("headline")) or metas.get("og:title"),
        published=_date(article.get("datePublished")) or _date(metas.get("article:published_time")),
        outlet=name_of(article.get("publisher")) or metas.get("og:site_name"),
        url=url,
        reviews=reviews_in(objects, url),
        links=_links(tags["a"], url, canonical),
    )


def _links(anchors: list[Any], url: str | None, canonical: str | None) -> frozenset[str]:
    own = {_same_page(u) for u in (url, canonical) if u}
    base = url or canonical
    found: set[str] = set()
    for a in anchors:
        href = a.get("href")
        if href is None:
            continue
        text = " ".join(a.text_content().split())
        if not LINK_WORDS[0] <= text.count(" ") + 1 <= LINK_WORDS[1]:
            continue
        href = href.strip()
        if not href or href.startswith(("#", "javascript:", "mailto:")):
            continue
        # A link to a part of this page (a table of contents, a permalink) leads to no other story.
        if _same_page(urljoin(base, href) if base else href) not in own:
            found.add(text)
    return frozenset(found)


def _same_page(url: str) -> str:
    """A URL without its scheme, fragment and trailing slash: the forms one page goes by."""
    url = urldefrag(url)[0]
    return url.split("://", 1)[-1].rstrip("/").lower()


def _canonical(links: list[Any]) -> str | None:
    for el in links:
        if (el.get("rel") or "").lower() == "canonical" and el.get("href"):
            return str(el.get("href")).strip()
    return None


def _meta_tags(metas: list[Any]) -> dict[str, str]:
    found: dict[str, str] = {}
    for el in metas:
        key = (el.get("property") or el.get("name") or "").strip().lower()
        value = " ".join((el.get("content") or "").split())
        if key and value and key not in found:
            found[key] = value
    return found


def _jsonld(scripts: list[Any]) -> Iterator[dict[str, Any]]:
    for script in scripts:
        if "ld+json" not in (script.get("type") or "").lower() or not script.text:
            continue
        try:
            # strict=False: raw newlines and tabs inside strings are common in hand-written JSON-LD.
            data = json.loads(_JSON_WRAPPER.sub("", script.text.strip()), strict=False)
        except ValueError:
            continue
        yield from _objects(data, 0)


def _objects(data: Any, depth: int) -> Iterator[dict[str, Any]]:
    """Every typed object in a JSON-LD value: top level, lists, @graph and nested values."""
    if depth > MAX_JSONLD_DEPTH:
        return
    if isinstance(data, list):
        for item in data:
            yield from _objects(item, depth + 1)
    elif isinstance(data, dict):
        if "@type" in data:
            yield data
        for value in data.values():
            if isinstance(value, (list, dict)):
                yield from _objects(value, depth + 1)


def _microdata(tree: Any) -> Iterator[dict[str, Any]]:
    for el in tree.xpath("//*[@itemscope][@itemtype]"):  # XPath runs in C: pages have thousands of nodes
        yield _item(el)


def _item(el: Any) -> dict[str, Any]:
    """A microdata item as a JSON-LD-like dict: {"@type": ..., property: value or nested item}."""
    types = (el.get("itemtype") or "").split()
    item: dict[str, Any] = {"@type": types[0].rstrip("/").rsplit("/", 1)[-1] if types else ""}
    _properties(el, item)
    return item


def _properties(el: Any, item: dict[str, Any]) -> None:
    for child in el:
        if not isinstance(child.tag, str):
            continue
        names = (child.get("itemprop") or "").split()
        nested = child.get("itemscope") is not None
        if names:
            value: Any = _item(child) if nested else _value(child)
            for name in names:
                item.setdefault(name, value)
        if not nested:  # a nested item's properties are its own
            _properties(child, item)


def _value(el: Any) -> str:
    tag = el.tag.lower()
    attr = {"meta": "content", "a": "href", "link": "href", "area": "href", "img": "src", "time": "datetime",
            "data": "value", "meter": "value"}.get(tag)
    value = el.get(attr) if attr else None
    if value is None:
        value = el.get("content") or el.text_content()
    return " ".join(value.split())


def _date(value: Any) -> str | None:
    """An ISO 8601 date or timestamp as the page gave it; anything else (\"2 hours ago\") is no date."""
    text = text_of(value)
    return text if text and re.match(r"\d{4}-\d{2}-\d{2}", text) else None
