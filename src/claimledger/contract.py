"""Ledger -> the `claimledger.article/1` JSON object (see design.md). The one place the contract lives."""
from __future__ import annotations

from typing import Any

from .model import SCHEMA, Attribution, Ledger, Review, Source, Span


def _span(span: Span) -> dict[str, Any]:
    return {"text": span.text, "start": span.start, "end": span.end}


def _speaker(s: Source) -> dict[str, Any]:
    """Who speaks, as every mention of the entity and the entity itself carry it."""
    return {"name": s.name, "kind": s.kind, "anonymous": s.anonymous, "count": s.count,
            "affiliation": s.affiliation, "role": s.role, "seniority": s.seniority}


def _attribution(a: Attribution) -> dict[str, Any]:
    s = a.source
    content = _span(a.content)
    if a.content_parts:
        content["parts"] = [_span(p) for p in a.content_parts]
    return {
        "id": a.id,
        "source": {**_span(s.span), **_speaker(s), "entity": s.entity},
        "cue": {**_span(a.cue.span), "lemma": a.cue.lemma, "kind": a.cue.kind},
        "content": content,
        "quote": a.quote,
        "stance": a.stance,
        "claim": a.claim,
        "probability": a.probability,
    }


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


def ledger_to_dict(ledger: Ledger) -> dict[str, Any]:
    art = ledger.article
    return {
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
        },
        "attributions": [_attribution(a) for a in ledger.attributions],
        # The speakers behind the sources: each attribution's source.entity is one of these ids.
        "entities": [{"id": e.id, **_speaker(e.source), "attributions": e.mentions} for e in ledger.entities],
        "claims": [
            {"id": c.id, "text": c.text, "asserted_by": c.asserted_by,
             "denied_by": c.denied_by, "hedged_by": c.hedged_by, "contested": c.contested}
            for c in ledger.claims
        ],
    }
