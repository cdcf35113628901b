"""Claims within one article: attributions that state, deny or hedge the same proposition share a claim.

A proposition is compared by its content words (lemmas, with a few synonyms folded: "request" = "ask");
negation is set aside for the comparison and turns an otherwise matching statement into a denial.
A denial that only names the claim ("denied the report") attaches to the article's main claim: the one
closest to the headline, else the first asserted.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from ..attribute.lexicon import CUE_VERBS
from ..model import Article, Attribution, Claim
from ..nlp import text_of

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


@dataclass
class _Reading:
    """What the claim matcher reads off one stretch of content, from a single pass over its tokens."""

    words: set[str] = field(default_factory=set)  # content lemmas, synonyms folded
    negated: bool = False
    verb: str | None = None  # the main predicate (reporting verbs aside, "ask" kept)
    denied: set[str] = field(default_factory=set)  # predicates carrying a negation, light verbs aside


def _fold(tok: Token) -> str:
    lem = tok.lemma_.lower()
    return SYNONYMS.get(lem, lem)


def _read(doc: Doc, start: int, end: int) -> _Reading:
    span = doc.char_span(start, end, alignment_mode="expand")
    out = _Reading()
    if span is None:
        return out
    verbs: list[Token] = []
    for t in span:
        lem = t.lemma_.lower()
        if t.dep_ == "neg" or t.lower_ in ("never", "not", "n't"):
            out.negated = True
        reporting = t.pos_ == "VERB" and lem in CUE_VERBS and lem not in ("ask", "request")
        if t.pos_ in CONTENT_POS and not t.is_stop and lem not in LIGHT and not reporting:
            out.words.add(_fold(t))
        if t.pos_ == "VERB":
            if not reporting:
                verbs.append(t)
            if any(c.dep_ == "neg" for c in t.children):
                out.denied.add(_fold(t))
    top = [t for t in verbs if t.head.i < span.start or t.head.i >= span.end or t.head == t]
    if top or verbs:
        out.verb = _fold((top or verbs)[0])
    out.denied -= {"be", "have", "do"}
    return out


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


class _Index:
    """Clusters (by position) under each of their words and their verb, so that an attribution is
    compared with the clusters it may join, not with every cluster of a long article (issue 8)."""

    def __init__(self) -> None:
        self.by_word: dict[str, list[int]] = {}
        self.by_verb: dict[str, list[int]] = {}

    def add(self, i: int, words: set[str], verb: str | None = None) -> None:
        for w in words:
            self.by_word.setdefault(w, []).append(i)
        if verb:
            self.by_verb.setdefault(verb, []).append(i)

    def sharing(self, words: set[str]) -> list[int]:
        return sorted({i for w in words for i in self.by_word.get(w, ())})

    def of_verbs(self, verbs: set[str]) -> list[int]:
        return sorted({i for v in verbs for i in self.by_verb.get(v, ())})


def group(article: Article, doc: Doc, attributions: list[Attribution]) -> list[Claim]:
    clusters: list[_Cluster] = []
    index = _Index()
    references: list[Attribution] = []
    title_words = _read(doc, 0, len(article.title)).words if article.title and text_of(doc).startswith(article.title) else set()
    for a in attributions:
        if a.stance == "deny" and _is_reference(doc, a):
            references.append(a)
            continue
        ranges = [(p.start, p.end) for p in a.pieces]
        if a.cue.kind == "answer" or a.stance == "deny" and len(a.content.text.split()) <= 3:
            ranges = [_question(doc, a) or ranges[0]]
        readings = [_read(doc, start, end) for start, end in ranges]
        words: set[str] = set().union(*(r.words for r in readings))
        negated = any(r.negated for r in readings)
        verb = readings[0].verb
        denied_verbs: set[str] = set().union(*(r.denied for r in readings))
        # The most similar cluster of the same predicate, the first on a tie (the first of all when none
        # is similar): only clusters sharing a word can be similar, so only those are compared.
        scored = [(_similar(words, clusters[i].words) if _same_predicate(verb, clusters[i].verb) else 0.0, i)
                  for i in index.sharing(words)]
        top = max((score for score, _ in scored), default=0.0)
        at = min(i for score, i in scored if score == top) if top > 0 else (0 if clusters else None)
        # "has not asked anyone for help" denies "asked Norway for gas": same predicate, negated.
        negating = [i for i in index.of_verbs(denied_verbs | ({verb} if negated and verb else set()))
                    if any(m.stance == "assert" for m in clusters[i].members)]
        if negating and (at is None or _similar(words, clusters[at].words) < MATCH):
            at = negating[0]
        if at is not None and (_similar(words, clusters[at].words) >= MATCH or at in negating):
            best = clusters[at]
            # A negated restatement of an asserted proposition denies it.
            if negated and a.stance == "assert" and any(m.stance == "assert" for m in best.members):
                a.stance = "deny"
            best.members.append(a)
            if len(best.words) < 3:
                index.add(at, words - best.words)
                best.words |= words
            continue
        if a.cue.kind == "answer" and a.stance == "deny":
            references.append(a)  # a "No" to a question matching no claim answers the main one
            continue
        clusters.append(_Cluster(Claim(id="", text=_proposition(a)), words, [a], verb=verb))
        index.add(len(clusters) - 1, words, verb)
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
