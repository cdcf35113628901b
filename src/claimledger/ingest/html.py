"""HTML pages -> Documents through trafilatura: the article's blocks (kind and links kept), the page's
metadata (JSON-LD, og: tags, then trafilatura's guesses) and any schema.org ClaimReview it carries."""
from __future__ import annotations

import re
from dataclasses import replace
from collections.abc import Iterator
from typing import Any

from ..dates import iso_published
from ..errors import E
from ..model import Block, BlockKind, Document
from .formats import optional_str
from .pagemeta import PageMeta, read_page_meta

# A line counts as a link when this share of its letters is the text of one link to another page.
LINKED_SHARE = 0.8
MAX_LINKED_CHARS = 300  # a teaser is a headline; longer lines are prose, linked or not
_EDGE = "\"'“”‘’[]()<>:;,.!?-–—|•»›"
_KINDS: dict[str, BlockKind] = {"head": "heading", "list": "list", "quote": "quote", "table": "table"}
# Elements of trafilatura's output tree that stand as blocks of their own, and wrappers around blocks.
_BLOCK_TAGS = frozenset({"p", "head", "list", "quote", "table", "code", "graphic", "figure", "note"})
_WRAPPERS = frozenset({"div", "section", "article", "main"})

# XML 1.0 forbids C0 controls other than tab/newline/CR: lxml drops a whole page over one `&#8;` or a raw
# \x08, so both become a space before parsing.
_CONTROL_REF = re.compile(r"&#(?:0*(?:[0-8]|1[1-2]|1[4-9]|2\d|3[01]|127)|x0*(?:[0-8bcef]|1[0-9a-f]|7f));",
                          re.IGNORECASE)
_CONTROL_CHAR = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# libxml2 stops building the tree at depth 256 (without XML_PARSE_HUGE), so a page wrapped in thousands
# of <div>s comes out empty; wrapper tags past this depth carry no structure worth keeping and go.
MAX_WRAPPER_DEPTH = 200
_WRAPPER_TAG = re.compile(r"<(/?)(div|span|section|font|center)\b[^>]*>", re.IGNORECASE)


def parse_html(html: str, path: str, meta: dict[str, Any]) -> Document:
    import trafilatura  # slow to import; only pay for it when a page shows up

    html = _CONTROL_CHAR.sub(" ", _CONTROL_REF.sub(" ", html))
    tree = _parse(html)
    if tree is None:
        raise E.E002.error()
    page = _with_guesses(tree, read_page_meta(tree, html))  # before extraction, on the whole page
    # Metadata off: trafilatura's full metadata pass (authors, categories, tags, license) cost as much
    # as a third of the extraction; the few fields we use are guessed above, and only when missing.
    result = trafilatura.bare_extraction(tree, with_metadata=False, include_comments=False,
                                         include_tables=True)
    body = getattr(result, "body", None) if result is not None else None
    outlet = _first_part(page.outlet)
    title = _strip_outlet(page.title, outlet)
    blocks = _blocks(body, page.links, title or "") if body is not None else []
    # The page title is kept in Document.title; a heading that only repeats it is not article text.
    if blocks and title and _same(blocks[0].text, title):
        blocks = blocks[1:]
    if not blocks and not page.reviews:
        raise E.E002.error()
    return Document(
        path=path,
        raw="\n\n".join(b.text for b in blocks),
        title=title,
        url=page.url,
        published=page.published and (iso_published(page.published) or page.published),
        outlet=outlet,
        meta=meta,
        blocks=blocks,
        reviews=page.reviews,
    )


def _with_guesses(tree: Any, page: PageMeta) -> PageMeta:
    """The page's own metadata, its gaps filled with trafilatura's guesses (meta tags, then the markup;
    the date from htmldate), each guessed only when the page did not declare it.

    The date comes from the markup and the URL only (htmldate without its extensive search): on the
    sample's 42 pages that declare no date, the search of the page's free text found 5 more, among them
    1996-01-01 on a wiki page, and cost 2 ms a page, a tenth of reading and cleaning one. A date the
    text merely mentions is not the page's publication date; without one, the store uses ingest time."""
    from trafilatura.metadata import (META_URL, examine_meta, extract_meta_json, extract_sitename, extract_title,
                                      extract_url, find_date)
    from trafilatura.settings import set_date_params

    title, url, outlet = page.title, page.url, page.outlet
    if not (title and url and outlet):
        tags = examine_meta(tree)
        try:
            tags = extract_meta_json(tree, tags)
        except Exception:  # noqa: BLE001 - trafilatura's JSON-LD reader fails on odd markup; tags stand
            pass
        title = title or optional_str(tags.title) or optional_str(extract_title(tree))
        url = url or optional_str(tags.url) or optional_str(extract_url(tree))
        outlet = outlet or _site_name(optional_str(tags.sitename) or optional_str(extract_sitename(tree)))
        if not outlet and url and (m := META_URL.match(url)):
            outlet = m[1]
    published = page.published or optional_str(find_date(tree, url=url, **set_date_params(False)))
    return replace(page, title=title, url=url, outlet=outlet, published=published)


def _site_name(name: str | None) -> str | None:
    """As trafilatura tidies a site name: no Twitter "@", capitalised unless it is a domain."""
    name = name.lstrip("@") if name else name
    return name.title() if name and "." not in name and not name[0].isupper() else name


def _parse(html: str) -> Any:
    """The page's tree (flattened first if libxml2 found it too deep), parsed once the way trafilatura
    parses (its own loader) so the same tree serves the page's metadata and the extraction."""
    from trafilatura.utils import HTML_PARSER, load_html

    tree = load_html(html)
    if tree is not None and any("Excessive depth" in e.message for e in HTML_PARSER.error_log):
        html = _flatten(html)
        tree = load_html(html)
    return tree


def _flatten(html: str) -> str:
    depth = 0

    def keep(m: re.Match[str]) -> str:
        nonlocal depth
        if m.group(1):
            depth = max(0, depth - 1)
            return m.group(0) if depth < MAX_WRAPPER_DEPTH else ""
        depth += 1
        return m.group(0) if depth <= MAX_WRAPPER_DEPTH else ""

    return _WRAPPER_TAG.sub(keep, html)


def _blocks(body: Any, links: frozenset[str], title: str) -> list[Block]:
    """The article's blocks in document order: one per block element of trafilatura's tree (a heading,
    paragraph, list, quote, table), line breaks and list items kept as lines, and one paragraph for each
    run of loose text between them (an element's tail, inline elements at the top level). Loose text
    was a deals page's main text, and a market report's quoted analyst."""
    index = _link_index(links)
    out: list[Block] = []
    for kind, text in _walk(body):
        lines = [" ".join(line.split()) for line in text.split("\n")]
        lines = [line for line in lines if line]
        if lines:
            # A headline linking to its own page (a permalink) is this story, not a teaser for another.
            out.append(Block(text="\n".join(lines), kind=kind,
                             linked=tuple(_linked(line, index) and not _same(line, title) for line in lines)))
    return out


def _walk(container: Any) -> Iterator[tuple[BlockKind, str]]:
    """(kind, text) of each block under `container`, descending into wrappers (<div>) so that their
    blocks stay blocks; inline content and tails between blocks gather into paragraphs."""
    loose = [container.text or ""]
    for el in container:
        if el.tag in _WRAPPERS and any(child.tag in _BLOCK_TAGS for child in el):
            yield "paragraph", "".join(loose)
            loose = []
            yield from _walk(el)
        elif el.tag in _BLOCK_TAGS or el.tag in _WRAPPERS:
            yield "paragraph", "".join(loose)
            loose = []
            yield _KINDS.get(el.tag, "paragraph"), _block_text(el)
        elif el.tag == "lb":
            loose.append("\n")
        elif not isinstance(el.tag, str):  # a comment or processing instruction: no text of the page
            pass
        else:  # inline (<hi>, <ref>, ...) at the top level: part of the loose paragraph around it
            loose.append(_block_text(el))
        loose.append(el.tail or "")
    yield "paragraph", "".join(loose)


def _link_index(links: frozenset[str]) -> dict[str, list[str]]:
    index: dict[str, list[str]] = {}
    for text in links:
        index.setdefault(_key3(text.split()), []).append(text)
    return index


def _key3(words: list[str]) -> str:
    return " ".join(w.strip(_EDGE) for w in words[:3])


def _linked(line: str, index: dict[str, list[str]]) -> bool:
    """Whether one link's text makes up (nearly) all of the line ("- Headline - May 3", "MORE: Headline")."""
    if not index or len(line) > MAX_LINKED_CHARS:
        return False
    keys = [w.strip(_EDGE) for w in line.split()]
    letters = -1  # counted once, and only when a link's text is in the line
    for i in range(max(0, len(keys) - 2)):
        for text in index.get(" ".join(keys[i:i + 3]), ()):
            if text in line:
                if letters < 0:
                    letters = sum(ch.isalnum() for ch in line)
                if sum(ch.isalnum() for ch in text) >= LINKED_SHARE * letters:
                    return True
    return False


def _block_text(el: Any) -> str:
    parts = [el.text or ""]
    for child in el:
        if not isinstance(child.tag, str):
            pass
        elif child.tag == "lb":
            parts.append("\n")
        elif child.tag == "item":
            parts.append("\n- " + _block_text(child).strip() + "\n")
        elif child.tag == "row":
            parts.append("\n" + " | ".join(" ".join(_block_text(cell).split()) for cell in child) + "\n")
        elif child.tag in _BLOCK_TAGS or child.tag in _WRAPPERS:  # nested blocks: a quote's paragraphs
            parts.append("\n" + _block_text(child) + "\n")
        else:
            parts.append(_block_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _first_part(outlet: str | None) -> str | None:
    """"WSVN 7News | Miami News, Weather" -> "WSVN 7News": og:site_name often carries a tagline."""
    return outlet.split(" | ")[0].strip() or outlet if outlet else outlet


def _strip_outlet(title: str | None, outlet: str | None) -> str | None:
    """"Headline - Outlet | Tagline" -> "Headline": pages append their own name to <title> and og:title."""
    if not title or not outlet:
        return title
    name = outlet
    for sep in (" - ", " | ", " \u2013 ", " \u2014 ", " :: "):
        i = title.rfind(sep + name)
        if i > 0:
            return title[:i].strip()
    return title


def _same(a: str, b: str) -> bool:
    def norm(s: str) -> str:
        return " ".join(s.lower().split()).strip(" .:-|")

    return norm(a) == norm(b)

