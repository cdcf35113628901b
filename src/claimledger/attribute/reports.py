"""Claims the text reports by naming them: "denied reports in a local newspaper that P", "Reports that P
have been refuted by the ministry", "despite claims by the opposition that P".

Each such phrase holds two statements: someone asserted P (the newspaper; "reports" when the text names
no one), and, when a denial verb takes the phrase, someone denied P. Without the first, a denial of
reports has nothing to contest: on the ledger gold, the main dispute of a report denied by a ministry
was never joined. Runs after any extractor, so every extractor's denials get their asserter.
"""
from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Doc, Token

from ..lexicon import DENY, REPORT_NOUNS
from ..model import RawAttribution
from .phrases import noun_phrase, tokens_span

# Nouns that name something said and take the said thing as a "that" clause.
HOLDER_PREPS = {"in", "by", "from", "of"}


def _that_clause(noun: Token) -> tuple[Token, list[Token]] | None:
    """The verb of "<noun> [in the paper, X,] that P" and the tokens between noun and "that".

    Read on the surface as well as on the arcs: the small parser often hangs "that P" on the nearest
    noun ("a local newspaper that militants had Ebola" read as a relative clause of "newspaper")."""
    sent_end = noun.sent.end
    between: list[Token] = []
    for t in noun.doc[noun.i + 1:min(sent_end, noun.i + 16)]:
        if t.lower_ == "that":
            verb = t.head if t.head.pos_ in ("VERB", "AUX") and t.head.i > t.i else None
            own_subject = verb is not None and any(c.dep_ in ("nsubj", "nsubjpass", "expl") and c.i != t.i
                                                   for c in verb.children)
            return (verb, between) if verb is not None and own_subject else None
        if t.pos_ in ("VERB", "AUX") or t.is_sent_end:
            return None
        between.append(t)
    return None


def _holder(noun: Token, between: list[Token]) -> list[Token]:
    """Who made the reports: "reports in a local newspaper", "claims by the opposition", "its report",
    with a name after the holder preferred ("the Iraqi paper, al-Sabah,")."""
    poss = next((c for c in noun.children if c.dep_ == "poss"), None)
    if poss is not None:
        return noun_phrase(poss)
    holder: list[Token] = []
    for i, t in enumerate(between):
        if t.lower_ in HOLDER_PREPS and t.dep_ == "prep":
            phrase = []
            for u in between[i + 1:]:
                if u.is_punct and u.text != "-" or u.lower_ in HOLDER_PREPS | {"on", "at"}:
                    break
                phrase.append(u)
            dated = all(u.ent_type_ in ("DATE", "TIME") or u.pos_ == "DET" for u in phrase)
            if phrase and not dated:  # "in a regional daily", not "in May" or "in the past week"
                holder = phrase
    if holder:  # "the Iraqi paper, al-Sabah,": the name in apposition
        after = between[between.index(holder[-1]) + 1:]
        if len(after) > 1 and after[0].text == ",":
            name = []
            for u in after[1:]:
                if u.text == ",":
                    break
                name.append(u)
            if name and all(u.pos_ == "PROPN" or u.text == "-" or u.lower_ == "the" for u in name) \
                    and any(u.pos_ == "PROPN" for u in name):
                return name
    return holder


def _clause_span(doc: Doc, verb: Token) -> list[Token]:
    """ "that P", as PolNeAR marks a content (measured on its dev split: exact content F1 0.6236 with the
    "that", 0.6231 without); the claim's text drops it (claims/display.py)."""
    that = [t for t in doc[max(0, verb.left_edge.i - 1):verb.i] if t.lower_ == "that"]
    return that[:1] + [t for t in verb.subtree if t.lower_ != "that" or t.i > verb.i]


def _source_tokens(noun: Token, between: list[Token]) -> list[Token]:
    holder = _holder(noun, between)
    if holder:
        return holder
    return [t for t in noun.lefts if t.dep_ in ("amod", "compound", "nummod")] + [noun]  # "media reports"


def _asserted(doc: Doc, noun: Token, verb: Token, between: list[Token]) -> RawAttribution | None:
    source = tokens_span(doc, _source_tokens(noun, between))
    cue = tokens_span(doc, [noun])
    content = tokens_span(doc, _clause_span(doc, verb))
    if source is None or cue is None or content is None:
        return None
    return RawAttribution(source, cue, content, "indirect")


def _lemma_at(doc: Doc, r: RawAttribution) -> str:
    cue = doc.char_span(r.cue.start, r.cue.end, alignment_mode="expand")
    return cue.root.lemma_.lower() if cue is not None else ""


def _passive_denial(doc: Doc, noun: Token) -> RawAttribution | None:
    """ "Reports that P have been refuted by the ministry": the ministry denies the reports."""
    verb = noun.head
    if noun.dep_ != "nsubjpass" or verb.lemma_.lower() not in DENY:
        return None
    agent = next((g for c in verb.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"), None)
    if agent is None:  # "refuted as 'incorrect' and 'unfounded' by the ministry": "by" hung on the adjective
        agent = next((g for t in noun.doc[verb.i + 1:verb.sent.end] if t.lower_ == "by"
                      for g in t.children if g.dep_ == "pobj"), None)
    if agent is None:
        return None
    source, cue = tokens_span(doc, noun_phrase(agent)), tokens_span(doc, [verb])
    content = tokens_span(doc, [t for t in noun.subtree])
    if source is None or cue is None or content is None:
        return None
    return RawAttribution(source, cue, content, "indirect")


def _denial_of(doc: Doc, r: RawAttribution, noun: Token, verb: Token, between: list[Token]) -> RawAttribution:
    """A denial whose content stops at the report noun ("denied [reports] in a paper that P") takes
    the whole phrase: what it denies is P. A speaker found inside the phrase (a misparse of "reports
    in the paper, al-Sabah, that P, the spokesman dismissed ...") gives way to the cue's other subject."""
    clause_end = max(t.idx + len(t) for t in verb.subtree)
    if r.content.start <= noun.idx < r.content.end < clause_end:
        whole = tokens_span(doc, [t for t in doc if r.content.start <= t.idx < clause_end])
        if whole is not None:
            r = replace(r, content=whole)
    inside = {t.idx for t in between}
    if r.source.start in inside or any(r.source.start <= i < r.source.end for i in inside):
        cue = doc.char_span(r.cue.start, r.cue.end, alignment_mode="expand")
        subjects = [c for c in (cue.root.children if cue is not None else []) if c.dep_ == "nsubj"]
        # the cue's other subject, else an apposition hung on the misparsed one ("..., the plant's
        # director, Irena Kos, dismissed")
        candidates = subjects + [a for c in subjects for a in c.children if a.dep_ == "appos"]
        other = [c for c in candidates if c.idx not in inside and not r.source.start <= c.idx < r.source.end]
        speaker = tokens_span(doc, noun_phrase(other[-1])) if other else None
        if speaker is not None:
            r = replace(r, source=speaker)
    return r


def _claims_read_as_verb(doc: Doc, tok: Token) -> RawAttribution | None:
    """ "contradicting Nigerian government claims they would soon be freed": the parser read "claims" as
    the verb of "government claims P" under the denial. The government asserted P all the same."""
    said = tok.lower_.endswith("s") and tok.lower_.removesuffix("s") in REPORT_NOUNS
    if tok.pos_ != "VERB" or not said or tok.head.lemma_.lower() not in DENY or tok.dep_ not in ("ccomp", "dobj"):
        return None
    holder = next((c for c in tok.children if c.dep_ == "nsubj" and c.i == tok.i - 1 and c.pos_ in ("NOUN", "PROPN")), None)
    clause = next((c for c in tok.children if c.dep_ == "ccomp" and c.i > tok.i), None)
    if holder is None or clause is None or not any(c.dep_ in ("nsubj", "nsubjpass") for c in clause.children):
        return None
    source, cue = tokens_span(doc, noun_phrase(holder)), tokens_span(doc, [tok])
    content = tokens_span(doc, _clause_span(doc, clause))
    if source is None or cue is None or content is None:
        return None
    return RawAttribution(source, cue, content, "indirect")


def with_reported_claims(doc: Doc, raw: list[RawAttribution]) -> list[RawAttribution]:
    """`raw` and the statements named by report nouns that no attribution already holds."""
    cues = [(r.cue.start, r.cue.end) for r in raw]
    taken = lambda start: any(s <= start < e for s, e in cues)  # noqa: E731
    out = list(raw)
    for noun in doc:
        misread = _claims_read_as_verb(doc, noun)
        if misread is not None and not any(r.source.start <= misread.source.start < r.source.end
                                           and r.cue.start == misread.cue.start for r in out):
            out.append(misread)
            continue
        # "Reports" opening a sentence is often tagged a proper noun
        said = noun.lemma_.lower() in REPORT_NOUNS or noun.lower_.removesuffix("s") in REPORT_NOUNS
        if noun.pos_ not in ("NOUN", "PROPN") or not said or taken(noun.idx):
            continue
        found = _that_clause(noun)
        if found is None:
            continue
        verb, between = found
        out = [_denial_of(doc, r, noun, verb, between) if _lemma_at(doc, r) in DENY else r for r in out]
        denial = _passive_denial(doc, noun)
        if denial is not None and not taken(denial.cue.start):
            out.append(denial)
        elif denial is not None:  # "Reports that P were refuted as 'incorrect' by X": what X refuted is the reports
            out = [replace(r, content=denial.content, content_parts=[])
                   if r.cue.start <= denial.cue.start < r.cue.end and not r.content.overlaps(denial.content) else r
                   for r in out]
        # Unnamed "claims that P" become a source only when they are what a denial answers in the
        # passive ("Reports that P were refuted by X"): "dismissed claims that P" alone contests nothing.
        asserted = _asserted(doc, noun, verb, between) if denial is not None or _holder(noun, between) else None
        if asserted is not None:
            out.append(asserted)
    return out
