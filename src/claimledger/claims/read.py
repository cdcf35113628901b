"""Reading one statement: what it says (content words, predicate), how (negated, hedged, worded as a
denial) and, for a denial that names its object instead of stating a proposition ("rejected the
allegations", "The figures are fabricated"), that object.

One pass over the statement's tokens; no knowledge of the other statements (that is `group`'s job).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from ..lexicon import (CUE_VERBS, DEMONSTRATIVES, DENIAL_REPLIES, DENY, EMPHATIC_NEGATIONS, EVENT_LEMMAS, FALSITY,
                       GENUINE, HEDGE_CUES, HEDGE_PHRASES, HEDGE_WORDS, INNOCENCE_CLAIMED, INTENTIONS, NEGATIONS,
                       PROPOSALS, REFERENCE_NOUNS, TRUTH_NOUNS, TRUTHFUL)
from ..model import Attribution
from ..nlp import text_of

CONTENT_POS = {"NOUN", "PROPN", "VERB", "ADJ", "NUM"}
LIGHT = {"be", "have", "do", "will", "would", "can", "could", "may", "might", "also", "still", "now", "say"}
_REPLY = re.compile(r"^\W*(" + "|".join(re.escape(r) for r in DENIAL_REPLIES) + r")\W*$", re.I)
_HEDGE_PHRASE = re.compile(r"\b(" + "|".join(re.escape(h) for h in HEDGE_PHRASES) + r")\b", re.I)
_SUBJECTS = ("nsubj", "nsubjpass")
_ABOUT_DEPS = ("compound", "amod", "nmod", "acl", "relcl")
_ABOUT_PREPS = ("of", "about", "over", "regarding", "concerning", "on", "that")
QUESTION_MARKERS = ("if", "whether", "what", "how", "why")
_PREDICATE_DEPS = ("ROOT", "acomp", "attr", "oprd", "ccomp", "xcomp", "conj", "advcl")


@dataclass(frozen=True)
class Reference:
    """The object a denial names: "the allegations", "such a deal", "that idea", a bare "that"."""

    head: str  # its head lemma ("allegation", "deal"); "it" for "it"; "" for another pronoun ("That is false")
    words: frozenset[str]  # its other content lemmas: "the allegations of fraud" -> {"fraud"}
    generic: bool  # names a statement ("report", "claim", "that"), not a thing ("deal", "figure")


@dataclass(frozen=True)
class Reading:
    text: str  # the proposition as the relation model reads it
    words: frozenset[str]  # content lemmas, reporting verbs aside
    predicate: str | None  # the main verb lemma
    negated: bool
    negated_predicates: frozenset[str]  # verbs a negation applies to: "at no time did X approve" -> approve
    emphatic: bool  # the main predicate's negation is a rebuttal's ("never", "none of", "at no time")
    hedged: bool
    denial: bool  # worded as a denial, whatever it denies: a denial cue, "No.", "fabricated", "not guilty"
    reference: Reference | None  # set when the denial names its object instead of stating a proposition
    # When the main clause is a negated copula ("was nowhere near the depot", "is not responsible": a
    # rebuttal with no verb to negate), that clause's content words; "It's no secret that" negates a noun,
    # not the copula, and does not count.
    negated_clause: frozenset[str] = frozenset()
    # "it's real", "the video is authentic": answers a claim that the thing is fake
    genuine: bool = False
    # What its negations bear on: each negated clause's content words, less a subject the negation is not
    # part of ("Kim is not [a micromanager]", "[none of the rifles] had [left the compound]")
    negated_scope: frozenset[str] = frozenset()

    @property
    def negated_copula(self) -> bool:
        return bool(self.negated_clause)


def _lemma(t: Token) -> str:
    return t.lemma_.lower()


def _is_content(t: Token) -> bool:
    lem = _lemma(t)
    reporting = t.pos_ == "VERB" and lem in CUE_VERBS and lem not in ("ask", "request")
    return t.pos_ in CONTENT_POS and not t.is_stop and lem not in LIGHT and not reporting and t.is_alpha


def _clause_verb(t: Token) -> Token | None:
    """The verb a negation word belongs to: "none of the rifles had left" -> left."""
    while t.pos_ not in ("VERB", "AUX") and t.head.i != t.i:
        t = t.head
    return t if t.pos_ in ("VERB", "AUX") else None


def _words(tokens: list[Token]) -> frozenset[str]:
    return frozenset(EVENT_LEMMAS.get(w, w) for w in (_lemma(t) for t in tokens if _is_content(t)))


def _reference(np_root: Token, span: SpacySpan) -> Reference:
    inside = [t for t in np_root.subtree if span.start <= t.i < span.end]
    # "that", "this", "it" point back at something said; "something", "them" do not.
    pointing = np_root.lower_ in DEMONSTRATIVES or np_root.lower_ in ("it", "which")
    # "it" names the story the article is about ("it is a hoax"); "that" the statement just made
    head = "it" if np_root.lower_ == "it" else "" if pointing else _lemma(np_root)
    demonstrative = any(_lemma(t) in DEMONSTRATIVES for t in inside)
    generic = head == "" or head in REFERENCE_NOUNS
    # What the object is about ("the allegations of fraud", "fraud allegations"), not where or when it
    # was answered ("the allegations in an interview").
    about = [t for c in np_root.children if c.dep_ in _ABOUT_DEPS or c.dep_ == "prep" and c.lower_ in _ABOUT_PREPS
             for t in c.subtree if span.start <= t.i < span.end]
    words = frozenset(w for w in _words(about) if not any(t.pos_ == "NUM" and _lemma(t) == w for t in about))
    return Reference(head, words, generic or (demonstrative and not words and head in REFERENCE_NOUNS))


def _falsity(span: SpacySpan) -> Reference | None:
    """ "The figures are fabricated", "That idea is laughable", "the report false": the subject named."""
    for t in span:
        if _lemma(t) not in FALSITY or t.dep_ not in _PREDICATE_DEPS or any(c.dep_ == "neg" for c in t.children):
            continue
        if t.pos_ == "VERB" and not any(c.dep_ in ("nsubjpass", "auxpass") for c in t.children):
            continue  # "X fabricated the documents" accuses; "the figures are fabricated" denies
        holders = [t, t.head] if t.dep_ != "ROOT" else [t]
        subjects = [c for h in holders for c in h.children if c.dep_ in _SUBJECTS and span.start <= c.i < span.end]
        if not subjects:  # "called the report false": the object the cue took, left of the predicate
            subjects = [c for c in span if c.i < t.i and c.pos_ in ("NOUN", "PROPN", "PRON") and c.dep_ != "expl"][-1:]
        if subjects:
            return _reference(subjects[0], span)
    return None


def _scope(negation: Token, verb: Token, span: SpacySpan) -> list[Token]:
    """The clause a negation bears on, without a subject it is not part of, unless the verb says nothing
    else ("That dinner never happened": the dinner is what is denied)."""
    inside = [x for x in verb.subtree if span.start <= x.i < span.end]
    subjects = {x.i for c in verb.children if c.dep_ in _SUBJECTS and negation not in c.subtree for x in c.subtree}
    scope = [x for x in inside if x.i not in subjects]
    return scope if any(_is_content(x) and x.i != verb.i for x in scope) else inside


def _open_question(t: Token) -> bool:
    """ "It is not clear if the meteorite disintegrated", "did not say whether he was armed": a negation
    of knowing or telling leaves the question open. Read as a denial, it contested the claim it asks about."""
    heads = [t.head] + [c for c in t.head.children if c.dep_ in ("acomp", "attr")]  # "is not clear [whether]"
    return any(c.dep_ in ("ccomp", "advcl", "xcomp", "csubj") and
               any(m.dep_ == "mark" and m.lower_ in ("whether", "if") for m in c.children)
               for h in heads for c in h.children)


def _predicated(span: SpacySpan, lemmas: set[str]) -> Token | None:
    """The subject of "<subject> is <one of lemmas>" in `span`, not negated ("it's a hoax" -> it)."""
    for t in span:
        if _lemma(t) not in lemmas or t.dep_ not in _PREDICATE_DEPS or any(c.dep_ == "neg" for c in t.children):
            continue
        holder = t.head if t.dep_ in ("acomp", "attr") else t
        if any(c.dep_ == "neg" for c in holder.children):
            continue
        subject = next((c for c in holder.children if c.dep_ in _SUBJECTS), None)
        if subject is not None:
            return subject
    return None


def _main_predicates(span: SpacySpan) -> list[Token]:
    """Each sentence's main predicate within the span (a quote may hold several sentences)."""
    return [t for t in span if (t.head.i == t.i or not span.start <= t.head.i < span.end) and not t.is_punct]


def _hedged(span: SpacySpan) -> bool:
    """A hedge on a main predicate: a modal or adverb on it ("could amount to", "possibly left"), or
    the predicate itself a hedge ("is thought to have", "seems to", "It is unlikely that")."""
    for root in _main_predicates(span):
        passive = any(c.dep_ in ("auxpass", "aux") and _lemma(c) == "be" for c in root.children)
        if _lemma(root) in ("seem", "appear") or root.lower_ in HEDGE_WORDS and (root.pos_ != "VERB" or passive):
            return True  # "seems to", "It is unlikely that", "is thought to have" (not "a van thought to")
        for c in root.children:
            if c.dep_ in ("aux", "advmod", "acomp") and (c.lower_ in HEDGE_WORDS or _lemma(c) in HEDGE_WORDS) \
                    and not any(g.dep_ == "neg" for g in root.children):
                return True
    return False


_CALLED_FALSE = re.compile(r"^\W*(it|this|that|these|those)\s*(is|was|'s|’s|are|were)\s+(all\s+|just\s+|definitely\s+|"
                           r"clearly\s+|simply\s+)?(a\s+|an\s+)?(complete\s+|total\s+|big\s+)?(\w+)\W*$", re.I)


def _called_false(text: str) -> Reference | None:
    """ "it is a hoax", "That's false" read on the words, for a parse that failed on them (no final
    period, a reply cut short): a pronoun, a copula, one word of FALSITY."""
    m = _CALLED_FALSE.match(text)
    head = "it" if m and m.group(1).lower() == "it" else ""
    return Reference(head, frozenset(), True) if m and m.group(6).lower() in FALSITY else None


def _untrue(span: SpacySpan) -> Reference | None:
    """ "Reports of his death are not accurate", "That is not true": a negated truth adjective."""
    for t in span:
        if _lemma(t) in TRUTHFUL and t.dep_ in ("acomp", "attr", "ROOT") and \
                any(c.dep_ == "neg" for c in list(t.children) + list(t.head.children)):
            holder = t.head if t.dep_ != "ROOT" else t
            subjects = [c for c in holder.children if c.dep_ in _SUBJECTS and span.start <= c.i < span.end]
            if subjects:
                return _reference(subjects[0], span)
    return None


def _no_truth(span: SpacySpan) -> tuple[Reference | None, list[Token]] | None:
    """ "There is no truth to the story" -> the story; "no evidence that X" -> the tokens of X."""
    for t in span:
        if _lemma(t) in TRUTH_NOUNS and any(_lemma(c) in ("no", "not") for c in t.children):
            for c in t.children:
                if c.dep_ in ("acl", "ccomp"):
                    return None, list(c.subtree)
                if c.dep_ == "prep":
                    objs = [g for g in c.children if g.dep_ == "pobj"]
                    if objs:
                        return _reference(objs[0], span), []
            return Reference("", frozenset(), True), []
    return None


def _no_such(span: SpacySpan) -> Reference | None:
    """ "No such order was ever given": a denial of the thing named (an order), answered where it was claimed."""
    for t in span:
        if t.lower_ == "such" and t.head.pos_ == "NOUN" and any(c.lower_ == "no" for c in t.head.children):
            return _reference(t.head, span)
    return None


def _intended(t: Token) -> Token | None:
    """ "no plans to move": for a negation on an intention noun, the verb the intention governs."""
    if t.dep_ != "det" or _lemma(t.head) not in INTENTIONS:
        return None
    return next((c for c in t.head.subtree if c.pos_ == "VERB" and c.i > t.head.i), None)


def _claims_innocence(t: Token) -> bool:
    """ "is innocent", "maintains his innocence"; not "an innocent journalist" or "killing innocents" (read
    as denials of the article's main claim, they filed condolences under "denies" across articles)."""
    lemma = _lemma(t)
    if lemma == "innocent":
        return t.dep_ in ("acomp", "attr", "oprd", "ROOT")
    if lemma == "innocence":
        head = t.head.head if t.dep_ == "pobj" else t.head
        return t.dep_ in ("dobj", "pobj") and _lemma(head) in INNOCENCE_CLAIMED
    return False


def _innocence(span: SpacySpan) -> Reference | None:
    """ "not guilty to all counts", "maintains his innocence": a denial of the charges it names."""
    for t in span:
        if _claims_innocence(t) or (_lemma(t) == "guilty" and any(c.dep_ == "neg" for c in t.children)):
            charged = [g for c in t.children if c.dep_ == "prep" for g in c.children if g.dep_ == "pobj"]
            words = _reference(charged[0], span).words if charged else frozenset()
            return Reference("charge", words, True)
    return None


def _as_reported(span: SpacySpan) -> int | None:
    """Where "..., as claimed by the websites" starts in a statement: the words after it are another
    source's report of the same proposition, not part of it ("denied that she had been in Kobani, as
    claimed by Islamist websites": what is denied is that she had been in Kobani)."""
    for t in span:
        head = t.head
        if t.lower_ == "as" and t.dep_ == "mark" and t.i > span.start + 2 and head.lemma_.lower() in CUE_VERBS \
                and any(c.dep_ == "agent" for c in head.children):
            before = t.doc[t.i - 1]
            return before.idx if before.is_punct else before.idx + len(before.text)
    return None


def read_span(doc: Doc, start: int, end: int, *, cue_lemma: str = "", before_cue: str = "") -> Reading:
    span = doc.char_span(start, end, alignment_mode="expand")
    cut = _as_reported(span) if span is not None and len(span) else None
    if cut is not None:
        end = cut
        span = doc.char_span(start, end, alignment_mode="expand")
    text = text_of(doc)[start:end].strip()
    if span is None or not len(span):
        return Reading(text, frozenset(), None, False, frozenset(), False, False, False, None)
    negations = [t for t in span if t.dep_ == "neg" or t.lower_ in NEGATIONS]
    open_questions = [t for t in negations if _open_question(t)]
    negations = [t for t in negations if t not in open_questions]
    negated_predicates, emphatic_predicates = set(), set()
    scope: list[Token] = []
    for t in negations:
        verb = _intended(t) or _clause_verb(t)
        if verb is not None and verb.dep_ in ("aux", "auxpass") and verb.head.pos_ == "VERB":
            verb = verb.head  # "did not approve": the auxiliary's verb
        if verb is not None:
            scope += _scope(t, verb, span)
            negated_predicates.add(_lemma(verb))
            if t.lower_ in EMPHATIC_NEGATIONS and (t.lower_ != "no" or t.dep_ == "det"):
                emphatic_predicates.add(_lemma(verb))
    verbs = [t for t in span if t.pos_ == "VERB" and _is_content(t)]
    top = [t for t in verbs if not (span.start <= t.head.i < span.end) or t.head.i == t.i]
    predicate = _lemma((top or verbs)[0]) if verbs else None
    hedged = _hedged(span) or bool(_HEDGE_PHRASE.search(text)) or "reportedly" in before_cue or cue_lemma in HEDGE_CUES \
        or bool(open_questions)
    innocent = _innocence(span)
    # "dismissed calls for her to resign" turns down a proposal: no claim is denied.
    proposal = cue_lemma in DENY and span.root.pos_ == "NOUN" and _lemma(span.root) in PROPOSALS
    denial = (cue_lemma in DENY and not proposal) or bool(_REPLY.match(text)) or innocent is not None
    reference: Reference | None = innocent
    words_from = list(span)
    genuine = _predicated(span, GENUINE) is not None
    # "she swears it is real ... no reason to believe it's not true": the negated truth is the doubt
    # dismissed, not a denial.
    falsity = _falsity(span) or (None if genuine else _untrue(span) or _called_false(text))
    truth = _no_truth(span)
    no_such = _no_such(span)
    if no_such is not None:
        denial, reference = True, no_such
    elif falsity is not None:
        denial, reference = True, falsity
    elif truth is not None:
        denial = True
        reference, clause = truth
        if clause:
            words_from = clause  # "no evidence that X": X is the proposition denied
    elif denial and cue_lemma in DENY and len(span) <= 10 and span.root.pos_ in ("NOUN", "PRON", "PROPN") \
            and not any(t.pos_ == "VERB" for t in span):  # a noun phrase, not "denied Russia asking for aid"
        reference = _reference(span.root, span)  # "rejected the allegations", "denied the report"
        if not reference.generic and reference.words:
            reference = None  # "denied any wrongdoing in the sale": a proposition of its own
    root = span.root
    copula_words: frozenset[str] = frozenset()
    if _lemma(root) == "be" and any((c.dep_ == "neg" or c.lower_ in ("never", "nowhere")) and c not in open_questions
                                    for c in root.children):
        conjoined = {t.i for c in root.children if c.dep_ == "conj" for t in c.subtree}
        copula_words = _words([t for t in root.subtree if t.i not in conjoined and span.start <= t.i < span.end])
    if predicate is None:  # "had no plans to move": the intended verb, a stop word to spaCy or not
        predicate = next((_lemma(v) for t in negations for v in [_intended(t)] if v is not None), None)
    return Reading(text, _words(words_from), predicate, bool(negations),
                   frozenset(negated_predicates - {"be", "have", "do"}), predicate in emphatic_predicates, hedged,
                   denial, reference, copula_words, genuine, _words(scope))


def read(doc: Doc, a: Attribution) -> Reading:
    """An attribution's statement: its content pieces read as one, its cue deciding a denial or a hedge."""
    text = text_of(doc)
    before_cue = text[max(0, a.cue.span.start - 25):a.cue.span.start].lower()
    pieces = [read_span(doc, p.start, p.end, cue_lemma=a.cue.lemma, before_cue=before_cue) for p in a.pieces]
    first = pieces[0]
    if len(pieces) == 1:
        return first
    return Reading(
        a.said,
        frozenset().union(*(p.words for p in pieces)),
        first.predicate,
        any(p.negated for p in pieces),
        frozenset().union(*(p.negated_predicates for p in pieces)),
        first.emphatic,
        any(p.hedged for p in pieces),
        any(p.denial for p in pieces) and not any(p.genuine for p in pieces),  # "it is real ... not untrue"
        next((p.reference for p in pieces if p.reference is not None), None),
        first.negated_clause,
        any(p.genuine for p in pieces),
        frozenset().union(*(p.negated_scope for p in pieces)),
    )


def question_of(doc: Doc, a: Attribution) -> tuple[int, int]:
    """For an answer ('answered "No" when asked whether X'), the sentence whose question gives the claim."""
    cue = doc.char_span(a.cue.span.start, a.cue.span.end, alignment_mode="expand")
    if cue is None:
        return a.content.start, a.content.end
    sent = cue.sent
    return asked_in(sent) or (sent.start_char, sent.end_char)


def asked_in(sent: SpacySpan) -> tuple[int, int] | None:
    """The question a sentence says was asked: "when they asked him if X", "Asked whether X", "Asked
    what he thought of X" (the words after the question word)."""
    for t in sent:
        if _lemma(t) in ("ask", "question", "wonder"):
            asked = [c for c in t.children if c.dep_ in ("ccomp", "advcl", "xcomp")
                     and any(m.lower_ in QUESTION_MARKERS for m in c.subtree if m.i < c.i)]
            if asked:
                toks = [x for x in asked[0].subtree if x.lower_ not in QUESTION_MARKERS]
                return toks[0].idx, toks[-1].idx + len(toks[-1].text)
    return None
