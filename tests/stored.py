"""Tests compare stored ledgers as the JSON users see (claimledger.article/1 objects)."""
from __future__ import annotations

from typing import Any

from claimledger.contract import ledger_from_dict, ledger_to_dict
from claimledger.model import Ledger

__all__ = ["as_dict", "ledger_from_dict", "ledger_to_dict"]


def as_dict(ledger: Ledger | None) -> Any:
    """The ledger's JSON object; None for none."""
    return None if ledger is None else ledger_to_dict(ledger)
