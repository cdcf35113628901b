"""Fuzzing (issue 8): thousands of generated malformed documents through one `analyze_many` batch with
the default extractor give exactly one ledger or one numbered error each, in order, and no exception."""
from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimledger import Document, Failure, Ledger, Options, analyze_many
from claimledger.ingest import read_bytes

from malformed import GOOD_ARTICLES

# Pieces a hostile or broken archive is made of: prose, quotes, markup, JSON, control and odd characters.
PIECES = [*GOOD_ARTICLES, '"', "\u201c", "\u201d", "'", " said ", " denied ", "According to", "\n", "\n\n", "\r",
          "<p>", "</div>", "<!doctype html><html><body>", "&#8;", "&amp;", "{\"text\": ", "[[[[", "}}", "\x00",
          "\ud800", "\x1b[2J", "\u202e", "\u200b", "\ufeff", "\U0001f480", "東京", "قال", "\t", "—", "...", "No."]

fragments = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=40)), max_size=12).map("".join)
blobs = st.one_of(fragments.map(lambda s: s.encode("utf-8", "surrogatepass")), st.binary(max_size=300))


@settings(max_examples=6, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(blobs, min_size=300, max_size=400))
def test_every_input_gets_one_ledger_or_one_error(inputs: list[bytes]) -> None:
    items: list[Document | Failure] = []
    for i, data in enumerate(inputs):
        path = f"doc{i}.txt" if i % 3 else f"doc{i}.jsonl"
        read = list(read_bytes(data, path))
        items.extend(read)
    out = list(analyze_many(items, Options(time_limit=60)))
    assert len(out) == len(items)
    for item, result in zip(items, out):
        assert (result.path if isinstance(result, Failure) else result.article.path) == item.path
        if isinstance(item, Failure):
            assert result is item
        if isinstance(result, Failure):
            assert result.error.code.startswith("E") and result.error.code != "E015", result.error
        else:
            assert isinstance(result, Ledger)
            text = result.article.text
            for a in result.attributions:
                assert text[a.content.start:a.content.end] == a.content.text
