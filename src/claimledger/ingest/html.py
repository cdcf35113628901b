"""HTML pages -> Documents through trafilatura: the article's blocks as paragraphs, with the page's metadata."""
from __future__ import annotations

from typing import Any

from ..errors import E
from ..model import Document
from .formats import optional_str


def parse_html(html: str, path: str, meta: dict[str, Any]) -> Document:
    import trafilatura  # slow to import; only pay for it when a page shows up

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
