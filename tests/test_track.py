"""`track`: from one claim, the stored articles that bear on it, with their relations to it, on SQLite and PostgreSQL.

The articles (tests/fixtures/track) are written for this: one asserts that the ministry cancelled the
contract (in the paper's own voice; a civil servant's "not an engineering one" near the claim's words
makes the relation model's whole-text reading a denial, which the deciding sentence overrules), one
carries the ministry's denial, one only reports that others reported it, and two are about other things
while sharing words with the claim (Norvik's results, whose whole text the model finds related; a harbour).
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import claimledger
from claimledger import Document, analyze_many, ledger_to_dict
from claimledger.cli import app
from claimledger.errors import ClaimledgerError
from claimledger.model import Failure
from claimledger.store import open_repository
from stored import as_dict, ledger_from_dict

FIXTURES = Path(__file__).parent / "fixtures" / "track"
CLAIM = "The transport ministry cancelled Norvik's contract for the northern line"
HOSTILE_TITLE = "Norvik line axed \x1b[2J\x1b[31m[blink]BREAKING[/blink] \u202eenil\x07"

# name -> (title, outlet, url, published)
META: dict[str, tuple[str, str, str, str | None]] = {
    "denial": ("Ministry: northern line contract stands", "Capital Times", "https://capital-times.example/rail",
               "2026-05-15"),
    "reported": ("What a cancelled rail contract would mean for Estry", "Estry Post", "https://estry-post.example/a",
                 "2026-05-14T11:00:00Z"),
    "leak": ("Rail deal collapses as ministry pulls out", "Estry Courier", "https://courier.example/scoop",
             "2026-05-14T07:30:00+02:00"),
    "harbour": ("Harbour authority approves new ferry terminal", "Coast News", "https://coast.example/f",
                "2026-05-13"),
    "norvik-results": ("Norvik Engineering profit beats forecasts", "Markets Daily", "https://markets.example/n",
                       "2026-05-12"),
}


def _copy_of_leak() -> str:
    """A syndicated rewrite of the scoop, as a wire service would carry it: same facts, lightly reworded."""
    text = (FIXTURES / "leak.txt").read_text()
    return text.replace("which the Estry Courier has seen", "the Estry Courier reported").replace(
        "in early trading on Friday", "on Friday morning")


@pytest.fixture(scope="module")
def ledgers() -> dict[str, dict[str, Any]]:
    docs = [Document(path=f"{name}.txt", raw=(FIXTURES / f"{name}.txt").read_text(), title=title, outlet=outlet,
                     url=url, published=published)
            for name, (title, outlet, url, published) in META.items()]
    # The copy gives no publication date (it is placed by when it was stored) and a hostile title.
    docs.append(Document(path="copy.txt", raw=_copy_of_leak(), title=HOSTILE_TITLE, outlet="Wire [red]Service[/red]"))
    out = {}
    for result in analyze_many(docs):
        assert not isinstance(result, Failure), result
        out[result.article.path.removesuffix(".txt")] = ledger_to_dict(result)
    return out


@pytest.fixture
def store(db_url: str, ledgers: dict[str, dict[str, Any]]) -> str:
    with open_repository(db_url) as repo:
        for ledger in ledgers.values():
            assert repo.save(ledger_from_dict(ledger))
        # The copy belongs to the scoop's origin, as syndication grouping would record it.
        repo.save_origin(ledgers["copy"]["article"]["id"], ledgers["leak"]["article"]["id"])
    return db_url


def _by_name(result: claimledger.TrackResult) -> dict[str, claimledger.TrackedArticle]:
    return {a.path.removesuffix(".txt"): a for a in result.articles}


def test_track_finds_assertion_denial_and_report_with_their_sentences(store: str,
                                                                      ledgers: dict[str, dict[str, Any]]) -> None:
    with open_repository(store, create=False) as repo:
        result = claimledger.track(repo, CLAIM)
        texts = {name: as_dict(repo.get(ledger["article"]["id"]))["article"]["text"]
                 for name, ledger in ledgers.items()}
    found = _by_name(result)
    assert set(found) == {"leak", "copy", "denial", "reported"}  # not the harbour, not Norvik's results
    assert {n: a.relation for n, a in found.items()} == {
        "leak": "supports", "copy": "supports", "denial": "denies", "reported": "discusses"}
    assert "has cancelled its contract with Norvik" in found["leak"].sentence
    assert "rejected reports that it had cancelled the contract" in found["denial"].sentence
    assert "whether the transport ministry had really cancelled" in found["reported"].sentence
    for name, a in found.items():
        assert texts[name][a.sentence_start:a.sentence_end] == a.sentence  # offsets into the clean text
        # The probability is the relation's, and the relation the likeliest of the three in that reading.
        assert a.probabilities[a.relation] == a.probability
        assert a.probability == max(a.probabilities[s] for s in ("supports", "denies", "discusses"))
    # Oldest first: published where given (07:30+02:00 is before 11:00Z; a date alone is its midnight),
    # the copy without a date by when it was stored (now, after every publication date here).
    assert [a.path for a in result.articles] == ["leak.txt", "reported.txt", "denial.txt", "copy.txt"]


def test_track_groups_copies_under_one_origin(store: str, ledgers: dict[str, dict[str, Any]]) -> None:
    result = claimledger.track(store, CLAIM)  # by URL: the same call, opening the store itself
    leak_id = ledgers["leak"]["article"]["id"]
    assert [len(g.articles) for g in result.origins] == [2, 1, 1]
    assert result.origins[0].origin == leak_id
    assert [a.path for a in result.origins[0].articles] == ["leak.txt", "copy.txt"]
    assert result.origins[0].relations == {"supports": 2}
    assert result.counts() == {"supports": {"articles": 2, "origins": 1}, "denies": {"articles": 1, "origins": 1},
                               "discusses": {"articles": 1, "origins": 1}}
    denial = _by_name(result)["denial"]
    assert denial.origin == ledgers["denial"]["article"]["id"]  # not grouped yet: its own origin


def test_limit_keeps_the_clearest(store: str) -> None:
    with open_repository(store, create=False) as repo:
        everything = claimledger.track(repo, CLAIM)
        one = claimledger.track(repo, CLAIM, limit=1)
    assert len(one.articles) == 1
    clearest = min(a.article_probabilities["unrelated"] for a in everything.articles)
    assert one.articles[0].article_probabilities["unrelated"] == clearest
    assert one.articles[0].article_id in {a.article_id for a in everything.articles}


def test_claim_and_store_errors(tmp_path: Path, store: str) -> None:
    with open_repository(store, create=False) as repo:
        for claim, code in (("  \n ", "E085"), ("It was not there, or was it?", "E086")):
            with pytest.raises(ClaimledgerError) as caught:
                claimledger.track(repo, claim)
            assert caught.value.code == code
    with open_repository(str(tmp_path / "empty.db")) as empty:
        with pytest.raises(ClaimledgerError) as caught:
            claimledger.track(empty, CLAIM)
        assert caught.value.code == "E087"


def test_a_claim_is_searched_as_words_not_query_syntax(store: str) -> None:
    # FTS5 and tsquery operators, quotes and a NUL in the claim are words or nothing, never syntax.
    with open_repository(store, create=False) as repo:
        hostile = claimledger.track(repo, 'Norvik" OR ministry* NEAR(contract) & !line | cancelled:* \x00 -- ;')
        assert repo.search_any(["'", '"', "a:b", "x*", "(y)"]) == []  # not words: not searched
        stored = {a.id for a in repo.articles()}
        assert set(repo.search_any(["OR", "AND", "NOT", "NEAR"])) <= stored  # operator names are plain words
    assert {a.path for a in hostile.articles} <= {"leak.txt", "copy.txt", "denial.txt", "reported.txt"}


runner = CliRunner()


def test_cli_json_lists_articles_oldest_first(store: str) -> None:
    done = runner.invoke(app, ["track", CLAIM, "--db", store, "--json"])
    assert done.exit_code == 0, done.output
    data = json.loads(done.stdout)
    assert data["claim"] == CLAIM
    articles = data["articles"]
    assert [a["url"] for a in articles[:3]] == ["https://courier.example/scoop", "https://estry-post.example/a",
                                                "https://capital-times.example/rail"]
    for a in articles:
        for key in ("url", "title", "outlet", "published", "origin", "relation", "stance", "probability", "sentence"):
            assert key in a
    assert [a["relation"] for a in articles] == ["supports", "discusses", "denies", "supports"]
    assert [a["stance"] for a in articles] == [a["relation"] for a in articles]  # the old key, one release
    assert articles[0]["origin"] == articles[3]["origin"] != articles[2]["origin"]
    assert data["counts"]["supports"] == {"articles": 2, "origins": 1}


def test_cli_table_escapes_article_text(store: str) -> None:
    done = runner.invoke(app, ["track", CLAIM, "--db", store])
    assert done.exit_code == 0, done.output
    out = done.stdout
    for bad in ("\x1b", "\u202e", "\x07"):
        assert bad not in out
    assert "[blink]BREAKING[/blink]" in out and "Wire [red]Service[/red]" in out  # shown, not obeyed
    assert "denies" in out and "rejected reports" in out and "origin 1 (2 article(s))" in out


def test_cli_errors(tmp_path: Path, store: str) -> None:
    empty = runner.invoke(app, ["track", "   ", "--db", store])
    assert empty.exit_code == 1 and "E085" in empty.stderr
    missing = runner.invoke(app, ["track", CLAIM, "--db", str(tmp_path / "nope.db")])
    assert missing.exit_code == 1 and "E064" in missing.stderr
    assert not (tmp_path / "nope.db").exists()  # a reading command leaves no empty database behind
    open_repository(str(tmp_path / "empty.db")).close()
    nothing = runner.invoke(app, ["track", CLAIM, "--db", str(tmp_path / "empty.db")])
    assert nothing.exit_code == 1 and "E087" in nothing.stderr and "ingest" in nothing.stderr


def test_repository_search_any_ranks_by_shared_words(store: str) -> None:
    with open_repository(store, create=False) as repo:
        ids = repo.search_any(["ferry", "quay"])
        assert len(ids) == 1
        assert repo.fetch(ids)[0][0].title == "Harbour authority approves new ferry terminal"
        # OR-ed: an article with only one of the words is found too, after those with more.
        ranked = repo.search_any(["norvik", "profit", "forecast"])
        assert ranked[0] == repo.search_any(["profit"])[0]
        assert len(ranked) == 5  # every article naming Norvik
        assert repo.fetch(["absent", ids[0]])[0][0].id == ids[0]


def test_cli_help_names_the_options() -> None:
    shown = runner.invoke(app, ["track", "--help"]).stdout
    for word in ("CLAIM_TEXT", "--db", "--json", "--limit", "origin", "oldest first"):
        assert word in shown


@pytest.mark.parametrize("relation", ["cross", "features"])
def test_cli_relation_model_choice_reads_the_written_story_the_same(store: str, relation: str) -> None:
    # Both relation models behind track tell the assertion, the copy, the report and the denial apart.
    done = runner.invoke(app, ["track", CLAIM, "--db", store, "--json", "--relation-model", relation])
    assert done.exit_code == 0, done.output
    assert [a["relation"] for a in json.loads(done.stdout)["articles"]] == ["supports", "discusses", "denies", "supports"]


def test_cli_unknown_relation_model_is_a_usage_error(store: str) -> None:
    done = runner.invoke(app, ["track", CLAIM, "--db", store, "--relation-model", "oracle"])
    assert done.exit_code == 2 and "oracle" in done.output


def test_a_persons_corrected_stance_decides_the_tracked_relation(store: str,
                                                                 ledgers: dict[str, dict[str, Any]]) -> None:
    from claimledger.store.corrections import Correction

    with open_repository(store, create=False) as repo:
        denial = _by_name(claimledger.track(repo, CLAIM))["denial"]
        ledger = repo.get(denial.article_id)
        assert ledger is not None
        said = [a for a in ledger.attributions
                if a.content.start < denial.sentence_end and denial.sentence_start < a.content.end]
        assert said and said[0].stance == "deny"
        repo.add_corrections([Correction(denial.article_id, *said[0].key, "stance", "assert")], author="desk")
        again = _by_name(claimledger.track(repo, CLAIM))
    assert again["denial"].relation == "supports" and again["denial"].probability == 1.0
    assert again["leak"].relation == "supports" and again["reported"].relation == "discusses"  # the others keep theirs
