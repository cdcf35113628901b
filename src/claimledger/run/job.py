"""Ingest: inputs -> clean -> skip what the store holds -> analyze -> store, one outcome per input.

Every stored article is given its origin (its group of syndicated copies, across/syndication.py) and,
with story claims on, its join, in the same transaction as its ledger (Repository.unit, issue 20): a kill
leaves all of it or none. Resumable by construction: an article is skipped when its id (the sha256 of its
clean text) is stored, so running the same ingest again after an interruption analyses only what is
missing; an article a build before issue 20 stored without its origin or join gets them then.
Cleaning comes first because the id is a hash of the clean text: an article re-scraped with different
page furniture around it is still "unchanged".

With `Options.story_claims` (the default) each newly stored article's claims then join the claims across
articles (across.story_claims.StoryClaims, loaded on the first analysed article): a second run joins its
new articles to the story claims the first one made without recomputing them.
"""
from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from ..analysis import analysis_version
from ..errors import ClaimledgerError
from ..contract import ledger_to_dict
from ..model import Article, Document, Failure
from ..options import Options
from ..store import Repository
from ..store.db import fault
from ..store.story import has_ungrouped, unjoined

if TYPE_CHECKING:
    from ..across.story_claims import StoryClaims
    from ..across.syndication import Syndication

Status = Literal["new", "unchanged", "reanalyzed", "failed"]


@dataclass(frozen=True)
class Outcome:
    """What happened to one input: stored now ("new"), already stored ("unchanged"), stored and analysed
    again ("reanalyzed", with the corrections no new attribution matches: `unmatched`), or "failed"."""

    path: str
    status: Status
    article_id: str | None = None
    error: ClaimledgerError | None = None
    unmatched: int = 0


def ingest(docs: Iterable[Document | Failure], repo: Repository, options: Options | None = None, *,
           reanalyze: bool = False) -> Iterator[Outcome]:
    """Analyse and store `docs` (as `ingest.read_inputs` yields them), yielding an Outcome per input.

    Outcomes of skipped articles may come a little before those of articles read earlier (analysis
    runs in batches). Raises E063 when the database refuses a write: what was stored stays stored.
    reanalyze=True: inputs already stored are analysed again once the new ones are stored (run.reanalyze),
    rather than skipped as unchanged.
    """
    from ..pipeline import analyze_many, clean_many  # late: spaCy loads only when there is work
    # Here rather than at the first stored article: datasketch imports scipy (1.5 s), and an import cut
    # by Ctrl-C inside compiled code can be swallowed or turn the exit into a bare SIGINT.
    from ..across.syndication import Syndication

    options = options or Options()
    origins: Syndication | None = None  # opened at the first article stored (it reads every signature)
    skipped: deque[Outcome] = deque()
    seen: set[str] = set()  # the same article twice in one run is analysed once
    again: list[str] = []  # stored ones to analyse again (reanalyze=True)
    version = analysis_version(options)

    def fresh() -> Iterator[Article | Failure]:
        for item in clean_many(docs, options):
            if isinstance(item, Article):
                if reanalyze and item.id not in seen and repo.has(item.id):
                    seen.add(item.id)
                    again.append(item.id)
                    continue
                if item.id in seen or repo.has(item.id):
                    skipped.append(Outcome(item.path, "unchanged", item.id))
                    continue
                seen.add(item.id)
            yield item

    joiner: StoryClaims | None = None
    if options.story_claims:
        from ..across.story_claims import StoryClaims

        if left := unjoined(repo):  # stored by a run stopped before it joined them
            joiner = StoryClaims(repo, options)
            for article_id in left:
                if (stored_ledger := repo.get(article_id, corrected=False)) is not None:
                    joiner.join(ledger_to_dict(stored_ledger))
    for result in analyze_many(fresh(), options):
        yield from _drain(skipped)
        if isinstance(result, Failure):
            yield Outcome(result.path, "failed", error=result.error)
            continue
        # Opened before the unit of work: they read the store on connections of their own.
        if origins is None:
            origins = Syndication.open(repo)
        if options.story_claims and joiner is None:
            joiner = StoryClaims(repo, options)
        # The article, its origin and its join: one transaction under the join lock (issue 20), so a kill
        # leaves all of it or none, and concurrent ingests store, group and join in one order.
        with repo.unit():
            stored = repo.save(result, version=version)
            fault("save")  # tests: killed between an article and its origin
            if stored:
                origins.group(repo, result.article.id, result.article.text)
                fault("origin")  # tests: killed between an origin and the join
                if joiner is not None:
                    joiner.join(ledger_to_dict(result))
        yield Outcome(result.article.path, "new" if stored else "unchanged", result.article.id)
    yield from _drain(skipped)
    if again:
        from .reanalyze import reanalyze as analyse_again

        yield from analyse_again(repo, again, options)
    if origins is None and has_ungrouped(repo):
        # Nothing new, but an earlier run stopped between an article and its origin (or the database
        # predates origins): opening the index groups what is missing.
        Syndication.open(repo)


def _drain(queue: deque[Outcome]) -> Iterator[Outcome]:
    while queue:
        yield queue.popleft()
