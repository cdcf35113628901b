"""Ledger -> the `claimledger.article/1` JSON object (see design.md). The one place the contract lives."""
from __future__ import annotations

from typing import Any

from .model import SCHEMA, Attribution, Ledger, Source, Span


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
        # The speakers behind the sources: each attribution's source.entity is one of these ids.
        "entities": [{"id": e.id, **_speaker(e.source), "attributions": e.mentions} for e in ledger.entities],
        "claims": [
            {"id": c.id, "text": c.text, "asserted_by": c.asserted_by,
             "denied_by": c.denied_by, "hedged_by": c.hedged_by}
            for c in ledger.claims
        ],
    }
