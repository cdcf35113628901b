"""Story claims on the store (SQLite and PostgreSQL): ingest joins each new article's claims to claims across
articles, incrementally, with each statement's relation to its story claim."""
from __future__ import annotations

import copy
from pathlib import Path

from sqlalchemy import delete

from claimledger import analyze, ledger_to_dict, read_inputs
from claimledger.across.story_claims import StoryClaims
from claimledger.options import Options
from claimledger.run.job import ingest
from claimledger.store import open_repository
from claimledger.store.tables import claim_links, relations
from stored import ledger_from_dict

ARTICLES = Path(__file__).parent / "fixtures" / "story-claims"  # written for these tests: one dispute, four outlets


def _links(repo) -> dict[tuple[str, str], tuple[int, str]]:
    return {(r["article_id"], r["claim_id"]): (r["story_claim_id"], r["text"]) for r in repo.table_rows(claim_links)}


def _titles(repo) -> dict[str, int]:
    """Article title -> its story claim."""
    links = _links(repo)
    return {text.split(",")[0]: story for (_, claim), (story, text) in links.items() if claim == "title"}


def test_second_ingest_joins_existing_story_claims_without_recomputing(db_url: str) -> None:
    with open_repository(db_url) as repo:
        first = list(ingest(read_inputs([str(ARTICLES / "first")]), repo, Options(story_claims=True)))
        assert [o.status for o in first] == ["new"] * 3
        titles = _titles(repo)
        gas = titles["Ministry asked Valdora for emergency gas"]
        # Two outlets' differently worded headlines on the gas request are one story claim; the port is not.
        assert titles["Officials: government sought urgent gas deliveries from Valdora"] == gas
        assert titles["Kessing port to close for three weeks after crane collapse"] != gas
        before = _links(repo)

        second = list(ingest(read_inputs([str(ARTICLES)]), repo, Options(story_claims=True)))  # both folders: 3 unchanged, 2 new
        assert sorted(o.status for o in second) == ["new", "new", "unchanged", "unchanged", "unchanged"]
        after = _links(repo)
        assert {k: v for k, v in after.items() if k in before} == before  # earlier links untouched
        titles = _titles(repo)
        assert titles["Valdora was asked to rush gas to its neighbour"] == gas  # a new outlet joins the old claim
        assert titles["Striker Fofana says coach dropped him over contract row"] not in {gas, *[
            s for (a, _), (s, _) in before.items()]}

        rows = list(repo.table_rows(relations))
        on_gas = [r for r in rows if r["story_claim_id"] == gas]
        outlets = {r["article_id"] for r in on_gas}
        assert len(outlets) == 3  # statements from all three gas reports bear on the one claim
        assert all(r["relation"] in ("supports", "denies", "discusses") and 0 <= r["probability"] <= 1
                   for r in rows)
        assert all(r["sentence"] for r in rows)

        from claimledger.across.story_claims import StoryClaims

        nearest = StoryClaims(repo, Options(relation=None)).similar("Officials say the ministry asked Valdora for gas")
        assert nearest[0][0] == gas and nearest[0][1] > nearest[1][1]


def test_an_article_stored_but_not_joined_is_joined_by_the_next_run(db_url: str) -> None:
    with open_repository(db_url) as repo:
        list(ingest(read_inputs([str(ARTICLES / "first")]), repo, Options(story_claims=True)))
        whole = _links(repo)
        victim = next(a for (a, c) in whole if c == "title")
        # As if the run had been killed between storing the ledger and joining it (two transactions).
        with repo.engine.begin() as conn:
            conn.execute(delete(relations).where(relations.c.article_id == victim))
            conn.execute(delete(claim_links).where(claim_links.c.article_id == victim))
        outcomes = list(ingest(read_inputs([str(ARTICLES / "first")]), repo, Options(story_claims=True)))
        assert [o.status for o in outcomes] == ["unchanged"] * 3
        again = _links(repo)
        assert set(again) == set(whole)
        assert any(r["article_id"] == victim for r in repo.table_rows(relations))


def test_ingest_joins_story_claims_by_default_and_not_when_told(tmp_path: Path) -> None:
    with open_repository(str(tmp_path / "plain.db")) as repo:
        list(ingest(read_inputs([str(ARTICLES / "first")]), repo, Options(story_claims=False)))
        assert repo.count() == 3 and not list(repo.table_rows(claim_links))
    with open_repository(str(tmp_path / "joined.db")) as repo:
        list(ingest(read_inputs([str(ARTICLES / "first")]), repo))
        assert repo.count() == 3 and list(repo.table_rows(claim_links))


def test_a_statement_unrelated_to_its_story_claim_takes_no_side(tmp_path: Path) -> None:
    # An article's claim may gather a statement about something else; it must not count for either side.
    text = ("The port of Westmarch will reopen on Monday, the harbour master said.\n\n"
            "Dock workers said the harbour would open to container ships on Monday.\n")
    ledger = ledger_to_dict(analyze(text))
    claim = ledger["claims"][0]["id"]
    stray = copy.deepcopy(next(a for a in ledger["attributions"] if a["claim"] == claim))
    stray["id"], stray["content"]["text"] = "a99", "Wheat prices rose for a third week on fears of a drought."
    ledger["attributions"].append(stray)
    with open_repository(str(tmp_path / "s.db")) as repo:
        repo.save(ledger_from_dict(ledger))
        joined = StoryClaims(repo).join(ledger)
        rows = {r["statement_id"]: r["relation"] for r in repo.table_rows(relations)}
    assert joined.relations == len(rows) >= 1
    assert "a99" not in rows and set(rows.values()) <= {"supports", "denies", "discusses"}


def test_a_denial_in_other_words_denies_the_story_claim(tmp_path: Path) -> None:
    # The ledger's rules read "There is no truth to the story" as a denial of the report before it; the
    # story claim must count it as one too, not drop it as unrelated or call it support.
    text = ("Two senior officials said on Monday that the ministry asked Norway for emergency gas last week.\n\n"
            "The ministry denied the report. \"There is no truth to the story,\" its spokesman, Tomas Reyes, said.\n")
    ledger = ledger_to_dict(analyze(text))
    denials = {a["id"] for a in ledger["attributions"] if a["stance"] == "deny"}
    assert denials
    with open_repository(str(tmp_path / "d.db")) as repo:
        repo.save(ledger_from_dict(ledger))
        StoryClaims(repo).join(ledger)
        rows = {r["statement_id"]: r["relation"] for r in repo.table_rows(relations)}
    assert {i: rows.get(i) for i in denials} == {i: "denies" for i in denials}
    assert "supports" in rows.values()
