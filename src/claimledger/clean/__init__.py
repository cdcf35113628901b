"""clean(): Document -> Article. Drops other-language lines, page furniture and repeated lines.

Everything downstream takes offsets into `Article.text`, so this is the one place text changes shape.
Blocks (paragraphs, headings, lists, quotes, tables: the HTML extractor's, or the input's blank-line
paragraphs) stay separated by "\\n\\n"; lines inside a block by "\\n". A heading is always its own
block, so nothing downstream reads it as part of the paragraph before or after it.
Modules: `language` (line language ID), `furniture` (what a page puts around an article, with reasons),
`reviews` (where a ClaimReview's claim stands in the text).
"""
from __future__ import annotations

import hashlib
import re
import unicodedata

from ..errors import E
from ..model import Article, BlockKind, Document, Removed, TextBlock
from ..options import Options
from .furniture import is_teaser_link, looks_like_headline, reason_for
from .language import main_language, other_language
from .reviews import with_spans

MIN_REPEAT_WORDS = 3

_NEWLINES = re.compile(r"\r\n?|[\u2028\u2029\x85\x0b\x0c]")
_BLANKS = re.compile(r"\n[ \t\u00a0]*\n\s*")
_SPACES = re.compile(r"\s+")
_EDGE_PUNCT = re.compile(r"^[\W_]+|[\W_]+$")

# No prose has a "word" this long; spaCy's tokenizer peels punctuation off such a run one character at a
# time (quadratic: 20k brackets take a minute), so the line goes, reported as unreadable.
_LONG_RUN = re.compile(r"\S{500,}")
# (kind, [(line, linked)]): one block of input before cleaning.
Unit = tuple[BlockKind, list[tuple[str, bool]]]


def _key(line: str) -> str:
    """Normalised form for spotting repeats: case, width, spacing and edge punctuation do not count."""
    norm = unicodedata.normalize("NFKC", line).casefold()
    return _EDGE_PUNCT.sub("", _SPACES.sub(" ", norm))


def is_boilerplate(line: str) -> bool:
    """Whether a whole line is page furniture of any kind (prompt, promo, teaser label, credit, footer)."""
    return reason_for(line) is not None


def _line_reason(line: str, linked: bool, language: str, seen: set[str]) -> str | None:
    if _LONG_RUN.search(line):
        return "unreadable"
    lang = other_language(line, language)
    if lang:
        return f"language:{lang}"
    reason = reason_for(line)
    if reason:
        return reason
    if linked and is_teaser_link(line):
        return "teaser"
    key = _key(line)
    # Only lines of a few words: short repeats are structure (live-blog times "9:05 p.m.", "* * *").
    if len(key.split()) >= MIN_REPEAT_WORDS and key in seen:
        return "repeated"
    return None


def _units(doc: Document) -> list[Unit]:
    if doc.blocks:
        return [(b.kind, list(zip(b.text.split("\n"), b.linked or (False,) * (b.text.count("\n") + 1))))
                for b in doc.blocks]
    text = _NEWLINES.sub("\n", doc.raw)
    return [("paragraph", [(line, False) for line in block.split("\n")]) for block in _BLANKS.split(text)]


def _clean_blocks(units: list[Unit], language: str) -> tuple[list[tuple[BlockKind, str]], list[Removed]]:
    removed: list[Removed] = []
    seen: set[str] = set()
    cleaned: list[tuple[BlockKind, str]] = []  # text "" when cleaning emptied the block
    for kind, lines in units:
        kept: list[str] = []
        for line, linked in lines:
            line = line.strip()
            if not line:
                continue
            reason = _line_reason(line, linked, language, seen)
            if reason:
                removed.append(Removed(text=line, reason=reason))
                continue
            seen.add(_key(line))
            kept.append(line)
        if kept or any(line.strip() for line, _ in lines):
            cleaned.append((kind, "\n".join(kept)))
    return _drop_empty_sections(cleaned, removed)


def _drop_empty_sections(blocks: list[tuple[BlockKind, str]],
                         removed: list[Removed]) -> tuple[list[tuple[BlockKind, str]], list[Removed]]:
    """A heading whose whole section was furniture ("Related coverage" over a list of teasers) or that
    closes the page ("Most read" at its foot) is furniture itself. A heading right above another heading
    (a title over a subtitle) keeps its place."""
    kept: list[tuple[BlockKind, str]] = []
    extra: list[Removed] = []
    for i, (kind, text) in enumerate(blocks):
        if not text:
            continue
        if kind == "heading":
            section = []
            for nxt_kind, nxt_text in blocks[i + 1:]:
                if nxt_kind == "heading":
                    break
                section.append(nxt_text)
            last = all(k != "heading" for k, _ in blocks[i + 1:]) and not any(section)
            if last or (section and not any(section)):
                extra.append(Removed(text=text, reason="furniture"))
                continue
        kept.append((kind, text))
    return kept, removed + extra


def _layout(blocks: list[tuple[BlockKind, str]]) -> tuple[str, list[TextBlock]]:
    spans: list[TextBlock] = []
    pos = 0
    for kind, text in blocks:
        spans.append(TextBlock(kind=kind, start=pos, end=pos + len(text)))
        pos += len(text) + 2
    return "\n\n".join(text for _, text in blocks), spans


def clean(doc: Document, options: Options) -> Article:
    """Clean one document. Raises E005 (wrong language, if required) or E008 (nothing left)."""
    prose = _NEWLINES.sub("\n", doc.raw)
    if options.clean:  # judge the article by its prose, not by the prompts around it
        prose = "\n".join(line for line in prose.split("\n") if reason_for(line.strip()) is None)
    language, sure = main_language(prose, options)
    if sure and language != options.language and options.require_language:
        raise E.E005.error(language=language)
    if options.clean:
        kept, removed = _clean_blocks(_units(doc), language)
        text, blocks = _layout(kept)
    else:
        text, removed, blocks = doc.raw, [], []  # offsets must match the input exactly (PolNeAR evaluation)
    if not text.strip() and not doc.reviews:
        raise E.E008.error()
    title = doc.title
    if title is None:
        first = text.lstrip().split("\n", 1)[0]
        title = first.strip() if looks_like_headline(first) else None
    return Article(
        id=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        path=doc.path,
        text=text,
        title=title,
        language=language,
        removed=removed,
        url=doc.url,
        published=doc.published,
        outlet=doc.outlet,
        warnings=list(doc.warnings),
        reviews=with_spans(doc.reviews, text),
        blocks=blocks if doc.blocks else [],
    )
