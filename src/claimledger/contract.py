"""The `claimledger.article/1` JSON contract (see design.md): `ledger_to_dict` and `ledger_from_dict`.

The only code that knows the dict shape: the store, the exchange formats and the corrections work on
`model` values and come through here. `ledger_from_dict(ledger_to_dict(x)) == x` for every ledger, and
`ledger_to_dict(ledger_from_dict(d)) == d` for every dict `ledger_to_dict` wrote (tests/test_contract.py).
Derived fields are written, never read back: `entities` (from the attributions' sources) and each review's
`attributions` (from the offsets). Fields an older version did not write read as their defaults.
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any, cast

from .model import (SCHEMA, Article, Attribution, BlockKind, Claim, Corrections, Cue, Ledger, Machine,
                    Publication, QuoteType, Removed, Review, Source, SourceKind, Span, Stance, TextBlock, Why)

Obj = Mapping[str, Any]

__all__ = ["ledger_from_dict", "ledger_to_dict", "source_from_dict", "source_to_dict"]


# --- to the dict -------------------------------------------------------------------------------------


def _span(span: Span) -> dict[str, Any]:
    return {"text": span.text, "start": span.start, "end": span.end}


def _speaker(s: Source) -> dict[str, Any]:
    """Who speaks, as every mention of the entity and the entity itself carry it."""
    return {"name": s.name, "kind": s.kind, "anonymous": s.anonymous, "count": s.count,
            "affiliation": s.affiliation, "role": s.role, "seniority": s.seniority}


def source_to_dict(s: Source) -> dict[str, Any]:
    return {**_span(s.span), **_speaker(s), "entity": s.entity}


def _cue(c: Cue) -> dict[str, Any] | None:
    return None if c.empty else {**_span(c.span), "lemma": c.lemma, "kind": c.kind}


def _machine(m: Machine) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if m.stance is not None:
        out["stance"] = m.stance
    if m.source is not None:
        out["source"] = source_to_dict(m.source)
    if m.cue is not None:
        out["cue"] = _cue(m.cue)
    if m.content is not None:
        out["content"] = _span(m.content)
    return out


def _attribution(a: Attribution) -> dict[str, Any]:
    content = _span(a.content)
    if a.content_parts:
        content["parts"] = [_span(p) for p in a.content_parts]
    out: dict[str, Any] = {
        "id": a.id,
        "source": source_to_dict(a.source),
        "cue": _cue(a.cue),
        "content": content,
        "quote": a.quote,
        "stance": a.stance,
        "claim": a.claim,
        "probability": a.probability,
    }
    if a.machine is not None:
        out["machine"] = _machine(a.machine)
    if a.corrected:
        out["corrected"] = list(a.corrected)
    return out


def _review(r: Review, attributions: list[Attribution]) -> dict[str, Any]:
    """A ClaimReview as the ledger reads it: `claimant` asserts `claim_reviewed` (an attribution without a
    cue) and `reviewer` gives `verdict` on it. `claim` is where article.text holds the claim's words, or
    null: offsets are never invented. `attributions` lists those whose content overlaps that span, tying
    the verdict to what the text reports."""
    linked: list[str] = []
    if r.span is not None:
        linked = [a.id for a in attributions if any(p.overlaps(r.span) for p in [a.content, *a.content_parts])]
    rating = None
    if r.rating is not None or r.best is not None or r.worst is not None:
        rating = {"value": r.rating, "best": r.best, "worst": r.worst}
    return {"claim_reviewed": r.claim, "claim": _span(r.span) if r.span is not None else None,
            "claimant": r.claimant, "reviewer": r.reviewer, "verdict": r.verdict, "rating": rating,
            "url": r.url, "date": r.date, "attributions": linked}


def _publication(p: Publication) -> dict[str, Any]:
    return {"url": p.url, "outlet": p.outlet, "published": p.published, "fetched": p.fetched, "path": p.path,
            "title": p.title}


def _claim(c: Claim) -> dict[str, Any]:
    return {"id": c.id, "text": c.text, "asserted_by": c.asserted_by, "denied_by": c.denied_by,
            "hedged_by": c.hedged_by, "contested": c.contested, "negated": c.negated,
            "why": [{"attribution": w.attribution, "stance": w.stance, "reason": w.reason} for w in c.why]}


def ledger_to_dict(ledger: Ledger) -> dict[str, Any]:
    art = ledger.article
    out = {
        "schema": SCHEMA,
        "article": {
            "id": art.id,
            "path": art.path,
            "title": art.title,
            "language": art.language,
            "url": art.url,
            "published": art.published,
            "outlet": art.outlet,
            "text": art.text,
            "removed": [{"text": r.text, "reason": r.reason} for r in art.removed],
            "warnings": list(art.warnings),
            "blocks": [{"kind": b.kind, "start": b.start, "end": b.end} for b in art.blocks],
            "reviews": [_review(r, ledger.attributions) for r in art.reviews],
            "publications": [_publication(p) for p in art.publications],
        },
        "attributions": [_attribution(a) for a in ledger.attributions],
        # Attributions with no claim: acts and non-answers (Ledger.acts), in the same shape.
        "acts": [_attribution(a) for a in ledger.acts],
        # The speakers behind the sources: each attribution's source.entity is one of these ids.
        "entities": [{"id": e.id, **_speaker(e.source), "attributions": e.mentions} for e in ledger.entities],
        "claims": [_claim(c) for c in ledger.claims],
    }
    if ledger.corrections is not None:
        c = ledger.corrections
        out["corrections"] = {"applied": c.applied, "unmatched": c.unmatched, "added": list(c.added),
                              "removed": list(c.removed)}
    return out


# --- from the dict -----------------------------------------------------------------------------------


def _span_of(d: Obj) -> Span:
    return Span(int(d["start"]), int(d["end"]), str(d["text"]))


def source_from_dict(d: Obj) -> Source:
    return Source(_span_of(d), d.get("name") or "", cast("SourceKind | None", d.get("kind")), d.get("anonymous"),
                  d.get("count"), d.get("affiliation"), d.get("role"), d.get("seniority"), d.get("entity"))


def _cue_of(d: Obj | None, content: Span) -> Cue:
    if d is None:
        return Cue.none(content.start)
    return Cue(_span_of(d), d.get("lemma") or "", d.get("kind"))


def _machine_of(d: Obj, content: Span) -> Machine:
    return Machine(cast("Stance | None", d.get("stance")),
                   source_from_dict(d["source"]) if "source" in d else None,
                   _cue_of(d["cue"], content) if "cue" in d else None,
                   _span_of(d["content"]) if "content" in d else None)


def _attribution_of(d: Obj) -> Attribution:
    content = _span_of(d["content"])
    return Attribution(
        id=d["id"], source=source_from_dict(d["source"]), cue=_cue_of(d.get("cue"), content), content=content,
        quote=cast("QuoteType | None", d.get("quote")), stance=cast(Stance, d.get("stance") or "assert"),
        claim=d.get("claim"), content_parts=[_span_of(p) for p in d["content"].get("parts", [])],
        probability=d.get("probability"), corrected=list(d.get("corrected", [])),
        machine=_machine_of(d["machine"], content) if "machine" in d else None)


def _review_of(d: Obj) -> Review:
    rating = d.get("rating") or {}
    return Review(d["claim_reviewed"], d.get("claimant"), d.get("reviewer"), d.get("verdict"), rating.get("value"),
                  rating.get("best"), rating.get("worst"), d.get("url"), d.get("date"),
                  _span_of(d["claim"]) if d.get("claim") else None)


def _article_of(d: Obj) -> Article:
    return Article(
        id=d["id"], path=d["path"], text=d["text"], title=d.get("title"), language=d.get("language") or "en",
        removed=[Removed(r["text"], r["reason"]) for r in d.get("removed", [])], url=d.get("url"),
        published=d.get("published"), outlet=d.get("outlet"), warnings=list(d.get("warnings", [])),
        reviews=[_review_of(r) for r in d.get("reviews", [])],
        blocks=[TextBlock(cast(BlockKind, b["kind"]), b["start"], b["end"]) for b in d.get("blocks", [])],
        publications=[Publication(p.get("url"), p.get("outlet"), p.get("published"), p.get("fetched"), p.get("path"),
                                  p.get("title")) for p in d.get("publications", [])])


def _claim_of(d: Obj) -> Claim:
    why = [Why(w["attribution"], cast(Stance, w["stance"]), w["reason"]) for w in d.get("why", [])]
    return Claim(d["id"], d["text"], list(d.get("asserted_by", [])), list(d.get("denied_by", [])),
                 list(d.get("hedged_by", [])), bool(d.get("contested")), why, bool(d.get("negated")))


def ledger_from_dict(d: Obj) -> Ledger:
    """The ledger a claimledger.article/1 object holds; ValueError for another schema."""
    if d.get("schema") != SCHEMA:
        raise ValueError(f"not a {SCHEMA} object: schema={d.get('schema')!r}")
    fixes = d.get("corrections")
    return Ledger(_article_of(d["article"]), [_attribution_of(a) for a in d.get("attributions", [])],
                  [_claim_of(c) for c in d.get("claims", [])],
                  Corrections(fixes["applied"], fixes["unmatched"], list(fixes["added"]), list(fixes["removed"]))
                  if fixes else None, [_attribution_of(a) for a in d.get("acts", [])])
