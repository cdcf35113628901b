"""The entities behind the source mentions of one article, and which one each mention refers to.

Every name the article gives (NER persons and organizations) and every source phrase is a mention.
Names join by full name, surname or acronym; pronouns and descriptions ("he", "it", "the company", "the
source", "the country's premier") take the most recent entity that agrees in number, gender and type.
Recency counts only salient mentions (speakers and sentence subjects); one inside a quote counts only
inside that quote, and one whose act was not responding ("did not immediately respond to a request for
comment") counts nowhere: such a source is no antecedent for the next paragraph's "he said".

An entity's kind is voted by all its mentions: what the words say ("a lawyer", "the production
company", "Mr.", a pronoun) outweighs what NER guessed from one mention.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span as SpacySpan

from ..lexicon import GOVERNMENT_HEADS, ORG_HEADS, PERSON_ROLES
from ..model import IMPERSONAL_KINDS, RawAttribution, SourceKind, Span
from ..nlp import ents_in, text_of
from .mention import TITLES, Reading, gender_of, name_span, read, strip_det

# Words strong enough to decide a kind, against NER's single guess.
_STRONG, _PRONOUN, _GUESS = 3, 2, 1
NON_RESPONSE = re.compile(
    r"\b(did not|didn't|does not|doesn't|has not|hasn't|have not|haven't|had not|could not|couldn't|"
    r"would not|wouldn't|declined|refused|not immediately|no immediate|not be reached)\b[^.\n]{0,60}?"
    r"\b(respond|responded|reply|replied|return|returned|comment|commented|reached|answer|answered)", re.I)
_OTHER = {"male": "female", "female": "male"}
_STATEMENTS = {"statement", "letter", "message", "post", "tweet", "release", "note"}
_HEADER = re.compile(r"^(Statement|Letter|Message|Remarks) (?:from|by|of) ([^\n]{3,120})$", re.M)
_FIRST = re.compile(r"\b(I|we|We|my|our|Our|My)\b")
PLURAL_WORDS = {"others", "many", "some", "both", "several", "few", "most"}
_GROUP_PATTERN = re.compile(r"\b(identified (them )?as|named (them )?as|were|are|they are|they were)\b", re.I)


@dataclass
class Referent:
    """An entity while the article is read: what its mentions said so far (model.Entity is the result)."""

    name: str
    votes: Counter[str] = field(default_factory=Counter)
    anonymous: bool = False
    count: int | None = None
    affiliation: str | None = None
    role: str | None = None
    seniority: str | None = None
    gender: str | None = None
    plural: bool = False
    surname: str | None = None
    heads: set[str] = field(default_factory=set)
    aliases: set[str] = field(default_factory=set)
    # Ends of the salient mentions, each with the quote it sits in (the id of the attribution whose
    # content holds it), or None: a mention inside a quote is an antecedent only inside that quote.
    anchors: list[tuple[int, int | None]] = field(default_factory=list)
    first: int = 10 ** 9
    # A pronoun no earlier speaker fits ("he" for a man the text names only as "An American ..."): its
    # own entity, never an antecedent or a name another mention could join.
    unresolved: bool = False

    @property
    def kind(self) -> SourceKind:
        if self.anonymous and not self.votes.get("named"):
            return "anonymous"
        best = max((k for k in self.votes if k != "named" and (k != "anonymous" or self.anonymous)),
                   key=lambda k: self.votes[k], default="other")
        return best  # type: ignore[return-value]

    def last_before(self, pos: int, scope: int | None = None) -> int:
        return max((a for a, s in self.anchors if a <= pos and (s is None or s == scope)), default=-1)


# Heads that name one office in other words ("the country's premier" after "its prime minister").
SAME_ROLE = {"premier": ("premier", "prime minister"), "spokesman": ("spokes",), "spokeswoman": ("spokes",),
             "spokesperson": ("spokes",), "executive": ("chief executive", "ceo"), "ceo": ("chief executive", "ceo")}


def _same_role(head: str, e: Referent) -> bool:
    said = " ".join([(e.role or "").lower(), *e.heads])
    return any(re.search(r"\b" + re.escape(w), said) for w in SAME_ROLE.get(head, (head,)))


def _name_head(name: str) -> str:
    """"Department of Justice" -> department, "jury at Bristol Crown Court" -> jury."""
    words = re.split(r"\s+(?:of|at|in|for|on)\s+", name.lower())[0].split()
    return words[-1] if words else ""


def _key(name: str) -> str:
    key = strip_det(name).lower().replace("’", "'")
    return key.removesuffix("'s").removesuffix("'").strip(" ,.")


def _acronym(name: str) -> str:
    words = [w for w in re.split(r"[\s-]+", name) if w[:1].isupper()]
    return "".join(w[0] for w in words)


class Resolver:
    def __init__(self, doc: Doc, raw: list[RawAttribution]) -> None:
        self.doc = doc
        self.text = text_of(doc)
        self.entities: list[Referent] = []
        self.by_raw: dict[int, Referent] = {}
        self.raw = raw
        # Every reported content scopes the names inside it; direct quotes also scope the speakers they
        # report, and exclude their own speaker. What a speaker is reported to have said in the writer's
        # words ("Smith said he would resign") is no quote: its "he" may well be Smith, and a speaker it
        # reports ("Claims were made that Ramdehol ...") is an antecedent outside it too.
        self.contents = [(p.start, p.end, id(r)) for r in raw for p in (r.content_parts or [r.content])]
        self.quotes = [(p.start, p.end, id(r)) for r in raw if r.quote != "indirect"
                       for p in (r.content_parts or [r.content])]
        self.silent = [(s.start_char, s.end_char) for s in doc.sents if NON_RESPONSE.search(s.text)]
        self._preload()

    # -- where a mention may serve as an antecedent -------------------------------------------------
    def _scope(self, start: int, end: int, own: int | None = None, *, quotes_only: bool = False) -> int | None:
        """The attribution (other than `own`) whose content holds [start, end), if any; the innermost."""
        held = [(e - s, r) for s, e, r in (self.quotes if quotes_only else self.contents)
                if s <= start and end <= e and r != own]
        return min(held, key=lambda x: x[0])[1] if held else None

    def _silent(self, pos: int) -> bool:
        return any(s <= pos < e for s, e in self.silent)

    def _preload(self) -> None:
        """Names the article gives outside quoted speech: antecedents, and evidence of their kind."""
        # Full names first, so that a lone surname before them joins them.
        for ent in sorted(self.doc.ents, key=lambda x: -len(x.text.split())):
            if ent.label_ not in ("PERSON", "ORG"):
                continue
            named, label = name_span(ent) or ent, ent.label_
            if len(named) == 0:
                continue
            words = named.text.split()
            before = self.doc[named.start - 1].lower_.rstrip(".") if named.start > 0 else ""
            gender = gender_of(before + " " + named.text, words[0] if len(words) > 1 else "")
            e = self._find_name(named.text, named.end_char, gender)
            # A lone surname of a person named in full is that person, whatever NER called it.
            by_surname = e is not None and len(words) == 1 and e.surname == words[0]
            e = e or self._new(named.text, named.start_char)
            e.first = min(e.first, named.start_char)
            e.votes["person" if label == "PERSON" or by_surname else "organization"] += _GUESS
            if gender and e.gender is None and (len(words) > 1 or by_surname):
                e.gender = gender
            e.votes["named"] += 1
            app = next((c for c in named.root.children if c.dep_ == "appos"), None)
            if app is not None:  # "Vantage Pictures, the production company": the apposition types it
                lem = app.lemma_.lower()
                if lem in PERSON_ROLES:
                    e.votes["person"] += _STRONG
                elif lem in ORG_HEADS:
                    e.votes["organization"] += _STRONG
                e.heads.add(lem)
            if label == "PERSON" and len(words) > 1:
                e.surname = e.surname or words[-1]
                # "Governor John Rankin": the office, for a later "the governor"
                i = named.start - 1
                while i >= 0 and self.doc[i].lower_.rstrip(".") in TITLES | PERSON_ROLES:
                    e.heads.add(self.doc[i].lower_.rstrip("."))
                    i -= 1
            self._anchor(e, named)
        self._surnames_mislabelled()

    def _anchor(self, e: Referent, named: SpacySpan) -> None:
        """Salient mentions: a subject, its apposition, and a possessor ("In Hajjaj's case, she decided")."""
        subj = named.root.dep_ in ("nsubj", "nsubjpass", "poss") or named.root.head.dep_ in ("nsubj", "nsubjpass") \
            and named.root.dep_ == "appos"
        if subj and not self._silent(named.start_char):
            e.anchors.append((named.end_char, self._scope(named.start_char, named.end_char)))

    def _surnames_mislabelled(self) -> None:
        """A lone surname of a person named in full that NER took for a place or a group ("In Hajjaj's
        case, she ..." with "Hajjaj" a GPE): still that person, and an antecedent for "she"."""
        people = {e.surname: e for e in self.entities if e.surname and e.votes.get("person", 0) > 0}
        for ent in self.doc.ents:
            if ent.label_ in ("PERSON", "ORG") or len(ent) != 1:
                continue
            e = people.get(ent.text.removesuffix("’s").removesuffix("'s"))
            if e is not None and e.first < ent.start_char:
                self._anchor(e, ent)

    def _new(self, name: str, pos: int, *, as_written: bool = False) -> Referent:
        """A new entity; anonymous ones keep their phrase as written ("A senior energy official")."""
        if not as_written:
            name = strip_det(name)
            name = name[:-2] if name.endswith(("'s", "’s")) else name  # "the White House's"
        e = Referent(name, first=pos)
        e.aliases.add(_key(name))
        self.entities.append(e)
        return e

    def _find_name(self, name: str, pos: int, gender: str | None = None) -> Referent | None:
        key = _key(name)
        words = name.split()
        if len(words) == 1:  # a surname: the person of that surname mentioned last (or first, if none yet)
            found = [e for e in self.entities if e.surname == words[0] and (gender is None or e.gender != _OTHER[gender])]
            if found:
                return max(found, key=lambda e: (gender is not None and e.gender == gender,
                                                 max((a for a, _ in e.anchors if a <= pos), default=-1), -e.first))
        for e in self.entities:
            if key in e.aliases and not e.unresolved:
                return e
        if 1 < len(words) <= 3 and all(w.replace("-", "").isalpha() and w.istitle() for w in words):
            # "Anatoly Brusilov, the spokesman" where NER found only the lone "Brusilov" (even as an ORG):
            # the same one, now named in full. Proper names only: "the coronavirus" is no "Coronavirus".
            lone = next((e for e in self.entities if e.aliases == {_key(words[-1])} and e.surname is None
                         and e.name.istitle()), None)
            if lone is not None:
                lone.name, lone.surname = strip_det(name), words[-1]
                lone.aliases.add(key)
                return lone
        if len(words) == 1:
            if name.isupper() and len(name) >= 2:  # "HCSO" for "Harris County Sheriff's Office"
                return next((e for e in self.entities if _acronym(e.name) == name and e.first <= pos), None)
        return None

    # -- resolution ---------------------------------------------------------------------------------
    def link(self, r: RawAttribution) -> Referent:
        start = r.source.start
        if "\n" in r.source.text.strip():  # a speaker phrase run across a heading: its last line speaks
            start += r.source.text.rstrip().rindex("\n") + 1
        span = self.doc.char_span(start, r.source.end, alignment_mode="expand")
        if span is None or len(span) == 0:
            e = self._new(r.source.text, r.source.start)
            self.by_raw[id(r)] = e
            return e
        reading = read(span, span.text, self._sentence_outside(r))
        e = self._resolve(r, span, reading)
        self._absorb(e, r, reading)
        self.by_raw[id(r)] = e
        return e

    def _sentence_outside(self, r: RawAttribution) -> str:
        sent = self.doc.char_span(r.cue.start, r.cue.end, alignment_mode="expand")
        if sent is None:
            return ""
        s = sent.sent
        out = self.text[s.start_char:s.end_char]
        for p in r.content_parts or [r.content]:
            if s.start_char <= p.start and p.end <= s.end_char:
                out = out.replace(p.text, " ")
        return out

    def _resolve(self, r: RawAttribution, span: SpacySpan, reading: Reading) -> Referent:
        pos = r.source.start
        if reading.form == "first":
            outer = self._speaker_around(r) or self._statement_header(span.start_char) or self._statement_author(r, span.start_char)
            if outer is not None:
                return outer
        if reading.form == "relative":
            ante = self._relative(span)
            if ante is not None:
                said = next((self.by_raw[id(o)] for o in self.raw if id(o) in self.by_raw
                             and o.source.start <= ante.source.end - 1 < o.source.end), None)
                return said if said is not None else self.link(ante)
        if reading.form == "pronoun":
            found = self._addressee(r, reading) or self._pronoun(reading, pos, r)
            if found is None:
                found = self._new(r.source.text, pos)
                found.unresolved = True
            return found
        if reading.form == "name" and reading.count:
            found = self._unnamed_group(reading, pos)
            if found is not None:
                return found
        if reading.form == "name":
            found = self._find_name(reading.name, pos, reading.gender)
            return found if found is not None else self._new(reading.name, pos)
        if reading.form == "description" or reading.form == "anonymous" and reading.definite:
            found = self._description(reading, pos, r)
            if found is not None:
                return found
        if reading.form in ("other", "description"):
            found = self._find_name(reading.name, pos, reading.gender) if reading.definite else None
            if found is None and reading.definite:
                found = self._office_holder(reading, pos, r)
            if found is not None:
                return found
        return self._new(reading.name, pos, as_written=reading.form == "anonymous")

    def _office_holder(self, reading: Reading, pos: int, r: RawAttribution) -> Referent | None:
        """ "The envoy" after "The country's envoy to Brazil, Marco Tellez": the named person the text gave
        that office, and only one the text tied to it (by apposition or a title before the name)."""
        if not reading.head or reading.plural:
            return None
        word = re.compile(r"\b" + re.escape(reading.head) + r"\b")
        holders = [e for e in self._candidates(pos, r) if e.votes.get("named") and e.role and word.search(e.role.lower())]
        return holders[0] if len(holders) == 1 else None

    def _unnamed_group(self, reading: Reading, pos: int) -> Referent | None:
        """"Two officers said ... The officers, Maria Denholm and Luis Caraway, said": one group, named."""
        for e in self._candidates(pos, None):
            if pos - e.last_before(pos) > 400:
                return None
            if e.anonymous and not e.votes.get("named") and (e.count == reading.count or e.count is None and e.plural):
                e.name, e.anonymous = reading.name, False
                return e
        return None

    def _speaker_around(self, r: RawAttribution) -> Referent | None:
        """"as we have said" inside Peskov's statement is Peskov."""
        for outer in self.raw:
            if outer is not r and id(outer) in self.by_raw and outer.content.start <= r.source.start < outer.content.end:
                return self.by_raw[id(outer)]
        return None

    def _statement_author(self, r: RawAttribution, pos: int) -> Referent | None:
        """"Statement from the Office of the Governor: I would like to ...": an "I" outside any quote,
        in a statement the article reproduces, is the statement's author. Only statements whose own
        text speaks in the first person count, and only shortly after they begin."""
        for o in sorted(self.raw, key=lambda o: -o.content.start):
            if o is r or o.content.start >= pos or id(o) not in self.by_raw:
                continue
            if pos - o.content.start > 2500:
                return None
            cue = o.cue.text.strip().lower()
            if (cue in (":", "\u2015", "\u2013", "-") or cue in _STATEMENTS) and _FIRST.search(o.content.text):
                return self.by_raw[id(o)]
        return None

    def _statement_header(self, pos: int) -> Referent | None:
        """A header line the extractors did not read: "Statement from the Port Authority"."""
        heads = [m for m in _HEADER.finditer(self.text) if m.end() <= pos and pos - m.end() < 2500]
        if not heads:
            return None
        m = heads[-1]
        author = re.split(r"\s+[\u2013\u2014-]\s+", m.group(2).strip())  # "the Office – John Rankin"
        name = strip_det(author[-1] if len(author) > 1 else author[0])
        e = self._find_name(name, m.start()) or self._new(name, m.start())
        span = self.doc.char_span(m.start(2), m.end(2), alignment_mode="expand")
        if span is not None and not e.votes:
            e.votes[_header_kind(span, name)] += _GUESS
            e.votes["named"] += 1
        return e

    def _relative(self, span: SpacySpan) -> RawAttribution | None:
        """The relative pronoun speaks for the noun its clause hangs on ("Mr. Kamin, who said")."""
        verb = span.root.head
        if verb.dep_ != "relcl" or verb.head.i >= span.root.i:
            return None
        ante = verb.head.head if verb.head.dep_ == "appos" else verb.head  # "Kamin, a lawyer, who"
        while span.root.lower_ == "who" and ante.dep_ == "pobj" and ante.head.lower_ != "of" \
                and ante.ent_type_ not in ("PERSON", "NORP") and ante.lemma_.lower() not in PERSON_ROLES \
                and ante.head.head.pos_ in ("NOUN", "PROPN"):
            ante = ante.head.head  # "a nurse at the clinic, who": the nurse, not the clinic
        if span.root.lower_ == "which" and ante.ent_type_ in ("GPE", "LOC", "FAC") and ante.dep_ == "pobj" \
                and ante.head.lower_ in ("in", "at") and ante.head.head.pos_ == "NOUN":
            ante = ante.head.head  # "the ruling in San Diego, which had found": the ruling
        named = Span.of(self.text, ante.left_edge.idx, ante.idx + len(ante))
        return RawAttribution(named, Span.of(self.text, verb.idx, verb.idx + len(verb)), named)

    def _candidates(self, pos: int, r: RawAttribution | None) -> list[Referent]:
        """Entities with a salient mention before `pos`, latest first."""
        scope = self._scope(pos, pos + 1, id(r) if r is not None else None)
        found = [(e.last_before(pos, scope), e) for e in self.entities
                 if not e.unresolved and e.last_before(pos, scope) >= 0]
        # Inside someone's quote, "he" or "it" is never the one quoted (who would say "I").
        quoted = self._scope(pos, pos + 1, id(r) if r is not None else None, quotes_only=True)
        speaker = self.by_raw.get(quoted) if quoted is not None else None
        return [e for _, e in sorted(found, key=lambda x: -x[0]) if e is not speaker]

    def _addressee(self, r: RawAttribution, reading: Reading) -> Referent | None:
        """'A reporter asked Montoya-Lewis, "...?" "...," she replied': who replies is who was asked."""
        cue = self.doc.char_span(r.cue.start, r.cue.end, alignment_mode="expand")
        if cue is None or cue.root.lemma_.lower() not in ("reply", "answer", "respond", "retort"):
            return None
        asked = [o for o in self.raw if o.cue.end <= r.cue.start and r.cue.start - o.cue.end < 600]
        if not asked:
            return None
        prev = self.doc.char_span(max(asked, key=lambda o: o.cue.end).cue.start,
                                  max(asked, key=lambda o: o.cue.end).cue.end, alignment_mode="expand")
        if prev is None or prev.root.lemma_.lower() not in ("ask", "question"):
            return None
        whom = next((c for c in prev.root.children if c.dep_ in ("dobj", "dative")), None)
        named = name_span(self.doc[whom.left_edge.i:whom.i + 1]) if whom is not None else None
        return self._find_name(named.text, r.cue.start, reading.gender) if named is not None else None

    def _plural_subject(self, pos: int, r: RawAttribution) -> tuple[int, SpacySpan] | None:
        """The nearest plural subject before `pos` in its sentence or the one before ("Others who have
        tracked his career see choppier waters. Turnout is low, they say"), speaker or not."""
        here = self.doc.char_span(pos, pos + 1, alignment_mode="expand")
        if here is None:
            return None
        sent = here.sent
        start = self.doc[sent.start - 1].sent.start if sent.start > 0 else sent.start
        subjects = [t for t in self.doc[start:here.start] if t.dep_ in ("nsubj", "nsubjpass")
                    and (t.tag_ in ("NNS", "NNPS") or t.lower_ in PLURAL_WORDS) and t.pos_ != "PRON"
                    and not any(p.start <= t.idx < p.end for p in r.content_parts or [r.content])]  # not what they say
        if not subjects:
            return None
        subject = subjects[-1]
        phrase = self.doc[subject.left_edge.i:min(subject.right_edge.i + 1, subject.left_edge.i + 12)]
        return phrase.end_char, phrase

    def _they(self, reading: Reading, pos: int, r: RawAttribution, speaker: Referent | None) -> Referent | None:
        """ "they": the speaker group found, unless a plural subject stands nearer in the text."""
        near = self._plural_subject(pos, r)
        if near is None:
            return speaker
        end, phrase = near
        if speaker is not None and speaker.last_before(pos, self._scope(pos, pos + 1, id(r))) >= end:
            return speaker
        e = self._find_name(phrase.text, pos) or next((e for e in self.entities if phrase.root.lemma_.lower() in e.heads
                                                      and e.plural), None)
        if e is None:
            e = self._new(phrase.text, phrase.start_char, as_written=True)
            e.plural, e.heads = True, {phrase.root.lemma_.lower()}
            e.votes["anonymous" if phrase.root.lower_ in PLURAL_WORDS else "other"] += _GUESS
        return e

    def _pronoun(self, reading: Reading, pos: int, r: RawAttribution) -> Referent | None:
        if reading.head == "they":
            return self._they(reading, pos, r, self._speaker_pronoun(reading, pos, r))
        return self._speaker_pronoun(reading, pos, r)

    def _speaker_pronoun(self, reading: Reading, pos: int, r: RawAttribution) -> Referent | None:
        for e in self._candidates(pos, r):
            kind, many = e.kind, e.plural or (e.count or 0) > 1
            if reading.head == "they":
                if many or kind in ("organization", "government"):
                    return e
            elif reading.head == "it":
                if kind in IMPERSONAL_KINDS and not many:
                    return e
            elif kind in ("person", "anonymous") and not many and e.gender in (reading.gender, None):
                return e
        return None

    def _description(self, reading: Reading, pos: int, r: RawAttribution) -> Referent | None:
        """"the spokesman", "the company", "the ministry", "the country's premier", "the source"."""
        cands = self._candidates(pos, r)
        for e in cands:  # the same role or head noun said before ("a spokesman ... the spokesman")
            if (reading.heads & e.heads or _same_role(reading.head, e)) and (
                    not reading.plural or e.plural or (e.count or 0) > 1):
                return e
        head = reading.head
        if reading.owner and reading.owner.lower() not in ("its", "their", "his", "her"):
            return None  # "the billionaire's company" is not whichever company came last
        if head in ORG_HEADS and head not in GOVERNMENT_HEADS:
            return next((e for e in cands if e.kind in ("organization", "media")), None)
        if head in GOVERNMENT_HEADS:  # "the ministry": a body whose own name ends in it ("Culture Ministry")
            return next((e for e in cands if e.kind in ("government", "organization") and _name_head(e.name) == head),
                        None)
        if reading.kind == "person" and reading.form == "description" and not reading.plural and cands:
            # "Chris Grayling warned ... Speaking in the Commons, the Conservative MP said": a new office
            # for the person just named, when nobody else came between and no other office is known.
            last = cands[0]
            if last.kind == "person" and not last.plural and not last.anonymous and last.role is None \
                    and pos - last.last_before(pos, self._scope(pos, pos + 1)) < 300:
                return last
        return None

    def _absorb(self, e: Referent, r: RawAttribution, reading: Reading) -> None:
        """What this mention says about its entity, and whether it may serve as an antecedent."""
        e.first = min(e.first, r.source.start)
        if reading.kind is not None:
            e.votes[reading.kind] += _PRONOUN if reading.form == "pronoun" else _STRONG
        if reading.guess is not None:
            e.votes[reading.guess] += _GUESS
        if reading.form == "name" and reading.kind != "anonymous":
            e.votes["named"] += 1
            e.aliases.add(_key(reading.name))
            if reading.surname and (reading.kind == "person" or reading.guess == "person") and len(reading.name.split()) > 1:
                e.surname = e.surname or reading.surname
        if reading.form == "pronoun" and reading.head == "it":
            e.votes["organization" if e.kind == "other" else e.kind] += _PRONOUN
        if reading.form == "pronoun" and reading.gender:
            e.gender = e.gender or reading.gender
        elif reading.gender and reading.form != "pronoun":
            e.gender = e.gender or reading.gender
        if reading.anonymous and not e.votes.get("named"):
            e.anonymous = True
            e.count = e.count if e.count is not None else reading.count
            e.seniority = e.seniority or reading.seniority
        e.affiliation = e.affiliation or reading.affiliation
        if reading.role and not e.role:
            e.role = reading.role
        e.heads |= reading.heads
        # "Critics have pointed out ... They also point out": a plural group of any kind is what "they" is
        e.plural = e.plural or (reading.plural and reading.form != "pronoun" and reading.kind in ("anonymous", "other", None))
        if not self._silent(r.cue.start):
            e.anchors.append((r.source.end, self._scope(r.source.start, r.source.end, id(r), quotes_only=True)))

    # -- after every mention is linked --------------------------------------------------------------
    def name_groups(self) -> None:
        """"Two officers said ... The officers were identified as Jane Roe and John Poe": named."""
        for r, e in self._first_mentions():
            if not e.anonymous or not (e.plural or (e.count or 0) > 1):
                continue
            sent = self.doc.char_span(r.source.start, r.source.end, alignment_mode="expand")
            if sent is None:
                continue
            s = sent.sent
            nxt = self.doc[s.end].sent if s.end < len(self.doc) else None
            if nxt is None:
                continue
            people = [x for x in ents_in(nxt) if x.label_ == "PERSON"]
            need = max(e.count or 2, 2)  # a plural with a count of one ("a crew") names no group of people
            if len(people) < need or " and " not in self.text[people[-2].end_char:people[-1].start_char + 1]:
                continue
            subject = nxt[0].lower_ in ("they", "both", "the", "those", "these")
            if not subject or not _GROUP_PATTERN.search(nxt.text) and "," not in nxt.text[:60]:
                continue
            names = [p.text for p in people[:need] if p.text.split()[0].lower() not in TITLES]
            if len(names) < need:
                continue
            e.name = ", ".join(names[:-1]) + " and " + names[-1]
            e.anonymous = False
            e.votes["person"] += _STRONG
            e.votes["named"] += 1

    def _first_mentions(self) -> list[tuple[RawAttribution, Referent]]:
        seen: set[int] = set()
        out = []
        for r in sorted(self.raw, key=lambda r: r.source.start):
            e = self.by_raw.get(id(r))
            if e is not None and id(e) not in seen:
                seen.add(id(e))
                out.append((r, e))
        return out


def _header_kind(span: SpacySpan, name: str) -> str:
    if any(e.label_ == "PERSON" and e.text in name for e in ents_in(span)):
        return "person"
    return "government" if any(w in name.lower().split() for w in GOVERNMENT_HEADS) else "organization"
