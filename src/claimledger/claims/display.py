"""A claim's readable text: a statement a reader understands without opening the article.

The content span stays as the extractor found it (PolNeAR scores it); what a claim shows is built from
it. A clause with its own subject ("the port will close on Monday") reads alone; anything else ("to
close the port", "the senator with fraud", "a ceasefire with the militants") is an act of its speaker
and reads as one: "The mayor urged the council to close the port". A span cut mid-phrase loses its
dangling words ("...hospitals in Gaza and").

Read on the ledger gold (18 real pages): a fifth of the claims were fragments a reader could not place
("to rise", "them with fines"); most were contents without a subject of their own.

Then (issue 16, same gold, 18 fragments of 229 claims by its scorer -> 11 of 227): a reported clause
opening on a pronoun that is not its speaker's names the pronoun's antecedent in brackets ("[Banksy] is
from Bristol"), taken from the nearest agreeing subject in the sentences before; a quote keeps its
pronouns (named the same way, a quote's "he" or "they" was wrong more often than right there), and a
short one about "he" reads with the sentence reporting it where that sentence says whom ("... said X, an
adviser to Bloomberg"); an elliptical answer ("said they do") reads as its sentence; a quote split around
its cue reads as its sentences, without a verbless leading piece or another source's piece; an embedded
question or a small clause reads as the act. What is left is mostly whole quotes that end on "him", "it"
or "for", or open on "If" or "At least", which read as the speaker said them.
"""
from __future__ import annotations

from bisect import bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from ..lexicon import (CUE_VERBS, DOCUMENT_NOUNS, LINK_WORDS, NEWS_REFERENCES, PERSON_ROLES, PRONOUNS,
                       REPORT_NOUNS, UNNAMED_PEOPLE)
from ..model import IMPERSONAL_KINDS, Attribution, Source, Span
from ..text import QUOTE_MARKS, QUOTES_OPEN, gender_of, same_source, says_too_little
from ..nlp import sents_of, text_of

SUBJECTS = {"nsubj", "nsubjpass", "expl", "csubj", "csubjpass"}
# Words a complete statement does not end on: what is left of a span cut mid-phrase.
DANGLING = set("""a an the of in on at to for with by from and or but as that which who whom whose than
if whether because while when where about into onto over under after before during between against
its their his her our your my""".split())
LEADING = ("that ", "That ")
BETWEEN = 8  # words between cue and content kept as the act's object ("urged [the council] to ...")


def _roots(span: SpacySpan) -> list:
    return [t for t in span if t.head.i == t.i or not span.start <= t.head.i < span.end]


def stands_alone(span: SpacySpan, quotes: bool = True) -> bool:
    """A clause with its own subject, or (with `quotes`) a quotation: a speaker's own words."""
    if quotes and span.text.lstrip()[:1] in QUOTES_OPEN:
        return True
    roots = [t for t in _roots(span) if not t.is_punct]
    main = next((t for t in roots if t.pos_ in ("VERB", "AUX")), roots[0] if roots else None)
    if main is None:
        return False
    return any(c.dep_ in SUBJECTS for c in main.children) or main.dep_ in SUBJECTS


def _speaker(a: Attribution) -> str:
    said = a.source.span.text.strip()
    name = a.source.name.strip()
    if said.lower() in PRONOUNS and name and name.lower() not in PRONOUNS:
        return name
    if "," in said and name and name.lower() not in PRONOUNS:
        return name  # "Kadalim, 26" or "Jim Rich, a former editor of ...": the name, not its apposition
    return said or name


def tidy(text: str) -> str:
    """One line, no leading "that", no dangling words at the end, a capital first letter."""
    text = " ".join(text.split()).strip(" ,;:-\u2014")
    if text.startswith(LEADING):
        text = text[5:]
    elif text.startswith(("that, ", "That, ")):  # "fear that, even as casualties rise, the system ..."
        text = text[6:]
    text = _without_link_word(text)
    words = text.split(" ")
    while len(words) > 3 and words[-1].lower().strip(",;:") in DANGLING:
        words.pop()
    text = " ".join(words).rstrip(" ,;:-\u2014")
    return text[:1].upper() + text[1:] if text[:1].islower() and not text.startswith(("iP", "e-")) else text


def _without_link_word(text: str) -> str:
    """A quote that opens on the word tying it to the one before ('"And the way you get ...', "But ...",
    "Because ...") reads alone without it; the content span keeps it."""
    mark = text[:1] if text[:1] in QUOTES_OPEN else ""
    first, _, rest = text[len(mark):].partition(" ")
    if first.lower().strip(",") not in LINK_WORDS or len(rest.split()) < 4:
        return text
    return mark + rest[:1].upper() + rest[1:]


def _as_act(doc: Doc, a: Attribution) -> str:
    """ "<speaker> <cue> [<object>] <content>": the act, with the words between cue and content when
    they are few (the addressee of "urged", the charge of "accused ... of")."""
    text = text_of(doc)
    cue, content = a.cue.span, a.content
    gap = text[cue.end:content.start] if cue.end <= content.start else ""
    if cue.text.lower().startswith("according to") or a.cue.lemma == ":":
        return f"{content.text} (according to {_speaker(a)})" if cue.end <= content.start else content.text
    middle = gap.strip() if gap and len(gap.split()) <= BETWEEN and "\n" not in gap else ""
    return " ".join(p for p in (_speaker(a), cue.text.strip(), middle, content.text.strip()) if p)


SUBJECT_PRONOUNS = {"he", "she", "it", "they"}
POSSESSIVES = {"his", "her", "its", "their"}


def _own_words(doc: Doc, a: Attribution, text: str) -> str:
    """Reported speech's pronoun for its speaker, named: "X said [he] would resign" -> "X would resign",
    "said [his] brother was arrested" -> "X's brother was arrested". Only the first word, where it is
    most often the speaker (and never inside a quotation, whose "I" and "he" are the speaker's own)."""
    first, _, rest = text.partition(" ")
    name = _speaker(a)
    if not rest or not name or name.lower() in PRONOUNS | INDEFINITE or a.source.anonymous and a.source.count is None \
            or not _agrees(first.lower(), a.source, doc):
        return text
    if first.lower() in SUBJECT_PRONOUNS:
        return f"{name} {rest}"
    if first.lower() in POSSESSIVES:
        return f"{name}'s {rest}" if not name.endswith("s") else f"{name}' {rest}"
    return text


PERSONAL = {"he", "she", "his", "her"}


def _agrees(pronoun: str, source: Source, doc: Doc) -> bool:
    """Whether the pronoun can be the speaker's: "Her family said [she] was safe" is not the family, and
    "the ministry said [he] resigned" is not the ministry."""
    words = source.span.text.lower().split()
    if pronoun in PERSONAL:  # one person, not "her family" (the possessive names someone else)
        return source.kind not in IMPERSONAL_KINDS and not (source.count or 0) > 1 and not POSSESSIVES & set(words) \
            and (source.kind != "other" or _a_person(doc, source))
    if pronoun in ("it", "its"):
        return source.kind in IMPERSONAL_KINDS
    if pronoun in ("they", "their"):  # "Chisholm said [they] do" is about something else, not Chisholm
        return _plural(doc, source)
    return True


INDEFINITE = {"someone", "somebody", "anyone", "anybody", "everyone", "everybody", "no one", "nobody", "who",
              "whoever", "each", "a person"}


def _a_person(doc: Doc, source: Source) -> bool:
    """A source of no known kind that may be a person: not a text or a page ("the biography on X's website",
    "the fake story" are no "she")."""
    span = doc.char_span(source.span.start, source.span.end, alignment_mode="expand")
    if span is None or not len(span):
        return True
    lemma = span.root.lemma_.lower()
    return lemma not in DOCUMENT_NOUNS | NEWS_REFERENCES | TEXTS and lemma.removesuffix("s") not in DOCUMENT_NOUNS


TEXTS = {"biography", "website", "site", "page", "profile", "book", "article", "blog", "entry", "wiki"}


def _plural(doc: Doc, source: Source) -> bool:
    """A source "they" can take up: several people ("residents", "Smith and Jones", "two officials") or a
    body ("the council"); not one person ("Chisholm", "an analyst at Nordbank")."""
    if (source.count or 0) > 1 or source.kind in IMPERSONAL_KINDS or source.name.lower() in INDEFINITE:
        return True  # "someone who knows they are infective": the singular "they"
    span = doc.char_span(source.span.start, source.span.end, alignment_mode="expand")
    if span is None or not len(span):
        return True
    return span.root.tag_ in ("NNS", "NNPS") or span.root.lower_ in ("they", "we", "them") \
        or any(c.dep_ == "conj" for c in span.root.children)


# --- a leading pronoun that is not the speaker's, named as the article names it ---------------------

THIRD_PERSON = {"he": "m", "his": "m", "she": "f", "her": "f", "they": "p", "their": "p", "its": "n"}
OBJECT_PRONOUNS = {"him": "m", "them": "p", "it": "n"}
LOOK_BACK = 3  # sentences before the content searched for the antecedent
NAMED_KINDS = {"PERSON": "person", "ORG": "org", "GPE": "org", "NORP": "group"}


def _features(t: Token) -> tuple[str, str | None, bool] | None:
    """What a subject noun says of its referent: person / org / thing, gender, plural; None for a word
    that names nothing a pronoun could take up ("none", "what")."""
    if t.pos_ == "PROPN":
        kind = NAMED_KINDS.get(t.ent_type_, "person" if not t.ent_type_ else "thing")
        name = _noun_phrase(t)
        return kind, gender_of(name, name.split()[0]), t.tag_ == "NNPS" or kind == "group"
    if t.pos_ == "NOUN" and t.is_sent_start and t.is_title and _named_elsewhere(t):
        return "name", None, False  # a name the tagger took for a noun at the start of a sentence ("Banksy")
    if t.pos_ == "NOUN":
        lemma = t.lemma_.lower()
        kind = "person" if lemma in PERSON_ROLES or lemma in UNNAMED_PEOPLE else "thing"
        return kind, gender_of(t.lower_, ""), t.tag_ == "NNS"
    return None


def _named_elsewhere(t: Token) -> bool:
    """The word is capitalized inside another sentence too: a name, not "None" or "Inflation"."""
    return any(o.text == t.text and not o.is_sent_start and o.i != t.i for o in t.doc)


def _fits(pronoun: str, features: tuple[str, str | None, bool]) -> bool:
    kind, gender, plural = features
    want = THIRD_PERSON[pronoun]
    if want == "p":
        return plural or kind == "org"
    if want == "n":
        return not plural and kind in ("org", "thing", "name")
    return not plural and kind in ("person", "name") and gender != {"m": "female", "f": "male"}[want]


def _noun_phrase(t: Token) -> str:
    """A name as the article gives it ("Kevin Nickel" for "Thomas' brother, Kevin Nickel"), else the noun
    with the words before it ("the former vice president")."""
    named = next((c for c in t.children if c.dep_ == "appos" and c.pos_ == "PROPN"), None)
    if named is not None:
        t = named
    if t.ent_type_ in NAMED_KINDS:  # the whole entity the word is in
        doc, start, end = t.doc, t.i, t.i + 1
        while doc[start].ent_iob_ == "I" and start > 0:
            start -= 1
        while end < len(doc) and doc[end].ent_iob_ == "I":
            end += 1
        return doc[start:end].text
    return t.doc[t.left_edge.i:t.i + 1].text


def _subjects(sent: SpacySpan, before: int) -> list[Token]:
    """A sentence's subjects before token `before`: the main clause's first, then the rest in order
    (a pronoun most often takes up the subject of the sentence before), each followed by its possessor."""
    subjects = sorted((t for t in sent if t.i < before and t.dep_ in ("nsubj", "nsubjpass")),
                      key=lambda t: (t.head.dep_ != "ROOT", t.i))
    # a subject's named possessor next ("Banksy's real identity has been a secret ... he could be X")
    return [w for t in subjects
            for w in [t, *(c for c in t.children if c.dep_ == "poss" and (c.pos_ == "PROPN" or c.is_title))]]


@dataclass(frozen=True)
class Others:
    """What a claim's text reads of the article's other statements: each source by the span naming it
    (a pronoun that is a speaker names that speaker), and each content piece, by start, with its speaker."""

    speakers: Mapping[tuple[int, int], Source] = field(default_factory=dict)
    pieces: Sequence[tuple[int, int, str]] = ()

    @classmethod
    def of(cls, attributions: Sequence[Attribution]) -> Others:
        return cls({(a.source.span.start, a.source.span.end): a.source for a in attributions},
                   sorted((p.start, p.end, a.speaker) for a in attributions for p in a.pieces))

    def speaker_of(self, piece: Span, speaker: str) -> bool:
        """Whether another source's statement holds this whole piece ('"What is it about X?" King asked'),
        not only a statement the piece itself reports."""
        k = bisect_right(self.pieces, (piece.end,))
        return any(start <= piece.start + EDGE and piece.end - EDGE <= end and not same_source(who, speaker)
                   for start, end, who in self.pieces[max(0, k - NEIGHBOURS):k])


NEIGHBOURS = 8  # content pieces starting before a piece's end that may hold it
EDGE = 2  # characters a content may differ from the piece it holds by (its quote marks)


def _antecedent(doc: Doc, a: Attribution, at: Token, others: Others) -> str | None:
    """Who or what the pronoun `at` (opening a statement) takes up: the nearest subject before it, in its
    own sentence or the few before, that agrees in number, gender and kind (person or not). An agreeing
    pronoun on the way carries the chain back: to its speaker's name where it is a speaker, else on to
    the subject it takes up. None when nothing agrees: the pronoun stays."""
    pronoun = at.lower_
    speaks = at.dep_ == "nsubj" and at.head.lemma_.lower() in CUE_VERBS  # "they assured us": people, not "hopes"
    sents = sents_of(doc)
    k = bisect_right(sents, at.i, key=lambda s: s.start) - 1
    before = at.i
    for sent in reversed(sents[max(0, k - LOOK_BACK):k + 1]):
        for t in _subjects(sent, before):
            if a.content.start <= t.idx < a.content.end:
                continue
            if t.pos_ == "PRON":
                if THIRD_PERSON.get(t.lower_, OBJECT_PRONOUNS.get(t.lower_)) != THIRD_PERSON[pronoun]:
                    continue
                source = others.speakers.get((t.idx, t.idx + len(t.text)))
                if source is not None:
                    name = source.name.strip()
                    return name if name and name.lower() not in PRONOUNS else None
                continue  # the same referent again: look further back
            features = _features(t)
            if features is not None and _fits(pronoun, features) and not (speaks and features[0] == "thing"):
                name = _noun_phrase(t)  # "his brother" names no one a reader knows: the pronoun stays
                return None if any(w.lower() in POSSESSIVES | PRONOUNS for w in name.split()) else name
        before = sent.start
    return None


def _named_pronoun(doc: Doc, a: Attribution, start: int, text: str, others: Others) -> str:
    """ "[Banksy] is from Bristol", "[The former vice president]'s support ... fell": a statement opening
    (at character `start`) on a pronoun that is not its speaker's, with the pronoun's antecedent in
    brackets, the newsroom's way of adding a word the source did not say."""
    mark = text[:1] if text[:1] in QUOTES_OPEN else ""
    opening = doc.char_span(start, a.content.end, alignment_mode="expand")
    # the first word shown: past the quote mark and the "that" tidy() drops
    first = next((t for t in opening if not t.is_punct and not (t.lower_ == "that" and t.dep_ == "mark")), None) \
        if opening is not None else None
    if first is None or first.lower_ not in THIRD_PERSON or not text[len(mark):].lower().startswith(first.lower_):
        return text
    if _agrees(first.lower_, a.source, doc):
        return text  # the speaker's own pronoun, named by _own_words where the speaker has a name
    name = _antecedent(doc, a, first, others)
    if not name:
        return text
    name = name[:1].upper() + name[1:]
    possessive = first.tag_ == "PRP$" or first.lower_ in ("his", "their", "its")
    shown = f"[{name}]" + (("'" if name.endswith("s") else "'s") if possessive else "")
    rest = text[len(mark) + len(first.text):]
    after = doc[first.i + 1] if first.i + 1 < len(doc) else None
    if after is not None and not possessive and after.text.replace("\u2019", "'") in CONTRACTED \
            and rest.startswith(after.text):  # "He's" -> "[Banksy] is", not "[Banksy]'s"
        forms = CONTRACTED[after.text.replace("\u2019", "'")]
        rest = " " + forms.get(after.lemma_, next(iter(forms.values()))) + rest[len(after.text):]
    return mark + shown + rest


# A contraction after a name that replaced its pronoun, by the lemma the parser gave it.
CONTRACTED = {"'s": {"be": "is", "have": "has"}, "'re": {"be": "are"}, "'ll": {"will": "will"},
              "'ve": {"have": "have"}, "'d": {"would": "would", "have": "had"}}


# --- a quote split around its cue, and a content too short to read alone ----------------------------

def _verbless(doc: Doc, piece: Span) -> bool:
    span = doc.char_span(piece.start, piece.end, alignment_mode="expand")
    return span is not None and not any(t.pos_ in ("VERB", "AUX") for t in span)


def _quote_pieces(doc: Doc, a: Attribution, others: Others) -> list[Span]:
    """The pieces of a split quote that are the speaker's statement: not a piece another source's
    statement holds ('"What is it about X?" King asked'), nor a leading piece with no verb, a name or an
    opening phrase ('told "CBS This Morning" co-host ...', '"In a surprising twist," she reported, "he
    says ..."')."""
    kept = a.pieces[:1] + [p for p in a.pieces[1:] if not others.speaker_of(p, a.speaker)]
    while len(kept) > 1 and _verbless(doc, kept[0]):
        kept = kept[1:]
    return kept


def _inner(text: str) -> str:
    """A piece's words without the quote marks around it and the comma the cue left."""
    text = text.strip(" \n,")
    if len(text) > 1 and text[0] in QUOTES_OPEN and text[-1] in QUOTE_MARKS:
        text = text[1:-1]
    elif len(text) > 2 and text[0] in QUOTES_OPEN and text[-2] in QUOTE_MARKS and text[-1] in ".,":
        text = text[1:-2]
    return text.strip(" ,")


def _joined(pieces: list[Span]) -> str:
    """Pieces read as the sentences they were: '"We are ready," X said, "and we will go"' is "We are
    ready, and we will go"; a piece ending on a comma before a capital ended a sentence."""
    out = ended = ""
    for piece in pieces:
        words = _inner(piece.text)
        if out:
            out += (", " if words[:1].islower() else ". ") if ended == "," else " " if ended else " ... "
        out += words
        ended = piece.text.strip().rstrip(QUOTE_MARKS + " ")[-1:]
        ended = ended if ended in ",.?!\u2026" else ""
        if ended and ended != "," and out[-1:] != ended:
            out += ended
    return out


def _sentence_of(doc: Doc, a: Attribution) -> str | None:
    """The sentence a content too short to read alone came from ("Asked if the debates matter to her,
    Chisholm said they do."): its speaker and cue say what "they do" means. None for a long sentence."""
    span = doc.char_span(a.content.start, a.content.end, alignment_mode="expand")
    if span is None or span.sent.start_char > a.cue.span.start or span.sent.end_char < a.cue.span.end:
        return None
    sent = span.sent.text.strip()
    return sent if len(sent.split()) <= SENTENCE_WORDS else None


SENTENCE_WORDS = 40


SHORT_QUOTE = 12  # words
CONTEXT = 3  # words of the reporting sentence beyond the quote, its speaker and cue


def _told_of(doc: Doc, a: Attribution, quote: SpacySpan) -> str | None:
    """A short quote about someone it names only by a pronoun ('"He has been hit before,"') reads as the
    sentence reporting it where that sentence says whom it is about ('... said Hank Oduya, an adviser to
    the mayor', '... Abbot said of the mayor'); else None, and the quote reads alone."""
    words = [t for t in quote if t.is_alpha]
    if not words or words[0].lower_ not in THIRD_PERSON or len(words) > SHORT_QUOTE:
        return None
    sentence = _sentence_of(doc, a)
    if sentence is None:
        return None
    sent = quote.sent
    spans = [(a.content.start, a.content.end), (a.cue.span.start, a.cue.span.end)]
    name = set(a.speaker.lower().split()) | {"the", "a", "an"}  # an apposition to the name is context
    beyond = [t for t in sent if t.is_alpha and not any(s <= t.idx < e for s, e in spans)
              and not (a.source.span.start <= t.idx < a.source.span.end and t.lower_ in name)]
    return sentence if len(beyond) >= CONTEXT else None


def _elliptical(span: SpacySpan) -> bool:
    """A clause whose verb is left to the question before it: "(said) they do", "they would", "it did not"."""
    words = [t for t in span if not t.is_punct]
    while words and words[-1].lower_ in ("not", "n't", "so"):
        words.pop()
    return bool(words) and words[-1].pos_ == "AUX" and len(words) <= 4


def _asks(span: SpacySpan) -> bool:
    """An embedded question ("questioned whether the line will meet the standard"): no statement of its
    own, so it reads as its speaker's act. A conditional ("said if talks fail, the port will close") is
    a statement: its "if" belongs to the clause inside."""
    main = next((t for t in _roots(span) if t.pos_ in ("VERB", "AUX")), None)
    return main is not None and any(c.dep_ == "mark" and c.lower_ in ("whether", "if") for c in main.children)


def _small_clause(span: SpacySpan) -> bool:
    """A clause whose subject is the cue's object ("found [him wounded]", "saw [them leave]"): the act."""
    first = next((t for t in span if not t.is_punct), None)
    return first is not None and (first.lower_ in ("him", "them", "me", "us") or first.lower_ == "her"
                                  and first.dep_ != "poss")


def display_text(doc: Doc, a: Attribution, said: str, others: Others | None = None) -> str:
    """What the claim of statement `a` reads as; `said` is its content as plain words; `others` (the
    article's other statements) name a pronoun and tell whose a quote's pieces are."""
    others = others if others is not None else Others.of([a])
    span = doc.char_span(a.content.start, a.content.end, alignment_mode="expand")
    if span is None or not len(span):
        return tidy(said)
    if a.quote == "direct" or a.quote == "mixed" and said.lstrip()[:1] in QUOTES_OPEN:
        # A quote is the speaker's own words: its pronouns stay (read on the ledger gold, a quote's "he" or
        # "they" named from the sentences before was wrong more often than right, and naming it only from
        # the sentence reporting it, "said X, an adviser to Y", fired on none of the gold or 35 real pages).
        if len(a.pieces) > 1:
            return tidy(_joined(_quote_pieces(doc, a, others)))
        told = _told_of(doc, a, span)
        return tidy(told) if told is not None else tidy(said)
    cut = _cut_clause(doc, a, span)
    if cut is not None:
        return tidy(cut)
    # a clause in the writer's words (its pronouns are the writer's), or a partly quoted sentence of its own
    # ('An old priest was "miraculously" revived, the site says', which the parser may not read as a clause)
    if (stands_alone(span) or a.quote == "mixed" and span[0].is_sent_start) and not _asks(span) \
            and not _small_clause(span):
        own = tidy(_own_words(doc, a, tidy(said)))
        shown = own if own != tidy(said) else tidy(_named_pronoun(doc, a, a.content.start, own, others))
        sentence = _sentence_of(doc, a) if says_too_little(shown) or _elliptical(span) else None
        return tidy(sentence) if sentence is not None else shown
    return tidy(_as_act(doc, a))


def _cut_clause(doc: Doc, a: Attribution, span: SpacySpan) -> str | None:
    """ "Veldria's energy ministry asked [Norway last week for gas], two officials said": a content the
    extractor started after its clause's subject and verb reads as the whole clause the cue reports."""
    outside = {t.head.i for t in span if not span.start <= t.head.i < span.end}
    if len(outside) != 1:
        return None
    verb = doc[outside.pop()]
    cue = doc.char_span(a.cue.span.start, a.cue.span.end, alignment_mode="expand")
    if verb.i >= span.start or verb.pos_ != "VERB" or cue is None or cue.start <= verb.i < cue.end \
            or not cue.start <= verb.head.i < cue.end:  # the reported clause's own verb, not the cue
        return None
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") and c.i < verb.i]
    if not subjects or span.start - subjects[-1].left_edge.i > BETWEEN:
        return None
    return text_of(doc)[subjects[-1].left_edge.idx:a.content.end]


def denied_clause(doc: Doc, a: Attribution) -> str | None:
    """What a denial that names a report denies: "The suggestion that [ISIS fighters were caught at the
    border] is categorically false", "dismissed claims that [she moved the funds]". A claim founded by
    such a denial reads as the proposition denied, not as the denial: the side is in `denied_by`."""
    span = doc.char_span(a.content.start, a.content.end, alignment_mode="expand")
    if span is None:
        return None
    for t in span:
        if t.lemma_.lower() not in REPORT_NOUNS and t.lower_.removesuffix("s") not in REPORT_NOUNS:
            continue
        for c in t.children:
            if c.dep_ in ("acl", "ccomp", "appos") and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children):
                words = [w for w in c.subtree if span.start <= w.i < span.end and not (w.head == c and w.dep_ == "mark")]
                if len(words) >= 3:
                    return tidy(_own_words(doc, a, tidy(doc[words[0].i:words[-1].i + 1].text)))
    return None
