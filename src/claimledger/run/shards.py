"""A job's plan (inputs cut into shards), its shard files (Parquet) and its manifest (what is done).

A shard names its inputs, not their text: a unit is a file (read by the worker, so HTML extraction runs in
parallel too) or a range of the items of a file that holds many (JSON Lines), so the driver keeps only
paths and counts and a Ray cluster moves only a few bytes per shard. Each shard has a digest of what it
names (path, size, modification time, range): a shard whose digest the manifest holds with a shard file
is done and skipped when the job runs again; one whose inputs changed since is done again.

The manifest (`manifest.json` in the job folder) is written whole under a temporary name and renamed, so a
kill leaves the old one or the new one; a shard file likewise. What a shard file holds is one row per input
item: its ledger (the claimledger.article/1 object as JSON, contract.ledger_to_dict) or its error.
"""
from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from ..errors import ClaimledgerError, E
from ..ingest import Entry, may_hold_many, read_entries, read_file
from ..ingest.formats import JSON_EXT, JSONL_EXT, ext
from ..ingest.web import web_url
from ..model import Failure
from ..options import Options

SCHEMA = "claimledger.run/1"
MANIFEST = "manifest.json"
# Options that change what a ledger holds: a job resumed with others would mix two kinds of ledgers.
_JOB_OPTIONS = ("extractor", "relation", "relation_across", "spacy_model", "language", "clean", "require_language",
                "long_articles", "section_chars", "story_claims", "max_bytes", "follow_links")


@dataclass(frozen=True)
class Unit:
    """One file to read, or items [start, stop) of one that holds many; `problem` is an error found while
    listing (reported in its place)."""

    path: str
    roots: tuple[str, ...] | None = None
    start: int | None = None
    stop: int | None = None
    problem: tuple[str, str] | None = None  # (code, message): plain values travel to any worker
    many: bool = False  # a WARC, feed, sitemap, URL list or URL: how many pages it yields is known once read

    @property
    def items(self) -> int:
        return 1 if self.start is None or self.stop is None else self.stop - self.start


@dataclass(frozen=True)
class ShardSpec:
    """What one worker analyses at once: its number, its units and the digest of them."""

    index: int
    units: tuple[Unit, ...]
    digest: str

    @property
    def items(self) -> int:
        return sum(u.items for u in self.units)

    @property
    def counted(self) -> bool:
        """Whether `items` is exact (no unit holds an unknown number of pages)."""
        return not any(u.many for u in self.units)

    @property
    def name(self) -> str:
        return f"shard-{self.index:05d}.parquet"


def _stat_key(path: str) -> str:
    try:
        st = os.stat(path)
    except OSError:
        return "missing"
    return f"{st.st_size}:{st.st_mtime_ns}"


def _digest(units: Sequence[Unit]) -> str:
    h = hashlib.sha256()
    for u in units:
        h.update(json.dumps([u.path, _stat_key(u.path), u.start, u.stop, u.problem]).encode())
    return h.hexdigest()[:32]


def _countable(path: str) -> bool:
    """A JSON (Lines) file: its items are counted, and cut into ranges, by the driver (parsing JSON is cheap
    beside analysis). A WARC, a feed, a sitemap, a URL list or a URL is one unit, read whole by one worker:
    counting its pages would mean extracting or fetching them here."""
    return not web_url(path) and ext(path) in JSONL_EXT | JSON_EXT


def units_of(entries: Iterable[Entry], options: Options, shard_size: int) -> Iterator[Unit]:
    """Each entry as one unit, or a JSON (Lines) file of many items as ranges of at most `shard_size` items."""
    for entry in entries:
        if entry.problem is not None:
            code = entry.problem.code
            yield Unit(entry.path, problem=(code, str(entry.problem).removeprefix(f"[{code}] ")))
        elif _countable(entry.path) and (n := sum(1 for _ in read_file(entry.path, options, roots=entry.roots))) > 1:
            for start in range(0, n, shard_size):
                yield Unit(entry.path, entry.roots, start, min(n, start + shard_size))
        else:
            yield Unit(entry.path, entry.roots, many=may_hold_many(entry.path) and not _countable(entry.path))


def plan(entries: Iterable[Entry], options: Options, shard_size: int) -> list[ShardSpec]:
    """Cut the inputs into shards of about `shard_size` items, in input order (the same inputs give the
    same shards, so a job resumes against its manifest); an input of unknown size is a shard alone."""
    shards: list[ShardSpec] = []
    units: list[Unit] = []
    count = 0
    for unit in units_of(entries, options, shard_size):
        # A WARC or a feed (pages unknown until read) is a shard of its own: a crawl's archives spread over
        # the workers instead of a hundred of them landing in one shard.
        if units and (count + unit.items > shard_size or unit.many or units[-1].many):
            shards.append(ShardSpec(len(shards), tuple(units), _digest(units)))
            units, count = [], 0
        units.append(unit)
        count += unit.items
    if units:
        shards.append(ShardSpec(len(shards), tuple(units), _digest(units)))
    return shards


def read_unit(unit: Unit, options: Options) -> Iterator[Any]:
    """The Documents (or Failures) a unit names, as `ingest.read_entries` reads them (files and URLs)."""
    from itertools import islice

    if unit.problem is not None:
        yield Failure(unit.path, ClaimledgerError(*unit.problem))
        return
    items = read_entries([Entry(unit.path, unit.roots)], options)
    if unit.start is None:
        yield from items
    else:
        yield from islice(items, unit.start, unit.stop)


# --- the manifest ----------------------------------------------------------------------------------------


@dataclass
class ShardState:
    digest: str
    items: int
    loaded: bool = False
    counts: dict[str, int] = field(default_factory=dict)  # new / unchanged / failed once loaded
    reasons: dict[str, list[Any]] = field(default_factory=dict)  # error code -> [how many, first message]


@dataclass
class Manifest:
    """What a job folder holds: the options it runs with and each finished shard's state."""

    options: dict[str, Any]
    shards: dict[int, ShardState] = field(default_factory=dict)

    def done(self, spec: ShardSpec, folder: Path) -> bool:
        """Whether this shard was analysed (its digest recorded and its file there)."""
        state = self.shards.get(spec.index)
        return state is not None and state.digest == spec.digest and (folder / spec.name).is_file()

    def to_json(self) -> str:
        return json.dumps({"schema": SCHEMA, "options": self.options,
                           "shards": {str(k): asdict(v) for k, v in sorted(self.shards.items())}}, indent=1)


def job_options(options: Options) -> dict[str, Any]:
    return {name: getattr(options, name) for name in _JOB_OPTIONS}


def open_manifest(folder: Path, options: Options) -> Manifest:
    """The job in `folder` (made if new); E150 for a folder holding something else, E152 for a job run
    with other options."""
    wanted = job_options(options)
    path = folder / MANIFEST
    if not path.exists():
        try:
            if folder.exists() and any(p.name != MANIFEST and not p.name.startswith(".") for p in folder.iterdir()):
                raise E.E150.error(path=folder, detail="it holds other files and no manifest.json")
            folder.mkdir(parents=True, exist_ok=True)
        except NotADirectoryError:
            raise E.E150.error(path=folder, detail="it is a file") from None
        except OSError as error:
            raise E.E156.error(path=folder, detail=error.strerror or str(error)) from None
        manifest = Manifest(wanted)
        save_manifest(folder, manifest)
        return manifest
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("schema") != SCHEMA:
            raise ValueError(f"schema {data.get('schema')!r}")
        shards = {int(k): ShardState(**v) for k, v in data["shards"].items()}
        stored_options = dict(data["options"])
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise E.E150.error(path=folder, detail=f"unreadable {MANIFEST}: {error}") from None
    if stored_options != wanted:
        diff = ", ".join(f"{k}={stored_options.get(k)!r}" for k in wanted if stored_options.get(k) != wanted[k])
        raise E.E152.error(path=folder, detail=diff or "unknown options")
    return Manifest(stored_options, shards)


def save_manifest(folder: Path, manifest: Manifest) -> None:
    """Write the manifest whole: a temporary file, flushed to disk, renamed over the old one."""
    _atomic_write(folder / MANIFEST, manifest.to_json().encode("utf-8"))


def _atomic_write(path: Path, data: bytes) -> None:
    partial = path.with_name(f".{path.name}.partial")
    try:
        with open(partial, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(partial, path)
    except OSError as error:
        partial.unlink(missing_ok=True)
        raise E.E156.error(path=path.parent, detail=error.strerror or str(error)) from None


# --- shard files -----------------------------------------------------------------------------------------

# One row per input item. Article columns as in the store's `articles` table (export --format parquet);
# `ledger` is the claimledger.article/1 object as JSON, null for a failure.
COLUMNS = ("path", "status", "id", "url", "title", "outlet", "published", "ledger", "error_code", "error")
# With story claims on: the statements' texts (JSON list) and their sentence vectors (float32, in that order).
VECTOR_COLUMNS = ("vector_texts", "vectors")


def write_shard(folder: Path, spec: ShardSpec, rows: Sequence[dict[str, Any]]) -> None:
    """Write a shard's rows as one Parquet file, under a temporary name renamed when whole."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = pa.schema([pa.field(c, pa.string()) for c in COLUMNS + VECTOR_COLUMNS[:1]]
                       + [pa.field(VECTOR_COLUMNS[1], pa.binary())])
    table = pa.Table.from_pylist([{c: r.get(c) for c in schema.names} for r in rows], schema=schema)
    final = folder / spec.name
    partial = folder / f".{spec.name}.partial"
    try:
        pq.write_table(table, partial, compression="zstd")
        with open(partial, "rb") as fh:
            os.fsync(fh.fileno())
        os.replace(partial, final)
    except OSError as error:
        partial.unlink(missing_ok=True)
        raise E.E156.error(path=folder, detail=error.strerror or str(error)) from None


def read_shard(folder: Path, spec: ShardSpec, columns: Sequence[str] | None = None) -> list[dict[str, Any]]:
    import pyarrow.parquet as pq

    rows: list[dict[str, Any]] = pq.read_table(folder / spec.name, columns=columns).to_pylist()
    return rows
