"""An Emergent-style CSV (the layout `claimledger eval clusters --data` reads) written from stories of headlines."""
from __future__ import annotations

import csv
from collections.abc import Mapping, Sequence
from pathlib import Path


def write_emergent(path: Path, stories: Mapping[str, Sequence[str]]) -> Path:
    """One row per headline, its story's first headline as the claim, the story's name as the claim id."""
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["claimHeadline", "articleHeadline", "articleHeadlineStance", "claimId"])
        for name, story in stories.items():
            for text in story:
                writer.writerow([story[0], text, "for", name])
    return path
