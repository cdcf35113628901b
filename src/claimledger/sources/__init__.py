"""Source typing and resolution: every source mention linked to an entity of the article.

mention.py reads what one source phrase says (a name, a pronoun, a description, an anonymous source);
entities.py links the phrases to the article's entities and types each entity from all its mentions.
"""
from __future__ import annotations

from bisect import bisect_right

from spacy.tokens import Doc

from ..lexicon import BELIEF, DOCUMENT, SPEECH
from ..model import Attribution, Cue, RawAttribution, Source
from .entities import Referent, Resolver

__all__ = ["type_sources"]


def _cue(doc: Doc, raw: RawAttribution) -> Cue:
    span = doc.char_span(raw.cue.start, raw.cue.end, alignment_mode="expand")
    if raw.cue.text.strip() == ":":
        return Cue(raw.cue, ":", "speech")
    if raw.cue.text.lower().startswith("according to"):
        return Cue(raw.cue, "according to", "speech")
    verbs = [t for t in (span or []) if t.pos_ in ("VERB", "AUX") and t.dep_ not in ("aux", "auxpass")]
    lemma = (verbs[-1] if verbs else (span[-1] if span else None))
    lem = lemma.lemma_.lower() if lemma is not None else raw.cue.text.lower()
    kind = "speech" if lem in SPEECH else "belief" if lem in BELIEF else "document" if lem in DOCUMENT else "speech"
    if lem == "answer":
        kind = "answer"
    return Cue(raw.cue, lem, kind)


def _source(raw: RawAttribution, e: Referent, eid: str) -> Source:
    return Source(raw.source, e.name, e.kind, e.anonymous, e.count, e.affiliation, e.role, e.seniority, entity=eid)


def _quote_index(ordered: list[RawAttribution]) -> tuple[list[int], list[tuple[int, int, int]]]:
    """Direct quotes by start, with the two largest ends so far (the first with its attribution's id):
    enough to ask, by bisection, whether a position lies in a quote other than a given one."""
    quotes = sorted((o.content.start, o.content.end, id(o)) for o in ordered if o.quote != "indirect")
    ends: list[tuple[int, int, int]] = []
    end1, owner, end2 = -1, 0, -1
    for _, end, oid in quotes:
        if end > end1:
            end1, owner, end2 = end, oid, end1
        elif end > end2:
            end2 = end
        ends.append((end1, owner, end2))
    return [q[0] for q in quotes], ends


def _in_others_quote(r: RawAttribution, quotes: tuple[list[int], list[tuple[int, int, int]]]) -> bool:
    starts, ends = quotes
    k = bisect_right(starts, r.source.start) - 1
    if k < 0:
        return False
    end1, owner, end2 = ends[k]
    return r.source.start < (end2 if owner == id(r) else end1)


def type_sources(doc: Doc, raw: list[RawAttribution]) -> list[Attribution]:
    ordered = sorted(raw, key=lambda r: (r.source.start, r.cue.start))
    resolver = Resolver(doc, ordered)
    # Speakers inside someone's quote come last, once the quoted speaker is known ("I" is that speaker,
    # "he" is not).
    quotes = _quote_index(ordered)
    nested = {id(r) for r in ordered if _in_others_quote(r, quotes)}
    entity = {id(r): resolver.link(r) for r in sorted(ordered, key=lambda r: id(r) in nested)}
    linked = [(r, entity[id(r)]) for r in ordered]
    resolver.name_groups()
    ids: dict[int, str] = {}
    for _, e in sorted(linked, key=lambda x: x[0].source.start):
        ids.setdefault(id(e), f"e{len(ids) + 1}")
    out = [Attribution(id="", source=_source(r, e, ids[id(e)]), cue=_cue(doc, r), content=r.content,
                       quote=r.quote, content_parts=r.content_parts) for r, e in linked]
    out.sort(key=lambda a: (min(a.cue.span.start, a.content.start), a.cue.span.start))
    for i, a in enumerate(out, 1):
        a.id = f"a{i}"
    return out
