"""Evaluation harnesses (PolNeAR, ...) built on the shared scorers, ported so they can be imported."""
from __future__ import annotations

from .score import score

__all__ = ["score"]
