"""CSV cells that a spreadsheet shows rather than runs.

Article text is hostile input: a cell starting with = + - @ (or a tab or carriage return, which some
spreadsheets skip before reading a formula) would be run as a formula when the CSV is opened. Such a
text cell gets a leading apostrophe, the convention spreadsheets read as "this is text". Numbers and
empty cells are left alone.
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_row(row: Mapping[str, Any]) -> dict[str, Any]:
    return {k: safe_cell(v) for k, v in row.items()}
