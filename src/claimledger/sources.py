"""Source typing and resolution: what kind of source speaks, and who "He" or "Peskov" is.

Resolution runs in text order over the attributions: a pronoun takes the nearest earlier person (or
group, for "they"); a surname or "the official" takes the earlier full mention it shortens.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Span as SpacySpan, Token

from .attribute.lexicon import (ANONYMOUS_NOUNS, BELIEF, DOCUMENT, DOCUMENT_NOUNS, FEMALE_NAMES, GOVERNMENT_WORDS,
                                MALE_NAMES, MEDIA_NAMES, MEDIA_NOUNS, NUMBERS, SENIORITY, SPEECH)
from .model import Attribution, Cue, RawAttribution, Source, Span
from .nlp import text_of

AFFILIATIONS = {
    "u.s.": "United States", "us": "United States", "american": "United States", "united states": "United States",
    "the united states": "United States", "u.k.": "United Kingdom", "british": "United Kingdom",
    "european": "Europe", "eu": "European Union", "chinese": "China", "russian": "Russia", "french": "France",
    "german": "Germany", "israeli": "Israel", "ukrainian": "Ukraine", "iranian": "Iran", "japanese": "Japan",
    "indian": "India", "turkish": "Turkey", "western": "the West", "nato": "NATO", "un": "United Nations",
}
ORG_NOUNS = {"company", "group", "firm", "campaign", "party", "organization", "union", "association", "utility",
             "university", "charity", "operator", "airline", "manufacturer", "retailer", "school", "hospital",
             "committee", "bank", "coalition", "corporation", "institute", "foundation", "team", "club"}
TITLES = {"minister", "president", "senator", "mayor", "governor", "general", "colonel", "secretary",
          "director", "spokesman", "spokeswoman", "spokesperson", "chairman", "chief", "ambassador",
          "prime", "chancellor", "judge", "representative", "rep.", "sen.", "gov.", "adviser", "advisor",
          "ceo", "commissioner", "leader", "speaker", "candidate", "nominee", "professor", "attorney"}
HONORIFICS = {"mr", "ms", "mrs", "dr"}
MALE = {"he", "him", "his"}
FEMALE = {"she", "her", "hers"}
DETS = {"the", "a", "an", "its", "their", "his", "her"}


@dataclass
class _Mention:
    name: str
    kind: str
    end: int
    plural: bool
    surname: str | None = None
    head: str | None = None
    gender: str | None = None
    source: Source | None = None


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


def _head(span: SpacySpan) -> Token:
    return span.root


def _affiliation(span: SpacySpan, ents: list[SpacySpan]) -> str | None:
    for ent in ents:
        if ent.label_ in ("GPE", "NORP", "ORG"):
            key = ent.text.lower().removeprefix("the ")
            return AFFILIATIONS.get(key, ent.text)
    for tok in span:
        if tok.lower_ in AFFILIATIONS:
            return AFFILIATIONS[tok.lower_]
    return None


def _strip_det(text: str) -> str:
    words = text.split()
    while words and words[0].lower() in DETS:
        words = words[1:]
    return " ".join(words) or text


class _Resolver:
    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.mentions: list[_Mention] = []
        # Entities are listed once and looked up by bisection: `Span.ents` lists all of the document's
        # entities on every call, which made long articles quadratic (issue 8).
        self.ents = list(doc.ents)
        self.ent_starts = [e.start for e in self.ents]
        self.people = [e for e in self.ents if e.label_ == "PERSON"]
        self.people_ends = [e.end_char for e in self.people]
        self.full_names: dict[str, SpacySpan] = {}  # surname -> the first full name ending with it
        for ent in self.people:
            words = ent.text.split()
            if len(words) > 1:
                self.full_names.setdefault(words[-1], ent)
        self.surnames: dict[str, _Mention] = {}  # surname -> the latest person mention with it
        self.spoken: list[tuple[RawAttribution, Source]] = []

    def _ents(self, span: SpacySpan) -> list[SpacySpan]:
        """`span.ents`: the entities from the first starting in the span up to the first not ending in it."""
        out = []
        for i in range(bisect_left(self.ent_starts, span.start), len(self.ents)):
            if self.ents[i].end > span.end:
                break
            out.append(self.ents[i])
        return out

    def source(self, raw: RawAttribution) -> Source:
        doc = self.doc
        span = doc.char_span(raw.source.start, raw.source.end, alignment_mode="expand")
        if span is None or len(span) == 0:
            return Source(raw.source, raw.source.text)
        head = _head(span)
        low = raw.source.text.lower().strip()
        ents = self._ents(span)
        persons = [e for e in ents if e.label_ == "PERSON"]
        if low in MALE | FEMALE | {"they", "them", "who", "it"} or head.pos_ == "PRON" and len(span) == 1 \
                and low not in ("i", "we", "me", "us"):
            return self._pronoun(raw, low)
        if low in ("i", "we", "me", "us"):
            outer = self._speaker_around(raw)  # "as we have said" inside Peskov's statement is Peskov
            if outer is not None:
                return outer
        if persons:
            return self._person(raw, span, _full_name(span, persons[0]))
        if all(t.is_title for t in span) and len(span) <= 2:
            known = self._surname(span[-1].text)  # "Reyes" after "Tomas Reyes", even when NER missed it
            if known is not None:
                return self._same_as(known, raw)
        key = _strip_det(low)
        if key in MEDIA_NAMES or low in MEDIA_NAMES or any(e.text.lower() in MEDIA_NAMES for e in ents):
            return Source(raw.source, _strip_det(raw.source.text), "media")
        lemma = head.lemma_.lower()
        if lemma in DOCUMENT_NOUNS:
            return Source(raw.source, _strip_det(raw.source.text), "document")
        if lemma in MEDIA_NOUNS:
            return Source(raw.source, _strip_det(raw.source.text), "media")
        if lemma in ANONYMOUS_NOUNS:
            return self._anonymous(raw, span, head, ents)
        if any(w in low for w in GOVERNMENT_WORDS) or (ents and ents[0].label_ == "GPE"
                                                        and len(ents[0]) >= len(span) - 1):
            return self._remember(Source(raw.source, _strip_det(raw.source.text), "government"), raw, plural=True)
        if ents and ents[0].label_ in ("ORG", "NORP") or lemma in ORG_NOUNS:
            return self._remember(Source(raw.source, _strip_det(raw.source.text), "organization"), raw, plural=True)
        if lemma in TITLES:  # "the minister": a person named by office
            title_src = self._shortened(head.lemma_.lower(), raw)
            if title_src is not None:
                return title_src
            return self._remember(Source(raw.source, _strip_det(raw.source.text), "person",
                                         role=_strip_det(raw.source.text)), raw, head=lemma)
        return Source(raw.source, _strip_det(raw.source.text), "other")

    def _person(self, raw: RawAttribution, span: SpacySpan, ent: SpacySpan) -> Source:
        name = ent.text
        parts = name.split()
        known = self._surname(parts[-1]) if len(parts) == 1 else None
        if known is not None:
            return self._same_as(known, raw)
        # The role is the longer of the words before the name ("Interior Minister") and after it
        # (", a spokeswoman for Norway's energy ministry").
        text = text_of(self.doc)
        left = text[span.start_char:ent.start_char].strip(" ,")
        right = text[ent.end_char:span.end_char].strip(" ,")
        role = _strip_det(max(left, right, key=len)) or None
        if role and role.lower().rstrip(".") in HONORIFICS:
            role = None
        gender = _gender(raw.source.text, parts[0])
        return self._remember(Source(raw.source, name, "person", role=role), raw, surname=parts[-1], gender=gender)

    def _speaker_around(self, raw: RawAttribution) -> Source | None:
        for outer, src in reversed(self.spoken):
            if outer.content.start <= raw.source.start < outer.content.end:
                return replace(src, span=raw.source)
        return None

    def _surname(self, word: str) -> _Mention | None:
        if word in self.surnames:
            return self.surnames[word]
        # A full name the article gave outside any attribution ("Mayor Ilse Brandt spoke...").
        ent = self.full_names.get(word)
        return _Mention(ent.text, "person", ent.end_char, False, word) if ent is not None else None

    def _same_as(self, m: _Mention, raw: RawAttribution) -> Source:
        role = m.source.role if m.source else None
        return self._remember(Source(raw.source, m.name, "person", role=role), raw, surname=m.surname,
                              gender=m.gender)

    def _anonymous(self, raw: RawAttribution, span: SpacySpan, head: Token, ents: list[SpacySpan]) -> Source:
        det = span[0].lower_
        if det == "the" or det in ("its", "their"):  # "the official": an earlier anonymous mention
            earlier = self._shortened(head.lemma_.lower(), raw)
            if earlier is not None:
                return earlier
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
        role_words = functions + [head.lemma_.lower()]
        after = [t for t in span if t.i > head.i and not t.is_punct]
        role = " ".join(role_words)
        if after and head.lemma_.lower() in ("person", "people", "source") and after[0].lower_ in ("familiar", "close", "with", "in"):
            role = head.lemma_.lower() + " " + " ".join(t.text for t in after)
        src = Source(raw.source, raw.source.text, "anonymous", anonymous=True, count=count,
                     affiliation=_affiliation(span, ents), role=role, seniority=seniority)
        return self._remember(src, raw, plural=head.tag_ == "NNS", head=head.lemma_.lower())

    def _shortened(self, head: str, raw: RawAttribution) -> Source | None:
        for m in reversed(self.mentions):
            if m.head == head and m.source is not None:
                self._remember(m.source, raw, head=head)
                return replace(m.source, span=raw.source)
        return None

    def _pronoun(self, raw: RawAttribution, low: str) -> Source:
        if low in ("who", "which", "that"):
            # The relative pronoun speaks for the noun its clause hangs on ("Mr. Kamin, who said").
            tok = self.doc.char_span(raw.source.start, raw.source.end, alignment_mode="expand")
            verb = tok.root.head if tok is not None else None
            if verb is not None and verb.dep_ == "relcl" and verb.head.i < tok.root.i:
                ante = verb.head.head if verb.head.dep_ == "appos" else verb.head  # "Kamin, a lawyer, who"
                named = Span.of(text_of(self.doc), ante.left_edge.idx, ante.idx + len(ante))
                return replace(self.source(replace(raw, source=named)), span=raw.source)
        if low in ("they", "them"):
            for m in reversed(self.mentions):
                if m.plural and m.source is not None:
                    return replace(m.source, span=raw.source)
            return Source(raw.source, raw.source.text, "other")
        if low in MALE | FEMALE:
            gender = "male" if low in MALE else "female"
            cands = (m for m in reversed(self.mentions) if m.kind == "person" and not m.plural)
            # Prefer a person last referred to with the same pronoun; avoid one known to be the other gender.
            for m in cands:
                if m.gender in (gender, None):
                    m.gender = gender
                    return Source(raw.source, m.name, "person", role=m.source.role if m.source else None)
            # The last person named before the pronoun who may have its gender.
            last = next((e for e in map(self.people.__getitem__, range(
                bisect_right(self.people_ends, raw.source.start) - 1, -1, -1))
                         if _gender(e.text, e.text.split()[0]) in (gender, None)), None)
            if last is not None:
                return self._remember(Source(raw.source, last.text, "person"), raw,
                                      surname=last.text.split()[-1], gender=gender)
        return Source(raw.source, raw.source.text, "other")

    def _remember(self, src: Source, raw: RawAttribution, *, plural: bool = False, surname: str | None = None,
                  head: str | None = None, gender: str | None = None) -> Source:
        self.mentions.append(_Mention(src.name, src.kind, raw.source.end, plural, surname, head, gender, src))
        if src.kind == "person" and surname is not None:
            self.surnames[surname] = self.mentions[-1]
        return src


def _gender(text: str, given: str) -> str | None:
    words = {w.strip(".,").lower() for w in text.split()}
    if words & {"mrs", "ms", "spokeswoman", "chairwoman", "congresswoman", "businesswoman"} or \
            given.lower() in FEMALE_NAMES:
        return "female"
    if words & {"mr", "spokesman", "chairman", "congressman", "businessman"} or given.lower() in MALE_NAMES:
        return "male"
    return None


def _full_name(span: SpacySpan, ent: SpacySpan) -> SpacySpan:
    """The small NER model often tags only "Peskov" in "Dmitry Peskov": take the adjacent given names."""
    start, end = ent.start, ent.end
    while start > span.start and span.doc[start - 1].pos_ == "PROPN" and span.doc[start - 1].is_title \
            and span.doc[start - 1].lower_.rstrip(".") not in TITLES | HONORIFICS \
            and not span.doc[start - 1].ent_type_ in ("ORG", "GPE", "NORP"):
        start -= 1
    return span.doc[start:end]


def _int(text: str) -> int | None:
    try:
        return int(text.replace(",", ""))
    except ValueError:
        return None


def type_sources(doc: Doc, raw: list[RawAttribution]) -> list[Attribution]:
    resolver = _Resolver(doc)
    out = []
    for r in sorted(raw, key=lambda r: (r.source.start, r.cue.start)):
        source = resolver.source(r)
        resolver.spoken.append((r, source))
        out.append(Attribution(id="", source=source, cue=_cue(doc, r), content=r.content,
                               quote=r.quote, content_parts=r.content_parts))
    out.sort(key=lambda a: (min(a.cue.span.start, a.content.start), a.cue.span.start))
    for i, a in enumerate(out, 1):
        a.id = f"a{i}"
    return out
