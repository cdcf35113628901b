"""Whether a statement says something a claim can be made of.

"X said the port will close" and "X denied the allegations" (a denial naming its object) do; "X praised
the police" and "the mayor unveiled the plan" do not: the cue takes a thing, not something said. Such an
act stays an attribution (PolNeAR marks position-taking acts as attributions, and dropping them cost
0.055 source F1 on its dev split) but founds no claim: on the ledger gold's real pages these acts were a
third of the spurious statements and most of the claims a reader could not read ("backing Biden", "the
surveillance video", "this project").
"""
from __future__ import annotations

from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan

from ..lexicon import CUE_VERBS, NEGATIONS, STATED_OBJECT
from ..model import Attribution
from ..text import QUOTES_OPEN

AGENTS = {"PERSON", "ORG", "NORP", "GPE"}  # named entities that are a party, not a thing stated
FINITE = {"VBD", "VBZ", "VBP", "MD"}  # a tensed verb: the content is a clause


def says_something(span: SpacySpan) -> bool:
    """A clause (a tensed verb), an infinitive ("urged them to leave") or a quoted piece."""
    if span.text.lstrip()[:1] in QUOTES_OPEN:
        return True
    if any(t.tag_ == "TO" and t.head.pos_ in ("VERB", "AUX") for t in span):
        return True  # "urged residents to boil their water"
    if span.root.pos_ in ("NOUN", "PROPN", "PRON"):
        return False  # a noun phrase, whatever its relative clauses say ("the firefighters who worked")
    # a clause: a tensed verb, or a verb with its own subject the tagger left untensed ("the request
    # covered three tankers" tagged VBN)
    root = span.root
    return any(t.tag_ in FINITE for t in span) or root.pos_ in ("VERB", "AUX") and any(
        c.dep_ in ("nsubj", "nsubjpass", "expl") for c in root.children)


def has_proposition(doc: Doc, a: Attribution) -> bool:
    content = doc.char_span(a.content.start, a.content.end, alignment_mode="expand")
    if a.quote == "direct":
        return content is None or not (_scare_quote(content) or _says_it_again(content))
    if a.cue.lemma in (":", "according to") or a.content.text.lower().startswith("that "):
        return True  # "estimated that each day of the strike cost ...": a clause, however it was parsed
    if content is None or says_something(content):
        return True
    if only_a_pronoun(content):
        return False  # "the government announced it", "confirmed that": what was said is elsewhere
    return a.cue.lemma in STATED_OBJECT  # "rejected the allegations", "announced a truce": what is said


def only_a_pronoun(content: SpacySpan | None) -> bool:
    """A content that names what was said only by a pronoun ("announced it", "rejected them", "said so")."""
    return content is not None and all(t.pos_ in ("PRON", "DET") or t.lower_ == "so" or t.is_punct for t in content)


def _says_it_again(content: SpacySpan) -> bool:
    """A quote about something said elsewhere, naming it only by a pronoun: '"I keep hearing that,"', '"We
    announced it last week"'. It states nothing a claim could hold (a negated one may be a denial, and is
    left to be read as one)."""
    if any(t.pos_ in ("NOUN", "PROPN", "NUM", "ADJ") or t.lower_ in NEGATIONS for t in content):
        return False
    return any(t.pos_ == "VERB" and (t.lemma_.lower() in CUE_VERBS or t.lemma_.lower() == "hear") and any(
        c.dep_ in ("dobj", "ccomp") and c.pos_ in ("PRON", "DET") and not list(c.children) for c in t.children)
        for t in content)


def _scare_quote(content: SpacySpan) -> bool:
    """A quoted name or phrase, not a quoted statement: '"Mini Mike."', '"up against walls"' (a few words,
    no verb). A denial's one-word reply ("Nonsense.") is read as a denial before this is asked."""
    words = [t for t in content if t.is_alpha]
    return len(words) <= 3 and not any(t.pos_ in ("VERB", "AUX") for t in content)


def named_object(doc: Doc, a: Attribution) -> str | None:
    """The lemma of the thing a statement states when its content is only that thing ("announced the
    ceasefire" -> ceasefire, "confirmed the arrests" -> arrest): it bears on the claim about that thing,
    as a denial naming its object does. None for any other statement."""
    if a.quote != "indirect" or a.cue.lemma not in STATED_OBJECT:
        return None
    content = doc.char_span(a.content.start, a.content.end, alignment_mode="expand")
    if content is None or says_something(content) or content.root.pos_ not in ("NOUN", "PROPN"):
        return None
    if content.root.ent_type_ in AGENTS:  # "accused Bloomberg of arguing ...": the accused, not what is said
        return None
    return content.root.lemma_.lower()
