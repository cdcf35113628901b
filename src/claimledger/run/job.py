"""Ingest: inputs -> clean -> skip what the store holds -> analyze -> store, one outcome per input.

Every stored article is given its origin (its group of syndicated copies, across/syndication.py) and,
with story claims on, its join, in the same transaction as its ledger (Repository.unit, issue 20): a kill
leaves all of it or none. Resumable by construction: an article is skipped when its id (the sha256 of its
clean text) is stored, so running the same ingest again after an interruption analyses only what is
missing; an article a build before issue 20 stored without its origin or join gets them then.
Cleaning comes first because the id is a hash of the clean text: an article re-scraped with different
page furniture around it is still "unchanged". Its publication (url, outlet, date) is kept all the same
(issue 18): the same wire text from a second outlet is one more publication of a stored text, recorded
once however often it is read.

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
from ..model import Article, Document, Failure, Publication
from ..options import Options
from ..store import Repository
from ..store.db import fault
from ..store.tables import publication_key
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
    unmatched: int = 0  # reanalyzed: corrections no new attribution matches
    publications: int = 0  # publications recorded by this input: 1 for a new text, or another outlet's run of one
    warnings: tuple[str, ...] = ()  # "[W030] ..." what the input's reading repaired or could not read


def ingest(docs: Iterable[Document | Failure], repo: Repository, options: Options | None = None, *,
           failures: bool = True, reanalyze: bool = False) -> Iterator[Outcome]:
    """Analyse and store `docs` (as `ingest.read_inputs` yields them), yielding an Outcome per input.

    Every publication of a text is recorded (issue 18): an input whose clean text is stored already is
    "unchanged", but the outlet, url and date it gives are kept beside that text (once each). With
    `failures` (the default) each failed input is kept in the store's failures table, and an input stored
    or found unchanged has its kept failure cleared.

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
    kept = _Failures(repo, failures)
    origins: Syndication | None = None  # opened at the first article stored (it reads every signature)
    skipped: deque[Outcome] = deque()
    seen: set[str] = set()  # the same article twice in one run is analysed once
    again: list[str] = []  # stored ones to analyse again (reanalyze=True)
    version = analysis_version(options)
    # Publications of a text this run analyses, met again before it is stored: recorded with it.
    waiting: dict[str, list[Publication]] = {}
    keys: dict[str, set[str]] = {}  # their publications' keys, so one met twice is recorded (and counted) once
    saved: set[str] = set()  # texts this run stored (or found stored when it came to save them)

    def fresh() -> Iterator[Article | Failure]:
        for item in clean_many(docs, options):
            if isinstance(item, Article):
                if item.id in saved:  # analysed and stored earlier in this run
                    skipped.append(_outcome(item, "unchanged", repo.add_publications(item.id, item.publications)))
                    continue
                if item.id in seen:  # being analysed: its publications are recorded when it is stored
                    new = [p for p in item.publications if _key(p) not in keys.get(item.id, set())]
                    keys.setdefault(item.id, set()).update(map(_key, new))
                    waiting.setdefault(item.id, []).extend(new)
                    skipped.append(_outcome(item, "unchanged", len(new)))
                    continue
                if repo.has(item.id):
                    publications = repo.add_publications(item.id, item.publications)
                    if reanalyze:  # analysed again once the new ones are stored (run.reanalyze)
                        seen.add(item.id)
                        again.append(item.id)
                        continue
                    skipped.append(_outcome(item, "unchanged", publications))
                    continue
                seen.add(item.id)
                keys[item.id] = set(map(_key, item.publications))
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
        yield from _drain(skipped, kept)
        if isinstance(result, Failure):
            yield kept.note(Outcome(result.path, "failed", error=result.error))
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
            if again_publications := waiting.pop(result.article.id, None):
                repo.add_publications(result.article.id, again_publications)
        saved.add(result.article.id)
        keys.pop(result.article.id, None)
        yield kept.note(_outcome(result.article, "new" if stored else "unchanged", int(stored)))
    yield from _drain(skipped, kept)
    kept.finish()
    if joiner is not None:  # issue 18: save the story-claim index beside the store (merges are in each join)
        joiner.finish()
    if again:
        from .reanalyze import reanalyze as analyse_again

        yield from analyse_again(repo, again, options)
    if origins is None and has_ungrouped(repo):
        # Nothing new, but an earlier run stopped between an article and its origin (or the database
        # predates origins): opening the index groups what is missing.
        Syndication.open(repo)


def _key(p: Publication) -> str:
    return publication_key(p.url, p.outlet, p.published)


def _outcome(article: Article, status: Status, publications: int = 0) -> Outcome:
    return Outcome(article.path, status, article.id, publications=publications, warnings=tuple(article.warnings))


def _drain(queue: deque[Outcome], kept: _Failures) -> Iterator[Outcome]:
    while queue:
        yield kept.note(queue.popleft())


class _Failures:
    """The store's failures table as a run changes it: a failed input's row written at once (the run may
    be killed), rows of inputs stored since cleared in batches (one write per hundred, not per input).
    At the end of a whole run, a kept failure of a line of a file this run read ("feed.jsonl:7") that did
    not fail again is cleared too: the line was mended or removed."""

    def __init__(self, repo: Repository, on: bool) -> None:
        self.repo = repo
        self.known = repo.failed_inputs() if on else set()
        self.on = on
        self.cleared: list[str] = []
        self.read: set[str] = set()  # files this run read
        self.failed: set[str] = set()  # inputs that failed in this run

    def note(self, outcome: Outcome) -> Outcome:
        if not self.on:
            return outcome
        self.read.add(_file_of(outcome.path))
        if outcome.error is not None:
            self.repo.record_failure(outcome.path, outcome.error.code, str(outcome.error))
            self.known.add(outcome.path)
            self.failed.add(outcome.path)
        elif outcome.path in self.known:
            self.known.discard(outcome.path)
            self.cleared.append(outcome.path)
            if len(self.cleared) >= 100:
                self.flush()
        return outcome

    def flush(self) -> None:
        if self.cleared:
            self.repo.clear_failures(self.cleared)
            self.cleared = []

    def finish(self) -> None:
        """After a whole run: also clear the lines of the files read that no longer fail."""
        self.cleared += [k for k in self.known if k not in self.failed and k != _file_of(k) and _file_of(k) in self.read]
        self.flush()


def _file_of(path: str) -> str:
    """The file a JSON Lines item's path names ('feed.jsonl:7' -> 'feed.jsonl'); other paths as they are."""
    head, _, line = path.rpartition(":")
    return head if head and line.isdigit() else path
