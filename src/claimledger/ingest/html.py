"""HTML pages -> Documents through trafilatura: the article's blocks as paragraphs, with the page's metadata."""
from __future__ import annotations

import re
from typing import Any

from ..errors import E
from ..model import Document
from .formats import optional_str


# Control characters, raw or as entities ("&#8;"), make the XML side of lxml drop the whole tree.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]|&#(?:0*(?:[0-8]|1[124-9]|2\d|3[01])|[xX]0*(?:[0-8bBcCeEfF]|1[0-9a-fA-F]));")
# Layout containers: libxml2 gives up past 256 levels of nesting, so a page of 100,000 nested <div>s
# comes back empty; without them the paragraphs are still there.
_CONTAINERS = re.compile(r"</?(?:div|span|section|font|center)\b[^>]*>", re.IGNORECASE)
_DEEP = 200  # containers opened before this many are closed: too deep for the parser


def _too_deep(html: str) -> bool:
    depth = 0
    for tag in _CONTAINERS.finditer(html):
        depth += -1 if tag.group().startswith("</") else 1
        if depth > _DEEP:
            return True
    return False


def parse_html(html: str, path: str, meta: dict[str, Any]) -> Document:
    import trafilatura  # slow to import; only pay for it when a page shows up

    html = _CONTROL.sub(" ", html)
    if _too_deep(html):
        html = _CONTAINERS.sub("\n", html)
    result = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False,
                                         include_tables=True)
    body = getattr(result, "body", None) if result is not None else None
    paragraphs = _paragraphs(body) if body is not None else []
    title = optional_str(getattr(result, "title", None))
    # The page title is kept in Document.title; a heading that only repeats it is not article text.
    if paragraphs and title and _same(paragraphs[0], title):
        paragraphs = paragraphs[1:]
    if not paragraphs:
        raise E.E002.error()
    return Document(
        path=path,
        raw="\n\n".join(paragraphs),
        title=title,
        url=optional_str(getattr(result, "url", None)),
        published=optional_str(getattr(result, "date", None)),
        outlet=optional_str(getattr(result, "sitename", None)),
        meta=meta,
    )


def _paragraphs(body: Any) -> list[str]:
    """One paragraph per top-level block of trafilatura's tree; line breaks and list items stay lines."""
    out: list[str] = []
    for block in body:
        lines = [" ".join(line.split()) for line in _block_text(block).split("\n")]
        text = "\n".join(line for line in lines if line)
        if text:
            out.append(text)
    return out


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


def _same(a: str, b: str) -> bool:
    def norm(s: str) -> str:
        return " ".join(s.lower().split()).strip(" .:-|")

    return norm(a) == norm(b)
