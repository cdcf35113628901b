"""Numbered, centralised error messages (spaCy-style): users can search for the code."""
from __future__ import annotations

from enum import Enum


class ClaimledgerError(Exception):
    """Every error the library raises on purpose; `code` is stable across releases."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(f"[{code}] {message}")
        self.code = code


class E(Enum):
    E001 = "No {kind} named '{name}'. Available: {names}."
    E002 = "Input is empty (nothing left after reading)."
    E003 = "Input looks binary, not text."
    E004 = "Cannot decode input as UTF-8, UTF-16 or Latin-1."
    E005 = "Article is not English (detected '{language}'); only English is supported."
    E006 = "No such file or directory: {path}"
    E007 = "Line {line}: not a JSON object with a 'text' field ({detail})."
    E008 = "No text left after cleaning (everything was boilerplate, repeated or another language)."
    E009 = "The spaCy model '{name}' is not installed. Run `make demo` or `pip install -e .`."
    E010 = "The trained attribution model is missing at {path}. Run `make train` to rebuild it."
    E011 = "PolNeAR split not found at {path} (expected text/ and attributions/)."
    E012 = "Unsupported file type for {path}: {detail}"
    E013 = "Cannot read {path}: {detail}"
    E014 = "CLAIMLEDGER_THREADS must be a whole number of at least 1, not '{value}'."
    E035 = "{path} lacks the column(s) {columns}."
    E036 = "{path}: unknown stance '{value}' (expected one of {allowed})."
    E037 = "{path} names Body ID {body}, which {bodies} does not hold."
    E038 = "The claim-relation model is missing or unreadable at {path}. Run `make train-relation` to rebuild it."
    E039 = "--cv needs at least 2 folds and as many groups of pairs as folds (got {k} folds, {groups} groups)."

    def error(self, **kwargs: object) -> ClaimledgerError:
        return ClaimledgerError(self.name, self.value.format(**kwargs))
