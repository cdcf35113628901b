"""A claim's readable text: a statement a reader understands without opening the article.

The content span stays as the extractor found it (PolNeAR scores it); what a claim shows is built from
it. A clause with its own subject ("the port will close on Monday") reads alone; anything else ("to
close the port", "the senator with fraud", "a ceasefire with the militants") is an act of its speaker
and reads as one: "The mayor urged the council to close the port". A span cut mid-phrase loses its
dangling words ("...hospitals in Gaza and").

Read on the ledger gold (18 real pages): a fifth of the claims were fragments a reader could not place
("to rise", "them with fines"); most were contents without a subject of their own.
"""
from __future__ import annotations

from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan

from ..lexicon import LINK_WORDS, PRONOUNS, REPORT_NOUNS
from ..model import IMPERSONAL_KINDS, Attribution, Source
from ..text import QUOTES_OPEN
from ..nlp import text_of

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
    return said or name


def tidy(text: str) -> str:
    """One line, no leading "that", no dangling words at the end, a capital first letter."""
    text = " ".join(text.split()).strip(" ,;:-\u2014")
    if text.startswith(LEADING):
        text = text[5:]
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


def _own_words(a: Attribution, text: str) -> str:
    """Reported speech's pronoun for its speaker, named: "X said [he] would resign" -> "X would resign",
    "said [his] brother was arrested" -> "X's brother was arrested". Only the first word, where it is
    most often the speaker (and never inside a quotation, whose "I" and "he" are the speaker's own)."""
    first, _, rest = text.partition(" ")
    name = _speaker(a)
    if not rest or not name or name.lower() in PRONOUNS or a.source.anonymous and a.source.count is None \
            or not _agrees(first.lower(), a.source):
        return text
    if first.lower() in SUBJECT_PRONOUNS:
        return f"{name} {rest}"
    if first.lower() in POSSESSIVES:
        return f"{name}'s {rest}" if not name.endswith("s") else f"{name}' {rest}"
    return text


PERSONAL = {"he", "she", "his", "her"}


def _agrees(pronoun: str, source: Source) -> bool:
    """Whether the pronoun can be the speaker's: "Her family said [she] was safe" is not the family, and
    "the ministry said [he] resigned" is not the ministry."""
    words = source.span.text.lower().split()
    if pronoun in PERSONAL:  # one person, not "her family" (the possessive names someone else)
        return source.kind not in IMPERSONAL_KINDS and not (source.count or 0) > 1 and not POSSESSIVES & set(words)
    if pronoun in ("it", "its"):
        return source.kind in IMPERSONAL_KINDS
    return True


def display_text(doc: Doc, a: Attribution, said: str) -> str:
    """What the claim of statement `a` reads as; `said` is its content as plain words."""
    span = doc.char_span(a.content.start, a.content.end, alignment_mode="expand")
    if span is None or a.quote != "indirect":
        return tidy(said)
    if stands_alone(span):
        return tidy(_own_words(a, tidy(said)))
    return tidy(_as_act(doc, a))


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
                    return tidy(_own_words(a, tidy(doc[words[0].i:words[-1].i + 1].text)))
    return None
