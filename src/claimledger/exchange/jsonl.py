"""JSON Lines of stored ledgers: one claimledger.article/1 object a line, as `analyze` prints it, plus
`origin`, the id of its article's group of syndicated copies (null if not grouped yet)."""
from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import IO

from ..contract import ledger_to_dict
from ..model import Ledger


def write(out: IO[str], ledgers: Iterable[Ledger], origins: Mapping[str, str]) -> int:
    """Write one object a line; returns how many."""
    count = 0
    for ledger in ledgers:
        obj = ledger_to_dict(ledger)
        obj["origin"] = origins.get(ledger.article.id)
        out.write(json.dumps(obj, ensure_ascii=False) + "\n")
        count += 1
    return count
