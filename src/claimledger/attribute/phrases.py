"""Phrases on the dependency parse, shared by the rules and by the combined extractor's speaker fix:
a cue verb's speaker, the noun phrase under a token, and tokens or offsets as a trimmed Span."""
from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Doc, Token

from ..model import Span
from ..text import trim
from ..nlp import text_of
from ..lexicon import CUE_VERBS

TRIM = " \t\n,;:-\u2014\u2013"


def trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    return trim(text, start, end, TRIM)


def span_at(doc: Doc, start: int, end: int) -> Span | None:
    start, end = trimmed(text_of(doc), start, end)
    return Span.of(text_of(doc), start, end) if end > start else None


def tokens_span(doc: Doc, tokens: Iterable[Token]) -> Span | None:
    toks = list(tokens)
    if not toks:
        return None
    return span_at(doc, min(t.idx for t in toks), max(t.idx + len(t) for t in toks))


def noun_phrase(tok: Token) -> list[Token]:
    """The noun phrase under `tok`, without relative clauses ("An official, who spoke on condition...")
    or a date the parser hung on it ("The utility on Thursday rejected ...")."""
    drop: set[int] = set()
    for child in tok.subtree:
        if child.dep_ in ("relcl", "acl") and child.left_edge.i > 0 and tok.doc[child.left_edge.i - 1].text == ",":
            drop.update(t.i for t in child.subtree)
        elif child.dep_ == "prep" and child.head == tok and child.i > tok.i and any(
                t.ent_type_ in ("DATE", "TIME") for t in child.children):
            drop.update(t.i for t in child.subtree)
    toks = [t for t in tok.subtree if t.i not in drop]
    # Keep the phrase contiguous from its start: stop at the first dropped gap.
    out: list[Token] = []
    for t in toks:
        if out and t.i != out[-1].i + 1:
            break
        out.append(t)
    return out


def subject_of(verb: Token) -> Token | None:
    """The speaker of a cue verb: its subject, the agent of a passive, or a governing verb's subject."""
    for child in verb.children:
        if child.dep_ == "agent":
            objs = [c for c in child.children if c.dep_ == "pobj"]
            if objs:
                return objs[0]
    passive = any(c.dep_ == "auxpass" for c in verb.children)
    for child in verb.children:
        if child.dep_ == "nsubj" or (child.dep_ == "nsubjpass" and verb.lemma_ == "quote"):
            if child.lower_ == "that" and verb.dep_ == "relcl":
                return verb.head  # "a report that found": "that" alone reads as no speaker
            return child  # "who" in "Mr. Kamin, who emphasized ...", as PolNeAR marks it; sources resolves it
        if child.dep_ == "nsubjpass" and passive:
            return None  # "It is believed that..." / "Reporters were told" without an agent: no speaker
    # "..., saying ..." / "and added ...": inherit from the verb this one hangs off, when that verb is
    # the sentence's own (a participle hung inside a reported clause would inherit the wrong subject).
    head = verb.head
    if verb.dep_ == "xcomp" and head.pos_ in ("VERB", "AUX") and head is not verb \
            and any(c.dep_ == "auxpass" for c in head.children):
        # "Nelson has been forced to confirm that ...": the passive subject is who confirms.
        held = next((c for c in head.children if c.dep_ == "nsubjpass"), None)
        if held is not None and held.dep_ != "expl" and held.lower_ not in ("it", "that", "this"):
            return held
    if verb.dep_ in ("conj", "advcl", "xcomp") and head.pos_ in ("VERB", "AUX") and head is not verb:
        controlled = verb.dep_ == "xcomp" and any(c.dep_ == "dobj" for c in head.children)
        if (verb.dep_ != "advcl" or verb.tag_ == "VBG") and not controlled and (
                head.dep_ == "ROOT" or head.lemma_.lower() in CUE_VERBS or verb.dep_ == "conj"):
            return subject_of(head)
    return None
