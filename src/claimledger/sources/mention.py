"""What one source phrase says about its speaker, read off the parse: a name, a pronoun, a description
("the production company"), an anonymous source ("two officers", "a person familiar with the talks"),
a document or the media; and the kind, role, gender, count and affiliation the phrase itself gives.

Resolution (entities.py) decides who the phrase refers to; this module only reads the phrase.
"""
from __future__ import annotations

import re

from dataclasses import dataclass, field
from typing import Literal

from spacy.tokens import Span as SpacySpan, Token

from ..lexicon import (ANONYMITY, ANONYMOUS_NOUNS, DOCUMENT_NOUNS, GOVERNMENT_HEADS,
                                 GOVERNMENT_WORDS, MEDIA_NAMES, MEDIA_NOUNS, NUMBERS, ORG_HEADS,
                                 PERSON_ROLES, SENIORITY, UNNAMED_PEOPLE)
from ..model import SourceKind
from ..nlp import ents_in, text_of
from ..text import gender_of

Form = Literal["name", "pronoun", "first", "relative", "description", "anonymous", "other"]

AFFILIATIONS = {
    "u.s.": "United States", "us": "United States", "american": "United States", "united states": "United States",
    "the united states": "United States", "u.k.": "United Kingdom", "british": "United Kingdom",
    "european": "Europe", "eu": "European Union", "chinese": "China", "russian": "Russia", "french": "France",
    "german": "Germany", "israeli": "Israel", "ukrainian": "Ukraine", "iranian": "Iran", "japanese": "Japan",
    "indian": "India", "turkish": "Turkey", "western": "the West", "nato": "NATO", "un": "United Nations",
}
TITLES = {"minister", "president", "senator", "mayor", "governor", "general", "colonel", "secretary",
          "director", "spokesman", "spokeswoman", "spokesperson", "chairman", "chief", "ambassador",
          "prime", "chancellor", "judge", "representative", "rep.", "sen.", "gov.", "adviser", "advisor",
          "ceo", "commissioner", "leader", "speaker", "candidate", "nominee", "professor", "attorney",
          "premier", "superintendent", "supervisor", "sheriff", "sgt.", "sergeant", "officer", "detective",
          "lt.", "capt.", "gen.", "col.", "dr.", "prof.", "president-elect", "vice-president", "vice",
          "councillor", "councilman", "councilwoman", "councilmember", "alderman", "mp", "justice", "rabbi"}
HONORIFICS = {"mr", "ms", "mrs", "dr", "sir", "dame", "lord", "lady"}
MALE = {"he", "him", "his"}
FEMALE = {"she", "her", "hers"}
PLURAL = {"they", "them"}
FIRST = {"i", "we", "me", "us"}
RELATIVE = {"who", "which", "that"}
DETS = {"the", "a", "an", "its", "their", "his", "her", "this", "that", "these", "those"}
DEFINITE = {"the", "its", "their", "his", "her", "this", "that", "these", "those", "both"}
_NAME_LABELS: dict[str, SourceKind] = {"PERSON": "person", "ORG": "organization", "GPE": "government",
                                       "NORP": "organization", "FAC": "organization"}


@dataclass
class Reading:
    form: Form
    name: str
    head: str = ""  # the head noun's lemma ("company"), or the pronoun
    kind: SourceKind | None = None  # what the words themselves say ("a lawyer", "the company", "Mr.")
    guess: SourceKind | None = None  # what NER says, weaker than `kind`
    role: str | None = None
    gender: str | None = None
    plural: bool = False
    surname: str | None = None
    definite: bool = False
    anonymous: bool = False
    count: int | None = None
    affiliation: str | None = None
    seniority: str | None = None
    heads: set[str] = field(default_factory=set)  # head and head with modifiers ("production company")
    owner: str | None = None  # "the company's spokesman": the phrase of the possessor


def strip_det(text: str) -> str:
    words = text.split()
    while words and words[0].lower() in DETS:
        words = words[1:]
    return " ".join(words) or text


def affiliation(span: SpacySpan) -> str | None:
    for ent in ents_in(span):
        if ent.label_ in ("GPE", "NORP", "ORG"):
            key = ent.text.lower().removeprefix("the ")
            return AFFILIATIONS.get(key, ent.text)
    for tok in span:
        if tok.lower_ in AFFILIATIONS:
            return AFFILIATIONS[tok.lower_]
    # "an official at the ministry", "a source close to the company": the body named by a noun.
    for tok in span:
        if tok.dep_ == "pobj" and tok.head.i > span.root.i and (tok.lemma_.lower() in GOVERNMENT_HEADS | ORG_HEADS):
            return " ".join(t.text for t in tok.subtree)
    return None


def anonymity_said(sentence: str) -> bool:
    low = sentence.lower()
    return any(p in low for p in ANONYMITY)


def _int(text: str) -> int | None:
    try:
        return int(text.replace(",", ""))
    except ValueError:
        return None


def name_span(span: SpacySpan) -> SpacySpan | None:
    """The name a source phrase gives its speaker: the proper noun at its head ("Jane Roe, a lawyer for
    Acme Corp" is Jane Roe, not Acme), or one in apposition to a common-noun head ("Acme's lawyer, Jane
    Roe"). A name that only modifies the head ("Hunter Biden's lawyer") is no name of the speaker."""
    root = span.root
    cand: Token | None = root if root.pos_ == "PROPN" else None
    if cand is None:
        cand = next((c for c in root.children if c.dep_ == "appos" and c.pos_ == "PROPN"
                     and span.start <= c.i < span.end), None)
    if cand is None:
        # "The head of the station's news desk, Eran Sikorel": an apposition the parser hung lower down
        person = [e for e in ents_in(span) if e.label_ == "PERSON" and e.start > span.start
                  and span.doc[e.start - 1].text == "," and e.end == span.end]
        return _full_name(span, person[-1]) if person else None
    for ent in ents_in(span):
        if ent.start <= cand.i < ent.end:
            if ent.label_ == "PERSON":
                return _full_name(span, ent)
            start = ent.start  # NER's "Councillor Hedda Marsh" (ORG): the office is no part of the name
            while start < ent.end - 1 and span.doc[start].lower_.rstrip(".") in TITLES | HONORIFICS:
                start += 1
            return span.doc[start:ent.end] if start > ent.start else _hyphened(span, ent)
    # No entity: the run of proper nouns around the head, after any title ("Superintendent Robert Runcie").
    start = end = cand.i
    while start > span.start and span.doc[start - 1].pos_ == "PROPN" and span.doc[start - 1].dep_ == "compound":
        start -= 1
    while end + 1 < span.end and span.doc[end + 1].pos_ == "PROPN" and span.doc[end + 1].dep_ == "compound":
        end += 1
    titled = [t.i for t in span.doc[start:end + 1] if t.lower_.rstrip(".") in TITLES | HONORIFICS
              or t.lower_ in TITLES]
    if titled and titled[-1] < end:
        return span.doc[titled[-1] + 1:end + 1]
    return _hyphened(span, span.doc[start:end + 1])


def _hyphened(span: SpacySpan, ent: SpacySpan) -> SpacySpan:
    """NER often starts "Miami-Dade Police" at "Dade": take back the words joined by hyphens."""
    doc, start = span.doc, ent.start
    while start - 2 >= span.start and doc[start - 1].text == "-" and not doc[start - 2].whitespace_ \
            and not doc[start - 1].whitespace_:
        start -= 2
    return doc[start:ent.end] if start != ent.start else ent


def _full_name(span: SpacySpan, ent: SpacySpan) -> SpacySpan:
    """The small NER model often tags only "Peskov" in "Dmitry Peskov": take the adjacent given names."""
    start, end = ent.start, ent.end
    doc = span.doc
    while start > span.start and doc[start - 1].pos_ == "PROPN" and doc[start - 1].is_title \
            and doc[start - 1].lower_.rstrip(".") not in TITLES | HONORIFICS | PERSON_ROLES \
            and doc[start - 1].lower_ not in TITLES \
            and doc[start - 1].ent_type_ not in ("ORG", "GPE", "NORP"):
        start -= 1
    return doc[start:end]


def _role_kind(words: list[Token]) -> SourceKind | None:
    """A person's role anywhere wins ("Department of Correction spokesman"); then a body's."""
    lemmas = [(t.lemma_.lower(), t.lower_) for t in words]
    if any(lem in PERSON_ROLES or low in PERSON_ROLES or low.rstrip(".") in HONORIFICS for lem, low in lemmas):
        return "person"
    if any(lem in ORG_HEADS for lem, _ in lemmas):
        return "organization"
    if any(lem in GOVERNMENT_HEADS and lem not in ("state", "county", "city", "country") for lem, _ in lemmas):
        return "government"
    return None


def read(span: SpacySpan, raw_text: str, sentence: str) -> Reading:
    """Read one source phrase; `sentence` is the text of its sentence outside the reported content."""
    low = raw_text.lower().strip()
    root = span.root
    if low in MALE | FEMALE:
        return Reading("pronoun", raw_text, low, "person", gender="male" if low in MALE else "female")
    if low in PLURAL:
        return Reading("pronoun", raw_text, "they", plural=True)
    if low == "it":
        return Reading("pronoun", raw_text, "it")
    if low in FIRST:
        return Reading("first", raw_text, low, plural=low in ("we", "us"))
    if low in RELATIVE:
        return Reading("relative", raw_text, low)
    named = name_span(span)
    if named is not None and span[0].lower_ in DEFINITE and named.root.lower_ in PERSON_ROLES | TITLES \
            and not any(e.label_ == "PERSON" for e in ents_in(span)):
        named = None  # "the Conservative MP": an office, capitalised, not a name
    if named is not None and len(named) == 1 and named.root.ent_type_ == "NORP" and span[0].lower_ in ("a", "an"):
        # "An American who is fighting with the Kurds", "a Briton": one unnamed person of that nation
        return Reading("other", raw_text.strip(), named.root.lower_, "person", affiliation=named.text,
                       heads={named.root.lower_})
    text = text_of(span.doc)
    if named is not None and named.text.lower() not in MEDIA_NAMES | {"the " + m for m in MEDIA_NAMES}:
        return _named(span, named, text, sentence)
    head = root.lemma_.lower()
    before = [t for t in span if t.i < root.i]
    definite = bool(before) and (before[0].lower_ in DEFINITE or any(t.dep_ == "poss" for t in before))
    mods = [t.lower_ for t in before if t.dep_ in ("compound", "amod") and t.text.islower()]
    heads = {head} | ({" ".join(mods[-1:] + [head])} if mods else set())
    owner = next((" ".join(t.text for t in c.subtree) for c in root.children if c.dep_ == "poss"), None)
    key = strip_det(raw_text)
    if key.lower() in MEDIA_NAMES or low in MEDIA_NAMES or any(e.text.lower() in MEDIA_NAMES for e in ents_in(span)) \
            or head in MEDIA_NOUNS:
        return Reading("name", key, head, "media", heads=heads)
    if head in DOCUMENT_NOUNS:
        return Reading("name", key, head, "document", heads=heads)
    quiet = anonymity_said(sentence) or anonymity_said(raw_text)
    if head in ANONYMOUS_NOUNS or head in ("insider", "source") or quiet and (head in UNNAMED_PEOPLE or
                                                                           head in PERSON_ROLES):
        return _anonymous(span, raw_text, root, definite, heads, owner)
    if all(t.is_title for t in span) and len(span) <= 2 and span[0].lower_ not in DETS | TITLES and root.tag_ != "NNS" \
            and head not in GOVERNMENT_HEADS | ORG_HEADS and not ents_in(span):
        # A capitalised word the tagger did not call a proper noun: most often a surname ("Agerblad").
        return Reading("name", span.text, root.lower_, surname=span[-1].text)
    gov = any(w in low for w in GOVERNMENT_WORDS) or head in GOVERNMENT_HEADS or (
        ents_in(span) and ents_in(span)[0].label_ == "GPE" and len(ents_in(span)[0]) >= len(span) - 1)
    if gov:
        return Reading("description" if definite and not ents_in(span) else "name", key, head, "government",
                       plural=True, definite=definite, heads=heads, owner=owner)
    if head in PERSON_ROLES or head in TITLES:
        return Reading("description" if definite else "other", key, head, "person", role=key,
                       gender=gender_of(raw_text, ""), definite=definite, heads=heads, owner=owner,
                       plural=root.tag_ == "NNS")
    if ents_in(span) and ents_in(span)[0].label_ in ("ORG", "NORP"):
        return Reading("name", key, head, "organization", plural=True, heads=heads)
    if head in ORG_HEADS:
        return Reading("description" if definite else "other", key, head, "organization", plural=True,
                       definite=definite, heads=heads, owner=owner)
    return Reading("other", key, head, definite=definite, heads=heads, plural=root.tag_ in ("NNS", "NNPS"))


def _names_joined(span: SpacySpan, named: SpacySpan) -> list[str]:
    """"Sgt. Maria Denholm and Officer Luis Caraway": every name of a coordinated group."""
    names = [named.text]
    for conj in named.root.conjuncts:
        if not span.start <= conj.i < span.end or conj.i < named.root.i:
            continue
        if conj.pos_ != "PROPN":  # "and tattoo artist Zashay Tastas": the name under the role noun
            conj = next((t for t in conj.subtree if t.pos_ == "PROPN" and t.dep_ != "compound"
                         and span.start <= t.i < span.end), conj)
        if conj.pos_ == "PROPN":
            one = name_span(span.doc[conj.left_edge.i:conj.i + 1])
            if one is not None:
                names.append(one.text)
    return names


def _named(span: SpacySpan, named: SpacySpan, text: str, sentence: str) -> Reading:
    names = _names_joined(span, named)
    if len(names) > 1:
        group = ", ".join(names[:-1]) + " and " + names[-1]
        return Reading("name", group, named.root.lemma_.lower(), "person", plural=True, count=len(names))
    left = text[span.start_char:named.start_char].strip(" ,")
    right = text[named.end_char:span.end_char].strip(" ,")
    role: str | None = strip_det(max(left, right, key=len)) or None
    if role and (role.lower().rstrip(".") in HONORIFICS or role.lower().rstrip("'s’") == ""):
        role = None
    if role and role.lower().endswith(("'", "'s", "’s", "’")):
        role = None  # "Axios' Kaveh Waddell": the possessor is an affiliation, not a role
    # Role words that describe the named one ("a spokeswoman for ...", "Its spokesman, ...", "Interior
    # Minister ..."), not the nouns inside their prepositional phrases ("... for the company").
    inside = range(named.start, named.end)
    role_heads = [t for t in span if t.i not in inside and t.pos_ in ("NOUN", "PROPN") and (
        t.dep_ == "appos" and t.head.i in inside or t.dep_ == "compound" and t.i < named.start
        or t.i == span.root.i or t.head.i in inside)]
    role_heads += [t for t in span if t.i not in inside and t.lower_.rstrip(".") in HONORIFICS]
    kind = _role_kind(role_heads)
    if named.root.lower_ in TITLES or named.root.lemma_.lower() in PERSON_ROLES:
        kind = "person"  # "Governor says ...": the office names a person
    reflexive = next((t.lower_ for t in span if t.lower_ in ("herself", "himself")), None)
    if reflexive:
        kind = "person"  # "Montoya-Lewis herself"
    tag = named.label_ or next((e.label_ for e in ents_in(span) if e.start <= named.root.i < e.end), "") or next(
        (e.label_ for e in ents_in(span) if e.start < named.end and named.start < e.end), "")
    label = _NAME_LABELS.get(tag)
    if label is None and any(t.ent_type_ == "PERSON" for t in named):
        label = "person"
    if any(re.search(r"\b" + re.escape(w) + r"\b", named.text.lower()) for w in GOVERNMENT_WORDS) \
            and kind != "person" and label != "person":
        kind = "government"
    if named.text.lower() in MEDIA_NAMES:
        kind = "media"
    parts = named.text.split()
    given = parts[0] if len(parts) > 1 else ""  # a lone surname ("Scott") says nothing of gender
    gender = gender_of(span.text, given) or {"herself": "female", "himself": "male"}.get(reflexive or "")
    head = named.root.lemma_.lower()
    return Reading("name", named.text, head, kind, label, role=role, gender=gender,
                   surname=parts[-1] if parts else None, heads={t.lemma_.lower() for t in role_heads},
                   affiliation=employer(role))


_EMPLOYER = re.compile(r"^(?:the |a |an )?(?P<before>.+?)\s+(?:spokes\w+|press secretary|official|lawyer|attorney)$|"
                       r"\b(?:spokes\w+|press secretary|official|lawyer|attorney|envoy|ambassador|minister|director|"
                       r"chief|head|chair\w*|president) (?:for|of|at) (?:the )?(?P<after>[A-Z][^,]{1,60})$", re.I)


def employer(role: str | None) -> str | None:
    """Whom a named speaker speaks for, from the office the text gives them: "Foreign Ministry
    spokesman" -> Foreign Ministry, "a spokeswoman for the Harbour Authority" -> Harbour Authority. A
    spokesperson keeps both their name and their organisation."""
    m = _EMPLOYER.search(role or "")
    if m is None:
        return None
    found = (m.group("before") or m.group("after") or "").strip()
    return found if found[:1].isupper() and "'" not in found and "\u2019" not in found else None


def _anonymous(span: SpacySpan, raw_text: str, head: Token, definite: bool, heads: set[str],
               owner: str | None) -> Reading:
    count: int | None = None
    for tok in span:
        if tok.dep_ == "nummod" or tok.lower_ in NUMBERS and tok.i <= head.i:
            count = NUMBERS.get(tok.lower_) if tok.lower_ in NUMBERS else _int(tok.text)
            if count is not None:
                break
    if count is None and head.tag_ == "NN":
        count = 1 if span[0].lower_ in ("a", "an", "one") else None
    seniority = next((t.lower_ for t in span if t.lower_ in SENIORITY and t.i < head.i), None)
    # Function words: the lower-case nouns and adjectives before the head ("energy", "defense").
    functions = [t.lower_ for t in span if t.i < head.i and t.pos_ in ("NOUN", "ADJ") and t.text.islower()
                 and t.lower_ not in SENIORITY and not t.ent_type_ and t.lower_ not in NUMBERS]
    lemma = head.lemma_.lower()
    role = " ".join(functions + [lemma])
    after = [t for t in span if t.i > head.i and not t.is_punct]
    if after and lemma in ("person", "people", "source") and after[0].lower_ in ("familiar", "close", "with", "in"):
        role = lemma + " " + " ".join(t.text for t in after)
    return Reading("anonymous", raw_text, lemma, "anonymous", role=role, gender=gender_of(raw_text, ""),
                   plural=head.tag_ == "NNS", definite=definite, anonymous=True, count=count,
                   affiliation=affiliation(span), seniority=seniority, heads=heads, owner=owner)
