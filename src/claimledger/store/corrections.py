"""A person's corrections laid over the machine's ledger (pure functions; `repo` stores and reads them).

One correction row (table `corrections`) changes one field of one attribution. It names the attribution
by its *key*: the content span (start, end) the machine gave it, in the article's clean text. The article id
is the hash of that text, so the offsets mean the same thing after any re-analysis, and a correction
outlives the attribution ids (a1, a2...), which a better extractor may renumber. Fields:

- `stance`: value "assert" | "deny" | "hedge".
- `source`, `cue`, `content`: value {"start": int, "end": int} (for `source` also "name", "kind" if given):
  the span the person marked instead of the machine's.
- `removed`: value true: not an attribution at all (false takes that back).
- `attribution`: an attribution the machine missed; key = its content span; value
  {"source": {start, end[, name, kind]}, "cue": {start, end} | null, "stance": ...}.

`apply` returns a new ledger in which the corrections replace what the machine said: a changed attribution
carries "corrected" (the fields a person changed, sorted) and "machine" (the machine's values of those
fields); one the machine missed has "corrected": ["added"] and an id p1, p2...; removed ones leave the list.
The claims those attributions belong to get their asserted_by / denied_by / hedged_by lists and `contested`
recomputed. The ledger gets "corrections": {"applied", "unmatched", "added", "removed"}. A correction whose
key matches no attribution exactly goes to the one whose content overlaps it most (at least half of the
two spans' union); failing that it is counted as unmatched and kept for a later analysis.
"""
from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..text import same_source

STANCES = ("assert", "deny", "hedge")
SPAN_FIELDS = ("source", "cue", "content")
FIELDS = ("stance", *SPAN_FIELDS, "removed", "attribution")

Key = tuple[int, int]


@dataclass(frozen=True)
class Correction:
    """One row of the `corrections` table, its value decoded from JSON."""

    article_id: str
    start: int  # the key: the machine's content span of the attribution corrected
    end: int
    field: str  # one of FIELDS
    value: Any
    author: str | None = None
    target: str = "attribution"


def key_of(attribution: Mapping[str, Any]) -> Key:
    """The key corrections use for an attribution of a (possibly corrected) ledger: the machine's content span."""
    content = attribution.get("machine", {}).get("content") or attribution["content"]
    return int(content["start"]), int(content["end"])


def _span(text: str, value: Mapping[str, Any]) -> dict[str, Any]:
    start, end = int(value["start"]), int(value["end"])
    return {"text": text[start:end], "start": start, "end": end}


def _overlap(a: Key, b: Key) -> float:
    inter = min(a[1], b[1]) - max(a[0], b[0])
    union = max(a[1], b[1]) - min(a[0], b[0])
    return inter / union if inter > 0 and union > 0 else 0.0


def _find(key: Key, index: dict[Key, dict[str, Any]]) -> dict[str, Any] | None:
    if key in index:
        return index[key]
    best = max(index, key=lambda k: _overlap(key, k), default=None)
    return index[best] if best is not None and _overlap(key, best) >= 0.5 else None


def _set(a: dict[str, Any], name: str, value: Any) -> None:
    """Set a field, remembering the machine's value the first time it changes."""
    machine = a.setdefault("machine", {})
    if name not in machine:
        machine[name] = copy.deepcopy(a.get(name))
    a[name] = value


def _set_source(a: dict[str, Any], text: str, value: Mapping[str, Any]) -> None:
    old = a["source"]
    new = {**old, **_span(text, value)}
    if _overlap((old["start"], old["end"]), (new["start"], new["end"])) == 0:
        # Another mention altogether: what the machine knew of its speaker no longer applies.
        new.update({k: None for k in ("kind", "anonymous", "count", "affiliation", "role", "seniority", "entity")})
        new["name"] = new["text"]
    for field in ("name", "kind"):
        if value.get(field):
            new[field] = value[field]
    _set(a, "source", new)


def _set_cue(a: dict[str, Any], text: str, value: Mapping[str, Any]) -> None:
    old = a.get("cue") or {}
    new = {**old, **_span(text, value)}
    if not old or _overlap((old["start"], old["end"]), (new["start"], new["end"])) == 0:
        new["lemma"] = new["text"].lower()  # the person's words; the machine's lemma was for another cue
    _set(a, "cue", new)


def _added(text: str, key: Key, value: Mapping[str, Any], number: int) -> dict[str, Any]:
    source = value["source"]
    cue = value.get("cue")
    return {
        "id": f"p{number}",
        "source": {**_span(text, source), "name": source.get("name") or text[source["start"]:source["end"]],
                   "kind": source.get("kind"), "anonymous": None, "count": None, "affiliation": None, "role": None,
                   "seniority": None, "entity": None},
        "cue": {**_span(text, cue), "lemma": text[cue["start"]:cue["end"]].lower(), "kind": None} if cue else None,
        "content": _span(text, {"start": key[0], "end": key[1]}),
        "quote": None, "stance": value.get("stance") or "assert", "claim": None, "probability": None,
        "corrected": ["added"],
    }


def _apply_one(a: dict[str, Any], text: str, c: Correction, removed: set[str]) -> None:
    if c.field == "stance":
        _set(a, "stance", c.value)
    elif c.field == "source":
        _set_source(a, text, c.value)
    elif c.field == "cue":
        _set_cue(a, text, c.value)
    elif c.field == "content":
        _set(a, "content", _span(text, c.value))
    elif c.field == "removed":
        (removed.add if c.value else removed.discard)(a["id"])
    elif c.field == "attribution":  # a missed attribution the machine has since found: the person's version wins
        _set_source(a, text, c.value["source"])
        if c.value.get("cue"):
            _set_cue(a, text, c.value["cue"])
        if c.value.get("stance"):
            _set(a, "stance", c.value["stance"])


def _mark(a: dict[str, Any]) -> None:
    """Keep in `machine` only the fields whose corrected value differs from the machine's."""
    machine = {k: v for k, v in a.pop("machine", {}).items() if v != a.get(k)}
    if machine:
        a["machine"] = machine
        a["corrected"] = sorted(machine)


def _names(attributions: Iterable[Mapping[str, Any]], stance: str) -> list[str]:
    return list(dict.fromkeys(a["source"].get("name") or a["source"]["text"]
                              for a in attributions if a.get("stance") == stance))


def _recount(claims: list[dict[str, Any]], attributions: Sequence[Mapping[str, Any]], touched: set[str]) -> None:
    """Claims a correction touched: who asserts, denies, hedges, and whether it is contested, from the
    corrected attributions (a source never contests itself, as in the claims stage)."""
    for claim in claims:
        if claim["id"] not in touched:
            continue
        members = [a for a in attributions if a.get("claim") == claim["id"]]
        claim["asserted_by"], claim["denied_by"], claim["hedged_by"] = (_names(members, s) for s in STANCES)
        claim["contested"] = any(not same_source(s, d) for s in claim["asserted_by"] for d in claim["denied_by"])


def apply(ledger: Mapping[str, Any], corrections: Sequence[Correction]) -> dict[str, Any]:
    """The ledger as corrected by `corrections` (applied in order: a later one wins); `ledger` is unchanged."""
    if not corrections:
        return dict(ledger)
    out = copy.deepcopy(dict(ledger))
    text = out["article"]["text"]
    attributions: list[dict[str, Any]] = out.get("attributions", [])
    index = {key_of(a): a for a in attributions}
    removed: set[str] = set()
    added: list[dict[str, Any]] = []
    unmatched = 0
    machine_claims = {a["id"]: a.get("claim") for a in attributions}
    for c in corrections:
        key = (c.start, c.end)
        found = _find(key, index)
        if found is None and c.field == "attribution":
            found = _added(text, key, c.value, len(added) + 1)
            added.append(found)
            index[key] = found
        elif found is None:
            unmatched += 1
        else:
            _apply_one(found, text, c, removed)
    for a in attributions:
        _mark(a)
    for a in added:  # the person's own: nothing of the machine's to show
        a.pop("machine", None)
    touched = {machine_claims[a["id"]] for a in attributions
               if a["id"] in removed or {"stance", "source"} & set(a.get("corrected", []))}
    kept = [a for a in attributions if a["id"] not in removed]
    if added:
        kept = sorted(kept + added, key=lambda a: a["content"]["start"])
    out["attributions"] = kept
    for entity in out.get("entities", []):
        entity["attributions"] = [i for i in entity.get("attributions", []) if i not in removed]
    _recount(out.get("claims", []), kept, {t for t in touched if t})
    out["corrections"] = {"applied": len(corrections) - unmatched, "unmatched": unmatched,
                          "added": [a["id"] for a in added], "removed": sorted(removed)}
    return out
