"""HTML pages -> Documents through trafilatura: the article's blocks (kind and links kept), the page's
metadata (JSON-LD, og: tags, then trafilatura's guesses) and any schema.org ClaimReview it carries."""
from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from ..errors import E
from ..model import Block, BlockKind, Document
from .formats import optional_str
from .pagemeta import read_page_meta

# A line counts as a link when this share of its letters is the text of one link to another page.
LINKED_SHARE = 0.8
MAX_LINKED_CHARS = 300  # a teaser is a headline; longer lines are prose, linked or not
_EDGE = "\"'“”‘’[]()<>:;,.!?-–—|•»›"
_KINDS: dict[str, BlockKind] = {"head": "heading", "list": "list", "quote": "quote", "table": "table"}

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

    tree = _parse(_CONTROL_CHAR.sub(" ", _CONTROL_REF.sub(" ", html)))
    if tree is None:
        raise E.E002.error()
    page = read_page_meta(tree)  # before extraction: trafilatura prunes the tree it is given
    result = trafilatura.bare_extraction(tree, with_metadata=True, include_comments=False,
                                         include_tables=True)
    body = getattr(result, "body", None) if result is not None else None
    blocks = _blocks(body, page.links) if body is not None else []
    outlet = _first_part(page.outlet or optional_str(getattr(result, "sitename", None)))
    title = _strip_outlet(page.title or optional_str(getattr(result, "title", None)), outlet)
    # The page title is kept in Document.title; a heading that only repeats it is not article text.
    if blocks and title and _same(blocks[0].text, title):
        blocks = blocks[1:]
    # A headline linking to its own page (a permalink) is this story, not a teaser for another one.
    blocks = [replace(b, linked=tuple(linked and not _same(line, title or "") for line, linked
                                      in zip(b.text.split("\n"), b.linked))) for b in blocks]
    if not blocks and not page.reviews:
        raise E.E002.error()
    return Document(
        path=path,
        raw="\n\n".join(b.text for b in blocks),
        title=title,
        url=page.url or optional_str(getattr(result, "url", None)),
        published=page.published or optional_str(getattr(result, "date", None)),
        outlet=outlet,
        meta=meta,
        blocks=blocks,
        reviews=page.reviews,
    )


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


def _blocks(body: Any, links: frozenset[str]) -> list[Block]:
    """One Block per top-level element of trafilatura's tree; line breaks and list items stay lines."""
    index = _link_index(links)
    out: list[Block] = []
    for el in body:
        lines = [" ".join(line.split()) for line in _block_text(el).split("\n")]
        lines = [line for line in lines if line]
        if lines:
            out.append(Block(text="\n".join(lines), kind=_KINDS.get(el.tag, "paragraph"),
                             linked=tuple(_linked(line, index) for line in lines)))
    return out


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
    words = line.split()
    letters = sum(ch.isalnum() for ch in line)
    for i in range(max(0, len(words) - 2)):
        for text in index.get(_key3(words[i:i + 3]), ()):
            if text in line and sum(ch.isalnum() for ch in text) >= LINKED_SHARE * letters:
                return True
    return False


def _block_text(el: Any) -> str:
    parts = [el.text or ""]
    for child in el:
        if child.tag == "lb":
            parts.append("\n")
        elif child.tag == "item":
            parts.append("\n- " + _block_text(child) + "\n")
        elif child.tag == "row":
            parts.append("\n" + " | ".join(_block_text(cell).strip() for cell in child) + "\n")
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

