"""The right speaker for shapes seen on real news (issue 16): the subject of "was forced to confirm", the
agent of "was announced by", "she" after "In Ruiz's case, she ...", retorts ("fired back that"), and
"he" that skips a woman whose given name says so."""
from __future__ import annotations

import pytest

from claimledger import Options, analyze
from claimledger.attribute.repairs import quotes_after_naming
from claimledger.model import Attribution, Ledger, RawAttribution, Span


def said_by(ledger: Ledger, words: str) -> Attribution:
    found = [a for a in ledger.attributions if words in a.content.text]
    assert found, f"nothing says {words!r}: {[(a.source.name, a.content.text) for a in ledger.attributions]}"
    return found[0]


def speaker_of(ledger: Ledger, words: str) -> str:
    """The resolved name of the speaker of the attribution whose content holds `words`."""
    return said_by(ledger, words).source.name


# The act a passive subject was made to perform is the subject's, not that of a website named later.
MADE_TO = [
    ("Singer Mara Quell, 41, has been forced to confirm that she is alive and well after rumors swept social "
     "media on Monday that she had died.\n\nQuell's 'death' was reported by Dailybuzz.biz, a hoax website "
     "which has no link to any newspaper.\n", "she is alive and well", "Mara Quell"),
    ("Writer Theo Marsh, 62, was compelled to confirm that he is in good health after a fake obituary "
     "spread overnight.\n\nMarsh's 'death' was first reported by Newsflash24.co, a site known for hoaxes.\n",
     "he is in good health", "Theo Marsh"),
    ("Actor Lionel Brandt, 58, was obliged to deny that he had died in a car crash after a story went viral "
     "on Sunday.\n\nThe crash was invented by Celebwire.es, a prank website with no ties to the real "
     "network.\n", "he had died in a car crash", "Lionel Brandt"),
]


@pytest.mark.parametrize("text,words,name", MADE_TO)
def test_the_passive_subject_speaks_the_act_it_was_made_to_do(text: str, words: str, name: str) -> None:
    # The rules, whose speaker the default extractor keeps, read "to confirm" under "was forced" as a cue
    # (an infinitive alone is none: "wants to say").
    assert speaker_of(analyze(text, Options(extractor="rules")), words) == name
    assert speaker_of(analyze(text), words) == name


# "P was announced by X": X said P; the passive subject is what was said.
BY_AGENT = [
    ("Plans to close three rural clinics by the end of the year were announced by the health ministry on Monday.",
     "Plans to close three rural clinics", "health ministry"),
    ("The closure of the paper mill in Dunmore was announced by Harlow Industries in a short statement.",
     "The closure of the paper mill in Dunmore", "Harlow Industries"),
    ("A sharp rise in fares for the coming winter was confirmed by the Metro Transit Authority on Tuesday.",
     "A sharp rise in fares for the coming winter", "Metro Transit Authority"),
]


@pytest.mark.parametrize("text,words,name", BY_AGENT)
def test_the_agent_of_a_passive_report_is_its_speaker(text: str, words: str, name: str) -> None:
    assert speaker_of(analyze(text), words) == name


# "she" goes to the woman the sentence before is about, even when NER took her surname for a place.
NEARER = [
    ('Nesma Hajjaj, 25, fled the north with her family. "We walked for two days," Hajjaj said.\n\n'
     'Sherine Abed, a doctor at the ward, said families struggle to visit. "Many cannot reach their '
     'children," she said.\n\nIn Hajjaj\'s case, she decided to stay near her child. "I am worried about '
     'him and afraid of losing him," she continued.\n', "I am worried about him", "Nesma Hajjaj"),
]


@pytest.mark.parametrize("text,words,name", NEARER)
def test_she_is_the_woman_the_previous_sentence_is_about(text: str, words: str, name: str) -> None:
    assert speaker_of(analyze(text), words) == name


# "fired back that", "hit back that", "shot back": the second side speaks, not the first.
RETORTS = [
    ("The hospital became a symbol, with Israel saying Hamas built the facility to hide tunnels and the "
     "Indonesian government firing back that it built the hospital for the residents of Gaza.",
     "it built the hospital for the residents of Gaza", "Indonesian government", "Hamas built the facility"),
    ("The strike dragged on, with the union saying the bonus was never paid and Brandt Logistics firing "
     "back that every driver had received it in March.",
     "every driver had received it in March", "Brandt Logistics", "the bonus was never paid"),
    ("The union said the bonus was never paid. Brandt Logistics hit back that every driver had received it "
     "in March.", "every driver had received it in March", "Brandt Logistics", "the bonus was never paid"),
    ("The strike dragged on for weeks, with drivers saying they had not been paid since June and the Harlow "
     "Transit board hitting back that every wage had been paid on time.", "every wage had been paid on time",
     "Harlow Transit board", "they had not been paid since June"),
]


@pytest.mark.parametrize("text,words,name,first", RETORTS)
def test_a_retort_is_given_to_the_side_that_fires_back(text: str, words: str, name: str, first: str) -> None:
    ledger = analyze(text)
    assert name in speaker_of(ledger, words)
    assert words not in said_by(ledger, first).content.text  # the first side said only its own part


GIVEN_NAMES = [
    ('Kevin Nickel, the man\'s brother, reached out to the station. "This is not right," he said.\n\n'
     '"In a surprising twist," Stacey Butler reported, "his brother goes by another name."\n\n'
     'He said his brother was arrested last year and spent a night in jail.\n',
     "his brother was arrested last year", "Kevin Nickel"),
    ('Kevin Hale, the driver\'s cousin, spoke to the paper. "He was a careful man," he said.\n\n'
     '"Nobody expected this," Kelsey Moran wrote in her report, "least of all his family."\n\n'
     'He said the driver had worked the same route for twenty years.\n',
     "the driver had worked the same route", "Kevin Hale"),
]


@pytest.mark.parametrize("text,words,name", GIVEN_NAMES)
def test_he_skips_a_woman_whose_given_name_says_so(text: str, words: str, name: str) -> None:
    assert speaker_of(analyze(text), words) == name


# "contradicting government claims they would ...": the parser reads "claims" as a verb; the government
# still asserted what the speaker contradicts.
CLAIMS_CONTRADICTED = [
    ("A man claiming to be the rebel commander said the hostages had been moved across the border, "
     "contradicting Malian government claims they would soon be released.", "they would soon be released",
     "Malian government"),
    ("A woman who said she was a nurse at the camp said at least forty children had fallen ill, contradicting "
     "Kenyan government claims they were receiving full care.", "they were receiving full care",
     "Kenyan government"),
]


@pytest.mark.parametrize("text,words,name", CLAIMS_CONTRADICTED)
def test_the_holder_of_contradicted_claims_asserts_them(text: str, words: str, name: str) -> None:
    ledger = analyze(text)
    assert any(a.source.name == name and a.content.text == words and a.stance == "assert"
               for a in ledger.attributions), [(a.source.name, a.content.text) for a in ledger.attributions]


REPLY = ("When Tierney was told that the vision was a prank, she offered up this fantasyland reply:\n"
         "\"This vision may be fake, but I believe it will come true! My aunt once said: 'Dreams keep.'\"\n"
         "You could not make this up.\n")


@pytest.mark.parametrize("named", ["this fantasyland reply", "this fantasyland"])
def test_a_reply_named_before_a_colon_is_the_quote_after_it(named: str) -> None:
    # What the tagger gives on such a page: the noun naming the reply (or the words before it) as the content.
    def at(words: str) -> Span:
        start = REPLY.index(words)
        return Span.of(REPLY, start, start + len(words))
    tagged = RawAttribution(at("she"), at("offered"), at(named), "indirect")
    repaired = quotes_after_naming(REPLY, [tagged])[0]
    assert repaired.content.text.startswith('"This vision may be fake') and repaired.content.text.endswith('keep.\'"')
    assert repaired.quote == "direct"


def test_a_noun_that_names_no_statement_keeps_its_content() -> None:
    text = 'She offered up this compromise: "Half the budget now, half next year."'
    start = text.index("this compromise")
    tagged = RawAttribution(Span.of(text, 0, 3), Span.of(text, 4, 11), Span.of(text, start, start + 15), "indirect")
    assert quotes_after_naming(text, [tagged])[0].content.text == "this compromise"
