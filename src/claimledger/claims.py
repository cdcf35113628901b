"""Claims within one article: attributions that state, deny or hedge the same proposition share a claim.

A proposition is compared by its content words (lemmas, with a few synonyms folded: "request" = "ask");
negation is set aside for the comparison and turns an otherwise matching statement into a denial.
A denial that only names the claim ("denied the report") attaches to the article's main claim: the one
closest to the headline, else the first asserted.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc

from .attribute.lexicon import CUE_VERBS
from .model import Article, Attribution, Claim
from .nlp import text_of

SYNONYMS = {"request": "ask", "seek": "ask", "aid": "assistance", "help": "assistance", "support": "assistance",
            "demand": "ask", "russian": "russia", "chinese": "china", "american": "united states",
            "u.s.": "united states", "us": "united states", "america": "united states"}
REFERENCES = {"report", "claim", "allegation", "story", "rumor", "rumour", "accusation", "suggestion",
              "charge", "assertion", "account", "reporting"}
CONTENT_POS = {"NOUN", "PROPN", "VERB", "ADJ", "NUM"}
LIGHT = {"be", "have", "do", "will", "would", "can", "could", "may", "might", "also", "still", "now"}
MATCH = 0.6


@dataclass
class _Cluster:
    claim: Claim
    words: set[str]
    members: list[Attribution] = field(default_factory=list)
    verb: str | None = None  # the proposition's main verb lemma, synonyms folded


def _words(doc: Doc, start: int, end: int) -> tuple[set[str], bool]:
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return set(), False
    words: set[str] = set()
    negated = False
    for t in span:
        if t.dep_ == "neg" or t.lower_ in ("never", "not", "n't"):
            negated = True
        if t.pos_ in CONTENT_POS and not t.is_stop and t.lemma_.lower() not in LIGHT:
            lem = t.lemma_.lower()
            if t.pos_ == "VERB" and lem in CUE_VERBS and lem not in ("ask", "request"):
                continue
            words.add(SYNONYMS.get(lem, lem))
    return words, negated


def _verb(doc: Doc, start: int, end: int) -> str | None:
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return None
    verbs = [t for t in span if t.pos_ == "VERB" and t.lemma_.lower() not in CUE_VERBS - {"ask", "request"}]
    top = [t for t in verbs if t.head.i < span.start or t.head.i >= span.end or t.head == t]
    verbs = top or verbs
    if not verbs:
        return None
    lem = verbs[0].lemma_.lower()
    return SYNONYMS.get(lem, lem)


def _negated_verbs(doc: Doc, start: int, end: int) -> set[str]:
    """Predicates the content negates ("... and didn't ask China for assistance"), light verbs aside."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return set()
    out = set()
    for t in span:
        if t.pos_ == "VERB" and any(c.dep_ == "neg" for c in t.children):
            lem = t.lemma_.lower()
            out.add(SYNONYMS.get(lem, lem))
    return out - {"be", "have", "do"}


def _same_predicate(a: str | None, b: str | None) -> bool:
    """Two statements about the same participants but different predicates are different claims."""
    return a is None or b is None or a == b or "be" in (a, b)


def _similar(a: set[str], b: set[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b)) if min(len(a), len(b)) >= 2 else 0.0


def _is_reference(doc: Doc, a: Attribution) -> bool:
    span = doc.char_span(a.content.start, a.content.end, alignment_mode="expand")
    return span is not None and len(span) <= 5 and span.root.lemma_.lower() in REFERENCES


def _question(doc: Doc, a: Attribution) -> tuple[int, int] | None:
    """For an answer ('answered "No" when asked if X'), the span of the question that gives the claim."""
    sent = doc.char_span(a.cue.span.start, a.cue.span.end, alignment_mode="expand")
    if sent is None:
        return None
    s = sent.sent
    return s.start_char, s.end_char


def _proposition(a: Attribution) -> str:
    text = a.said
    return text[5:] if text.lower().startswith("that ") else text


def _names(members: list[Attribution], stance: str) -> list[str]:
    out: list[str] = []
    for m in members:
        if m.stance == stance and m.source.name not in out:
            out.append(m.source.name)
    return out


def group(article: Article, doc: Doc, attributions: list[Attribution]) -> list[Claim]:
    clusters: list[_Cluster] = []
    references: list[Attribution] = []
    title_words = _words(doc, 0, len(article.title))[0] if article.title and text_of(doc).startswith(article.title) else set()
    for a in attributions:
        if a.stance == "deny" and _is_reference(doc, a):
            references.append(a)
            continue
        ranges = [(p.start, p.end) for p in a.pieces]
        if a.cue.kind == "answer" or a.stance == "deny" and len(a.content.text.split()) <= 3:
            ranges = [_question(doc, a) or ranges[0]]
        words, negated = set(), False
        for start, end in ranges:
            w, n = _words(doc, start, end)
            words |= w
            negated = negated or n
        verb = _verb(doc, *ranges[0])
        denied_verbs = set().union(*(_negated_verbs(doc, s, e) for s, e in ranges))
        best = max(clusters, key=lambda c: _similar(words, c.words) if _same_predicate(verb, c.verb) else 0.0,
                   default=None)
        # "has not asked anyone for help" denies "asked Norway for gas": same predicate, negated.
        negating = [c for c in clusters if c.verb and (c.verb in denied_verbs or negated and verb == c.verb)
                    and any(m.stance == "assert" for m in c.members)]
        if negating and (best is None or _similar(words, best.words) < MATCH):
            best = negating[0]
        if best is not None and (_similar(words, best.words) >= MATCH or best in negating):
            # A negated restatement of an asserted proposition denies it.
            if negated and a.stance == "assert" and any(m.stance == "assert" for m in best.members):
                a.stance = "deny"
            best.members.append(a)
            best.words |= words if len(best.words) < 3 else set()
            continue
        claim = Claim(id="", text=_proposition(a))
        if a.cue.kind == "answer" and a.stance == "deny":
            references.append(a)  # a "No" to a question matching no claim answers the main one
            continue
        clusters.append(_Cluster(claim, words, [a], verb=verb))
    if references:
        main = _main(clusters, title_words)
        if main is None:
            text = article.title or references[0].content.text
            main = _Cluster(Claim(id="", text=text), title_words)
            clusters.append(main)
        main.members.extend(references)
    claims = []
    for i, c in enumerate(sorted(clusters, key=lambda c: min(m.content.start for m in c.members) if c.members else 0), 1):
        c.claim.id = f"c{i}"
        asserting = [m for m in c.members if m.stance == "assert"]
        if asserting:
            c.claim.text = _proposition(asserting[0])
        for m in c.members:
            m.claim = c.claim.id
        c.claim.asserted_by = _names(c.members, "assert")
        c.claim.denied_by = _names(c.members, "deny")
        c.claim.hedged_by = _names(c.members, "hedge")
        claims.append(c.claim)
    return claims


def _main(clusters: list[_Cluster], title_words: set[str]) -> _Cluster | None:
    asserted = [c for c in clusters if any(m.stance in ("assert", "hedge") for m in c.members)]
    if not asserted:
        return None
    if title_words:
        best = max(asserted, key=lambda c: _similar(title_words, c.words))
        if _similar(title_words, best.words) > 0:
            return best
    return asserted[0]
