"""claimledger: a claim ledger for the news: who said what, on whose authority, asserting or denying.

    >>> import claimledger
    >>> ledger = claimledger.analyze('"No," the spokesman said.')
    >>> claimledger.ledger_to_dict(ledger)["schema"]
    'claimledger.article/1'

Importing the package is cheap: spaCy and the NLP stages load on the first `analyze` call.
"""
from __future__ import annotations

from importlib import metadata as _metadata
from typing import TYPE_CHECKING, Any

from .errors import ClaimledgerError
from .contract import ledger_to_dict
from .ingest import read_inputs
from .model import (
    SCHEMA,
    Article,
    Attribution,
    Claim,
    Cue,
    Document,
    Failure,
    Ledger,
    RawAttribution,
    Removed,
    Source,
    Span,
)
from .options import Options

if TYPE_CHECKING:
    from .across.track import TrackedArticle, TrackResult, track
    from .api import claim_timeline, export_store, ingest_paths, list_claims, source_profiles
    from .pipeline import analyze, analyze_many
    from .store import Repository, open_repository

try:
    __version__ = _metadata.version("claimledger")
except _metadata.PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+unknown"

# pipeline imports spaCy and every stage, across.track the store (SQLAlchemy) and the relation model;
# resolve these names only when first used (PEP 562).
_LAZY = {"analyze": "pipeline", "analyze_many": "pipeline",
         "track": "across.track", "TrackResult": "across.track", "TrackedArticle": "across.track",
         # The store's commands from Python (issue 21): api.py; the store opens without spaCy.
         "ingest_paths": "api", "list_claims": "api", "claim_timeline": "api", "source_profiles": "api",
         "export_store": "api", "Repository": "store", "open_repository": "store"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        from importlib import import_module

        value = getattr(import_module("." + _LAZY[name], __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'claimledger' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))


__all__ = [
    "SCHEMA",
    "Article",
    "Attribution",
    "ClaimledgerError",
    "Claim",
    "Cue",
    "Document",
    "Failure",
    "Ledger",
    "Options",
    "RawAttribution",
    "Removed",
    "Repository",
    "Source",
    "Span",
    "TrackResult",
    "TrackedArticle",
    "__version__",
    "analyze",
    "analyze_many",
    "claim_timeline",
    "export_store",
    "ingest_paths",
    "ledger_to_dict",
    "list_claims",
    "open_repository",
    "read_inputs",
    "source_profiles",
    "track",
]
