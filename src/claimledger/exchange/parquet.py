"""`export --format parquet`: a folder with one Parquet file per table of the store (`articles.parquet`,
`attributions.parquet`, `claims.parquet`, `origins.parquet`, `story_claims.parquet`, `claim_links.parquet`,
`relations.parquet`, `corrections.parquet`), the same columns and rows as the database, in primary-key order.

Read and written in batches of `batch` rows (an archive need not fit in memory). Each file is written under
a temporary name and renamed when complete, so a failed export never leaves a half-written table. As in
every export, a person's corrections are in: `articles.ledger` is the corrected ledger JSON (what
`export --format jsonl` prints) and `attributions` / `claims` hold the corrected rows, as the database does;
`corrections` lists the corrections themselves. Column comments of the schema become field metadata.
"""
from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
from sqlalchemy import Boolean, DateTime, Float, Integer, LargeBinary, Table

from ..store import Repository
from ..store.tables import articles, corrections, metadata


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
    return pa.schema([pa.field(c.name, _arrow_type(c), nullable=c.nullable or False,
                               metadata={"description": c.comment} if c.comment else None) for c in table.columns])


def _rows(repo: Repository, table: Table) -> Iterator[dict[str, Any]]:
    if table is not articles:
        yield from repo.table_rows(table)
        return
    fixed = {row["article_id"] for row in repo.table_rows(corrections)}
    for row in repo.table_rows(table):
        if row["id"] in fixed:
            row["ledger"] = json.dumps(repo.get(row["id"]), ensure_ascii=False)
        yield row


def write(repo: Repository, folder: Path, *, batch: int = 1000) -> dict[str, int]:
    """Write every table of the store into `folder` (created if needed); returns rows per table."""
    folder.mkdir(parents=True, exist_ok=True)
    counts: dict[str, int] = {}
    for table in metadata.sorted_tables:
        schema = schema_of(table)
        final = folder / f"{table.name}.parquet"
        partial = folder / f".{table.name}.parquet.partial"
        count = 0
        try:
            with pq.ParquetWriter(partial, schema) as writer:
                rows: list[dict[str, Any]] = []
                for row in _rows(repo, table):
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
