"""What every request shares: the settings, the open store, the token check, one lock for the models.

The store is opened once (SQLAlchemy's engine is safe across threads); analysis, ingest and track use
the spaCy and ONNX models, which are loaded once and not shared between threads: one runs at a time.
"""
from __future__ import annotations

import hmac
import threading
from dataclasses import dataclass, field
from typing import Any

from ..options import Options
from ..store import Repository, open_repository

DEFAULT_MAX_BODY = 5 * 1024 * 1024  # bytes; a larger request body is answered 413
MAX_LIMIT = 200  # the most items one page of a list holds


@dataclass(frozen=True)
class Settings:
    """How `claimledger serve` was started. `token` None: every write is refused (401)."""

    db: str
    token: str | None = None
    max_body: int = DEFAULT_MAX_BODY
    options: Options = field(default_factory=lambda: Options(time_limit=120.0))
    create: bool = False  # create an empty SQLite store when the file is missing


class State:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.repo: Repository = open_repository(settings.db, create=settings.create)
        self.models = threading.Lock()
        self.reading = threading.Lock()  # one claims list read at a time (see api.claim_summaries)
        self.cache: dict[Any, Any] = {}  # answers kept a short while (api.CLAIMS_TTL); cleared on writes

    def close(self) -> None:
        self.repo.close()

    def token_ok(self, given: str | None) -> bool:
        """Constant-time comparison with the configured token; False when none is configured."""
        want = self.settings.token
        if not want or not given:
            return False
        return hmac.compare_digest(given.encode("utf-8"), want.encode("utf-8"))
