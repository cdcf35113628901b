"""Ledger -> the `claimledger.article/1` JSON object (see design.md). The one place the contract lives."""
from __future__ import annotations

from typing import Any

from .model import SCHEMA, Attribution, Ledger, Span


def _span(span: Span) -> dict[str, Any]:
    return {"text": span.text, "start": span.start, "end": span.end}


def _attribution(a: Attribution) -> dict[str, Any]:
    s = a.source
    content = _span(a.content)
    if a.content_parts:
        content["parts"] = [_span(p) for p in a.content_parts]
    return {
        "id": a.id,
        "source": {
            **_span(s.span),
            "name": s.name,
            "kind": s.kind,
            "anonymous": s.anonymous,
            "count": s.count,
            "affiliation": s.affiliation,
            "role": s.role,
            "seniority": s.seniority,
        },
        "cue": {**_span(a.cue.span), "lemma": a.cue.lemma, "kind": a.cue.kind},
        "content": content,
        "quote": a.quote,
        "stance": a.stance,
        "claim": a.claim,
        "probability": a.probability,
    }


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
        },
        "attributions": [_attribution(a) for a in ledger.attributions],
        "claims": [
            {"id": c.id, "text": c.text, "asserted_by": c.asserted_by,
             "denied_by": c.denied_by, "hedged_by": c.hedged_by, "contested": c.contested}
            for c in ledger.claims
        ],
    }
