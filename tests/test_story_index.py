"""Issue 18: the story-claim index saved beside the store and checked against it, and story claims merged
later. Ledgers are written here by hand (titles and claims of made-up stories) and joined with the real
sentence encoder; no relation model (Options(relation_across=None)): joins are what is tested."""
from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest

from claimledger.across.cluster import ClusterParams
from claimledger.across.index import manifest_path
from claimledger.across.story_claims import StoryClaims, index_file
from claimledger.across.views import timeline
from claimledger.options import Options
from claimledger.store import open_repository
from claimledger.store.story import merged_into
from claimledger.store.tables import claim_links, story_claim_merges, story_claims
from stored import ledger_from_dict

PLAIN = Options(relation_across=None)

FIRST = [
    ("Ministry asked Valdora for emergency gas", ["The energy ministry asked Valdora for emergency gas supplies."]),
    ("Kessing port to close for three weeks after crane collapse", ["The port of Kessing will close for three weeks."]),
    ("Striker Fofana says coach dropped him over contract row", ["Fofana was dropped over a contract dispute."]),
    ("Wildfire forces evacuation of hill villages near Marren", ["Four villages near Marren were evacuated."]),
]
SECOND = [
    ("Government sought urgent gas deliveries from Valdora, officials say", []),
    ("Crane collapse shuts Kessing harbour for weeks", []),
]


def _ledger(title: str, claims: list[str]) -> dict[str, Any]:
    text = "\n\n".join([title, *claims])
    article_id = hashlib.sha256(text.encode()).hexdigest()
    return {"schema": "claimledger.article/1",
            "article": {"id": article_id, "path": f"{article_id[:8]}.txt", "title": title, "text": text, "language": "en"},
            "attributions": [], "claims": [{"id": f"c{i + 1}", "text": c} for i, c in enumerate(claims)]}


def _join(joiner: StoryClaims, stories: list[tuple[str, list[str]]]) -> dict[str, int]:
    """Store and join these articles; title -> the story claim it joined."""
    found = {}
    for title, claims in stories:
        ledger = _ledger(title, claims)
        joiner.repo.save(ledger_from_dict(ledger))
        found[title] = joiner.join(ledger).story_claims["title"]
    return found


def _options(db_url: str, tmp_path: Path) -> Options:
    # PostgreSQL keeps its index where it is told (Options.story_index_dir); SQLite beside its file.
    return PLAIN if "://" not in db_url else Options(relation_across=None, story_index_dir=str(tmp_path))


def test_a_run_loads_the_saved_index_and_joins_as_a_rebuilt_one_would(db_url: str, tmp_path: Path) -> None:
    options = _options(db_url, tmp_path)
    with open_repository(db_url) as repo:
        first = StoryClaims(repo, options)
        before = _join(first, FIRST)
        first.finish()
        path = index_file(repo, options)
        assert path is not None and path.is_file() and manifest_path(path).is_file()
        if "://" not in db_url:
            assert path == Path(db_url).with_name("ledgers.db-story-index.faiss")

        second = StoryClaims(repo, options)
        assert second.index_note is None and second.index_loaded == len(list(repo.table_rows(claim_links)))
        after = _join(second, SECOND)
        gas, port = before[FIRST[0][0]], before[FIRST[1][0]]
        assert after == {SECOND[0][0]: gas, SECOND[1][0]: port}

        rebuilt = StoryClaims(repo, options, index_path=tmp_path / "elsewhere.faiss")  # nothing saved there
        assert rebuilt.index_loaded == 0
        for probe in ("Valdora was asked for gas", "Marren villages evacuated as fire spreads"):
            assert second.similar(probe) == rebuilt.similar(probe)




def _damage(path: Path, kind: str) -> None:
    manifest = json.loads(manifest_path(path).read_text())
    if kind == "rows swapped":  # a manifest naming its rows in another order than the index holds them
        keys = manifest["keys"]  # rows 0-1 are the gas article's, 2-3 the port's: named the other way round
        keys[:2], keys[2:4] = keys[2:4], keys[:2]
        manifest_path(path).write_text(json.dumps(manifest))
    elif kind == "index garbled":
        data = bytearray(path.read_bytes())
        data[len(data) // 2: len(data) // 2 + 64] = b"\xff" * 64
        path.write_bytes(bytes(data))
    elif kind == "manifest cut":
        manifest_path(path).write_text(json.dumps(manifest)[:40])


@pytest.mark.parametrize("damage", ["rows swapped", "index garbled", "manifest cut", "store changed"])
def test_a_stale_or_damaged_index_is_rebuilt_never_trusted(tmp_path: Path, damage: str) -> None:
    # Candidates from the nearest stored statement alone: a row named wrongly then shows a join going wrong
    # here as it would among 20 neighbours in a large store.
    nearest = ClusterParams(neighbours=1)
    with open_repository(str(tmp_path / "news.db")) as repo:
        first = StoryClaims(repo, PLAIN, params=nearest)
        before = _join(first, FIRST[:2])
        first.finish()
        path = index_file(repo, PLAIN)
        assert path is not None
        if damage == "store changed":  # an article's links went (re-analysed, say) after the index was saved
            port_article = _ledger(*FIRST[1])["article"]["id"]
            with repo.engine.begin() as conn:
                conn.execute(claim_links.delete().where(claim_links.c.article_id == port_article))
        else:
            _damage(path, damage)

        second = StoryClaims(repo, PLAIN, params=nearest)
        assert second.index_note is not None and second.index_note.startswith("[E160]")
        assert second.index_loaded == 0
        after = _join(second, SECOND[:1])
        assert after[SECOND[0][0]] == before[FIRST[0][0]]  # the gas paraphrase joins the gas claim
        second.finish()  # and the rebuilt index is saved again, whole
        assert StoryClaims(repo, PLAIN).index_note is None


def test_links_stored_after_the_save_are_added_to_the_loaded_index(tmp_path: Path) -> None:
    db = str(tmp_path / "news.db")
    with open_repository(db) as repo:
        first = StoryClaims(repo, PLAIN)
        _join(first, FIRST[:2])
        first.finish()
        saved = len(list(repo.table_rows(claim_links)))
        killed = StoryClaims(repo, PLAIN)  # a run that joined two articles and was stopped before saving
        joined = _join(killed, FIRST[2:])
        third = StoryClaims(repo, PLAIN)
        assert third.index_note is None and third.index_loaded == saved
        again = _join(third, [("Marren hill villages emptied as wildfire spreads", [])])
        assert list(again.values()) == [joined[FIRST[3][0]]]


def test_an_index_that_cannot_be_saved_is_reported_and_the_run_goes_on(tmp_path: Path) -> None:
    with open_repository(str(tmp_path / "news.db")) as repo:
        joiner = StoryClaims(repo, PLAIN, index_path=tmp_path)  # a folder stands where the file should go
        _join(joiner, FIRST[:1])
        joiner.finish()
        assert joiner.index_note is not None and joiner.index_note.startswith("[E161]")
        assert len(list(repo.table_rows(claim_links))) == 2


def test_story_claims_found_to_be_one_are_merged_and_the_merge_recorded(db_url: str, tmp_path: Path) -> None:
    options = _options(db_url, tmp_path)
    # Joins that take nothing (0.99) and merges from 0.5: each statement starts a story claim, and the join
    # that shows two story claims to be one merges them.
    params = ClusterParams(threshold=0.99, merge_threshold=0.5)
    with open_repository(db_url) as repo:
        joiner = StoryClaims(repo, options, params=params)
        _join(joiner, [FIRST[1]])  # the port
        other = StoryClaims(repo, options, params=params)  # another process, opened before the merges
        _join(joiner, [FIRST[0]])  # the gas request: its claim and its title
        gas_article = _ledger(*FIRST[0])["article"]["id"]
        port_article = _ledger(*FIRST[1])["article"]["id"]
        kept = min(r["story_claim_id"] for r in repo.table_rows(claim_links) if r["article_id"] == gas_article)

        paraphrase = _ledger(*SECOND[0])
        repo.save(ledger_from_dict(paraphrase))
        joined = joiner.join(paraphrase)
        assert joined.story_claims == {"title": kept} and joined.merged and not joined.new
        links = {(r["article_id"], r["claim_id"]): r["story_claim_id"] for r in repo.table_rows(claim_links)}
        gas = {s for (a, _), s in links.items() if a in (gas_article, paraphrase["article"]["id"])}
        assert gas == {kept}  # the claim, the title and the other outlet's headline: one story claim
        assert {s for (a, _), s in links.items() if a == port_article}.isdisjoint(gas)

        ids = {r["id"] for r in repo.table_rows(story_claims)}
        rows = list(repo.table_rows(story_claim_merges))
        absorbed = {r["merged_id"] for r in rows if r["into_id"] == kept}
        assert absorbed and kept in ids and not any(s in absorbed for s in links.values())
        assert all(r["into_id"] in ids for r in rows)  # earlier merges follow a later one
        assert all(merged_into(repo, a) == kept for a in absorbed) and merged_into(repo, kept) is None
        gone = min(absorbed)
        assert timeline(repo, gone).summary == timeline(repo, kept).summary  # an old id still resolves

        # The other process reads the merges in before its next join: no link to a deleted story claim.
        _join(other, [FIRST[2]])
        assert other.similar("Valdora was asked for emergency gas")[0][0] == kept
        assert {r["story_claim_id"] for r in repo.table_rows(claim_links)} <= {r["id"] for r in repo.table_rows(story_claims)}
