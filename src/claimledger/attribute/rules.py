"""Rule-based attribution on the dependency parse: the fallback extractor, and the seed of the model's.

Four passes, each a generator of RawAttribution:
  verbs      "X said (that) ...", "..., X said", "Y was told by X", "X was quoted as saying", "X denied Y"
  according  "according to X, ..." (documents included, non-speakers such as schedules excluded)
  colon      "X: \"...\""
  orphans    quotes with no cue in their sentence: the speaker named in the next sentence, or the
             continuation of the previous direct quote
"""
from __future__ import annotations

import re
import sys
from bisect import bisect_left, bisect_right, insort
from collections.abc import Iterator

from spacy.tokens import Doc, Span as SpacySpan, Token

from ..model import QuoteType, RawAttribution, Span
from ..nlp import sents_of, text_of
from ..options import Options
from . import Extractor, extractors
from ..lexicon import (ADDRESSEE, AS_VERBS, BELIEF, CUE_VERBS, DENY, DONE_TO, EVALUATION, NON_SOURCES, PARENTHETICAL,
                       MADE_TO, PASSIVE_REPORTS, PHRASAL, RETORT_VERBS, STATED_OBJECT)
from .phrases import noun_phrase, span_at, subject_of, tokens_span, trimmed
from .intervals import Intervals
from .quotes import Quote, Quotes, find_quotes

# A line opening with a short capitalised name and a colon; the name may sit inside an opening quote.
LINE_COLON = re.compile(r"(?m)^[\"\u201c]?([A-Z][\w.'\u2019-]*(?: [A-Z][\w.'\u2019-]*){0,3}): +(\S[^\n]*)$")
DASH_NAME = re.compile(r"[ \t\u00a0]*([\u2015\u2014])[ \t\u00a0]*([A-Z][\w.'\u2019-]*(?: [A-Z][\w.'\u2019-]*){0,3})")
SUBJECTS = {"nsubj", "nsubjpass", "csubj"}
COMPLEMENTS = {"ccomp", "xcomp", "dobj", "oprd", "attr"}


def _cue_tokens(verb: Token) -> list[Token]:
    """The verb with the auxiliaries, negation and particles glued to its left/right ("has not said")."""
    toks = [verb]
    for child in verb.children:
        if child.dep_ in ("aux", "auxpass", "neg", "prt") and abs(child.i - verb.i) <= 3:
            toks.append(child)
        elif child.dep_ == "advmod" and child.i == verb.i - 1 and child.lower_ in ("also", "later", "previously"):
            toks.append(child)
    toks.sort(key=lambda t: t.i)
    # Only the contiguous run around the verb.
    run = [verb]
    for t in reversed([t for t in toks if t.i < verb.i]):
        if t.i == run[0].i - 1:
            run.insert(0, t)
    for t in [t for t in toks if t.i > verb.i]:
        if t.i == run[-1].i + 1:
            run.append(t)
    return run


class RuleExtractor(Extractor):
    """Dependency and quote rules; no model beyond spaCy's parse."""

    def extract(self, doc: Doc) -> list[RawAttribution]:
        quotes = find_quotes(text_of(doc))
        found: list[RawAttribution] = []
        found.extend(self._verbs(doc, quotes))
        found.extend(self._according(doc))
        found.extend(self._colon(doc, quotes, found))
        found.extend(self._line_colon(doc, found))
        found.extend(self._dash(doc, quotes))
        found.extend(self._orphans(doc, quotes, found))
        return _dedupe(found)

    # -- "X said ..." -------------------------------------------------------------------------
    def _verbs(self, doc: Doc, quotes: Quotes) -> Iterator[RawAttribution]:
        for verb in doc:
            back = _back(verb)
            if verb.pos_ not in ("VERB", "AUX") or verb.lemma_.lower() not in CUE_VERBS and back is None:
                continue
            if quotes.at(verb.idx) or _infinitive(verb) and not _made_to(verb):
                continue  # "I think" inside a quote belongs to the quote; "wants to say" is not a cue
            src = subject_of(verb)
            if src is None and back is not None and verb.i > 0 and doc[verb.i - 1].pos_ in ("NOUN", "PROPN"):
                src = doc[verb.i - 1]  # "with X saying P and Y firing back that Q": Y, however it was parsed
            if src is None or src.dep_ == "expl" or src.pos_ == "NUM":
                continue
            cue_toks = _cue_tokens(verb)
            if back is not None and back not in cue_toks:
                cue_toks.append(back)
            if _phrasal(verb) is not None:
                cue_toks.append(verb.doc[verb.i + 1])
            content, quote, parts = self._content(doc, verb, quotes)
            if content is None:
                continue
            if verb.lemma_ == "quote":  # "X was quoted as saying ...": cue runs to "saying"
                say = [t for t in verb.subtree if t.lemma_ == "say" and t.i > verb.i]
                if say:
                    cue_toks = list(doc[cue_toks[0].i: say[0].i + 1])
            pieces = parts or [content]  # a quote split around its cue holds the cue only between pieces
            # A misparsed that-clause can hang off the speaker ("told by a diplomat [that ...]"): cut it.
            source = tokens_span(doc, [t for t in noun_phrase(src) if not any(p.start <= t.idx < p.end for p in pieces)])
            cue = tokens_span(doc, cue_toks)
            if source is None or cue is None or any(x.overlaps(p) for x in (source, cue) for p in pieces):
                continue
            yield RawAttribution(source=source, cue=cue, content=content, quote=quote, content_parts=parts)

    def _content(self, doc: Doc, verb: Token, quotes: Quotes) -> tuple[Span | None, QuoteType, list[Span]]:
        lemma = verb.lemma_.lower()
        comps: list[Token] = []
        phrasal = _phrasal(verb)
        if phrasal is not None:  # "called for a moratorium": the object of the preposition
            return tokens_span(doc, [t for c in phrasal.children if c.dep_ in ("pobj", "pcomp")
                                      for t in _clause(c)]), "indirect", []
        if lemma in ("push", "point"):
            return None, "indirect", []
        has_xcomp = any(c.dep_ == "xcomp" for c in verb.children)
        for child in verb.children:
            if child.dep_ in COMPLEMENTS:
                if child.dep_ == "dobj" and (lemma in ADDRESSEE or lemma in BELIEF) and not has_xcomp \
                        and not quotes.at(child.idx):
                    continue  # an addressee ("told reporters") or a wanted thing, not what was said
                comps.append(child)
            elif child.dep_ == "acomp" and lemma == "plead":
                comps.append(child)  # "pleaded not guilty to all counts": the plea is what was said
            elif child.dep_ == "prep" and child.lower_ == "as" and lemma in AS_VERBS:
                comps.append(child)  # "described the meeting as part of ..."
            elif child.dep_ == "prep" and child.lower_ == "for" and lemma in EVALUATION | {"criticize", "accuse"} \
                    and any(c.dep_ == "dobj" for c in verb.children):
                comps.append(child)  # "attacked Clinton for her support of ..."
            elif child.dep_ == "prep" and child.lower_ == "as" and lemma == "quote":
                comps.extend(c for c in child.subtree if c.dep_ == "ccomp")
        if not comps:
            comps = _passive_object(verb)
        # The quote attached to this cue: a complement inside a quote, or a quote beside the cue.
        sent = verb.sent
        near = [q for q in quotes.overlapping(sent.start_char, sent.end_char) if not q.contains(verb.idx)]
        if not comps and lemma in ("tell", "inform", "say"):
            comps = _stray_that_clause(verb)
        # A complement wholly inside a quote makes the quote the content; one that only contains a
        # quoted phrase ('said the ministry "has not asked"') is mixed and handled below.
        quoted = [q for q in near if any(q.contains(c.idx) and _within(c, q) for c in comps)]
        if not quoted and not comps and verb.dep_ not in ("advcl", "relcl", "acl", "xcomp"):
            quoted = [q for q in near if _beside(doc, q, verb)]
        if quoted:
            # '"We are ready," Dorsch told reporters, "and we will not wait."': the piece after the cue.
            quoted += [q for q in near if q not in quoted and _beside(doc, q, verb)
                       and sent.start_char <= q.end and q.start < sent.end_char]
            quoted.sort(key=lambda q: q.start)
            start, end = min(q.start for q in quoted), max(q.end for q in quoted)
            parts = [span_at(doc, q.start, q.end) for q in quoted] if len(quoted) > 1 else []
            span = span_at(doc, start, end)
            return span, "direct", [p for p in parts if p]
        if not comps:
            after = _quote_after_colon(doc, verb, quotes)
            if after is not None:
                return span_at(doc, after.start, after.end), "direct", []
            if verb.dep_ in ("parataxis", "ccomp", "advcl") and verb.head.pos_ in ("VERB", "AUX") \
                    and lemma in PARENTHETICAL:
                # "Acts of protest, Mr. Obama said, are acts of patriotism": the clause around the cue.
                mine = {t.i for t in verb.subtree}
                toks = [t for t in verb.head.subtree if t.i not in mine]
                span = tokens_span(doc, toks)
                if span is not None and len(toks) > 2:
                    return span, "indirect", []
            return None, "indirect", []
        if lemma in DENY:  # "dismissed claims that it had misled investors": the claim, not the noun
            for c in comps:
                inner_claim = [g for g in c.children if g.dep_ in ("acl", "ccomp") and g.i > c.i]
                if c.dep_ == "dobj" and inner_claim and c.lemma_ in ("claim", "report", "allegation",
                                                                     "suggestion", "accusation", "charge"):
                    comps = inner_claim
        toks = [t for c in comps for t in _clause(c)]
        span = tokens_span(doc, toks)
        if span is None:
            return None, "indirect", []
        # A clause ending in a quoted phrase leaves the closing mark to the sentence: take it back.
        for q in quotes.overlapping(span.end, span.end + 1):
            if q.start < span.end and span.start <= q.start:
                span = span_at(doc, span.start, q.end) or span
        has_quote = bool(quotes.starting_in(span.start, span.end))
        return span, "mixed" if has_quote else "indirect", []

    # -- "according to X" ---------------------------------------------------------------------
    def _according(self, doc: Doc) -> Iterator[RawAttribution]:
        for tok in doc:
            if tok.lower_ != "according" or tok.i + 1 >= len(doc) or doc[tok.i + 1].lower_ != "to":
                continue
            to = doc[tok.i + 1]
            objs = [c for c in to.children if c.dep_ == "pobj"] or [c for c in tok.children if c.dep_ == "pobj"]
            if not objs or objs[0].lemma_.lower() in NON_SOURCES:
                continue
            src_toks = [t for t in noun_phrase(objs[0]) if t.i > to.i]
            if not src_toks:
                continue
            end = src_toks[-1].i + 1
            sent = tok.sent
            # The reported clause: what precedes the phrase, or what follows it when the phrase leads.
            before = [t for t in sent if t.i < tok.i and not t.is_space]
            after = [t for t in sent if t.i >= end and not t.is_space]
            if len([t for t in before if not t.is_punct]) >= 3:
                clause = before + ([] if len(after) <= 2 else after)
            else:
                clause = after
            content = tokens_span(doc, clause)
            source = tokens_span(doc, src_toks)
            cue = span_at(doc, tok.idx, to.idx + len(to))
            if content and source and cue and not source.overlaps(content):
                yield RawAttribution(source=source, cue=cue, content=content, quote="indirect")

    # -- 'Dorsch: "..."' ----------------------------------------------------------------------
    def _colon(self, doc: Doc, quotes: Quotes, found: list[RawAttribution]) -> Iterator[RawAttribution]:
        taken = {(a.content.start, a.content.end) for a in found}
        text = text_of(doc)
        for q in quotes:
            colon = q.start - 1
            while colon >= 0 and text[colon] == " ":
                colon -= 1
            if colon < 0 or text[colon] != ":":
                continue
            line_start = text.rfind("\n", 0, colon) + 1
            span = doc.char_span(line_start, colon, alignment_mode="expand")
            if span is None or not 0 < len(span) <= 6 or any(t.pos_ in ("VERB", "AUX") for t in span):
                continue
            if not any(t.pos_ in ("PROPN", "PRON") or t.ent_type_ in ("PERSON", "ORG") for t in span):
                continue
            content = span_at(doc, q.start, q.end)
            source = span_at(doc, span.start_char, span.end_char)
            if content and source and (content.start, content.end) not in taken:
                yield RawAttribution(source=source, cue=Span.of(text, colon, colon + 1), content=content,
                                     quote="direct")

    def _line_colon(self, doc: Doc, found: list[RawAttribution]) -> Iterator[RawAttribution]:
        """'Pence: Flowers Won't Be at Debate' headlines and 'WALLACE: Let's start' transcripts."""
        taken = Intervals([(a.cue.start, a.cue.end) for a in found])
        for m in LINE_COLON.finditer(text_of(doc)):
            colon = m.end(1)
            if taken.containing(colon):
                continue
            speaker = doc.char_span(m.start(1), m.end(1), alignment_mode="expand")
            if speaker is None or any(t.pos_ in ("VERB", "AUX") and not t.is_title for t in speaker):
                continue
            content = span_at(doc, m.start(2), m.end(2))
            source = span_at(doc, m.start(1), m.end(1))
            if content and source:
                yield RawAttribution(source=source, cue=Span.of(text_of(doc), colon, colon + 1), content=content,
                                     quote="direct" if m.group(0).lstrip()[:1] in "\"\u201c" else "indirect")

    def _dash(self, doc: Doc, quotes: Quotes) -> Iterator[RawAttribution]:
        """'"A quote." ― Name' (reader comments, epigraphs)."""
        text = text_of(doc)
        for q in quotes:
            m = DASH_NAME.match(text, q.end)
            if m:
                # "― Carla Sanchez." ends a sentence; "― J." is an initial.
                end = m.end(2) - 1 if re.search(r"\w\w\.$", m.group(2)) else m.end(2)
                source = span_at(doc, m.start(2), end)
                content = span_at(doc, q.start, q.end)
                if source and content:
                    yield RawAttribution(source=source, cue=Span.of(text, m.start(1), m.end(1)), content=content,
                                         quote="direct")

    # -- quotes without a cue in their sentence -----------------------------------------------
    def _orphans(self, doc: Doc, quotes: Quotes, found: list[RawAttribution]) -> Iterator[RawAttribution]:
        # Quotes come in text order and never overlap, so a quote taken here never covers a later one:
        # only the contents found before this pass can.
        covered = Intervals([(a.content.start, a.content.end) for a in found])
        direct = _DirectQuotes(found)
        text = text_of(doc)
        all_sents = sents_of(doc)
        sent_index = Intervals([(s.start_char, s.end_char) for s in all_sents])
        for q in quotes:
            if covered.containing(q.start) or len(q.inner(text).split()) < 3:
                continue
            prev = direct.last_before(q.start)
            if prev is not None and _continues(prev, q, text):  # the previous speaker's quote goes on
                start = prev.content.start
                parts = prev.content_parts or [prev.content]
                direct.remove(prev)
                prev.content = Span.of(text, start, trimmed(text, q.start, q.end)[1])
                prev.content_parts = parts + [Span.of(text, *trimmed(text, q.start, q.end))]
                prev.quote = "direct"
                direct.add(prev)
                continue
            sents = [all_sents[i] for i in sent_index.overlapping(q.start, q.end)]
            if not sents or not _whole_sentences(text, q, sents):
                continue
            nxt = _next_speaker(doc, sents[-1])
            if nxt is not None:
                source, cue = nxt
                content = span_at(doc, q.start, q.end)
                if content:
                    orphan = RawAttribution(source=source, cue=cue, content=content, quote="direct")
                    direct.add(orphan)
                    yield orphan


def _clause(head: Token) -> list[Token]:
    """A complement's words, without a second speech act joined to it ("... and warned against") or a
    trailing non-restrictive relative clause (", who is 70")."""
    drop: set[int] = set()
    for t in head.subtree:
        if t.dep_ == "conj" and t.head == head and t.lemma_.lower() in PARENTHETICAL:
            drop.update(x.i for x in t.subtree)
            drop.update(c.i for c in head.children if c.dep_ == "cc" and c.i < t.i)
        elif t.dep_ in ("relcl", "appos") and t.i > head.i and t.i - 1 >= 0 and t.doc[t.left_edge.i - 1].text == ",":
            if t.right_edge.i >= head.right_edge.i - 1:
                drop.update(x.i for x in t.subtree)
    return [t for t in head.subtree if t.i not in drop]


def _passive_object(verb: Token) -> list[Token]:
    """ "Nelson's death was reported by a hoax website": in the passive, with the speaker named as the
    agent, the subject is what was said. Not for acts done to someone ("was accused by")."""
    lemma = verb.lemma_.lower()
    if lemma not in STATED_OBJECT or lemma in DONE_TO or not any(c.dep_ == "auxpass" for c in verb.children) \
            or not any(c.dep_ == "agent" for c in verb.children):
        return []
    # Other verbs' short subjects ("the talks were announced by ...") are things, not statements; a
    # denial's or a report's is what was said, however short ("The report was rubbished by many",
    # "Nelson's death was reported by Foxnews.es"): on the ledger gold, one dispute and one speaker more.
    return [c for c in verb.children if c.dep_ == "csubjpass" or c.dep_ == "nsubjpass" and c.pos_ in ("NOUN", "PROPN")
            and (lemma in DENY or lemma in PASSIVE_REPORTS or sum(not t.is_punct for t in c.subtree) >= 4)][:1]


def _back(verb: Token) -> Token | None:
    """ "fired back that ...", "hit back at": a retort, whatever the verb alone means; the "back"."""
    nxt = verb.doc[verb.i + 1] if verb.i + 1 < len(verb.doc) else None
    return nxt if verb.lemma_.lower() in RETORT_VERBS and nxt is not None and nxt.lower_ == "back" else None


def _phrasal(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ == "prep" and (verb.lemma_.lower(), child.lower_) in PHRASAL and child.i == verb.i + 1:
            return child
    return None


def _infinitive(verb: Token) -> bool:
    return any(c.dep_ == "aux" and c.tag_ == "TO" for c in verb.children)


def _made_to(verb: Token) -> bool:
    """ "has been forced to confirm that ...": an act the passive subject was made to perform is done."""
    head = verb.head
    return verb.dep_ == "xcomp" and head.lemma_.lower() in MADE_TO and any(c.dep_ == "auxpass" for c in head.children)


def _quote_after_colon(doc: Doc, verb: Token, quotes: Quotes) -> Quote | None:
    """'He said:' closing a sentence, with the quote opening right after (often a new paragraph)."""
    sent = verb.sent
    last = [t for t in sent if not t.is_space]
    if not last or last[-1].text != ":" or not verb.i < last[-1].i:
        return None
    # Only the first quote after the colon can follow it with nothing but space between.
    q = quotes.first_from(last[-1].idx)
    return q if q is not None and not text_of(doc)[last[-1].idx + 1:q.start].strip() else None


def _within(tok: Token, q: Quote) -> bool:
    sub = list(tok.subtree)
    return sub[0].idx >= q.start - 1 and sub[-1].idx + len(sub[-1]) <= q.end + 1


def _stray_that_clause(verb: Token) -> list[Token]:
    """'were told by a diplomat familiar with the talks that ...': the parser hung the clause elsewhere."""
    for tok in verb.sent:
        if tok.i > verb.i and tok.lower_ == "that" and tok.dep_ in ("mark", "dobj", "nsubj") \
                and tok.head.pos_ in ("VERB", "AUX") and tok.head.i > tok.i and tok.head is not verb:
            return [tok.head]
    return []


def _beside(doc: Doc, q: Quote, verb: Token) -> bool:
    """Is the quote next to the cue with only the speaker, commas or a colon between them?"""
    text = text_of(doc)
    if q.end <= verb.idx:
        between = text[q.end:verb.idx]
    else:
        between = text[verb.idx + len(verb):q.start]
    return len(between) < 120 and "." not in between.replace("Mr.", "").replace("Ms.", "").replace("Dr.", "")


def _whole_sentences(text: str, q: Quote, sents: list[SpacySpan]) -> bool:
    outside = text[sents[0].start_char:q.start] + text[q.end:sents[-1].end_char]
    return len(outside.strip(" .,\n")) == 0


class _DirectQuotes:
    """The direct and mixed attributions by where their content ends, kept up to date while orphan
    quotes extend or join them, so each quote finds the one before it by bisection."""

    def __init__(self, found: list[RawAttribution]) -> None:
        self._keys: list[tuple[int, int]] = []  # (content end, order found): the first found wins a tie
        self._items: dict[int, RawAttribution] = {}
        self._order: dict[int, int] = {}  # id(attribution) -> order found
        for a in found:
            self.add(a)

    def add(self, a: RawAttribution) -> None:
        if a.quote not in ("direct", "mixed"):
            return
        order = self._order.setdefault(id(a), len(self._order))
        self._items[order] = a
        insort(self._keys, (a.content.end, order))

    def remove(self, a: RawAttribution) -> None:
        order = self._order[id(a)]
        self._keys.remove((a.content.end, order))

    def last_before(self, pos: int) -> RawAttribution | None:
        """The one whose content ends last at or before `pos`."""
        i = bisect_right(self._keys, (pos, sys.maxsize)) - 1
        if i < 0:
            return None
        return self._items[self._keys[bisect_left(self._keys, (self._keys[i][0], -1))][1]]


def _continues(prev: RawAttribution, q: Quote, text: str) -> bool:
    """Does quote `q` carry on `prev`'s direct quote?"""
    end = max(prev.content.end, prev.cue.end, prev.source.end)
    gap = text[end:q.start]
    # Same or next paragraph, with nothing in between but punctuation or the end of the cue's sentence
    # ('"...," she said in the first debate. "..."').
    tail = gap.strip(" \n")
    if gap.count("\n") <= 2 and (not tail.strip(".,;\"\u201d") or (
            len(tail) < 80 and tail.endswith(".") and "." not in tail[:-1].replace("Mr.", "").replace("Ms.", "")
            and not any(ch in tail for ch in "\"\u201c\u201d\n"))):
        return True
    return False


def _next_speaker(doc: Doc, sent: SpacySpan) -> tuple[Span, Span] | None:
    """'"The talks are over." That was how a senior diplomat summed up the meeting.'"""
    if sent.end >= len(doc):
        return None
    nxt = doc[sent.end].sent
    for verb in nxt:
        # "X did not immediately respond", "X declined to comment": no act of X can own the quote.
        if verb.lemma_.lower() in ("decline", "refuse") or any(c.dep_ == "neg" for c in verb.children):
            return None
        if verb.lemma_.lower() == "call" and not any(c.lower_ == "it" for c in verb.children):
            continue  # "ABC13 called the sheriff's office": a phone call, not the quote's speaker
        if verb.pos_ == "VERB" and verb.lemma_.lower() in CUE_VERBS | {"sum", "put", "describe"}:
            src = subject_of(verb)
            if src is not None and src.lower_ not in ("that", "this", "it"):
                source = tokens_span(doc, noun_phrase(src))
                cue = tokens_span(doc, _cue_tokens(verb) + [t for t in verb.children if t.dep_ == "prt"])
                if source and cue:
                    return source, cue
    return None


def _dedupe(found: list[RawAttribution]) -> list[RawAttribution]:
    seen: set[tuple[int, int, int, int]] = set()
    out = []
    for a in sorted(found, key=lambda a: (a.cue.start, a.content.start)):
        key = (a.source.start, a.cue.start, a.content.start, a.content.end)
        if key in seen:
            continue
        seen.add(key)
        out.append(a)
    return out


@extractors.register("rules")
def make_rules(_options: Options) -> RuleExtractor:
    return RuleExtractor()
