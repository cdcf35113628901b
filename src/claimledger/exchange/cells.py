"""CSV cells that a spreadsheet shows rather than runs.

Article text is hostile input: a cell starting with = + - @ (or a tab or carriage return, which some
spreadsheets skip before reading a formula) would be run as a formula when the CSV is opened. Such a
text cell gets a leading apostrophe, the convention spreadsheets read as "this is text". Numbers and
empty cells are left alone.
"""
from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping, Sequence
from typing import IO, Any

# One row per attribution (`export --format csv`): the article it is in, then the attribution, then its claim.
CSV_COLUMNS = [
    "article_id", "path", "url", "title", "outlet", "published",
    "attribution_id", "source_text", "source_name", "source_kind", "source_anonymous", "cue_text", "cue_lemma",
    "content_text", "content_start", "content_end", "quote", "stance", "claim_id", "claim_text", "claim_contested",
]
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_row(row: Mapping[str, Any]) -> dict[str, Any]:
    return {k: safe_cell(v) for k, v in row.items()}


def write_csv(out: IO[str], rows: Iterable[Mapping[str, Any]], columns: Sequence[str] = CSV_COLUMNS) -> None:
    """`columns` (default CSV_COLUMNS: one row per attribution, Repository.attribution_rows), a header and one
    safe row per row."""
    writer = csv.DictWriter(out, fieldnames=list(columns), extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow(safe_row(row))
