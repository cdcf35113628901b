"""analyze(): Document -> clean -> nlp -> attribute -> sources -> claims (with stance) -> Ledger.

Stages are generators over batches (datatrove-style) so one spaCy `pipe` call serves many articles.
Each document is isolated: whatever goes wrong with one (an exception in any stage, the time limit)
becomes that document's numbered Failure, and the documents batched with it are still analysed.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from typing import TypeVar

from spacy.tokens import Doc

from . import claims, clean, nlp, sources
from .attribute import Extractor, get_extractor, reported
from .attribute.bounds import within_headings
from .attribute.repairs import quotes_after_naming, shared_subjects, within_paragraphs, without_topic_headlines
from .attribute.reports import with_reported_claims
from .claims.relate import RelationModel, get_relation_model
from .errors import ClaimledgerError, E
from .limits import time_limit
from .model import Article, Document, Failure, Ledger, RawAttribution  # Failure re-exported from here
from .options import Options

T = TypeVar("T")


def _failure(path: str, stage: str, err: Exception) -> Failure:
    """A numbered error for `err`: ours as they are, anything else as E015 with its type."""
    if isinstance(err, ClaimledgerError):
        return Failure(path, err)
    detail = f"{type(err).__name__}: {err}"
    return Failure(path, E.E015.error(stage=stage, detail=detail[:300]))


def _guarded(path: str, stage: str, seconds: float | None, work: Callable[[], T]) -> T | Failure:
    try:
        with time_limit(seconds):
            return work()
    except Exception as err:  # noqa: BLE001: one document's failure, whatever it is, stays its own
        return _failure(path, stage, err)


def clean_many(docs: Iterable[Document | Article | Failure], options: Options) -> Iterator[Article | Failure]:
    """Clean each document (an Article is already clean and passes as it is); a failure stays its own."""
    for doc in docs:
        if isinstance(doc, (Failure, Article)):
            yield doc
        else:
            yield _guarded(doc.path, "clean", options.time_limit, lambda: clean.clean(doc, options))


def _batches(items: Iterator[T], size: int) -> Iterator[list[T]]:
    while batch := list(islice(items, max(1, size))):
        yield batch


def _parsed(batch: list[Article | Failure], options: Options) -> list[tuple[Article | Failure, Doc | Failure | None]]:
    """Parse a batch in one spaCy call; if that fails, parse its articles one by one, so only the
    article at fault fails (and only it is charged the time limit)."""
    n = sum(isinstance(item, Article) for item in batch)
    limit = options.time_limit * n if options.time_limit and n else None
    try:
        with time_limit(limit):
            return list(nlp.pipe(batch, options))
    except Exception:  # noqa: BLE001: retried one by one below, where each failure gets its error
        pass
    out: list[tuple[Article | Failure, Doc | Failure | None]] = []
    for item in batch:
        if isinstance(item, Failure):
            out.append((item, None))
            continue
        parse = _guarded(item.path, "parse", options.time_limit, lambda: list(nlp.pipe([item], options))[0][1])
        out.append((item, parse))
    return out


def _parse_of(article: Article, doc: Doc | None) -> Doc:
    if doc is None:
        raise RuntimeError(f"no parse for {article.path}")
    return doc


def _raw_attributions(article: Article, doc: Doc, extractor: Extractor) -> list[RawAttribution]:
    """The extractor's spans, then the repairs every extractor needs (attribute/repairs, reports)."""
    text = article.text
    raw = shared_subjects(text, within_paragraphs(text, quotes_after_naming(text, reported(extractor.extract(doc)))))
    raw = with_reported_claims(doc, without_topic_headlines(text, raw))
    return within_headings(raw, nlp.headings_of(doc), text)


def _ledger(article: Article, doc: Doc, extractor: Extractor, relation: RelationModel | None,
            options: Options) -> Ledger:
    raw = _raw_attributions(article, doc, extractor)
    # A title that is not the text's first line is a statement too (the headline's claim).
    title = article.title if article.title and not article.text.startswith(article.title) else None
    attributions, found = claims.decide(article, doc, sources.type_sources(doc, raw), relation,
                                        nlp.parse(title, options) if title else None)
    return Ledger(article=article, attributions=attributions, claims=found)


def analyze_many(docs: Iterable[Document | Article | Failure], options: Options | None = None) -> Iterator[Ledger | Failure]:
    """Analyse documents in order, yielding a Ledger or a Failure for each. Articles (documents that
    `clean_many` already cleaned, as the store's ingest does to skip stored ones) are not cleaned again."""
    options = options or Options()
    extractor = get_extractor(options.extractor, options)
    relation = get_relation_model(options.relation, options) if options.relation else None
    try:
        for batch in _batches(clean_many(docs, options), options.batch_size):
            for item in batch:  # the tagger starts on the batch while spaCy parses it
                if isinstance(item, Article):
                    extractor.prefetch(item.text)
            for original, (item, doc) in zip(batch, _parsed(batch, options)):
                if isinstance(item, Failure):
                    if isinstance(original, Article):
                        extractor.forget(original.text)  # refused by the parser (E030): its tagging stops too
                    yield item
                    continue
                article = item
                result = doc if isinstance(doc, Failure) else _guarded(
                    article.path, "attribute", options.time_limit,
                    lambda: _ledger(article, _parse_of(article, doc), extractor, relation, options))
                if isinstance(result, Failure):
                    extractor.forget(article.text)  # its tagger work, if still queued or running, ends now
                yield result
    finally:
        extractor.close()  # no worker thread outlives the run (a hang must not keep the process alive)


def analyze(text: str | Document, options: Options | None = None, *, title: str | None = None,
            path: str = "<string>") -> Ledger:
    """Analyse one article given as text (or a Document). Raises ClaimledgerError on bad input."""
    doc = text if isinstance(text, Document) else Document(path=path, raw=text, title=title)
    result = next(analyze_many([doc], options))
    if isinstance(result, Failure):
        raise result.error
    return result
