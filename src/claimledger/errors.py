"""Numbered, centralised error messages (spaCy-style): users can search for the code."""
from __future__ import annotations

from enum import Enum


class ClaimledgerError(Exception):
    """Every error the library raises on purpose; `code` is stable across releases."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(f"[{code}] {message}")
        self.code = code


class W(Enum):
    """Warnings: the input was read, with a repair the user should know about."""

    W001 = "{count} undecodable byte(s) replaced with U+FFFD."
    W002 = "{count} NUL or lone-surrogate character(s) replaced with U+FFFD."
    # The store follows upgrades (issue 21)
    W010 = ("{count} correction(s) match no attribution of the new analysis; they are kept and apply again "
            "when an analysis finds their span.")
    W011 = ("{count} unchanged article(s) were analysed by another version ({version} now): "
            "`claimledger reanalyze --older-than-version` or `ingest --reanalyze` refreshes their ledgers.")
    # Inputs from the web and archives (issue 18)
    W020 = "The page declared charset '{declared}', which does not decode it; read as {used}."
    W021 = "{count} link(s) in this feed or sitemap were not http(s) URLs and were skipped."
    # Publications (issue 18)
    W030 = ("Publication date {value} is not a date claimledger can read (it reads e.g. 2026-11-02, "
            "'Nov 2, 2026', '2 November 2026', RFC 2822); kept as given, and the timeline uses the ingest time.")
    W031 = ("Field(s) {fields} of {path} are not read by claimledger (it reads text, title, url, outlet, published, "
            "fetched) and are not stored; reported once per run.")

    def message(self, **kwargs: object) -> str:
        return f"[{self.name}] {self.value.format(**kwargs)}"


class E(Enum):
    E001 = "No {kind} named '{name}'. Available: {names}."
    E002 = "Input is empty (nothing left after reading)."
    E003 = "Input looks binary, not text."
    E004 = "Cannot decode input as UTF-8, UTF-16 or Latin-1."
    E005 = "Article is not English (detected '{language}'); only English is supported."
    E006 = "No such file or directory: {path}"
    E007 = "Line {line}: not a JSON object with a 'text' field ({detail})."
    E008 = "No text left after cleaning (everything was boilerplate, repeated, unreadable or another language)."
    E009 = "The spaCy model '{name}' is not installed. Run `make demo` or `pip install -e .`."
    E010 = "The trained attribution model is missing at {path}. Run `make train` to rebuild it."
    E011 = "PolNeAR split not found at {path} (expected text/ and attributions/)."
    E012 = "Unsupported file type for {path}: {detail}"
    E013 = "Cannot read {path}: {detail}"
    E015 = "Analysis failed ({stage}): {detail}. This is a bug; the rest of the batch carries on."
    E016 = "Analysis took longer than the time limit of {seconds:g} s per document (--time-limit)."
    E017 = "Cannot write the output ({detail}); stopping."
    E018 = "Not a regular file ({kind}); only regular files are read."
    E019 = "Symbolic link to {target}, outside the folders given; not followed (--follow-links allows it)."
    E020 = "Input is {size:,} bytes, over the limit of {limit:,} bytes (--max-bytes)."
    E021 = "No input files in this directory (hidden files are skipped)."
    E022 = "Cannot read this directory: {detail}"
    E030 = ("Article is {length:,} characters after cleaning, over the {limit:,} spaCy parses at once; "
            "it was refused because long_articles is 'refuse' ('split' analyzes it in sections).")
    E031 = "Option {field} must be {expected}, not {value!r}."
    E032 = "The parsed sections of a {length:,}-character article do not rejoin into its text (a bug; please report it)."
    E035 = "{path} lacks the column(s) {columns}."
    E036 = "{path}: unknown stance '{value}' (expected one of {allowed})."
    E037 = "{path} names Body ID {body}, which {bodies} does not hold."
    E038 = "The claim-relation model is missing or unreadable at {path}. Run `make train-relation` to rebuild it."
    E039 = "--cv needs at least 2 folds and as many groups of pairs as folds (got {k} folds, {groups} groups)."
    # Inputs from the web and archives (issue 18)
    E120 = "Not a URL that is fetched ({detail}): only http:// and https:// are read from the web."
    E121 = ("{host} resolves to {address}, a private, loopback or link-local address: not fetched "
            "(--allow-private allows it).")
    E122 = "Cannot fetch {url}: {detail}"
    E123 = "Gave up on {url}: {detail} (--timeout)."
    E124 = "The server answered {status} for {url}; only pages answered 200 are read."
    E125 = "More than {limit} redirects from {url}; not followed further."
    E126 = "robots.txt of {origin} disallows {url} for claimledger; not fetched."
    E127 = "The body of {url} is over the limit of {limit:,} bytes (--max-page-bytes); not read."
    E128 = "{url} is {content_type}, not a web page, feed or sitemap."
    E129 = "Not a readable feed or sitemap ({detail})."
    E130 = "WARC archive damaged at byte {offset:,} ({detail}); {pages} page(s) before it were read."
    E131 = "WARC record {record} of {url} is truncated ({got:,} of {expected:,} bytes): the archive is cut off there."
    E132 = "Line {line} of a URL list is not an http(s) URL: {text}"
    E133 = "robots.txt of {origin} cannot be read ({detail}); its pages are not fetched until it can."
    E134 = "No HTML page answered 200 in this WARC archive ({records} record(s) read)."
    E135 = "Sitemap index nested deeper than {limit} levels at {url}; not followed."
    E136 = "Cannot decompress {what}: {detail}"
    E060 = "Cannot open the database {url}: {detail}"
    E061 = ("Unsupported database URL '{url}': give a SQLite file (claimledger.db or sqlite:///PATH) or "
            "postgresql://USER:PASSWORD@HOST:PORT/DATABASE.")
    E062 = ("The database {url} has schema revision '{revision}', which this claimledger does not know "
            "(written by a newer version?): upgrade claimledger to use it.")
    E063 = "Cannot write to the database {url}: {detail}. Stopping; every article stored so far is kept."
    E064 = "No database at {path}: run `claimledger ingest` first, or point --db at one."
    # A store that never breaks (issue 20)
    E065 = ("{url} is not a claimledger store ({detail}); it was left as it was. Point --db at a store, or at "
            "a new file.")
    E066 = ("The database {url} is damaged ({detail}). Copy out what it still holds with "
            "`sqlite3 {path} .recover | sqlite3 recovered.db`, then use --db recovered.db.")
    E067 = ("The store {url} {state}: run `claimledger upgrade --db {url}` (reading commands never change a "
            "store).")
    E068 = ("The store {url} was left half made by an older claimledger, and its table '{table}' holds rows: "
            "not repaired automatically. Export what it holds, or start a new store.")
    # Claims across articles (issue 11)
    E070 = ("Cannot cross-validate with {k} folds over {claims} claims: give --cv between 2 and the number "
            "of claims.")
    # Views across articles (issue 11): claims, claim ID, sources
    E075 = "No story claim with id {id} in this store: `claimledger claims` lists them."
    E076 = "The store holds no {what} yet: ingest articles first (`claimledger ingest PATH`)."
    # track (issue 11)
    E085 = "The claim to track is empty: give its text, e.g. claimledger track \"the ministry asked for gas\"."
    E086 = "The claim '{claim}' has no words to search for (only short or common words): say more of it."
    E087 = "The database {url} holds no articles yet: run `claimledger ingest` first."
    # Exports and a person's corrections (issue 11)
    E090 = "--format parquet writes a folder of Parquet files, one per table: {detail}."
    E091 = "Cannot read corrections from {path}: {detail}"
    E092 = "{path}, {where}: {detail}. Nothing was imported."
    E093 = "{where}: no stored article {article}; its corrections were skipped."
    E094 = "--format parquet needs pyarrow, an optional extra: pip install 'claimledger[parquet]'."
    # Models shipped with the package
    E095 = "The sentence encoder is missing at {path}. Run `make embed-model` to rebuild it."
    E096 = ("Cross-validating the '{model}' relation model fine-tunes MiniLM, which needs torch (kept out of the "
            "runtime install): run it from the training environment (`make train-venv`, then "
            ".venv-train/bin/claimledger), or pass --model features for the feature model alone.")
    # The store follows upgrades; a newcomer's first hour (issue 21)
    E110 = "No stored article with id {id}: `claimledger export --format jsonl` lists the stored ids; nothing was deleted."
    E111 = "Not a date YYYY-MM-DD: {value!r} ({option})."
    # serve (issue 17)
    E100 = "`claimledger serve` needs {module}, in the serve extra: pip install 'claimledger[serve]'."
    # The story-claim index saved beside the store, and merged story claims (issue 18)
    E160 = "The saved story-claim index {path} was not used ({reason}); it was rebuilt from the stored vectors."
    E161 = "Cannot save the story-claim index to {path} ({detail}); the next run rebuilds it from the stored vectors."

    # Batch jobs: `claimledger run` (issue 18)
    E150 = "{path} is not a job folder of `claimledger run` ({detail}): give --out a new or empty folder, or one a run made."
    E151 = "`claimledger run` cannot read stdin ('-'): a job reads its inputs again when it resumes. Save them to a file."
    E152 = ("{path} holds a job run with other options ({detail}): run it again with the same options, or give "
            "a new --out.")
    E153 = "--executor ray needs Ray Data, an optional extra: pip install 'claimledger[ray]'."
    E154 = "Cannot start or reach the Ray cluster{where}: {detail}"
    E155 = "A worker of the job stopped ({detail}); finished shards are kept: run the same command again to resume."
    E156 = "Cannot write the job folder {path}: {detail}"

    def error(self, **kwargs: object) -> ClaimledgerError:
        return ClaimledgerError(self.name, self.value.format(**kwargs))
