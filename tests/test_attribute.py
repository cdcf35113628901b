"""The constructions the rule extractor must handle (sentences from attribution-patterns.md and our own)."""
from __future__ import annotations

import pytest

from claimledger import analyze
from claimledger.model import Attribution, Ledger
from claimledger.options import Options


def one(text: str) -> Attribution:
    ledger = analyze(text)
    assert len(ledger.attributions) == 1, [(a.source.span.text, a.cue.span.text) for a in ledger.attributions]
    return ledger.attributions[0]


def spans(a: Attribution) -> tuple[str, str, str]:
    return a.source.span.text, a.cue.span.text, a.content.text


@pytest.mark.parametrize(
    "text, source, cue, content",
    [
        ("The minister said the border would reopen on Friday.",
         "The minister", "said", "the border would reopen on Friday"),
        ("The border will reopen on Friday, the minister said.",
         "the minister", "said", "The border will reopen on Friday"),
        ("Reporters were told by a senior official that no decision had been made.",
         "a senior official", "were told", "that no decision had been made"),
        ("The mayor was quoted as saying the budget was \"fiction\".",
         "The mayor", "was quoted as saying", "the budget was \"fiction\""),
        ("According to two European officials, the deal collapsed overnight.",
         "two European officials", "According to", "the deal collapsed overnight."),
        ("The deal collapsed overnight, according to a person familiar with the talks.",
         "a person familiar with the talks", "according to", "The deal collapsed overnight"),
        ("Reuters reported that the plant had closed.", "Reuters", "reported", "that the plant had closed"),
    ],
)
def test_indirect_speech_in_every_order(text: str, source: str, cue: str, content: str) -> None:
    assert spans(one(text)) == (source, cue, content)


def test_direct_quote_with_speaker_after() -> None:
    a = one('"The border will reopen on Friday," said Interior Minister Lena Dorsch.')
    assert a.quote == "direct"
    assert a.content.text == '"The border will reopen on Friday,"'
    assert a.source.name == "Lena Dorsch"
    assert a.source.role == "Interior Minister"


def test_quote_in_two_pieces_around_the_cue_is_one_attribution() -> None:
    a = one('"We are ready," Dorsch told reporters on Tuesday, "and we will not wait for Brussels."')
    assert a.source.span.text == "Dorsch"
    assert [p.text for p in a.content_parts] == ['"We are ready,"', '"and we will not wait for Brussels."']
    assert "We are ready ... and we will not wait for Brussels" in a.said


def test_colon_quote() -> None:
    a = one('Dorsch: "Nobody will be turned away."')
    assert (a.source.span.text, a.cue.span.text) == ("Dorsch", ":")
    assert a.quote == "direct"


def test_speaker_named_in_the_next_sentence() -> None:
    a = one('"The talks are over." That was how a senior diplomat summed up the meeting.')
    assert a.source.span.text == "a senior diplomat"
    assert a.content.text == '"The talks are over."'
    assert a.source.anonymous and a.source.seniority == "senior"


def test_quote_over_two_paragraphs_is_one_attribution() -> None:
    text = ('Mayor Ilse Brandt spoke for an hour. "We tried every option we had.\n\n'
            '"In the end the money was simply not there," Brandt said.')
    ledger = analyze(text)
    assert len(ledger.attributions) == 1
    a = ledger.attributions[0]
    assert a.content.text.startswith('"We tried every option')
    assert a.content.text.endswith('not there,"')
    assert a.source.name == "Ilse Brandt"


def test_quote_continuing_after_the_attribution_extends_it() -> None:
    text = ('"We will appeal," said Carla Mendes, the union\'s lawyer. "The ruling ignores the contract '
            'we signed in 2019."')
    a = one(text)
    assert a.content.text.endswith('signed in 2019."')
    assert len(a.content_parts) == 2


def test_answer_no_is_a_denial() -> None:
    text = 'Asked whether the army had crossed the river, the colonel answered "No."'
    a = one(text)
    assert a.cue.kind == "answer"
    assert a.stance == "deny"
    assert a.content.text == '"No."'


def test_relative_clause_is_not_part_of_the_source_or_content() -> None:
    a = one("An official, who spoke on condition of anonymity because he was not authorized to discuss "
            "the matter, said the plan was shelved.")
    assert a.source.span.text == "An official"
    assert a.content.text == "the plan was shelved"
    assert a.source.anonymous


@pytest.mark.parametrize(
    "text",
    [
        "The ship may have been hit by a drone.",
        "The meeting lasted seven hours.",
        "According to the new schedule, trains will run hourly.",
        "It is not clear when the trains will run again.",
    ],
)
def test_not_attributions(text: str) -> None:
    assert analyze(text).attributions == []


def test_document_source() -> None:
    a = one("According to the ministry's annual report, exports fell 4 percent.")
    assert a.source.kind == "document"
    assert a.content.text == "exports fell 4 percent."


def test_media_source() -> None:
    assert one("Reuters reported that the plant had closed.").source.kind == "media"


def test_nested_first_person_belief_inside_a_quote_is_not_separate() -> None:
    ledger: Ledger = analyze('"I think the vote will be close," the senator said.')
    assert [a.source.span.text for a in ledger.attributions] == ["the senator"]


def test_reader_comments_signed_with_a_dash() -> None:
    text = ("“The ferry is how I get to work.”\u00a0― Carla Moreno.\n"
            "“Close it and the island empties.”― J. Okoye\n")
    ledger = analyze(text, Options(extractor="rules"))
    signed = {a.source.span.text: a.content.text for a in ledger.attributions if a.cue.span.text == "\u2015"}
    assert signed == {"Carla Moreno": "“The ferry is how I get to work.”", "J. Okoye": "“Close it and the island empties.”"}


def test_relative_pronoun_speaks_for_its_noun() -> None:
    a = one("The plan was praised by Maria Kamin, a tax lawyer, who said that the proposals would help small firms.")
    assert a.source.span.text == "who"  # the span PolNeAR marks; the name says who it is
    assert (a.source.name, a.source.kind) == ("Maria Kamin", "person")


def test_which_speaks_for_an_organisation() -> None:
    ledger = analyze("The plan was criticised by the Harbor Institute, which said that the pier could be repaired cheaply.")
    (which,) = [a for a in ledger.attributions if a.source.span.text == "which"]
    assert (which.source.name, which.source.kind) == ("Harbor Institute", "organization")
    assert which.content.text == "that the pier could be repaired cheaply"
