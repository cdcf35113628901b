"""The trained extractor users get by default (`--extractor combined`): the tagger's attributions, with the rules'
speaker phrases and quote boundaries where the two find the same cue.

Why combine: on PolNeAR dev (exact F1 source / cue / content) the tagger alone scores
0.748 / 0.724 / 0.607 and the rules 0.669 / 0.648 / 0.539. The tagger finds more cues; the rules mark
the whole speaker phrase (appositives included) and direct quotes (their marks, the pieces around the
cue, continuations) more exactly. Taking each from where it is stronger scores 0.777 / 0.746 / 0.627.
"""
from __future__ import annotations

import bisect
import re
from collections.abc import Collection
from dataclasses import replace

from spacy.tokens import Doc

from ..model import RawAttribution, Span
from ..nlp import sents_of, text_of
from ..options import Options
from . import Extractor, extractors
from .intervals import Intervals
from ..text import QUOTE_MARKS as QUOTES, trim
from ..lexicon import ADDRESSEE, DENY, DONE_TO
from .phrases import noun_phrase, subject_of, tokens_span


def _lemma(doc: Doc, span: Span) -> str:
    found = doc.char_span(span.start, span.end, alignment_mode="expand")
    return found.root.lemma_.lower() if found is not None else ""


def merge(learned: list[RawAttribution], ruled: list[RawAttribution], rule_content: Collection[int] = ()
          ) -> list[RawAttribution]:
    out: list[RawAttribution] = []
    used: set[int] = set()
    rule_cues = Intervals([(b.cue.start, b.cue.end) for b in ruled])
    rule_sources = {(b.source.start, b.source.end) for b in ruled}  # one text: offsets say which span
    for a in learned:
        j = next(iter(rule_cues.overlapping(a.cue.start, a.cue.end)), None)
        if j is None:
            # Only the tagger sees this cue. Put before a speaker the rules gave another cue ("Asked
            # whether ..., the colonel answered"), it is what was done to the speaker, not his act.
            # (Wider filters, e.g. cues inside a rule-found quote, cost ~0.5 F1 on dev since Viterbi.)
            if not (a.cue.start < a.source.start and (a.source.start, a.source.end) in rule_sources):
                out.append(a)
            continue
        used.add(j)
        b = ruled[j]
        # The rules' cue when it is the tagger's plus its auxiliaries ("were told" for "told").
        cue = b.cue if b.cue.start <= a.cue.start and a.cue.end <= b.cue.end else a.cue
        # Quotes: the rules know their marks and pieces. A tagger content that misses the rules' one
        # entirely was paired from elsewhere in the article: the rules' is in the cue's own sentence.
        if (b.quote in ("direct", "mixed") or b.cue.text.lower() == "according to" or b.cue.start in rule_content
                or not a.content.overlaps(b.content) or _cut_short(a.content, b.content)):
            out.append(RawAttribution(b.source, cue, b.content, b.quote, b.content_parts))
        else:
            out.append(RawAttribution(b.source, cue, a.content, a.quote, a.content_parts))
    # What only the rules found, unless it collides with the spans of an attribution kept above.
    kept_cues = Intervals([(a.cue.start, a.cue.end) for a in out])
    for j, b in enumerate(ruled):
        if j not in used and not kept_cues.any_overlap(b.cue.start, b.cue.end):
            out = [_before_next_speaker(a, b) for a in out]
    kept_contents = Intervals([(a.content.start, a.content.end) for a in out])
    out += [b for j, b in enumerate(ruled) if j not in used and not kept_cues.any_overlap(b.cue.start, b.cue.end)
            and not any(not _reports_inside(b, out[k]) for k in kept_contents.overlapping(b.content.start, b.content.end))]
    return sorted(out, key=lambda r: (r.cue.start, r.content.start))


def _reports_inside(outer: RawAttribution, inner: RawAttribution) -> bool:
    """ "denied that P, as claimed by X": the other cue sits after `outer`'s cue inside its content, a
    second statement of the same words, not a second reading of one statement. (The other way round,
    "SITE said jihadists claimed P" keeping both, cost 0.02 PolNeAR source F1: its gold marks one.)"""
    return outer.cue.end <= outer.content.start < inner.cue.start < outer.content.end


_AND_NEXT = re.compile(r"[\s,;]+(?:and|while|but|whereas)\s+$")


def _before_next_speaker(a: RawAttribution, b: RawAttribution) -> RawAttribution:
    """ "with Israel saying P and the government firing back that Q": a content that runs over a second
    speaker and cue joined by "and" stops before them; the second statement is the other speaker's."""
    c = a.content
    if a.quote != "indirect" or not c.start < b.source.start < min(b.cue.start, c.end) \
            or not b.cue.end < b.content.start <= b.cue.end + 1 or not b.content.text.lower().startswith("that "):
        return a  # only a reported clause right after its cue ("firing back that"), not "have found ways"
    m = _AND_NEXT.search(c.text[: b.source.start - c.start])
    if m is None or m.start() == 0:
        return a
    return replace(a, content=Span(c.start, c.start + m.start(), c.text[: m.start()]), content_parts=[])


def _cut_short(tagged: Span, ruled: Span) -> bool:
    """The tagger stopped early inside the rules' clause ("Russia is still" of a whole sentence)."""
    return ruled.start <= tagged.start and tagged.end < ruled.end and 2 * (tagged.end - tagged.start) < (
        ruled.end - ruled.start)


# "X, he said, Y": what comes between the cue and the content (adverbials, then a comma), and what
# comes just before the speaker (a comma, perhaps "as").
_TO_CONTENT = re.compile(r"[^.;!?\n\"\u201c\u201d']{0,60}?,\s*")
_BEFORE_SOURCE = re.compile(r",\s*(as\s+)?$")


def whole_sentence(text: str, sent_starts: list[int], a: RawAttribution) -> RawAttribution:
    """A cue set off by commas inside a sentence ("The museum, Mr. Bush said, celebrated ...") speaks
    the whole sentence, as the gold data marks it; both extractors give only the part after the cue.
    Quotes are left alone: their marks already bound them."""
    content, speaker = a.content, min(a.source.start, a.cue.start)
    between = text[a.cue.end : content.start]
    before = _BEFORE_SOURCE.search(text, max(0, speaker - 6), speaker)
    quoted = set(text[content.start - 1 : content.start + 1]) & set(QUOTES)
    if content.start < a.cue.end or not between.strip() or not _TO_CONTENT.fullmatch(between) or not before or quoted:
        return a
    i = bisect.bisect_right(sent_starts, before.start()) - 1
    start = sent_starts[i] if i >= 0 else 0
    head = text[start : before.start()]
    if start >= before.start() - 2 or "\n" in head.strip() or set(head) & set(QUOTES):
        return a
    start, head_end = trim(text, start, before.start())
    # The pieces keep the claim apart from its speaker, as for an interrupted quote.
    return replace(a, content=Span.of(text, start, content.end), content_parts=[Span.of(text, start, head_end), content])


def speaker_phrase(doc: Doc, a: RawAttribution) -> RawAttribution:
    """The parse's whole subject phrase for the tagger's speaker when the two overlap: the tagger often
    stops short of an appositive or a title ("Retired U.S. Air Force Gen. Norman Ham")."""
    cue = doc.char_span(a.cue.start, a.cue.end, alignment_mode="expand")
    subject = subject_of(cue.root) if cue is not None and cue.root.pos_ in ("VERB", "AUX") else None
    if subject is None:
        return a
    phrase = tokens_span(doc, noun_phrase(subject))
    if phrase is None or not phrase.overlaps(a.source) or a.content.start <= phrase.start < a.content.end:
        return a
    return replace(a, source=phrase)


def passive_speaker(doc: Doc, a: RawAttribution) -> RawAttribution | None:
    """"Talbot has been accused of ...": the passive subject is whom the act was done to, not its
    speaker. The agent speaks when the clause names one ("accused by prosecutors"); else no one does
    that the text names. Only for acts done to someone: "Republicans were incensed" still speaks."""
    cue = doc.char_span(a.cue.start, a.cue.end, alignment_mode="expand")
    verb = cue.root if cue is not None else None
    if verb is None or verb.lemma_.lower() not in DONE_TO or not any(c.dep_ == "auxpass" for c in verb.children):
        return a
    subject = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
    if subject is None or not a.source.start <= subject.idx < a.source.end:
        return a
    agent = next((g for c in verb.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"), None)
    phrase = tokens_span(doc, noun_phrase(agent)) if agent is not None else None
    if phrase is None or phrase.overlaps(a.content):
        return None
    return replace(a, source=phrase)


class CombinedExtractor(Extractor):
    def __init__(self, tagger: Extractor, rules: Extractor) -> None:
        self.tagger = tagger
        self.rules = rules

    def prefetch(self, text: str) -> None:
        prefetch = getattr(self.tagger, "prefetch", None)
        if prefetch is not None:
            prefetch(text)

    def forget(self, text: str) -> None:
        forget = getattr(self.tagger, "forget", None)
        if forget is not None:
            forget(text)

    def close(self) -> None:
        close = getattr(self.tagger, "close", None)
        if close is not None:
            close()

    def extract(self, doc: Doc) -> list[RawAttribution]:
        ruled = self.rules.extract(doc)
        # A denial's content is the claim, not the noun naming it ("dismissed [claims] that ..."), and
        # what was told is not whom it was told to ("told [a committee] that ..."): the rules leave
        # the noun and the addressee out, so their content wins for these cues.
        exact = {r.cue.start for r in ruled if _lemma(doc, r.cue) in DENY | ADDRESSEE}
        text, starts = text_of(doc), [s.start_char for s in sents_of(doc)]
        merged = merge(self.tagger.extract(doc), ruled, exact)
        spoken = {(r.source.start, r.source.end) for r in ruled}  # the rules' speakers are parse phrases already
        found = [whole_sentence(text, starts, a if (a.source.start, a.source.end) in spoken else speaker_phrase(doc, a))
                 for a in merged]
        return [b for b in (passive_speaker(doc, a) for a in found) if b is not None]


@extractors.register("combined")
def make_combined(options: Options) -> CombinedExtractor:
    return CombinedExtractor(extractors.create("tagger", options), extractors.create("rules", options))
