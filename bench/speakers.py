"""Dump each attribution's speaker for hand judging (the wrong-speaker rate of issue 10).

    claimledger analyze PAGES -f jsonl -o out.jsonl
    python bench/speakers.py out.jsonl [PAGE ...] > judged.tsv

One tab-separated line per attribution: page, attribution id, cue offset, the speaker as written, the entity it was
resolved to (name, kind, entity id when present), the cue and the start of the content; then the
verdict column, left empty for the judge ("ok" or "wrong: who it should be"). A line is keyed by page
and cue offset so a later run's lines can be matched to an earlier judgement.
"""
from __future__ import annotations

import json
import sys


def rows(path: str, pages: set[str]) -> list[list[str]]:
    out = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            led = json.loads(line)
            page = led["article"]["path"].rsplit("/", 1)[-1]
            if pages and page not in pages:
                continue
            for a in led["attributions"]:
                s = a["source"]
                said = " ".join(a["content"]["text"].split())[:70]
                out.append([page, a["id"], str(a["cue"]["start"]), " ".join(s["text"].split()), s["name"], s["kind"],
                            str(s.get("entity", "")), a["cue"]["text"], said, ""])
    return out


if __name__ == "__main__":
    for row in rows(sys.argv[1], set(sys.argv[2:])):
        print("\t".join(c.replace("\t", " ") for c in row))
