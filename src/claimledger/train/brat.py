"""PolNeAR brat standoff reader, reading gold exactly as shared/tools/polnear_score.py does:
the first .ann per article (sorted by name), attributions with all three roles, discontinuous
spans collapsed to (min, max), spans trimmed of white space, quotes and end punctuation."""
from __future__ import annotations

import os
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from ..text import ROLES, trim
from ..errors import E

Pair = tuple[int, int]


@dataclass
class GoldArticle:
    name: str
    path: str
    text: str
    attributions: list[dict[str, Pair]] = field(default_factory=list)

    def spans(self, role: str) -> list[Pair]:
        return sorted({a[role] for a in self.attributions if a[role][1] > a[role][0]})


def read_ann(path: Path, text: str) -> list[dict[str, Pair]]:
    spans: dict[str, Pair] = {}
    rels: list[dict[str, str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if line.startswith("T") and len(parts) >= 2:
            _kind, *rng = parts[1].replace(";", " ").split()
            nums = [int(x) for x in rng]
            spans[parts[0]] = (min(nums), max(nums))
        elif line.startswith("E") and len(parts) >= 2:
            rels.append(dict(p.split(":", 1) for p in parts[1].split() if ":" in p))
    out = []
    for r in rels:
        if all(role.capitalize() in r for role in ROLES):
            out.append({role: trim(text, *spans[r[role.capitalize()]]) for role in ROLES})
    return out


def read_split(split_dir: str | Path) -> list[GoldArticle]:
    split_dir = Path(split_dir)
    if not (split_dir / "text").is_dir() or not (split_dir / "attributions").is_dir():
        raise E.E011.error(path=split_dir)
    anns: dict[str, list[str]] = defaultdict(list)
    for name in sorted(os.listdir(split_dir / "attributions")):
        anns[re.sub(r"_[^_]+\.ann$", "", name)].append(name)
    out = []
    for art, files in sorted(anns.items()):
        path = split_dir / "text" / f"{art}.txt"
        text = path.read_text(encoding="utf-8")
        out.append(GoldArticle(art, str(path), text, read_ann(split_dir / "attributions" / files[0], text)))
    return out
