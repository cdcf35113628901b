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

`apply` returns a new ledger (model values) in which the corrections replace what the machine said: a changed
attribution carries `corrected` (the fields a person changed, sorted) and `machine` (the machine's values of
those fields); one the machine missed has `corrected == ["added"]` and an id p1, p2...; removed ones leave
the list. The claims those attributions belong to get their sides and `contested` recomputed by the rule
the claims stage uses (model.claim_of). The ledger gets `corrections` (applied, unmatched, added, removed). A correction whose
key matches no attribution exactly goes to the one whose content overlaps it most (at least half of the
two spans' union); failing that it is counted as unmatched and kept for a later analysis.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, cast

from ..model import STANCES, Attribution, Corrections, Cue, Ledger, Machine, Source, SourceKind, Span, Stance, claim_of

SPAN_FIELDS = ("source", "cue", "content")
FIELDS = ("stance", *SPAN_FIELDS, "removed", "attribution")
__all__ = ["FIELDS", "SPAN_FIELDS", "STANCES", "Correction", "Key", "apply", "relation_after"]

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


def relation_after(stance: Stance, machine: str) -> str:
    """What a correction overrides across articles: the relation (supports / denies / discusses) of a
    statement to its story claim, given its attribution's stance now and the relation stored from the
    machine's ledger. A denial is `denies` whatever the model read (as when the relation was stored, see
    across/story_claims.py); a statement the machine had denying and a person does not is `supports`."""
    if stance == "deny":
        return "denies"
    return "supports" if machine == "denies" else machine


def _span(text: str, value: Mapping[str, Any]) -> Span:
    return Span.of(text, int(value["start"]), int(value["end"]))


def _overlap(a: Key, b: Key) -> float:
    inter = min(a[1], b[1]) - max(a[0], b[0])
    union = max(a[1], b[1]) - min(a[0], b[0])
    return inter / union if inter > 0 and union > 0 else 0.0


def _find(key: Key, index: dict[Key, int]) -> int | None:
    if key in index:
        return index[key]
    best = max(index, key=lambda k: _overlap(key, k), default=None)
    return index[best] if best is not None and _overlap(key, best) >= 0.5 else None


@dataclass
class _Draft:
    """One attribution while corrections are applied: its current value and the machine's first values."""

    now: Attribution
    machine: dict[str, Any] = field(default_factory=dict)
    added: bool = False

    def set(self, name: str, value: Any) -> None:
        """Set a field, remembering the machine's value the first time it changes."""
        self.machine.setdefault(name, getattr(self.now, name))
        self.now = replace(self.now, **{name: value})

    def done(self) -> Attribution:
        """The corrected attribution: `machine` keeps only the fields whose value a person changed."""
        if self.added:
            return replace(self.now, corrected=["added"], machine=None)
        changed = {k: v for k, v in self.machine.items() if v != getattr(self.now, k)}
        if not changed:
            return self.now
        return replace(self.now, corrected=sorted(changed), machine=Machine(**changed))


def _source(old: Source, text: str, value: Mapping[str, Any]) -> Source:
    new = replace(old, span=_span(text, value))
    if _overlap((old.span.start, old.span.end), (new.span.start, new.span.end)) == 0:
        # Another mention altogether: what the machine knew of its speaker no longer applies.
        new = _unknown(new.span, new.span.text, None)
    if value.get("name"):
        new = replace(new, name=value["name"])
    if value.get("kind"):
        new = replace(new, kind=cast(SourceKind, value["kind"]))
    return new


def _unknown(span: Span, name: str, kind: SourceKind | None) -> Source:
    """A speaker the machine knows nothing of: the span a person marked, and what they gave."""
    return Source(span, name, kind, anonymous=None, count=None, affiliation=None, role=None, seniority=None,
                  entity=None)


def _cue(old: Cue, text: str, value: Mapping[str, Any]) -> Cue:
    span = _span(text, value)
    if old.empty or _overlap((old.span.start, old.span.end), (span.start, span.end)) == 0:
        return replace(old, span=span, lemma=span.text.lower())  # the person's words; the machine's lemma was for another cue
    return replace(old, span=span)


def _added(text: str, key: Key, value: Mapping[str, Any], number: int) -> _Draft:
    given, cue = value["source"], value.get("cue")
    span = _span(text, given)
    source = _unknown(span, given.get("name") or span.text, given.get("kind"))
    content = Span.of(text, *key)
    return _Draft(Attribution(
        f"p{number}", source, Cue(_span(text, cue), text[cue["start"]:cue["end"]].lower(), None) if cue
        else Cue.none(key[0]), content, None, value.get("stance") or "assert"), added=True)


def _apply_one(d: _Draft, text: str, c: Correction, removed: set[str]) -> None:
    if c.field == "stance":
        d.set("stance", c.value)
    elif c.field == "source":
        d.set("source", _source(d.now.source, text, c.value))
    elif c.field == "cue":
        d.set("cue", _cue(d.now.cue, text, c.value))
    elif c.field == "content":
        d.set("content", _span(text, c.value))
    elif c.field == "removed":
        (removed.add if c.value else removed.discard)(d.now.id)
    elif c.field == "attribution":  # a missed attribution the machine has since found: the person's version wins
        d.set("source", _source(d.now.source, text, c.value["source"]))
        if c.value.get("cue"):
            d.set("cue", _cue(d.now.cue, text, c.value["cue"]))
        if c.value.get("stance"):
            d.set("stance", c.value["stance"])


def apply(ledger: Ledger, corrections: Sequence[Correction]) -> Ledger:
    """The ledger as corrected by `corrections` (applied in order: a later one wins); `ledger` is unchanged."""
    if not corrections:
        return ledger
    text = ledger.article.text
    drafts = [_Draft(a) for a in ledger.attributions]
    index = {a.key: i for i, a in enumerate(ledger.attributions)}
    removed: set[str] = set()
    unmatched = 0
    for c in corrections:
        key = (c.start, c.end)
        found = _find(key, index)
        if found is None and c.field == "attribution":
            drafts.append(_added(text, key, c.value, sum(d.added for d in drafts) + 1))
            index[key] = len(drafts) - 1
        elif found is None:
            unmatched += 1
        else:
            _apply_one(drafts[found], text, c, removed)
    done = [d.done() for d in drafts]
    touched = {a.claim for a in ledger.attributions if a.id in removed} | {
        a.claim for a in done if {"stance", "source"} & set(a.corrected)}
    kept = [a for a in done if a.id not in removed]
    if any(d.added for d in drafts):  # the person's own go where their content stands
        kept.sort(key=lambda a: a.content.start)
    claims = [claim_of(c, [a for a in kept if a.claim == c.id]) if c.id in touched else c for c in ledger.claims]
    summary = Corrections(len(corrections) - unmatched, unmatched, [d.now.id for d in drafts if d.added], sorted(removed))
    return Ledger(ledger.article, kept, claims, summary, ledger.acts)
