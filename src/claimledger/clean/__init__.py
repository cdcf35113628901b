"""clean(): Document -> Article. Drops other-language lines, page furniture and furniture glued on twice.

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
from typing import NamedTuple

from ..errors import E
from ..model import Article, BlockKind, Document, Publication, Removed, TextBlock
from ..options import Options
from .furniture import glued, is_teaser_link, looks_like_headline, reason_for
from .language import PageLanguage, main_language, other_language
from .reviews import with_spans

MIN_REPEAT_WORDS = 3
REFRAIN_WORDS = 6  # a repeated line this short after a different line each time is a refrain, not a copy

_NEWLINES = re.compile(r"\r\n?|[\u2028\u2029\x85\x0b\x0c]")
_BLANKS = re.compile(r"\n[ \t\u00a0]*\n\s*")
_SPACES = re.compile(r"\s+")
_EDGE_PUNCT = re.compile(r"^[\W_]+|[\W_]+$")

# No prose has a "word" this long; spaCy's tokenizer peels punctuation off such a run one character at a
# time (quadratic: 20k brackets take a minute), so the line goes, reported as unreadable.
_LONG_RUN = re.compile(r"\S{500,}")
# A repeated line of these words is a sign-up box or a prompt pasted again, wherever it stands.
_SIGN_UP = re.compile(r"\b(sign(ing)?[ -]?up|subscri(be|bers?|ption)|newsletters?|log[ -]?in|inbox|"
                      r"e-?mail (address|alerts|updates)|click here|tap here|follow us|advertis\w*|cookies?|"
                      r"free trial|donate|join [\d,.]+k? (readers|subscribers|members|people)|"
                      r"our (daily |weekly )?(briefing|podcast))\b", re.IGNORECASE)
# (kind, [(line, linked)]): one block of input before cleaning.
Unit = tuple[BlockKind, list[tuple[str, bool]]]


def _key(line: str) -> str:
    """Normalised form for spotting repeats: case, width, spacing and edge punctuation do not count."""
    norm = unicodedata.normalize("NFKC", line).casefold()
    return _EDGE_PUNCT.sub("", _SPACES.sub(" ", norm))


def is_boilerplate(line: str) -> bool:
    """Whether a whole line is page furniture of any kind (prompt, promo, teaser label, credit, footer)."""
    return reason_for(line) is not None


def _line_reason(line: str, linked: bool, page: PageLanguage) -> str | None:
    """Why a line goes whatever else the page holds: unreadable, another language, furniture, a teaser."""
    if _LONG_RUN.search(line):
        return "unreadable"
    lang = other_language(line, page)
    if lang:
        return f"language:{lang}"
    reason = reason_for(line)
    if reason:
        return reason
    if linked and is_teaser_link(line):
        return "teaser"
    return None


class _Where(NamedTuple):
    """Where a line stands in the page: what tells a repeat that is furniture from one that is content."""
    kind: BlockKind
    section: int  # headings above it (0: before the first heading)
    prev: str  # the key of the line before it
    copy: bool  # its block (all its lines of MIN_REPEAT_WORDS or more) repeats earlier lines


def _furniture_repeat(line: str, key: str, here: _Where, first: _Where | None, title: str) -> bool:
    """Whether a line already kept once is page furniture glued on again, judged by where it repeats.

    Content: an item of a list or a row of a table ("Free shipping" under two products); one line of a
    block that is not a copy as a whole (code, a recipe's steps); the same line under each of several
    headings (a meal plan's "Eat every 2-3 hours"); a short refrain after a different line each time (a
    joke's answer, a reader's signature). Furniture: the headline again, a sign-up shape, a line right
    after itself (a scraper's double), and any other copy of a line in the same stretch of the page (a duplicated paragraph, a box pasted twice).
    Measured on the 120 sample pages and 18 ledger-gold inputs: the rule before (any repeat of three
    words or more) dropped 146 lines on 16 pages, nearly all content (code, a timetable's rows, the same
    questions under each station, jokes' answers); this one drops 3 (two pull quotes, a pasted closing
    paragraph), with the same furniture left on the ledger gold."""
    if first is None or len(key.split()) < MIN_REPEAT_WORDS:
        return False  # short repeats are structure: live-blog times "9:05 p.m.", "* * *"
    if here.kind in ("list", "table"):
        return False
    if key == title or _SIGN_UP.search(line) or here.prev == key:  # ... or the same line twice in a row
        return True
    if not here.copy:
        return False
    if here.section != first.section and here.section and first.section:
        return False
    return not (len(key.split()) <= REFRAIN_WORDS and here.prev != first.prev)


def _units(doc: Document) -> list[Unit]:
    if doc.blocks:
        return [(b.kind, list(zip(b.text.split("\n"), b.linked or (False,) * (b.text.count("\n") + 1))))
                for b in doc.blocks]
    text = _NEWLINES.sub("\n", doc.raw)
    return [("paragraph", [(line, False) for line in block.split("\n")]) for block in _BLANKS.split(text)]


def _clean_blocks(units: list[Unit], page: PageLanguage,
                  title: str) -> tuple[list[tuple[BlockKind, str]], list[Removed]]:
    # One copy of the headline in the body stays even where the page's own heading was taken out (HTML):
    # measured on the sample pages, a headline inside the story is story text.
    removed: list[Removed] = []
    first: dict[str, _Where] = {}  # each kept line's key -> where it was first kept
    cleaned: list[tuple[BlockKind, str]] = []  # text "" when cleaning emptied the block
    section, prev = 0, ""
    for kind, lines in units:
        section += kind == "heading"
        stripped = []
        for line, linked in lines:
            line, cut = glued(line.strip())
            removed += [Removed(text=text, reason=reason) for text, reason in cut]
            stripped.append((line, linked))
        keys = [_key(line) for line, _ in stripped]
        long = [k for k in keys if len(k.split()) >= MIN_REPEAT_WORDS]
        copy = bool(long) and all(k in first for k in long)
        kept: list[str] = []
        for (line, linked), key in zip(stripped, keys):
            if not line:
                continue
            here = _Where(kind, section, prev, copy)
            prev = key
            reason = _line_reason(line, linked, page)
            if reason is None and _furniture_repeat(line, key, here, first.get(key), title):
                reason = "repeated"
            if reason:
                removed.append(Removed(text=line, reason=reason))
                continue
            first.setdefault(key, here)
            kept.append(line)
        if kept or any(line for line, _ in stripped):
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


def _first_line(text: str) -> str | None:
    """The text's first line when it reads as a headline."""
    first = text.lstrip().split("\n", 1)[0]
    return first.strip() if looks_like_headline(first) else None


def clean(doc: Document, options: Options) -> Article:
    """Clean one document. Raises E005 (wrong language, if required) or E008 (nothing left)."""
    prose = _NEWLINES.sub("\n", doc.raw)
    if options.clean:  # judge the article by its prose, not by the prompts around it
        prose = "\n".join(line for line in prose.split("\n") if reason_for(line.strip()) is None)
    page = main_language(prose, options)
    language = page.language
    if page.sure and language != options.language and options.require_language:
        raise E.E005.error(language=language)
    if options.clean:
        headline = doc.title or _first_line(prose)
        kept, removed = _clean_blocks(_units(doc), page, _key(headline) if headline else "")
        text, blocks = _layout(kept)
    else:
        text, removed, blocks = doc.raw, [], []  # offsets must match the input exactly (PolNeAR evaluation)
    if not text.strip() and not doc.reviews:
        raise E.E008.error()
    title = doc.title if doc.title is not None else _first_line(text)
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
        publications=[Publication(doc.url, doc.outlet, doc.published, doc.fetched, doc.path, title)],
    )
