"""The public names users import; changing this list is an API change and should be deliberate."""
from __future__ import annotations

import subprocess
import sys

import claimledger
from claimledger import SCHEMA, Article, Attribution, Claim, Cue, Ledger, Removed, Source, Span, ledger_to_dict

PUBLIC = {
    "SCHEMA",
    "Article",
    "Attribution",
    "ClaimledgerError",
    "Claim",
    "Cue",
    "Document",
    "Failure",
    "Ledger",
    "Options",
    "RawAttribution",
    "Removed",
    "Repository",
    "Source",
    "Span",
    "TrackResult",
    "TrackedArticle",
    "__version__",
    "analyze",
    "analyze_many",
    "ledger_to_dict",
    "read_inputs",
    "track",
    # The store's commands from Python (issue 21; README "The store from Python")
    "claim_timeline",
    "export_store",
    "ingest_paths",
    "list_claims",
    "open_repository",
    "source_profiles",
}


def test_all_is_pinned() -> None:
    assert set(claimledger.__all__) == PUBLIC
    assert len(claimledger.__all__) == len(PUBLIC)  # no duplicates


def test_light_names_resolve_without_spacy() -> None:
    # Importing the package must stay cheap: no spaCy until something is analysed.
    code = (
        "import sys, claimledger\n"
        "for n in claimledger.__all__:\n"
        "    if n not in ('analyze', 'analyze_many'):\n"
        "        getattr(claimledger, n)\n"
        "assert 'spacy' not in sys.modules, 'spacy imported eagerly'\n"
        "assert 'trafilatura' not in sys.modules, 'trafilatura imported eagerly'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_every_public_name_resolves() -> None:
    for name in claimledger.__all__:
        assert getattr(claimledger, name) is not None, name
    assert callable(claimledger.analyze) and callable(claimledger.analyze_many)
    assert set(claimledger.__all__) <= set(dir(claimledger))  # tab completion sees the lazy names too


def test_failure_is_shared_with_pipeline() -> None:
    from claimledger import pipeline

    assert pipeline.Failure is claimledger.Failure


def test_version() -> None:
    assert isinstance(claimledger.__version__, str) and claimledger.__version__[0].isdigit()


def test_errors_carry_their_code() -> None:
    err = claimledger.ClaimledgerError("E002", "Input is empty")
    assert err.code == "E002" and "[E002]" in str(err)


def test_ledger_to_dict_follows_the_contract() -> None:
    text = '"No," the spokesman said.'
    art = Article(id="x", path="<string>", text=text, removed=[Removed("Giriş yap", "language:tr")])
    att = Attribution(
        id="a1",
        source=Source(Span.of(text, 6, 19), name="the spokesman", kind="person"),
        cue=Cue(Span.of(text, 20, 24), lemma="say"),
        content=Span.of(text, 1, 3),
        quote="direct",
        stance="deny",
        claim="c1",
    )
    data = ledger_to_dict(Ledger(art, [att], [Claim("c1", "No", denied_by=["the spokesman"])]))
    assert data["schema"] == SCHEMA == "claimledger.article/1"
    assert data["article"]["path"] == "<string>"
    assert data["attributions"][0]["source"]["text"] == "the spokesman"
    assert data["claims"][0]["denied_by"] == ["the spokesman"]


def test_the_store_from_python_as_the_readme_shows_it(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The README's examples, one per command (ingest, claims, claim, sources, export, Repository)."""
    import csv
    from pathlib import Path

    story = str(Path(__file__).parent / "fixtures" / "across" / "gas-story.jsonl")
    db = str(tmp_path / "news.db")
    outcomes = claimledger.ingest_paths(story, db)
    assert [o.status for o in outcomes] == ["new"] * 6
    assert [o.status for o in claimledger.ingest_paths([story], db)] == ["unchanged"] * 6

    disputed = claimledger.list_claims(db, contested=True)
    assert disputed and all(c.contested and c.sides["denies"].origins for c in disputed)

    timeline = claimledger.claim_timeline(disputed[0].id, db)
    assert timeline.summary.id == disputed[0].id
    assert {e.statement.relation for e in timeline.entries} >= {"supports", "denies"}
    assert [e.when for e in timeline.entries] == sorted(e.when for e in timeline.entries)

    profiles = claimledger.source_profiles(db, top=5)
    assert profiles.outlets and len(profiles.quoted) <= 5

    claimledger.export_store(tmp_path / "claims.csv", db, format="claims-csv", contested=True)
    with open(tmp_path / "claims.csv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert rows and {int(r["story_claim_id"]) for r in rows} == {c.id for c in disputed}

    with claimledger.open_repository(db) as repo:
        assert isinstance(repo, claimledger.Repository)
        assert repo.counts()["articles"] == 6 and len(repo.analysis_versions()) == 1
        (coastline,) = repo.article_ids(outlet="Coastline News")
        ledger = repo.get(coastline)
        assert ledger is not None and ledger.article.outlet == "Coastline News"
        # The functions take an open Repository as well as a URL.
        assert [c.id for c in claimledger.list_claims(repo, contested=True)] == [c.id for c in disputed]
