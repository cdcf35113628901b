"""Whole-article behaviour: the ledger a fact-checker reads for the bundled example and harder cases."""
from __future__ import annotations

from pathlib import Path

import pytest

from claimledger import analyze, ledger_to_dict
from claimledger.model import Attribution, Ledger
from claimledger.options import Options

EXAMPLE = Path(__file__).parents[1] / "examples" / "port-closure.txt"


@pytest.fixture(scope="module", params=["rules", "combined"])
def ledger(request: pytest.FixtureRequest) -> Ledger:
    """The bundled example must read as well with the trained extractor as with the rules."""
    return analyze(EXAMPLE.read_text(encoding="utf-8"), Options(extractor=request.param), path=str(EXAMPLE))


def by_source(ledger: Ledger, text: str) -> list[Attribution]:
    return [a for a in ledger.attributions if a.source.span.text == text]


def test_cleaning_reports_what_it_dropped(ledger: Ledger) -> None:
    reasons = [r.reason for r in ledger.article.removed]
    assert reasons == ["repeated", "boilerplate", "language:tr"]
    assert "Yorum" not in ledger.article.text and "Log in" not in ledger.article.text
    # the headline stays once
    assert ledger.article.text.count("European officials say Veldria asked Norway") == 1


def test_offsets_point_into_the_clean_text(ledger: Ledger) -> None:
    text = ledger.article.text
    for a in ledger.attributions:
        for span in (a.source.span, a.cue.span, a.content, *a.content_parts):
            assert text[span.start:span.end] == span.text


def test_anonymous_sources_carry_count_affiliation_role_seniority(ledger: Ledger) -> None:
    (two,) = by_source(ledger, "two European officials")
    assert (two.source.kind, two.source.anonymous, two.source.count, two.source.affiliation) == (
        "anonymous", True, 2, "Europe")
    (senior,) = by_source(ledger, "A senior energy official")
    assert (senior.source.seniority, senior.source.role, senior.source.count) == ("senior", "energy official", 1)
    (later,) = by_source(ledger, "The official")
    assert later.source.name == "A senior energy official"


def test_pronoun_and_surname_resolve_to_the_full_mention(ledger: Ledger) -> None:
    (he,) = by_source(ledger, "He")
    assert he.source.name == "Marek Halloran" and he.source.kind == "person"
    (reyes,) = by_source(ledger, "Reyes")
    assert reyes.source.name == "Tomas Reyes"


def test_denials_are_tied_to_the_contested_claim(ledger: Ledger) -> None:
    (report,) = by_source(ledger, "Veldria's energy ministry")
    (answer,) = by_source(ledger, "Reyes")
    (negated,) = by_source(ledger, "Its spokesman, Tomas Reyes")
    assert [report.stance, answer.stance, negated.stance] == ["deny", "deny", "deny"]
    assert report.claim == answer.claim == negated.claim
    claim = next(c for c in ledger.claims if c.id == report.claim)
    assert claim.text.startswith("Veldria asked Norway for emergency gas supplies")
    assert "two European officials" in claim.asserted_by
    assert set(claim.denied_by) == {"Veldria's energy ministry", "Tomas Reyes"}


def test_hedge_and_document_and_media(ledger: Ledger) -> None:
    (diplomat,) = by_source(ledger, "a diplomat familiar with the talks")
    assert diplomat.stance == "hedge" and diplomat.cue.span.text == "were told"
    (report,) = by_source(ledger, "the Energy Agency's quarterly report")
    assert report.source.kind == "document"


def test_writer_speculation_and_schedules_are_not_attributions(ledger: Ledger) -> None:
    contents = " ".join(a.content.text for a in ledger.attributions)
    assert "pushed Karsk" not in contents
    assert "ferries" not in contents


def test_json_contract(ledger: Ledger) -> None:
    obj = ledger_to_dict(ledger)
    assert obj["schema"] == "claimledger.article/1"
    assert set(obj["article"]) >= {"id", "path", "title", "language", "text", "removed"}
    a = obj["attributions"][0]
    assert set(a) >= {"id", "source", "cue", "content", "quote", "stance", "claim"}
    assert set(a["source"]) >= {"text", "start", "end", "name", "kind", "anonymous", "count", "affiliation", "role"}
    claim_ids = {c["id"] for c in obj["claims"]}
    # null for a statement with no proposition of its own: an act ("praised the police") or a non-answer
    assert all(x["claim"] in claim_ids or x["claim"] is None for x in obj["attributions"])
    assert any(x["claim"] in claim_ids for x in obj["attributions"])


def test_dismissed_claims_content_is_the_claim() -> None:
    ledger = analyze("The company dismissed claims that it had misled investors.")
    (a,) = ledger.attributions
    assert a.stance == "deny"
    assert a.content.text == "that it had misled investors"


def test_hedged_and_conditional() -> None:
    hedged = analyze("The minister said the plant may have been sabotaged.").attributions[0]
    assert hedged.stance == "hedge"
    # "could" on the main verb hedges ("could amount to a war crime", as the ledger gold reads it); a
    # condition does not.
    conditional = analyze("Sanctions will follow if the talks fail, the White House warned.").attributions[0]
    assert conditional.stance == "assert"
    assert conditional.source.kind == "government"


def test_she_resolves_to_the_last_woman_named() -> None:
    text = ("Senator Maria Okafor said the bill would pass. Governor Paul Dunne disagreed and said it "
            "would fail.\n\n\"It's a mess,\" she added.")
    ledger = analyze(text)
    (she,) = [a for a in ledger.attributions if a.source.span.text == "she"]
    assert she.source.name == "Maria Okafor"
