"""JSON Lines of ledgers: `write` gives stored ones, one claimledger.article/1 object a line plus `origin`,
the id of its article's group of syndicated copies (null if not grouped yet); `LedgerLines` is what
`analyze` prints."""
from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from typing import IO, Any

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


class LedgerLines:
    """What `analyze --format json|jsonl` prints: one compact object a line. With `indent_single` (the
    json format) the first is held back, and printed indented if it turns out to be the only result
    (design.md). `skip` counts a failed input, which prints nothing here."""

    def __init__(self, write_line: Callable[[str], None], *, indent_single: bool) -> None:
        self.write_line = write_line
        self.indent_single = indent_single
        self.seen = 0
        self.held: dict[str, Any] | None = None

    def skip(self) -> None:
        self.seen += 1
        self._release()

    def add(self, ledger: Ledger) -> None:
        self.seen += 1
        obj = ledger_to_dict(ledger)
        if self.indent_single and self.seen == 1:
            self.held = obj
            return
        self._release()
        self.write_line(json.dumps(obj, ensure_ascii=False))

    def close(self) -> None:
        if self.held is not None:
            self.write_line(json.dumps(self.held, ensure_ascii=False, indent=2 if self.seen == 1 else None))
            self.held = None

    def _release(self) -> None:
        if self.held is not None:
            self.write_line(json.dumps(self.held, ensure_ascii=False))
            self.held = None
