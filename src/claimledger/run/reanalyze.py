"""Re-analysis of stored articles (issue 21): after an upgrade, the store's ledgers follow the software.

`reanalyze(repo, ids, options)` reads each article's stored clean text (and what cleaning recorded: title,
removed lines, page blocks), analyses it again, and rewrites, per article in one transaction under the
join lock (Repository.unit, as ingest does): its ledger and searchable parts (with the analysis version
that made them), its origin (the same group of copies: the text did not change), and its links and relations
to story claims, placed again among the others' (StoryClaims built without the re-analysed articles' old
links). A story claim left with no link is removed in the same transaction. A person's corrections stay in
their table, keyed by the article's hash and the content span they corrected; they are laid over the new
ledger as over the old one, and `Outcome.unmatched` counts those that no new attribution matches (kept for
a later analysis, never dropped). A failed re-analysis leaves the stored ledger as it was.
"""
from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from ..analysis import analysis_version
from ..contract import ledger_to_dict
from ..model import Article, Failure
from ..options import Options
from ..store import Repository
from .job import Outcome

if TYPE_CHECKING:
    from ..across.story_claims import StoryClaims


def stored_articles(repo: Repository, ids: Sequence[str]) -> Iterator[Article]:
    """The stored articles (clean text and metadata) of `ids`, in order; one deleted meanwhile is skipped."""
    for article_id in ids:
        ledger = repo.get(article_id, corrected=False)
        if ledger is not None:
            yield ledger.article


def reanalyze(repo: Repository, ids: Sequence[str], options: Options | None = None) -> Iterator[Outcome]:
    """Analyse the stored articles `ids` again and rewrite what the store derives from them, yielding an
    Outcome per article ("reanalyzed" or "failed"). Raises E063 when the database refuses a write: the
    articles done so far stay done, the others keep their old ledgers."""
    from ..across.syndication import Syndication
    from ..pipeline import analyze_many

    options = options or Options()
    version = analysis_version(options)
    origins: Syndication | None = None
    joiner: StoryClaims | None = None
    for result in analyze_many(stored_articles(repo, ids), options):
        if isinstance(result, Failure):
            yield Outcome(result.path, "failed", error=result.error)
            continue
        if origins is None:  # opened at the first ledger, on connections of their own (before the unit)
            origins = Syndication.open(repo)
            if options.story_claims:
                from ..across.story_claims import StoryClaims

                joiner = StoryClaims(repo, options, without=ids)
        article = result.article
        before = set(repo.story_claims_of(article.id).values())
        with repo.unit():
            repo.save(result, replace=True, version=version)
            origins.group(repo, article.id, article.text)
            if joiner is not None:
                joiner.join(ledger_to_dict(result))
            repo.drop_orphan_story_claims(before)
        corrected = repo.get(article.id)
        unmatched = corrected.corrections.unmatched if corrected is not None and corrected.corrections else 0
        yield Outcome(article.path, "reanalyzed", article.id, unmatched=unmatched)
