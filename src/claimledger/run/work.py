"""What one worker does with one shard: read, clean, skip what the store holds, analyse; rows out.

The same function runs in a multiprocessing worker and in a Ray actor, so the executors differ only in
how shards reach it. The models (spaCy, the ONNX tagger, the relation model) load on the first shard a
process analyses and stay loaded (nlp.load and the extractor's session are cached per process): a worker
loads them once, however many shards it gets.
"""
from __future__ import annotations

import json
import os
import resource
import sys
from dataclasses import dataclass
from typing import Any

from ..contract import ledger_to_dict
from ..errors import ClaimledgerError
from ..model import Article, Document, Failure, Ledger
from ..options import Options
from .shards import ShardSpec, read_unit


@dataclass(frozen=True)
class ShardResult:
    """A shard analysed: its rows (shards.COLUMNS), and the worker that did it with its peak memory."""

    index: int
    rows: list[dict[str, Any]]
    worker: str  # host:pid
    peak_mb: float


def peak_mb() -> float:
    """This process's peak resident memory in MB (Linux reports KiB, macOS bytes)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def _failed(item: Failure) -> dict[str, Any]:
    error: ClaimledgerError = item.error
    message = str(error).removeprefix(f"[{error.code}] ")
    return {"path": item.path, "status": "failed", "error_code": error.code, "error": message}


def _analysed(ledger: Ledger, options: Options) -> dict[str, Any]:
    art = ledger.article
    row = {"path": art.path, "status": "analysed", "id": art.id, "url": art.url, "title": art.title,
           "outlet": art.outlet, "published": art.published,
           "ledger": json.dumps(ledger_to_dict(ledger), ensure_ascii=False)}
    if options.story_claims:
        row.update(statement_vectors(ledger, options))
    return row


def statement_texts(ledger: Ledger) -> list[str]:
    """The texts the story-claim join encodes for an article: its claims' and its title (a superset: the
    join leaves out a title that only names a page)."""
    texts = [c.text for c in ledger.claims if c.text.strip()]
    title = (ledger.article.title or "").strip()
    return list(dict.fromkeys(texts + ([title] if title else [])))


def statement_vectors(ledger: Ledger, options: Options) -> dict[str, Any]:
    """The sentence vectors of the article's statements, computed here in the worker so that the join at the
    end of the job (serial, in the driver) does not: about a third of its time (bench/run.py). The encoder
    reads one text per call, so a vector is the same bytes wherever it is computed."""
    from ..embed import get_encoder, to_bytes

    texts = statement_texts(ledger)
    blob = b"".join(to_bytes(v) for v in get_encoder(options).encode(texts)) if texts else b""
    return {"vector_texts": json.dumps(texts, ensure_ascii=False), "vectors": blob}


def _stored(db: str | None, ids: list[str]) -> set[str]:
    """Which of these article ids the store holds already (not analysed again). No store yet, or one
    this worker cannot open (a file on another machine), holds none: the load finds them unchanged."""
    if not db or not ids:
        return set()
    from ..store import open_repository

    try:
        with open_repository(db, create=False, readonly=True) as repo:
            return repo.stored_ids(ids)
    except ClaimledgerError:
        return set()


def warm(options: Options) -> None:
    """Load the models this process will use (spaCy, the extractor's tagger, the relation model) now, once:
    they are cached per process, so every shard after the first finds them loaded."""
    from .. import nlp
    from ..attribute import get_extractor
    from ..claims.relate import get_relation_model

    nlp.load(options.spacy_model)
    get_extractor(options.extractor, options).close()  # its ONNX session stays cached
    if options.relation:
        get_relation_model(options.relation, options)
    if options.story_claims:
        from ..embed import get_encoder

        get_encoder(options)


def analyse_shard(spec: ShardSpec, options: Options, db: str | None = None) -> ShardResult:
    """Rows for every item the shard names, in input order: a ledger, "unchanged" (its clean text is
    stored already, or came earlier in the shard), or an error."""
    from ..pipeline import analyze_many, clean_many  # late: spaCy loads in the worker, not the driver

    docs: list[Document | Failure] = [item for unit in spec.units for item in read_unit(unit, options)]
    cleaned = list(clean_many(docs, options))
    known = _stored(db, [a.id for a in cleaned if isinstance(a, Article)])
    rows: list[dict[str, Any] | None] = []
    fresh: list[Article | Failure] = []
    seen: set[str] = set()
    for item in cleaned:
        if isinstance(item, Article) and (item.id in known or item.id in seen):
            rows.append({"path": item.path, "status": "unchanged", "id": item.id})
            continue
        if isinstance(item, Article):
            seen.add(item.id)
        rows.append(None)  # filled in input order below
        fresh.append(item)
    results = iter(analyze_many(fresh, options))
    filled = [row if row is not None else _row(next(results), options) for row in rows]
    return ShardResult(spec.index, filled, f"{os.uname().nodename}:{os.getpid()}", round(peak_mb(), 1))


def _row(result: Ledger | Failure, options: Options) -> dict[str, Any]:
    return _failed(result) if isinstance(result, Failure) else _analysed(result, options)
