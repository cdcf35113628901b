"""The claimledger.article/1 contract: ledger_to_dict and ledger_from_dict undo each other, on every fixture
(pages with reviews and blocks, JSON Lines feeds, plain text), on a ledger a person corrected, and on real
articles (../shared/data/ledger-gold, when it is there). And the one rule for `contested`."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from claimledger import analyze_many, read_inputs
from claimledger.contract import ledger_from_dict, ledger_to_dict
from claimledger.model import (Article, Attribution, Claim, Cue, Failure, Ledger, Source, Span, claim_of,
                               is_contested)
from claimledger.store.corrections import Correction, apply

FIXTURES = Path(__file__).parent / "fixtures"
INPUTS = [FIXTURES / "article.txt", FIXTURES / "page.html", FIXTURES / "scraped.txt", FIXTURES / "store",
          FIXTURES / "pages", FIXTURES / "across" / "gas-story.jsonl", FIXTURES / "track"]
GOLD = Path(__file__).parents[2] / "shared" / "data" / "ledger-gold" / "inputs"


def _ledgers(paths: list[Path]) -> list[Ledger]:
    out = []
    for result in analyze_many(read_inputs([str(p) for p in paths])):
        assert not isinstance(result, Failure), result
        out.append(result)
    return out


def _round_trip(ledger: Ledger) -> None:
    as_json = json.loads(json.dumps(ledger_to_dict(ledger)))  # what a file or the store holds
    back = ledger_from_dict(as_json)
    assert back == ledger
    assert ledger_to_dict(back) == as_json


@pytest.fixture(scope="module")
def fixtures() -> list[Ledger]:
    return _ledgers(INPUTS)


def test_every_fixture_round_trips(fixtures: list[Ledger]) -> None:
    assert len(fixtures) > 15
    assert any(x.article.reviews for x in fixtures) and any(x.article.blocks for x in fixtures)
    assert any(a.content_parts for x in fixtures for a in x.attributions)
    for ledger in fixtures:
        _round_trip(ledger)


def _said(n: int, name: str, stance: str, text: str, at: int, claim: str = "c1") -> Attribution:
    return Attribution(f"a{n}", Source(Span.of(text, at, at + len(name)), name, "organization"),
                       Cue(Span.of(text, at + len(name) + 1, at + len(name) + 5), "say"),
                       Span.of(text, at + len(name) + 6, at + len(name) + 30), "indirect", stance,
                       claim)


def _disputed() -> Ledger:
    """Three sources on one claim: one hedges it, one denies it, one asserts it."""
    text = ("Harbour officials said the port may close in March. The Union denied that the port would close. "
            "Transport Ministry said the port will close in March.")
    art = Article("x" * 64, "memo.txt", text)
    said = [_said(1, "Harbour officials", "hedge", text, 0), _said(2, "The Union", "deny", text, 52),
            _said(3, "Transport Ministry", "assert", text, 101)]
    claims = [claim_of(Claim("c1", "the port will close in March"), said)]
    return Ledger(art, said, claims)


def test_hedged_and_denied_by_different_sources_is_contested() -> None:
    assert is_contested(["Harbour officials"], ["The Union"])
    assert not is_contested(["The union"], ["Union leaders"])  # one source never contests itself
    assert not is_contested(["Harbour officials"], [])
    ledger = _disputed()
    claim = ledger.claims[0]
    assert claim.hedged_by == ["Harbour officials"] and claim.denied_by == ["The Union"] and claim.contested


def test_a_claim_hedged_and_denied_stays_contested_after_a_correction() -> None:
    # The bug of issue 19: corrections compared only asserted_by with denied_by, so a claim hedged by one
    # source and denied by another lost its flag as soon as any correction touched it.
    ledger = _disputed()
    ministry = ledger.attributions[2]
    fixed = apply(ledger, [Correction(ledger.article.id, *ministry.key, "stance", "hedge")])
    claim = fixed.claims[0]
    assert claim.asserted_by == [] and claim.hedged_by == ["Harbour officials", "Transport Ministry"]
    assert claim.contested
    denial = ledger.attributions[1]
    dropped = apply(ledger, [Correction(ledger.article.id, *denial.key, "removed", True)])
    assert not dropped.claims[0].contested and dropped.claims[0].denied_by == []


def test_a_corrected_ledger_round_trips() -> None:
    ledger = _disputed()
    text, union = ledger.article.text, ledger.attributions[1]
    fixed = apply(ledger, [
        Correction(ledger.article.id, *union.key, "stance", "assert"),
        Correction(ledger.article.id, *union.key, "source", {"start": 56, "end": 61, "name": "Union"}),
        Correction(ledger.article.id, 0, 17, "attribution", {"source": {"start": 101, "end": 119}, "cue": None,
                                                              "stance": "deny"}),
    ])
    added = next(a for a in fixed.attributions if a.corrected == ["added"])
    assert added.cue.empty and added.quote is None and added.source.anonymous is None
    obj: dict[str, Any] = ledger_to_dict(fixed)
    assert next(a for a in obj["attributions"] if a["id"] == added.id)["cue"] is None
    changed = next(a for a in obj["attributions"] if a["id"] == union.id)
    assert changed["corrected"] == ["source", "stance"] and changed["machine"]["stance"] == "deny"
    assert obj["corrections"] == {"applied": 3, "unmatched": 0, "added": [added.id], "removed": []}
    assert text[changed["source"]["start"]:changed["source"]["end"]] == "Union"
    _round_trip(fixed)


def test_another_schema_is_refused() -> None:
    with pytest.raises(ValueError):
        ledger_from_dict({"schema": "claimledger.article/0", "article": {}})


@pytest.mark.skipif(not GOLD.is_dir(), reason="../shared/data/ledger-gold is not there")
def test_real_articles_round_trip() -> None:
    pages = sorted(GOLD.glob("*.html"))[:2] + sorted(GOLD.glob("*.txt"))[:2]
    for ledger in _ledgers(pages):
        assert ledger.attributions
        _round_trip(ledger)
