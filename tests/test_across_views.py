"""`claimledger claims`, `claim ID` and `sources` as a user runs them, on SQLite and PostgreSQL.

The written story (tests/fixtures/across/gas-story.jsonl): a Coastline News wire report that officials
say the ministry asked Norway for gas, two syndicated copies of it, a rewrite that rests on "Coastline
News reported", and two independent reports. Story claims and stances are filled through
`Repository.save_across`, as the cross-article ingest does: statements about the request go to one story
claim, those about the pipeline fault (only in the wire report and its copies) to another.
"""
from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from claimledger import analyze_many, ledger_to_dict, read_inputs
from claimledger.across.views import independent_keys, summarize
from claimledger.cli import app
from claimledger.model import Failure
from claimledger.options import Options
from claimledger.run.job import ingest
from claimledger.store import Link, RelationRow, open_repository
from claimledger.store.story import Statement
from stored import ledger_from_dict

STORY = Path(__file__).parent / "fixtures" / "across" / "gas-story.jsonl"
REQUEST = ("norway", "oslo", "request", "help", "assistance", "approach", "the report", "the story", "no.")
PIPELINE = ("pipeline", "line had been running")
HOSTILE = 'Reyes said \x1b[2J\x1b[31m"[bold red]no[/bold red]"\u202e gas\x9b31m was asked for'
runner = CliRunner()


def run(*args: str) -> Any:
    return runner.invoke(app, list(args))


@pytest.fixture(scope="module")
def ledgers() -> list[dict[str, Any]]:
    out = []
    for result in analyze_many(read_inputs([str(STORY)])):
        assert not isinstance(result, Failure), result
        out.append(ledger_to_dict(result))
    return out


def _relation(a: dict[str, Any]) -> str:
    content = " " + a["content"]["text"].lower()
    if a["stance"] == "deny" or any(w in content for w in (" not ", "nobody", "no fault", '"no.')):
        return "denies"
    return "discusses" if a["stance"] == "hedge" else "supports"


def _fill(repo: Any, ledger: dict[str, Any], story: dict[str, int | None], hostile: bool = False) -> None:
    """Link the article to the story claims by what its statements are about: per topic, the first of its
    claims speaking of it carries the link, and every statement on the topic is a stance toward it."""
    links: dict[str, Link] = {}  # topic -> link
    rows = []
    for a in ledger["attributions"]:
        content = a["content"]["text"].lower()
        topic = "pipeline" if any(w in content for w in PIPELINE) else (
            "request" if any(w in content for w in REQUEST) else None)
        if topic is None or a["claim"] is None:
            continue
        link = links.setdefault(topic, Link(a["claim"], a["content"]["text"], b"\0" * 8, story[topic]))
        sentence = HOSTILE if hostile and a["source"].get("name") == "Tomas Reyes" else a["content"]["text"]
        rows.append(RelationRow(a["id"], link.claim_id, _relation(a), 0.8, sentence))
    made = repo.save_across(ledger["article"]["id"], list(links.values()), rows)
    for topic, link in links.items():
        story[topic] = made[link.claim_id]


@pytest.fixture
def store(db_url: str, ledgers: list[dict[str, Any]]) -> str:
    with open_repository(db_url) as repo:
        for ledger in ledgers:
            assert repo.save(ledger_from_dict(ledger))
        # Nothing new: groups the stored articles into origins (story claims are made by hand below).
        list(ingest([], repo, Options(story_claims=False)))
        story: dict[str, int | None] = {"request": None, "pipeline": None}
        for ledger in ledgers:
            _fill(repo, ledger, story, hostile=ledger["article"]["outlet"] == "Harbour Gazette")
    return db_url


def _claims(db: str, *args: str) -> list[dict[str, Any]]:
    out = run("claims", "--json", "--db", db, *args)
    assert out.exit_code == 0, out.stdout + out.stderr
    return list(json.loads(out.stdout)["claims"])


def test_counts_independent_origins_per_side(store: str) -> None:
    claims = _claims(store)
    request = next(c for c in claims if "request" in c["text"].lower())
    # Wire, copies and the rewrite resting on Coastline News are one origin; the Post and Industry
    # Weekly report on their own: three origins support it, from six articles.
    assert request["supports"]["origins"] == 3 and request["supports"]["articles"] == 6
    # Denied in the wire family, in the rewrite (its own reporting: the ministry rejected the story)
    # and by the minister in the Post.
    assert request["denies"]["origins"] == 3
    assert request["denies"]["statements"] > request["denies"]["articles"] >= 4
    assert request["contested"] is True
    assert claims[0]["id"] == request["id"]  # most disputed first


def test_contested_needs_support_and_denial_from_different_origins(store: str) -> None:
    claims = _claims(store)
    pipeline = next(c for c in claims if "pipeline" in c["text"].lower())
    # Officials assert it and the operator denies it, but only in the wire story and its copies.
    assert pipeline["supports"]["statements"] >= 3 and pipeline["denies"]["statements"] >= 3
    assert pipeline["supports"]["origins"] == pipeline["denies"]["origins"] == 1
    assert pipeline["contested"] is False
    assert [c["id"] for c in _claims(store, "--contested")] == [c["id"] for c in claims if c["contested"]]
    assert pipeline["id"] not in [c["id"] for c in _claims(store, "--contested")]


def test_since_outlet_and_limit(store: str) -> None:
    assert len(_claims(store, "--limit", "1")) == 1
    # Only the factories report was published before November 2: the pipeline claim is not in it.
    late = _claims(store, "--since", "2026-11-03")
    request = next(c for c in late if "request" in c["text"].lower())
    assert request["supports"]["articles"] == 2  # the rewrite and the Post
    assert all("pipeline" not in c["text"].lower() for c in late)
    weekly = _claims(store, "--outlet", "industry weekly")
    assert len(weekly) == 1 and "request" in weekly[0]["text"].lower()
    assert _claims(store, "--outlet", "The Nowhere Times") == []
    bad = run("claims", "--since", "last week", "--db", store)
    assert bad.exit_code == 2 and "YYYY-MM-DD" in bad.output


def test_timeline_is_oldest_first_with_sources_and_outlets(store: str) -> None:
    request = next(c for c in _claims(store) if "request" in c["text"].lower())
    out = run("claim", str(request["id"]), "--json", "--db", store)
    assert out.exit_code == 0, out.stderr
    entries = json.loads(out.stdout)["timeline"]
    outlets = [e["outlet"] for e in entries]
    order = ["Industry Weekly", "Coastline News", "Northern Herald", "Harbour Gazette", "Daily Roundup",
             "Valmora Daily Post"]
    assert [o for i, o in enumerate(outlets) if o not in outlets[:i]] == order
    assert [e["when"] for e in entries] == sorted(e["when"] for e in entries)
    rewrite = [e for e in entries if e["outlet"] == "Daily Roundup"]
    assert any(e["source"]["reported_outlet"] == "coastline news" and e["source_kind"] == "outlet's report"
               and e["independent_origin"] == entries[outlets.index("Coastline News")]["origin"] for e in rewrite)
    kinds = {e["source_kind"] for e in entries}
    assert {"anonymous", "named person"} <= kinds
    vael = next(e for e in entries if e["source"]["name"] == "Katrin Vael")
    assert vael["relation"] == "denies" and vael["probability"] == 0.8 and "request" in vael["sentence"]

    text = run("claim", str(request["id"]), "--db", store)
    assert text.exit_code == 0
    lines = text.stdout.splitlines()
    assert "CONTESTED" in lines[0]
    first = next(i for i, line in enumerate(lines) if "Industry Weekly" in line)
    last = next(i for i, line in enumerate(lines) if "Valmora Daily Post" in line)
    assert first < last and "2026-11-01 07:15" in lines[first]
    assert "Katrin Vael (named person) denies p=0.80" in text.stdout


def test_hostile_text_is_escaped_in_every_view(store: str) -> None:
    shown = "".join(run(*cmd, "--db", store).stdout for cmd in (
        ("claims",), ("claim", "1"), ("claim", "2"), ("sources",), ("claim", "1", "--json")))
    assert "\x1b" not in shown and "\u202e" not in shown and "\x9b" not in shown
    assert "[bold red]no[/bold red]" in shown  # printed as written, not read as markup


def test_unknown_id_and_empty_store_are_clear_errors(store: str, tmp_path: Path) -> None:
    out = run("claim", "999", "--db", store)
    assert out.exit_code == 1 and "[E075]" in out.stderr and "999" in out.stderr
    empty = str(tmp_path / "empty.db")
    with open_repository(empty):
        pass
    for cmd in (("claims",), ("claim", "1"), ("sources",)):
        out = run(*cmd, "--db", empty)
        assert out.exit_code == 1 and "[E076]" in out.stderr, cmd
    missing = run("claims", "--db", str(tmp_path / "none.db"))
    assert missing.exit_code == 1 and "[E064]" in missing.stderr
    assert not (tmp_path / "none.db").exists()


def test_sources_profiles_outlets_and_deniers(store: str) -> None:
    out = run("sources", "--json", "--db", store)
    assert out.exit_code == 0, out.stderr
    found = json.loads(out.stdout)
    outlets = {o["outlet"]: o for o in found["outlets"]}
    assert set(outlets) == {"Coastline News", "Northern Herald", "Harbour Gazette", "Daily Roundup",
                            "Valmora Daily Post", "Industry Weekly"}
    wire = outlets["Coastline News"]
    assert 0 < wire["anonymous"] < wire["statements"]
    assert wire["anonymous_share"] == round(wire["anonymous"] / wire["statements"], 3)
    assert outlets["Daily Roundup"]["anonymous"] == 0
    # Tomas Reyes denies in four articles, but they are two independent origins.
    reyes = found["deniers"][0]
    assert reyes["name"] == "Tomas Reyes" and reyes["articles"] >= 3 and reyes["origins"] == 2
    assert found["quoted"][0]["statements"] >= found["quoted"][-1]["statements"]
    assert all(q["kind"] != "anonymous" for q in found["quoted"])
    text = run("sources", "--db", store).stdout
    assert "Who denies most" in text and "Tomas Reyes" in text and "anonymous (" in text


def _statement(article: str, origin: str, outlet: str, source: str | None, kind: str | None = "person",
               relation: str = "supports", day: int = 2) -> Statement:
    return Statement(1, article, "a1" if source else "title", relation, None, "s", origin, outlet, None, None,
                     f"2026-11-0{day}", datetime(2026, 11, 9, tzinfo=timezone.utc), source, source, kind, False, "say")


def test_rewrites_of_one_outlets_report_are_one_origin() -> None:
    items = [
        _statement("r1", "r1", "Daily Roundup", "Coastline News", "organization"),  # "Coastline News reported"
        _statement("r2", "r2", "Metro Digest", "the Coastline News report", "document"),
        _statement("r3", "r3", "Evening Brief", "a report by Coastline News", "document"),
        _statement("m1", "m1", "Metro Digest", "Reuters", "media"),  # kind media: the ledger's own mark
        _statement("p1", "p1", "Valmora Daily Post", "Katrin Vael", "person", "denies"),
        _statement("p2", "p2", "Valmora Daily Post", "Valnet", "organization", "denies"),
    ]
    keys = independent_keys(items)
    assert keys[:4] == ["outlet:coastline news"] * 3 + ["outlet:reuters"]
    assert keys[4:] == ["p1", "p2"]  # a company that is no outlet is not one
    # Once Coastline News's own article is among the statements, the rewrites count toward its origin.
    own = _statement("c1", "wire", "Coastline News", "two officials", "anonymous", day=1)
    assert independent_keys([*items, own])[:3] == ["wire"] * 3
    summary = summarize(1, "claim", [*items, own])
    assert summary.sides["supports"].origins == 2 and summary.sides["supports"].articles == 5
    assert summary.sides["denies"].origins == 2 and summary.contested


def test_one_origin_quoting_both_sides_is_not_contested() -> None:
    items = [_statement("w", "w", "Coastline News", "two officials", "anonymous"),
             _statement("w", "w", "Coastline News", "Tomas Reyes", "person", "denies"),
             _statement("h", "w", "Northern Herald", "Tomas Reyes", "person", "denies")]
    assert not summarize(1, "claim", items).contested


def test_a_claim_no_statement_bears_on_yet(tmp_path: Path, ledgers: list[dict[str, Any]]) -> None:
    url = str(tmp_path / "one.db")
    with open_repository(url) as repo:
        repo.save(ledger_from_dict(ledgers[0]))
        made = repo.save_across(ledgers[0]["article"]["id"], [Link("c1", "Valmora asked Norway for gas", b"\0" * 8)], [])
    shown = run("claim", str(made["c1"]), "--db", url)
    assert shown.exit_code == 0, shown.stderr
    assert "Valmora asked Norway for gas" in shown.stdout and "No statement bears on it yet." in shown.stdout
    listed = run("claims", "--db", url)
    assert listed.exit_code == 0 and "No claims match." in listed.stdout


def test_a_persons_corrections_reach_claims_and_claim(store: str, tmp_path: Path) -> None:
    """A supporting statement corrected to a denial, and another removed: the claim's counts (`claims`)
    and its timeline (`claim ID`) follow, as the exports do."""
    request = next(c for c in _claims(store) if "request" in c["text"].lower())
    entries = json.loads(run("claim", str(request["id"]), "--json", "--db", store).stdout)["timeline"]
    flip, gone = [e for e in entries if e["relation"] == "supports" and e["statement_id"] != "title"][:2]
    fixes = tmp_path / "fixes.jsonl"
    fixes.write_text(json.dumps({"article": flip["article_id"], "attribution": flip["statement_id"], "stance": "deny"})
                     + "\n" + json.dumps({"article": gone["article_id"], "attribution": gone["statement_id"],
                                          "remove": True}) + "\n", encoding="utf-8")
    assert run("import-corrections", str(fixes), "--db", store).exit_code == 0

    after = next(c for c in _claims(store) if c["id"] == request["id"])
    assert after["denies"]["statements"] == request["denies"]["statements"] + 1
    assert after["supports"]["statements"] == request["supports"]["statements"] - 2
    timeline = json.loads(run("claim", str(request["id"]), "--json", "--db", store).stdout)["timeline"]
    where = {(e["article_id"], e["statement_id"]): e["relation"] for e in timeline}
    assert where[(flip["article_id"], flip["statement_id"])] == "denies"
    assert (gone["article_id"], gone["statement_id"]) not in where
