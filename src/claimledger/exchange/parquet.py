"""`export --format parquet`: a folder with one Parquet file per table of the store (`articles.parquet`,
`attributions.parquet`, `claims.parquet`, `origins.parquet`, `story_claims.parquet`, `claim_links.parquet`,
`relations.parquet`, `corrections.parquet`), the same columns and rows as the database, in primary-key order.

Read and written in batches of `batch` rows (an archive need not fit in memory). Each file is written under
a temporary name and renamed when complete, so a failed export never leaves a half-written table. As in
every export, a person's corrections are in: `articles.ledger` is the corrected ledger JSON (what
`export --format jsonl` prints) and `attributions` / `claims` hold the corrected rows, as the database does;
`corrections` lists the corrections themselves. Column comments of the schema become field metadata.

One column differs from the database (issue 21): `articles.published` is a Parquet date (the day of the ISO
8601 value the input gave; null where it gave none or no date), so tools filter and sort on it as a date;
`articles.published_text` beside it keeps the value as given. `only` (a set of article ids) keeps only those
articles and what hangs on them (the export's --since / --outlet / --contested).
"""
from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
from sqlalchemy import Boolean, DateTime, Float, Integer, LargeBinary, Table

from ..store import Repository
from ..store.tables import articles, claim_links, corrections, metadata, story_claims


def _arrow_type(column: Any) -> pa.DataType:
    kind = column.type
    if isinstance(kind, Boolean):
        return pa.bool_()
    if isinstance(kind, Integer):
        return pa.int64()
    if isinstance(kind, Float):
        return pa.float64()
    if isinstance(kind, DateTime):
        return pa.timestamp("us", tz="UTC")
    if isinstance(kind, LargeBinary):
        return pa.binary()
    return pa.string()


def schema_of(table: Table) -> pa.Schema:
    fields = []
    for c in table.columns:
        meta = {"description": c.comment} if c.comment else None
        if table is articles and c.name == "published":
            fields.append(pa.field("published", pa.date32(), metadata={"description": "the day of publication"}))
            fields.append(pa.field("published_text", pa.string(), metadata=meta))
        else:
            fields.append(pa.field(c.name, _arrow_type(c), nullable=c.nullable or False, metadata=meta))
    return pa.schema(fields)


def publication_day(value: str | None) -> dt.date | None:
    """The day of an ISO 8601 date or date-time as an input gave it; None for none or anything else."""
    if not value:
        return None
    text = value.strip()
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        return None


def _rows(repo: Repository, table: Table, keep: _Keep | None) -> Iterator[dict[str, Any]]:
    rows = repo.table_rows(table)
    if keep is not None:
        rows = (r for r in rows if keep.holds(table, r))
    if table is not articles:
        yield from rows
        return
    fixed = {row["article_id"] for row in repo.table_rows(corrections)}
    for row in rows:
        if row["id"] in fixed:
            row["ledger"] = json.dumps(repo.get(row["id"]), ensure_ascii=False)
        yield {**{k: v for k, v in row.items() if k != "published"}, "published": publication_day(row["published"]),
               "published_text": row["published"]}


class _Keep:
    """Which rows of each table belong to the kept articles: by article id, and the story claims they link to."""

    def __init__(self, repo: Repository, ids: set[str]) -> None:
        self.ids = ids
        self.story = {r["story_claim_id"] for r in repo.table_rows(claim_links) if r["article_id"] in ids}

    def holds(self, table: Table, row: dict[str, Any]) -> bool:
        if table is articles:
            return row["id"] in self.ids
        if table is story_claims:
            return row["id"] in self.story
        return "article_id" not in row or row["article_id"] in self.ids


def write(repo: Repository, folder: Path, *, batch: int = 1000, only: set[str] | None = None) -> dict[str, int]:
    """Write every table of the store into `folder` (created if needed); returns rows per table. `only`:
    these articles and the rows that hang on them (None: everything)."""
    folder.mkdir(parents=True, exist_ok=True)
    counts: dict[str, int] = {}
    keep = _Keep(repo, only) if only is not None else None
    for table in metadata.sorted_tables:
        schema = schema_of(table)
        final = folder / f"{table.name}.parquet"
        partial = folder / f".{table.name}.parquet.partial"
        count = 0
        try:
            with pq.ParquetWriter(partial, schema) as writer:
                rows: list[dict[str, Any]] = []
                for row in _rows(repo, table, keep):
                    rows.append(row)
                    if len(rows) >= batch:
                        writer.write_batch(pa.RecordBatch.from_pylist(rows, schema=schema))
                        count += len(rows)
                        rows = []
                if rows or not count:
                    writer.write_batch(pa.RecordBatch.from_pylist(rows, schema=schema))
                    count += len(rows)
            os.replace(partial, final)
        finally:
            partial.unlink(missing_ok=True)
        counts[table.name] = count
    return counts
