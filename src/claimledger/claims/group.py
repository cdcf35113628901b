"""Grouping an article's statements into claims, and each attribution's stance toward its claim.

Statements are the attributions in text order, after the article's title when it has one; an act with no
proposition, a goal and a declined comment found no claim (claims/proposition.py). `_Grouping.place`
tries, in order: "it is real" against a claim calling the thing fake; "announced the ceasefire" naming
what a claim is about; a denial that only names its object ("rejected the allegations", "it is a hoax")
answering the claim the reference fits; a restatement or contradiction of an earlier statement judged by
the relation model on a few candidate pairs and by rules (a negated restatement of the same predicate
denies); a quote's continuation; a denial with a clause of its own denying a claim that says much the
same. Else the statement founds a claim. Stance toward the claim: `deny` when the statement denies it,
whatever the wording; `hedge` for hedged support; else `assert`. A claim states what its assertion says
(`_state_positively`), reads alone (claims/display.py) and says why each statement is on its side.
"""
from __future__ import annotations

from bisect import bisect_right
from collections import Counter, deque

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from spacy.tokens import Doc

from ..lexicon import (ALLEGATIONS, CONCESSIONS, DENY, DESIRES, FAKERY, NEWS_REFERENCES, PRONOUNS, REBUTTALS,
                       RETORT_VERBS)
from ..model import ASKS, CONTINUES, Article, Attribution, Claim, Stance, Why, is_contested
from ..nlp import text_of
from ..text import declined, same_source
from .display import Others, denied_clause, display_text, stands_alone, tidy
from .proposition import has_proposition, named_object, only_a_pronoun
from .read import LIGHT, Reading, Reference, asked_in, question_of, read, read_span
from .relate import Judgement, RelationModel

MATCH = 0.6  # share of the shorter statement's content words that makes a restatement (rules only)
CANDIDATES = 3  # earlier statements per statement the relation model judges: keeps the cost linear
WORD_WINDOW = 200  # earlier statements remembered per word (see _candidates)
# Read on 121 real pages (trafilatura sample, FNC-1 bodies, the seed article) with the v0 model: at 0.5 it
# joins most statements about one event; its `denies` alone raised 46 contested flags, most of them false
# (v0 scores disagree F1 0.15 on FNC-1), so the side comes from the rules or a rebuttal's negation.
JOIN = 0.8  # the model's probability that a statement takes a side on a claim (supports + denies) that joins it
REBUT = 0.5  # the same for a statement whose rebuttal's negation makes it a contradiction
FLOOR = 0.25  # and the share of the shorter statement's content words the two must share
RESTATE = 0.5  # the share a restatement (supports) needs: a contradiction may share fewer words
MODEL_DENIES = False  # whether the model alone may say which side (denies) a statement takes
DENIES_SAME = 0.4  # share of the shorter's content words a propositional denial shares with the claim it denies
QUESTION_WORDS = ("whether", "if", "who", "what", "why", "how", "when", "where", "which")


@dataclass
class _Statement:
    reading: Reading
    start: int
    attribution: Attribution | None = None  # None for the title
    source: str = ""
    question: bool = False  # asks rather than says: never the claim another statement joins
    headline: bool = False  # the title, or an attribution that is the title line
    display: str = ""  # what its claim reads as (display.display_text); the reading's text when empty
    named: str | None = None  # "announced the ceasefire": the lemma of the thing it states (ceasefire)
    act: bool = False  # no proposition ("praised the police"): part of its speaker's statement, or no claim
    negated: bool = False  # `display` states its proposition negatively (a denied clause is shown positively)


@dataclass
class _Member:
    statement: _Statement
    polarity: int  # +1: its proposition states the claim; -1: it states the opposite
    stance: Stance
    probability: float | None
    why: str = ""  # what tied it to the claim, for a reader ("restates it (the relation model, p=0.91)")


@dataclass
class _Cluster:
    founder: _Statement
    members: list[_Member] = field(default_factory=list)
    words: set[str] = field(default_factory=set)

    def supporters(self) -> list[_Member]:
        return [m for m in self.members if m.stance in ("assert", "hedge") and not m.statement.question]


def _similar(a: frozenset[str] | set[str], b: frozenset[str] | set[str]) -> float:
    if min(len(a), len(b)) < 2:
        return 0.0
    return len(a & b) / min(len(a), len(b))


def _overlap(a: frozenset[str] | set[str], b: frozenset[str] | set[str]) -> float:
    return len(a & b) / min(len(a), len(b)) if a and b else 0.0


def _same_predicate(a: str | None, b: str | None) -> bool:
    """Two statements about the same participants with different predicates are different claims."""
    return a is None or b is None or a == b


def _statement(doc: Doc, a: Attribution, others: Others | None = None) -> _Statement:
    reading = read(doc, a)
    said = a.said.strip().lower()
    question = a.cue.lemma in ("ask", "wonder", "question") and said.startswith(QUESTION_WORDS) or said.endswith("?")
    if a.cue.kind == "answer" or reading.denial and len(a.content.text.split()) <= 3 and reading.reference is None \
            or _answers_question(doc, a, reading):
        # 'answered "No" when asked whether X': the question gives the proposition the answer denies.
        start, end = question_of(doc, a)
        asked = read_span(doc, start, end)
        reading = replace(asked, denial=True, hedged=reading.hedged, text=text_of(doc)[start:end])
        return _Statement(reading, a.content.start, a, a.source.name or a.source.span.text, question)
    clause = denied_clause(doc, a) if reading.denial else None
    shown = clause or display_text(doc, a, reading.text, others)
    return _Statement(reading, a.content.start, a, a.source.name or a.source.span.text, question, display=shown,
                      negated=clause is None and _negated(reading))


def _answers_question(doc: Doc, a: Attribution, reading: Reading) -> bool:
    """ "Asked what he thought of X, Walter said: 'That is very untrue'": "that" is the question's X,
    not whatever was said before."""
    if not (reading.denial and reading.reference is not None and reading.reference.head in ("", "it")):
        return False
    cue = doc.char_span(a.cue.span.start, a.cue.span.end, alignment_mode="expand")
    return cue is not None and asked_in(cue.sent) is not None


def _title(article: Article, doc: Doc, title_doc: Doc | None, attributions: Sequence[Attribution]) -> _Statement | None:
    if not article.title:
        return None
    if text_of(doc).startswith(article.title):
        if any(a.cue.span.start < len(article.title) for a in attributions):
            return None  # a headline that reports a source is that attribution's statement already
        return _headline(read_span(doc, 0, len(article.title)))
    if title_doc is not None:  # a title outside the text, parsed on its own
        return _headline(read_span(title_doc, 0, len(text_of(title_doc))))
    return None


def _headline(reading: Reading) -> _Statement:
    return _Statement(reading, -1, headline=True, negated=_negated(reading))


def _continues(prev: _Statement, cur: _Statement, doc: Doc) -> bool:
    """The same speaker's next piece of one statement: the same cue, or the same sentence."""
    a, b = prev.attribution, cur.attribution
    if a is None or b is None or not same_source(prev.source, cur.source):
        return False
    if a.cue.span.start == b.cue.span.start:
        return True
    end = doc.char_span(a.content.end - 1, a.content.end, alignment_mode="expand")
    return end is not None and end.sent.start_char <= b.content.start < end.sent.end_char


def _candidates(statements: list[_Statement], title: _Statement | None) -> list[tuple[_Statement, _Statement]]:
    """For each statement, the few earlier ones (or the title) sharing the most content words, the
    nearest first among equals. Earlier statements are found through an index of their words, each word
    remembering its last `WORD_WINDOW` statements: all of them in any ordinary article, and a bound on
    the cost in an archive-sized one (10,000 statements sharing "said" would otherwise be compared
    pairwise)."""
    pairs = []
    earlier: list[_Statement] = []
    index: dict[str, deque[int]] = {}

    def remember(t: _Statement) -> None:
        if not t.question and t.reading.words:
            for word in t.reading.words:
                index.setdefault(word, deque(maxlen=WORD_WINDOW)).append(len(earlier))
            earlier.append(t)

    if title:
        remember(title)
    for s in statements:
        if s.act:
            continue
        if not (s.question or s.reading.reference is not None or not s.reading.words):
            shared = Counter(k for word in s.reading.words for k in index.get(word, ()))
            best = sorted(((n, k) for k, n in shared.items()), reverse=True)[:CANDIDATES]
            pairs += [(earlier[k], s) for _, k in best]
        remember(s)
    return pairs


def _rule(claim: Reading, s: Reading, headline: bool = False) -> str | None:
    """What the ledger's own rules say of a pair: a restatement, a negated restatement, or nothing.

    A negation counts only on the predicate the two share: "At no time did the ministry approve such a
    deal" denies "the ministry approved a deal"; a "not" elsewhere in a long quote does not. Against
    the headline the negated predicate is enough ("has not asked anyone for help"); elsewhere the two
    must share two words besides it.
    """
    p = claim.predicate
    if p is not None and (headline or len((claim.words & s.words) - {p}) >= 2):
        if p in s.negated_predicates and p not in claim.negated_predicates:
            return "denies"
        if p == s.predicate and p in claim.negated_predicates and p not in s.negated_predicates:
            return "denies"
    if _similar(claim.words, s.words) >= MATCH and _same_predicate(claim.predicate, s.predicate) \
            and _negated(claim) == _negated(s):
        return "supports"
    return None


def _verdict(claim: _Statement, s: Reading, j: Judgement | None) -> tuple[str, float, float | None] | None:
    """supports / denies, a score to rank candidate claims, and the model's probability (if it judged)."""
    rule = _rule(claim.reading, s, headline=claim.headline)
    if rule == "supports" and j is not None and claim.reading.predicate != s.predicate \
            and j.probabilities.get("supports", 0.0) < JOIN:
        # Shared words without a shared verb ("Russia's military assistance would have serious
        # consequences" against "Russia asked China for military assistance") restate only if the model
        # agrees.
        rule = None
    side = j.probabilities.get("supports", 0.0) + j.probabilities.get("denies", 0.0) if j is not None else 0.0
    # A rebuttal's negation on one main predicate and none on the other's ("None of the rifles left the
    # compound" against "rebels seized the rifles"; not against a headline, whose verbs are often
    # negative: "bans", "rules out") makes a contradiction of what the model finds related.
    # So does a negation on the one predicate both share ("was not captured" against "had been captured").
    flipped = not claim.headline and (claim.reading.emphatic or s.emphatic or claim.reading.negated_copula
                                      or s.negated_copula or _shared_verb(claim.reading, s)) \
        and _negated(claim.reading) != _negated(s) and _negation_bears_on(claim.reading, s)
    # A negated copula's clause is the rebuttal's proposition ("was nowhere near the depot", not the
    # alibi conjoined to it).
    words = s.negated_clause if flipped and s.negated_copula else s.words
    if j is not None and side >= (REBUT if flipped else JOIN) and _overlap(claim.reading.words, words) >= FLOOR:
        # The model says the statement takes a side on the claim; which side is the rules' call when
        # they make one, else the rebuttal's, else the likelier of the two.
        likelier = "denies" if MODEL_DENIES and j.probabilities.get("denies", 0.0) > j.probabilities.get("supports", 0.0) \
            else "supports"
        relation = rule or ("denies" if flipped else likelier)
        if relation == "denies" or _restates(claim.reading, s):
            return relation, side, round(side, 4)
    if rule is None:
        return None
    return rule, 1.0, (round(side, 4) if j is not None else None)


def _negation_bears_on(claim: Reading, s: Reading) -> bool:
    """Whether the negated one's negation bears on what the other says: "Rosenberg was not [in the Kobane
    region]" on "she had been in the Kobane region"; not "Kim is not [a micromanager]" on "Kim's health is
    fine", which only names the same man. On FNC-1 bodies, 11 of 13 contradictions filed on the model's
    word without this were wrong."""
    negative, other = (s, claim) if _negated(s) else (claim, s)
    return bool(negative.negated_scope & other.words)


def _shared_verb(claim: Reading, s: Reading) -> bool:
    """One content verb is the main predicate of both, with a word besides it ("Rosenberg was captured")."""
    p = claim.predicate
    return p is not None and p not in LIGHT and p == s.predicate and bool((claim.words & s.words) - {p})


def _restates(claim: Reading, s: Reading) -> bool:
    """Enough shared words for the model's `supports` to make a restatement. With different main verbs
    the share is taken of the longer statement: "any missiles supplied to Ostria would bring severe
    consequences" is a warning about the claim "Ostria asked for missiles", not a restatement of it."""
    if _overlap(claim.words, s.words) < RESTATE:
        return False
    if _same_predicate(claim.predicate, s.predicate):
        return True
    return len(claim.words & s.words) / max(len(claim.words), len(s.words)) >= RESTATE


def _negated(r: Reading) -> bool:
    """Whether the main predicate is negated, or the main clause is a negated copula ("was not near
    Kobani"). Other verbless negations count as not negated: read on real pages, they were mostly
    incidental ("It's no secret that ...")."""
    return r.predicate is not None and r.predicate in r.negated_predicates or r.negated_copula


def _fits(ref: Reference, cluster: _Cluster) -> bool:
    if ref.words and not ref.words & cluster.words:
        return False
    return ref.generic or ref.head in cluster.words


def _other_side(cluster: _Cluster, s: _Statement, doubts: bool = False, any_side: bool = False) -> int | None:
    """Where the latest support from another source sits before `s`, if any does. A denial answers an
    assertion, not someone's doubt ("I have no idea if it's authentic"), unless `doubts`; `any_side`
    takes any statement of another source ("announced the ceasefire" joins a claim only denied so far)."""
    members = cluster.members if any_side else [m for m in cluster.supporters() if doubts or m.stance == "assert"]
    starts = [m.statement.start for m in members if m.statement.start < s.start and m.statement.attribution is not None
              and not same_source(m.statement.source, s.source)]
    return max(starts, default=None)


def _nearest(s: _Statement, clusters: list[_Cluster], fits: Reference | None = None,
             doubts: bool = False, any_side: bool = False) -> _Cluster | None:
    """The nearest earlier claim of another source (that the reference fits)."""
    pool = [(at, c) for c in clusters if not c.founder.question and (fits is None or _fits(fits, c))
            for at in [_other_side(c, s, doubts, any_side)] if at is not None]
    return max(pool, key=lambda x: x[0])[1] if pool else None


def _declined(doc: Doc, a: Attribution) -> bool:
    """ "declined to comment", "would not confirm it": no answer, so no side and no claim."""
    text = text_of(doc)
    lo, hi = min(a.cue.span.start, a.content.start), max(a.cue.span.end, a.content.end)
    return hi - lo < 200 and declined(text[lo:hi])


def _stands_alone(doc: Doc, s: _Statement) -> bool:
    a = s.attribution
    span = doc.char_span(a.content.start, a.content.end, alignment_mode="expand") if a is not None else None
    return span is not None and stands_alone(span, quotes=False)


def _against_itself(cluster: _Cluster, s: _Statement, denies: bool) -> bool:
    """Whether joining would put the statement's source on both sides of the claim. For a concession
    ("denies he ever said it, though he has admitted making rude remarks") that means two claims; a
    speaker who takes back what they said ("said the pool would reopen ... denied it would") stays one."""
    return any(same_source(m.statement.source, s.source) and (m.stance == "deny") != denies
               for m in cluster.members if m.statement.attribution is not None)


def _calls_fake(s: _Statement) -> bool:
    """Calls a thing fake ("the video was a fake", "the photo is doctored"), not a statement false."""
    ref = s.reading.reference
    return s.reading.denial and ref is not None and not ref.generic and bool(s.reading.words & FAKERY)


def _denies_same(cluster: _Cluster, reading: Reading) -> bool:
    """A denial's proposition restates the claim's: most of the shorter one's content words shared."""
    shared = cluster.words & reading.words
    return bool(shared) and _overlap(cluster.words, reading.words) >= DENIES_SAME


def _nearest_faked(s: _Statement, clusters: list[_Cluster]) -> _Cluster | None:
    """The nearest earlier claim of another source that calls a thing fake."""
    return _nearest(s, [c for c in clusters if c.words & FAKERY], doubts=True)  # "could be a hoax" too


def _main(s: _Statement, clusters: list[_Cluster], title: _Cluster | None) -> _Cluster | None:
    """The article's main claim for `s` to deny: the headline's when another source supports it, else the
    first claim another source supports, else the headline's alone."""
    for c in ([title] if title else []) + clusters:
        if not c.founder.question and _other_side(c, s) is not None:
            return c
    return title


def _answered(s: _Statement, clusters: list[_Cluster], title: _Cluster | None, ref: Reference) -> _Cluster | None:
    """The claim a denial naming its object answers: "the report" or "the story" is what the article
    reports (its main claim); another object, the nearest earlier claim of another source it fits."""
    if ref.head in NEWS_REFERENCES or ref.head == "it":  # "the report", "it is a hoax": what the article is about
        if ref.words:  # "reports of his death": the claim those words fit, never another one
            return _nearest(s, clusters, ref)
        return _main(s, clusters, title)
    nearest = _nearest(s, clusters, ref)
    if nearest is None and ref.generic and not ref.words:
        return _main(s, clusters, title)  # "rejected that claim" with nothing before it fits: the main one
    return nearest


def group_claims(article: Article, doc: Doc, attributions: Sequence[Attribution], relation: RelationModel | None,
                 title_doc: Doc | None = None) -> tuple[list[Attribution], list[Claim]]:
    """New attributions (stance, claim, probability set) and the article's claims."""
    others = Others.of(attributions)
    statements = [_statement(doc, a, others) for a in attributions]
    for s in statements:
        # "pleaded not guilty to the counts", "called the report false": a denial is said, verb or not
        s.act = s.attribution is not None and (_declined(doc, s.attribution) or s.attribution.cue.lemma in DESIRES
                                               or not s.reading.denial and not has_proposition(doc, s.attribution))
        s.named = named_object(doc, s.attribution) if s.attribution is not None else None
    if article.title and text_of(doc).startswith(article.title):
        for s in statements:  # "European officials say X" as the title line: the headline's statement
            s.headline = s.attribution is not None and s.attribution.cue.span.start < len(article.title)
    title = _title(article, doc, title_doc, attributions)
    pairs = _candidates(statements, title)
    judged: dict[tuple[int, int], Judgement] = {}
    if relation is not None and pairs:
        found = relation.relate_many([(c.reading.text, s.reading.text) for c, s in pairs])
        judged = {(id(c), id(s)): j for (c, s), j in zip(pairs, found)}
    grouping = _Grouping(doc, title, judged)
    for c, s in pairs:
        grouping.earlier.setdefault(id(s), []).append(c)
    before: _Statement | None = None
    for s in statements:
        grouping.place(s, before)
        before = s
    return _results(attributions, grouping.clusters, grouping.home)


class _Grouping:
    """The claims of one article as its statements are placed, in text order: one method per way a
    statement can find its claim, tried in the order `place` lists them; a statement none of them places
    founds a claim of its own."""

    def __init__(self, doc: Doc, title: _Statement | None, judged: dict[tuple[int, int], Judgement]) -> None:
        self.doc = doc
        self.judged = judged
        self.earlier: dict[int, list[_Statement]] = {}  # statement -> the earlier ones the model judged it against
        self.clusters: list[_Cluster] = []
        self.home: dict[int, tuple[_Cluster, _Member]] = {}
        self.title = _Cluster(title, words=set(title.reading.words)) if title else None
        self.placed: list[_Statement] = []  # statements with a claim, in text order
        self.sentences = [sent.start_char for sent in doc.sents]
        if title is not None and self.title is not None:
            self.home[id(title)] = (self.title, _Member(title, 1, "assert", None, "the headline"))

    def join(self, cluster: _Cluster, s: _Statement, polarity: int, probability: float | None, why: str,
             founding: bool = False) -> None:
        if cluster is self.title and cluster not in self.clusters:
            self.clusters.append(cluster)
        # Calling a thing fake answers nothing said before it asserts its own words: "The video was a
        # fake" is the claim, and "denied faking it" later denies it.
        denial = s.reading.denial and not (founding and _calls_fake(s))
        stance: Stance = "deny" if (polarity < 0) != denial else "hedge" if s.reading.hedged else "assert"
        member = _Member(s, polarity, stance, probability, why)
        cluster.members.append(member)
        cluster.words |= s.reading.words
        self.home[id(s)] = (cluster, member)
        if s.attribution is not None:
            self.placed.append(s)

    def found(self, s: _Statement, why: str) -> None:
        cluster = _Cluster(s)
        self.clusters.append(cluster)
        self.join(cluster, s, 1, None, why, founding=True)

    def place(self, s: _Statement, before: _Statement | None) -> None:
        if s.act:  # "citing figures from ...": part of the statement it continues, else of none
            self._continuation(s, before)
            return
        if s.question:  # a question asserts nothing: its own claim, never a side of another
            self.found(s, ASKS)
            return
        conceding = s.attribution is not None and s.attribution.cue.lemma in CONCESSIONS
        placed = (self._genuine(s) or self._named(s) or self._reference(s) or self._rebuttal(s)
                  or self._related(s, conceding)
                  or not conceding and self._continuation(s, before) or self._denial(s))
        if not placed and not (s.reading.denial and s.attribution is not None and only_a_pronoun(
                self.doc.char_span(s.attribution.content.start, s.attribution.content.end, alignment_mode="expand"))):
            self.found(s, _founding_why(s))  # "rejected them" with nothing they fit: no claim of its own

    def _continuation(self, s: _Statement, before: _Statement | None) -> bool:
        """The same speaker's next piece of one statement: one claim, one stance. "Denies he said it, but
        has admitted ..." concedes something else: a claim of its own, not both sides of one."""
        if before is None or id(before) not in self.home or not _continues(before, s, self.doc):
            return False
        cluster, member = self.home[id(before)]
        self.join(cluster, s, member.polarity, None, CONTINUES)
        cluster.members[-1].stance = member.stance
        return True

    def _genuine(self, s: _Statement) -> bool:
        """ "she swears it's real" answers "it's a hoax"."""
        target = _nearest_faked(s, self.clusters) if s.reading.genuine and not s.reading.denial else None
        if target is not None:
            self.join(target, s, -1, None, "calls real what the claim calls fake")
        return target is not None

    def _named(self, s: _Statement) -> bool:
        """ "announced the ceasefire": the claim about the thing it names."""
        named = s.named
        target = None if named is None or s.reading.denial else \
            _nearest(s, [c for c in self.clusters if named in c.words], any_side=True)
        if target is not None:
            self.join(target, s, 1, None, f"names what the claim is about ({s.named})")
        return target is not None

    def _reference(self, s: _Statement) -> bool:
        """ "rejected the allegations", "the report is false": the claim the reference fits."""
        ref = s.reading.reference
        target = _answered(s, self.clusters, self.title, ref) if ref is not None else None
        if target is not None and ref is not None:
            # "Tiger Woods is not serving a suspension ... These claims are false": the claims a negative
            # claim answers are what it denies, so calling them false agrees with it.
            polarity = -1 if ref.head in ALLEGATIONS and _negated(target.founder.reading) else 1
            self.join(target, s, polarity, None, f"answers it by naming it ({ref.head or 'that'})")
        return target is not None

    def _rebuttal(self, s: _Statement) -> bool:
        """ "Warren accused him of ... The campaign countered that he fought redlining": a retort takes the
        other side of the statement just before it, when another source made that one in the same or the
        sentence before. Its own words need not share any with what it answers."""
        a = s.attribution
        if a is None or not _retorts(a) or not self.placed:
            return False
        before = self.placed[-1]
        if before.attribution is None or before.question or same_source(before.source, s.source) \
                or self._sentence(a.cue.span.start) - self._sentence(before.attribution.content.end - 1) > 1:
            return False
        cluster, member = self.home[id(before)]
        self.join(cluster, s, -member.polarity, None, f"retorts to it ({a.cue.span.text.strip()})")
        return True

    def _sentence(self, char: int) -> int:
        return bisect_right(self.sentences, char)

    def _related(self, s: _Statement, conceding: bool) -> bool:
        """The earlier statement (of those sharing its words) that the rules or the model tie it to."""
        best: tuple[float, _Cluster, int, float | None, str] | None = None
        for c in self.earlier.get(id(s), []):
            if id(c) not in self.home:
                continue
            cluster, member = self.home[id(c)]
            judgement = self.judged.get((id(c), id(s)))
            verdict = _verdict(c, s.reading, judgement)
            if verdict is None:
                continue
            relation_, score, prob = verdict
            polarity = member.polarity * (1 if relation_ == "supports" else -1)
            if conceding and _against_itself(cluster, s, (polarity < 0) != s.reading.denial):
                continue
            if best is None or score > best[0]:
                how = "restates" if relation_ == "supports" else "contradicts"
                by = f"the relation model, p={prob:.2f}" if prob is not None and score < 1.0 else "shared predicate and words"
                best = (score, cluster, polarity, prob, f"{how} it ({by})")
        if best is not None:
            self.join(best[1], s, best[2], best[3], best[4])
        return best is not None

    def _denial(self, s: _Statement) -> bool:
        """A denial denies something said before: the nearest claim of another source that says much the
        same; a short one ("No.", "denied the charges") the article's main claim. A denial with a
        proposition of its own is no answer to a claim it only shares a name with ("denied there was a
        ceasefire" against "the army killed Shekau")."""
        reading = s.reading
        if not reading.denial:
            return False
        answer = s.attribution is not None and s.attribution.cue.kind == "answer"
        target = None if answer else _nearest(s, [c for c in self.clusters if _denies_same(c, reading)
                                                 or reading.reference is not None and c.words & reading.words])
        why = "denies what it says"
        said = s.attribution.said.lower().strip(" .,") if s.attribution is not None else ""
        if target is None and said and len(said.split()) <= 4 and said not in PRONOUNS - {"it"} \
                and not _stands_alone(self.doc, s):  # "denied there was a ceasefire" says what it denies
            target, why = _main(s, self.clusters, self.title), "a short denial: of the article's main claim"
        if target is not None:
            self.join(target, s, 1, None, why)
        return target is not None


def _retorts(a: Attribution) -> bool:
    lemma = a.cue.lemma
    return lemma in REBUTTALS or lemma in RETORT_VERBS and " back" in f" {a.cue.span.text.lower()} "


def _founding_why(s: _Statement) -> str:
    a = s.attribution
    if s.reading.denial and a is not None and a.cue.lemma in DENY:
        return f"denies it ({a.cue.lemma})"
    return "denies it in its own words" if s.reading.denial and not _calls_fake(s) else "states it"


def _state_positively(c: _Cluster) -> None:
    """A claim is what its assertion says, not its negation. When the first statement negates ("the
    disease could not have been registered") and a later one states it ("two cases had been
    registered"), the later one is the claim: every member's side turns, so the one who states it
    asserts and the one who negated it denies."""
    founder = c.members[0].statement if c.members else None
    if founder is None or founder.attribution is None or not _negated(founder.reading) or founder.reading.denial:
        return
    if not any(m.polarity < 0 and not _negated(m.statement.reading) and not m.statement.reading.denial
               for m in c.members):
        return
    for m in c.members:
        m.polarity = -m.polarity
        denial = m.statement.reading.denial
        m.stance = "deny" if (m.polarity < 0) != denial else "hedge" if m.statement.reading.hedged else "assert"


def _results(attributions: Sequence[Attribution], clusters: list[_Cluster],
             home: dict[int, tuple[_Cluster, _Member]]) -> tuple[list[Attribution], list[Claim]]:
    ordered = sorted((c for c in clusters if c.members), key=lambda c: min(m.statement.start for m in c.members))
    for c in ordered:
        _state_positively(c)
    ids = {id(c): f"c{i}" for i, c in enumerate(ordered, 1)}
    claims = [_claim(ids[id(c)], c) for c in ordered]
    members = {id(m.statement.attribution): (c, m) for c in ordered for m in c.members}
    out = []
    for a in attributions:
        if id(a) not in members:  # an act with no proposition: an attribution, no claim
            out.append(replace(a, claim=None, probability=None))
            continue
        cluster, member = members[id(a)]
        out.append(replace(a, stance=member.stance, claim=ids[id(cluster)], probability=member.probability))
    return out, claims


def _names(members: list[_Member], stance: str) -> list[str]:
    return list(dict.fromkeys(m.statement.source for m in members if m.stance == stance))


def _claim(cid: str, c: _Cluster) -> Claim:
    stating = [m for m in c.members if m.polarity > 0 and m.stance in ("assert", "hedge")]
    # The statement that says it most nearly as the founder did (its predicate, then its words): after a
    # turn (_state_positively) the first one stating the claim may share only a word with it.
    founder = c.founder.reading
    stating.sort(key=lambda m: (m.statement.reading.predicate != founder.predicate or founder.predicate is None,
                                -len(m.statement.reading.words & founder.words)) if m.statement is not c.founder
                 else (False, -10 ** 6))
    shown = (stating[0].statement if stating else c.founder)
    text = shown.display or tidy(shown.reading.text)
    supporting = c.supporters()
    denying = [m for m in c.members if m.stance == "deny"]
    # A source never contests itself: support and denial must come from different sources.
    contested = is_contested([s.statement.source for s in supporting], [d.statement.source for d in denying])
    why = [Why(m.statement.attribution.id, m.stance, m.why) for m in sorted(c.members, key=lambda m: m.statement.start)
           if m.statement.attribution is not None]
    return Claim(cid, text, asserted_by=_names(c.members, "assert"), denied_by=_names(c.members, "deny"),
                 hedged_by=_names(c.members, "hedge"), contested=contested, why=why, negated=shown.negated)
