"""The store's commands from Python (issue 21): what `ingest`, `claims`, `claim`, `sources` and `export` do, as
functions over a database URL or an open Repository. The CLI commands are shells over the same calls.

Named apart from the subpackages `claimledger.ingest` and `claimledger.claims` (a package attribute cannot be
both a module and a function): `ingest_paths`, `list_claims`, `claim_timeline`, `source_profiles`,
`export_store`. Each opens the store for as long as the call lasts when given a URL.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import IO, TYPE_CHECKING, TypeVar

from .options import Options
from .store import DEFAULT_URL, Repository, open_repository

if TYPE_CHECKING:
    from .across.views import ClaimSummary, Profiles, Timeline
    from .run.job import Outcome

T = TypeVar("T")
FORMATS = ("jsonl", "csv", "claims-csv", "claimreview", "labelstudio", "parquet")


@contextmanager
def _opened(db: str | Repository, *, write: bool) -> Iterator[Repository]:
    if isinstance(db, Repository):
        yield db
        return
    with open_repository(db, create=write, readonly=not write) as repo:
        yield repo


def _read(db: str | Repository, work: Callable[[Repository], T]) -> T:
    with _opened(db, write=False) as repo:
        return work(repo)


def ingest_paths(paths: str | Sequence[str], db: str | Repository = DEFAULT_URL, options: Options | None = None, *,
                 reanalyze: bool = False) -> list[Outcome]:
    """Analyse and store articles (files, folders, JSON Lines; as `claimledger ingest`), each once: one Outcome
    per input ("new", "unchanged", "reanalyzed" or "failed" with its numbered error)."""
    from .ingest import read_inputs
    from .run.job import ingest

    options = options or Options()
    with _opened(db, write=True) as repo:
        return list(ingest(read_inputs([paths] if isinstance(paths, str) else list(paths), options), repo, options,
                           reanalyze=reanalyze))


def list_claims(db: str | Repository = DEFAULT_URL, *, contested: bool = False, since: date | None = None,
                outlet: str | None = None, limit: int | None = None) -> list[ClaimSummary]:
    """Claims across the stored articles, most disputed first (as `claimledger claims`)."""
    from .across import views

    return _read(db, lambda repo: views.list_claims(repo, contested=contested, since=since, outlet=outlet,
                                                    limit=limit))


def claim_timeline(claim_id: int, db: str | Repository = DEFAULT_URL) -> Timeline:
    """One story claim's statements, oldest first (as `claimledger claim ID`); E075 for an unknown id."""
    from .across import views

    return _read(db, lambda repo: views.timeline(repo, claim_id))


def source_profiles(db: str | Repository = DEFAULT_URL, *, top: int = 10) -> Profiles:
    """Outlets and named sources profiled (as `claimledger sources`)."""
    from .across import views

    return _read(db, lambda repo: views.profiles(repo, top=top))


def export_store(out: IO[str] | str | Path, db: str | Repository = DEFAULT_URL, *, format: str = "jsonl",
                 since: str | None = None, outlet: str | None = None, contested: bool = False) -> None:
    """Write what the store holds in one of FORMATS (as `claimledger export`) to a text stream or a file path
    (for parquet, a folder), keeping articles published since `since` (YYYY-MM-DD), of `outlet`, with a
    statement on a contested claim."""
    if format not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}, not {format!r}")

    def work(repo: Repository) -> None:
        from .across.views import selected_articles

        keep = selected_articles(repo, since=since, outlet=outlet, contested=contested and format != "claims-csv")
        if format == "parquet":
            from .exchange import parquet

            if not isinstance(out, (str, Path)):
                raise ValueError("parquet writes a folder of files: give its path")
            parquet.write(repo, Path(out), only=keep)
            return
        if isinstance(out, (str, Path)):
            with open(out, "w", encoding="utf-8", newline="") as handle:
                write_export(repo, format, handle, keep, contested)
        else:
            write_export(repo, format, out, keep, contested)

    _read(db, work)


def write_export(repo: Repository, format: str, out: IO[str], keep: set[str] | None, contested: bool) -> None:
    """One text format of `export` (all but parquet) of the articles in `keep` (None: all)."""
    from .exchange.cells import write_csv

    ledgers = (ledger for ledger in repo.ledgers() if keep is None or ledger.article.id in keep)
    if format == "jsonl":
        from .exchange import jsonl
        from .store.story import origin_map

        jsonl.write(out, ledgers, origin_map(repo))
    elif format == "csv":
        write_csv(out, (r for r in repo.attribution_rows() if keep is None or r["article_id"] in keep))
    elif format == "claims-csv":
        from .across.views import STATEMENT_COLUMNS, statement_rows

        write_csv(out, statement_rows(repo, articles=keep, contested=contested), STATEMENT_COLUMNS)
    elif format == "claimreview":
        from .exchange import claimreview

        claimreview.write(out, ledgers)
    else:
        from .exchange import labelstudio

        labelstudio.write(out, ledgers)
