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
