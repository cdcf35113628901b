"""spaCy: one cached pipeline per model name; `pipe` parses many articles in one batched call."""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import TypeVar

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from .errors import E
from .model import Article
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


def pipe(items: Iterable[Article | T], options: Options) -> Iterator[tuple[Article | T, Doc | None]]:
    """Parse the Articles among `items`, passing everything else through in order (doc None)."""
    nlp = load(options.spacy_model)
    pairs = ((item.text if isinstance(item, Article) else "", item) for item in items)
    kwargs = {"batch_size": options.batch_size, "as_tuples": True}
    if options.n_process > 1:
        kwargs["n_process"] = options.n_process
    for doc, item in nlp.pipe(pairs, **kwargs):  # type: ignore[call-overload]
        if isinstance(item, Article):
            # Block structure travels with the parse so extractors can keep spans out of headings.
            doc.user_data["headings"] = [(b.start, b.end) for b in item.blocks if b.kind == "heading"]
        yield item, (doc if isinstance(item, Article) else None)
