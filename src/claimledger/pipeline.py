"""analyze(): Document -> clean -> nlp -> attribute -> sources -> claims (with stance) -> Ledger.

Stages are generators over batches (datatrove-style) so one spaCy `pipe` call serves many articles.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator

from . import claims, clean, nlp, sources
from .attribute import get_extractor, reported
from .claims.relate import get_relation_model
from .errors import ClaimledgerError
from .model import Article, Document, Failure, Ledger  # Failure re-exported from here
from .options import Options


def _cleaned(docs: Iterable[Document | Failure], options: Options) -> Iterator[Article | Failure]:
    for doc in docs:
        if isinstance(doc, Failure):
            yield doc
            continue
        try:
            yield clean.clean(doc, options)
        except ClaimledgerError as err:
            yield Failure(doc.path, err)


def analyze_many(docs: Iterable[Document | Failure], options: Options | None = None) -> Iterator[Ledger | Failure]:
    """Analyse documents in order, yielding a Ledger or a Failure for each."""
    options = options or Options()
    extractor = get_extractor(options.extractor)
    prefetch = getattr(extractor, "prefetch", None)
    relation = get_relation_model(options.relation) if options.relation else None

    def fed(items: Iterator[Article | Failure]) -> Iterator[Article | Failure]:
        for item in items:
            if prefetch is not None and isinstance(item, Article):
                prefetch(item.text)
            yield item

    for item, doc in nlp.pipe(fed(_cleaned(docs, options)), options):
        if isinstance(item, Failure):
            yield item
            continue
        assert doc is not None
        raw = reported(extractor.extract(doc))
        title = item.title if item.title and not item.text.startswith(item.title) else None
        attributions, found = claims.decide(item, doc, sources.type_sources(doc, raw), relation,
                                            nlp.parse(title, options) if title else None)
        yield Ledger(article=item, attributions=attributions, claims=found)


def analyze(text: str | Document, options: Options | None = None, *, title: str | None = None,
            path: str = "<string>") -> Ledger:
    """Analyse one article given as text (or a Document). Raises ClaimledgerError on bad input."""
    doc = text if isinstance(text, Document) else Document(path=path, raw=text, title=title)
    result = next(analyze_many([doc], options))
    if isinstance(result, Failure):
        raise result.error
    return result
