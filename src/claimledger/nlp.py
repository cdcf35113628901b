"""spaCy: one cached pipeline per model name; `pipe` parses many articles in one batched call."""
from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import TypeVar

import numpy
import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span as SpacySpan

from .errors import E
from .model import Article, Failure
from .options import Options

T = TypeVar("T")


def text_of(doc: Doc) -> str:
    """`doc.text` joins every token on each access; the stages read it often, so cache it once."""
    text = doc.user_data.get("text")
    if text is None:
        text = doc.user_data["text"] = doc.text
    return text


def headings_of(doc: Doc) -> list[tuple[int, int]]:
    """(start, end) of the heading blocks of the article behind `doc` (HTML pages; none for plain text)."""
    return list(doc.user_data.get("headings", ()))


def ents_in(span: SpacySpan) -> list[SpacySpan]:
    """`span.ents` (the entities wholly inside `span`) by bisection: spaCy's `Span.ents` walks every entity
    of the document on each call, which made source reading quadratic in long articles (issue 8)."""
    doc = span.doc
    index = doc.user_data.get("ents")
    if index is None:
        ents = list(doc.ents)
        index = doc.user_data["ents"] = (ents, [e.start for e in ents])
    ents, starts = index
    out = []
    for i in range(bisect_left(starts, span.start), len(ents)):
        if ents[i].start >= span.end:
            break
        if ents[i].end <= span.end:
            out.append(ents[i])
    return out


def sents_of(doc: Doc) -> list[SpacySpan]:
    """The sentences, listed once: `doc.sents` builds them anew on every walk, and the stages look
    sentences up by offset (bisect over their start characters) rather than walking them all."""
    sents = doc.user_data.get("sents")
    if sents is None:
        sents = doc.user_data["sents"] = list(doc.sents)
    return sents


@Language.component("paragraph_breaks")
def paragraph_breaks(doc: Doc) -> Doc:
    """A line break ends a sentence: the small parser otherwise glues paragraphs (and quotes) together."""
    for tok in doc[:-1]:
        if tok.is_space and "\n" in tok.text:
            doc[tok.i + 1].is_sent_start = True
        elif "\n" in tok.whitespace_:
            doc[tok.i + 1].is_sent_start = True
    return doc


@lru_cache(maxsize=4)
def load(name: str) -> Language:
    try:
        nlp = spacy.load(name)
    except OSError:
        raise E.E009.error(name=name) from None
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("paragraph_breaks", before="parser")
    return nlp


def parse(text: str, options: Options | None = None) -> Doc:
    return load((options or Options()).spacy_model)(text)


def pipe(items: Iterable[Article | T], options: Options) -> Iterator[tuple[Article | Failure | T, Doc | None]]:
    """Parse the Articles among `items`, passing everything else through in order (doc None).

    An article longer than `Options.section_chars` is parsed in sections as it enters the batch and
    comes out as one Doc of the whole text; with `long_articles="refuse"`, one over spaCy's limit comes
    out as a Failure (E030) instead."""
    nlp = load(options.spacy_model)
    refuse = options.long_articles == "refuse"

    # Each text goes with (item, its Doc when parsed already); "" stands in for what spaCy need not parse.
    def texts() -> Iterator[tuple[str, tuple[Article | Failure | T, Doc | None]]]:
        for item in items:
            if not isinstance(item, Article):
                yield "", (item, None)
            elif refuse and len(item.text) > nlp.max_length:
                yield "", (Failure(item.path, E.E030.error(length=len(item.text), limit=nlp.max_length)), None)
            elif not refuse and len(item.text) > options.section_chars:
                yield "", _in_sections(nlp, item, options.section_chars)
            else:
                yield item.text, (item, None)

    kwargs = {"batch_size": options.batch_size, "as_tuples": True}
    if options.n_process > 1:
        kwargs["n_process"] = options.n_process
    for doc, (item, whole) in nlp.pipe(texts(), **kwargs):  # type: ignore[call-overload]
        parsed = whole if whole is not None else doc if isinstance(item, Article) else None
        if isinstance(item, Article) and parsed is not None:
            # Block structure travels with the parse so extractors can keep spans out of headings.
            parsed.user_data["headings"] = [(b.start, b.end) for b in item.blocks if b.kind == "heading"]
        yield item, parsed


def _in_sections(nlp: Language, article: Article, size: int) -> tuple[Article | Failure, Doc | None]:
    """One section at a time (sections batched together need spaCy's memory for all of them at once:
    +320 MB for ten 10k sections, +31 MB one by one), then one Doc with offsets into the whole text."""
    text = article.text
    parts = []
    for doc in nlp.pipe((text[a:b] for a, b in sections(text, size)), batch_size=1):
        doc.tensor = numpy.empty((0, 0), dtype="float32")  # no stage reads it: free it section by section
        parts.append(doc)
    joined = Doc.from_docs(parts, ensure_whitespace=False, exclude=["tensor", "user_data"])  # type: ignore[call-arg]
    if joined.text != text:
        return Failure(article.path, E.E032.error(length=len(text))), None
    return article, joined


# Where a section may end, best first: after a line break, after a sentence end, after any space; each
# cut falls at the end of a run of white space, where spaCy's tokens break whatever follows.
_CUTS = (re.compile(r"\n\s*"), re.compile(r"[.!?][\"\u201d\u2019')\]]*\s+"), re.compile(r"\s+"))


def sections(text: str, size: int) -> list[tuple[int, int]]:
    """[start, end) ranges of at most `size` characters that tile `text`, each cut in its second half
    at the best place `_CUTS` finds there (a text without any space is cut every `size` characters)."""
    out: list[tuple[int, int]] = []
    start = 0
    while len(text) - start > size:
        end = start + size
        for cut in _CUTS:
            found = [m.end() for m in cut.finditer(text, start + size // 2, end) if m.end() < end]
            if found:
                end = found[-1]
                break
        out.append((start, end))
        start = end
    out.append((start, len(text)))
    return out
