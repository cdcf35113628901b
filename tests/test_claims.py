"""Disputes inside one article, as a fact-checker reads them: who asserts a claim and who denies it.

Each article below is written for this test (news style, one dispute worded its own way). A dispute is
pinned by selectors (source text, a phrase of the content): every selected attribution must sit in one
claim, that claim is contested, deniers deny; and no other claim of the article may be contested.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from claimledger import analyze
from claimledger.model import Attribution, Ledger

Pick = tuple[str, str]  # (a piece of the source text, a piece of the content); "" matches anything


@dataclass
class Dispute:
    asserts: list[Pick]
    denies: list[Pick]


@dataclass
class Case:
    name: str
    text: str
    disputes: list[Dispute] = field(default_factory=list)
    title: str | None = None
    # Pieces said by one source that must share a claim without contesting it (continuations, hedges).
    together: list[list[Pick]] = field(default_factory=list)
    # Pairs of statements that share words but make different claims: never one claim.
    apart: list[tuple[Pick, Pick]] = field(default_factory=list)


CASES = [
    Case(
        "denied the report, bare No",
        "Two port officials said the Calder Harbor Authority had agreed to sell its dredging contract "
        "to a private firm from Ostrava.\n\n"
        "The authority's chairwoman, Ines Varga, denied the report on Tuesday. Asked by reporters whether "
        "any sale had been discussed, her deputy, Karl Moss, answered \"No.\"\n\n"
        "The dredging work, which keeps the channel open for grain ships, has been delayed twice this year.",
        [Dispute([("Two port officials", "")], [("Ines Varga", ""), ("Karl Moss", "")])],
    ),
    Case(
        "no truth to the story, headline claim",
        "Rovers striker Dario Kemp has agreed terms with a rival club in a deal worth 40 million euros, "
        "according to three people close to the negotiations.\n\n"
        "\"There is no truth to the story,\" Rovers manager Paulina Strand told a news conference on "
        "Friday. \"Dario is staying with us.\"\n\n"
        "Kemp's agent did not respond to requests for comment.",
        [Dispute([("three people", "")], [("Paulina Strand", "no truth")])],
        title="Kemp to leave Rovers in record deal",
    ),
    Case(
        "the figures are fabricated",
        "The opposition Civic Alliance said that unemployment in the northern provinces had doubled since "
        "January, citing figures from regional labour offices.\n\n"
        "\"The figures are fabricated,\" Labour Minister Oskar Brandt said in a statement.\n\n"
        "The provinces lost two large employers last year when a steel mill and a paper plant closed.",
        [Dispute([("Civic Alliance", "")], [("Oskar Brandt", "fabricated")])],
    ),
    Case(
        "at no time, such a deal",
        "Documents seen by the Ledger Post show that the defence ministry approved a deal to buy 40 "
        "surplus helicopters from a Cypriot broker.\n\n"
        "\"At no time did the ministry approve such a deal,\" the ministry's spokesman, Col. Anton Ferris, "
        "said on Wednesday.",
        [Dispute([("Documents", "")], [("Anton Ferris", "")])],
    ),
    Case(
        "that idea is laughable",
        "Council member Rita Obi claimed last week that Mayor Glen Harwick had used city funds to pay for "
        "his re-election campaign.\n\n"
        "Harwick was dismissive. \"That idea is laughable,\" he said on Monday, adding that an audit "
        "would clear him.",
        [Dispute([("Rita Obi", "")], [("Harwick", "laughable")])],
    ),
    Case(
        "indirect contradiction",
        "Army officials said rebels seized some 300 rifles from the Tarn garrison during an overnight "
        "raid.\n\n"
        "The garrison's commander, Maj. Lucas Brenner, told reporters that none of the rifles had left "
        "the compound.",
        [Dispute([("Army officials", "")], [("Lucas Brenner", "")])],
    ),
    Case(
        "not-guilty plea",
        "Prosecutors say Martin Hale, a former treasurer of the Eastfield water board, stole more than "
        "$2 million from the board's pension fund between 2019 and 2023.\n\n"
        "Hale pleaded not guilty to all eleven counts at his arraignment on Thursday. His lawyer, Dana "
        "Whitlock, said her client had never taken money from the fund.",
        [Dispute([("Prosecutors", "")], [("Hale", "not guilty"), ("Dana Whitlock", "")])],
    ),
    Case(
        "denial of an earlier statement, not the headline",
        "The new flood barrier on the Lenne river was completed three weeks early, the project's chief "
        "engineer, Hanna Sorel, said on Monday.\n\n"
        "Opposition senator Paul Drax accused the contractor of skipping safety inspections to meet the "
        "deadline.\n\n"
        "The contractor, Brightwater Civil, flatly rejected the accusation.",
        [Dispute([("Paul Drax", "")], [("Brightwater Civil", "")])],
        title="Lenne flood barrier finished ahead of schedule",
    ),
    Case(
        "two separate disputes",
        "Union leaders said the strike had shut down all five of the company's plants. The company denied "
        "that any plant had closed.\n\n"
        "The union also said managers had threatened to fire striking workers. A company spokesman, Ben "
        "Ortega, rejected that claim on Wednesday.",
        [Dispute([("Union leaders", "")], [("The company", "")]),
         Dispute([("The union", "")], [("Ben Ortega", "")])],
    ),
    Case(
        "negation inside an assertion, no dispute",
        "The city's transport chief, Mona Lind, said the Ferris Street bridge would not reopen before "
        "March because of corrosion found in its supports.\n\n"
        "Engineers who inspected the bridge said the repairs would take at least four months. Residents "
        "said they had not been told about the closure in advance.",
        [],
    ),
    Case(
        "a quote continued over two paragraphs",
        "\u201cWe have never received a single complaint about the water in Westbrook,\u201d said Carla "
        "Mendes, the utility's director.\n\n"
        "\u201cThe tests we run every week show lead far below the federal limit. We will publish all of "
        "them.\u201d\n\n"
        "Parents at Westbrook Elementary said the school had switched to bottled water in September.",
        [],
    ),
    Case(
        "a source who hedges, then asserts",
        "Senator Ada Klein said the shipyard contract may have been awarded without a tender. On Friday "
        "she went further, saying the contract was awarded without a tender.\n\n"
        "The navy denied that the contract had bypassed the tender process.",
        [Dispute([("Ada Klein", "may have"), ("she", "")], [("The navy", "")])],
    ),
    Case(
        "called the report false",
        "The Morning Courier reported on Sunday that Skyline Airways plans to cut 2,000 jobs by the end of "
        "the year.\n\n"
        "Skyline's chief executive, Omar Reddy, called the report false in an email to staff on Monday.",
        [Dispute([("Morning Courier", "")], [("Omar Reddy", "")])],
        title="Skyline Airways to cut 2,000 jobs",
    ),
    Case(
        "flatly rejected the allegations",
        "Several former employees allege that the charity's director, Felix Aman, spent donations on "
        "private travel.\n\n"
        "Aman flatly rejected the allegations in an interview with local radio.",
        [Dispute([("former employees", "")], [("Aman", "")])],
    ),
    Case(
        "a verbless negation: not near the depot",
        "Police said a man seen on security footage was the driver who set fire to the Varden bus depot "
        "early on Saturday.\n\n"
        "The man's lawyer, Greta Holm, said her client was nowhere near the depot that night and had spent "
        "the evening at his sister's flat across the city.\n\n"
        "Eleven buses were destroyed in the fire.",
        [Dispute([("Police", "")], [("Greta Holm", "nowhere near")])],
    ),
    Case(
        "a hoax debunked",
        "A clip that spread on social media on Sunday shows a crocodile swimming down a flooded street "
        "in Port Selby, users claimed.\n\n"
        "\"The crocodile video is a hoax,\" the Port Selby emergency office said on Monday, adding that the "
        "footage had been filmed abroad several years ago.",
        [Dispute([("users", "")], [("emergency office", "hoax")])],
    ),
    Case(
        "would not comment is no denial",
        "Two people familiar with the plans said the Vesta brewery will close its Dunmore plant next "
        "year, putting 300 jobs at risk.\n\n"
        "A Vesta spokeswoman would not comment on the plans. Union officials said they had not been "
        "told of any closure.",
        [],
    ),
    Case(
        "a warning that shares the claim's words is another claim",
        "Officials in Karsa say the Ostrian government has asked Marvel Republic for air-defence missiles "
        "to use in its border war.\n\n"
        "Marvel Republic denied that Ostria had asked it for missiles.\n\n"
        "Karsa's foreign minister, Ilse Varn, said on Monday that any missiles or other military help "
        "supplied to Ostria would bring severe consequences. Karsa would coordinate its response with its "
        "allies, she said.",
        [Dispute([("Officials in Karsa", "")], [("Marvel Republic", "")])],
        apart=[(("Officials in Karsa", ""), ("Ilse Varn", "consequences"))],
    ),
    Case(
        "dismissed as speculation",
        "Shipping analysts at Brandt & Co said that Nordline plans to buy its smaller rival, Osk Carriers, "
        "for about 900 million dollars.\n\n"
        "Nordline's chairman, Erik Sund, dismissed the talk as pure speculation on Thursday.",
        [Dispute([("Shipping analysts", "")], [("Erik Sund", "")])],
    ),
    Case(
        "that meeting never happened",
        "Two witnesses told investigators that the referee, Ivo Sandor, had dinner with the owner of "
        "Dunmore City the night before the cup final.\n\n"
        "\"That dinner never happened,\" Sandor told a local radio station. \"I was at home with my family.\"",
        [Dispute([("Two witnesses", "")], [("Sandor", "never happened")])],
    ),
    Case(
        "no such order",
        "Several soldiers told a parliamentary inquiry that they were ordered to fire on protesters in "
        "Lesno in May.\n\n"
        "\"No such order was ever given,\" General Tomas Vick told the same inquiry on Tuesday.",
        [Dispute([("Several soldiers", "")], [("Tomas Vick", "")])],
    ),
    Case(
        "no plans to move",
        "The Financial Chronicle reported that Telvo, the mobile operator, will move its headquarters from "
        "Oslo to Dublin next year.\n\n"
        "Telvo said in a statement that it had no plans to move its headquarters out of Oslo.",
        [Dispute([("Financial Chronicle", "")], [("Telvo", "no plans")])],
    ),
    Case(
        "two sources agree in other words, no dispute",
        "The regional health office said the outbreak of measles in Kilby had been contained, with no new "
        "cases in three weeks.\n\n"
        "Doctors at Kilby General Hospital said the spread of the disease had stopped. Parents said "
        "schools had reopened on Monday.",
        [],
    ),
    Case(
        "a denial in a question's answer, then a counter-claim",
        "The environment agency said on Friday that the Tessel chemical plant had released solvent into "
        "the Marr river for at least two weeks.\n\n"
        "The plant's owner, Kroll Chemie, said the plant had not released anything into the river and "
        "that its own water tests were clean.",
        [Dispute([("environment agency", "")], [("Kroll Chemie", "not released")])],
    ),
]


def pick(ledger: Ledger, sel: Pick) -> list[Attribution]:
    src, content = sel
    found = [a for a in ledger.attributions if src in a.source.span.text and content in a.said]
    assert found, f"no attribution for {sel}: {[(a.source.span.text, a.said) for a in ledger.attributions]}"
    return found


@pytest.fixture(scope="module")
def ledgers() -> dict[str, Ledger]:
    return {c.name: analyze(c.text, title=c.title) for c in CASES}


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_dispute_is_joined_and_only_disputes_are_contested(case: Case, ledgers: dict[str, Ledger]) -> None:
    ledger = ledgers[case.name]
    disputed = set()
    for dispute in case.disputes:
        asserting = [a for sel in dispute.asserts for a in pick(ledger, sel)]
        denying = [a for sel in dispute.denies for a in pick(ledger, sel)]
        claims = {a.claim for a in asserting + denying}
        assert len(claims) == 1, [(a.source.span.text, a.stance, a.claim, a.said) for a in asserting + denying]
        assert all(a.stance == "deny" for a in denying)
        assert all(a.stance in ("assert", "hedge") for a in asserting)
        (claim,) = [c for c in ledger.claims if c.id in claims]
        assert claim.contested
        disputed.add(claim.id)
    false = [(c.text, c.asserted_by, c.denied_by) for c in ledger.claims if c.contested and c.id not in disputed]
    assert not false
    for one, other in case.apart:
        assert not {a.claim for a in pick(ledger, one)} & {a.claim for a in pick(ledger, other)}


def test_a_source_never_contests_itself() -> None:
    ledger = analyze("The mayor said on Monday that the city pool would reopen in June.\n\n"
                     "On Thursday the mayor denied that the pool would reopen in June, blaming a contractor.")
    assert {a.claim for a in ledger.attributions} == {ledger.claims[0].id}
    assert [a.stance for a in ledger.attributions] == ["assert", "deny"]
    assert not ledger.claims[0].contested


def test_claims_stage_returns_new_attributions() -> None:
    from claimledger.claims import decide
    from claimledger.nlp import parse
    from claimledger.sources import type_sources
    from claimledger.attribute import get_extractor
    from claimledger.clean import clean
    from claimledger.model import Document
    from claimledger.options import Options

    article = clean(Document("x", "Union leaders said the plant had closed. The company denied the report."), Options())
    doc = parse(article.text)
    typed = type_sources(doc, get_extractor("rules").extract(doc))
    before = [(a.stance, a.claim) for a in typed]
    out, claims = decide(article, doc, typed, None)
    assert [(a.stance, a.claim) for a in typed] == before  # the input is left as it was
    assert [a.stance for a in out] == ["assert", "deny"] and claims[0].contested


@pytest.mark.parametrize("text, denial", [
    ("Officials said the figures were fabricated.", True),
    ("Officials said the company had published false figures to lure investors.", False),
    ("Officials said the company fabricated the documents.", False),
    ("\"There is no truth to the story,\" the club said.", True),
    ("The ministry said there was no evidence that the dam had been sabotaged.", True),
    ("The minister said the idea was laughable.", True),
    ("The minister said the bridge would not reopen before March.", False),
])
def test_statements_worded_as_denials(text: str, denial: bool) -> None:
    (a,) = analyze(text).attributions
    assert (a.stance == "deny") == denial, a


def test_json_carries_contested_and_probability() -> None:
    from claimledger import ledger_to_dict

    case = next(c for c in CASES if c.name == "indirect contradiction")
    obj = ledger_to_dict(analyze(case.text, title=case.title))
    assert all(isinstance(c["contested"], bool) for c in obj["claims"])
    assert any(c["contested"] for c in obj["claims"])
    joined = [a for a in obj["attributions"] if a["probability"] is not None]
    assert joined and all(0.0 <= a["probability"] <= 1.0 for a in joined)


def test_a_negation_without_a_verb_is_read() -> None:
    # A verbless negation ("No comment.") once sent the reader up the parse tree for ever.
    from claimledger.claims.read import read_span
    from claimledger.nlp import parse

    reading = read_span(parse("No comment."), 0, 11)
    assert reading.negated and reading.predicate is None
