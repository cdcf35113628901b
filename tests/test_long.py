"""Long articles: parsed in sections with offsets into the whole text, or refused with a numbered error;
and the nearby-span lookups that keep long articles linear give the answers of the all-pairs rules."""
from __future__ import annotations

import random

import pytest

from claimledger import Document, Failure, analyze, analyze_many
from claimledger.attribute.intervals import Intervals
from claimledger.attribute.learned import MAX_COST, group
from claimledger.errors import ClaimledgerError
from claimledger.model import Ledger
from claimledger.nlp import sections
from claimledger.options import Options

# Written for these tests: one attribution a paragraph, each speaker named once.
PARAGRAPHS = [
    "Dock workers at the port of Kessling walked out on Tuesday after talks over night-shift pay collapsed, "
    "leaving more than forty container ships anchored offshore.",
    "Union organiser Maren Holt said the strike would continue until the operator restored the allowance it "
    "cut in January.",
    "The operator, Kessling Terminals, denied that it had cut any allowance and called the walkout unlawful.",
    "Transport minister Oskar Lindqvist told parliament that the government would not intervene in a dispute "
    "between a private company and its staff.",
    "Shipping agents said the queue of vessels could take three weeks to clear once work resumed.",
    "A spokeswoman for the regional chamber of commerce warned that food retailers would run short of fresh "
    "produce by the weekend.",
    "Harbour master Ilse Varga said the anchored ships were safe but that she had asked two tankers to move "
    "further out.",
    "Economist Tobias Renn estimated that each day of the strike cost exporters about four million euros.",
]
ARTICLE = "\n\n".join(PARAGRAPHS)


def _spans_match(ledger: Ledger) -> None:
    text = ledger.article.text
    for a in ledger.attributions + ledger.acts:
        for span in (a.source.span, a.cue.span, a.content, *a.content_parts):
            assert text[span.start:span.end] == span.text


def _triples(ledger: Ledger) -> list[tuple[tuple[int, int], ...]]:
    return [((a.source.span.start, a.source.span.end), (a.cue.span.start, a.cue.span.end),
             (a.content.start, a.content.end)) for a in ledger.attributions]


@pytest.mark.parametrize("extractor", ["rules", "combined"])
def test_an_article_parsed_in_sections_keeps_offsets_into_the_whole_text(extractor: str) -> None:
    split = analyze(ARTICLE, Options(extractor=extractor, section_chars=300))
    assert len(sections(split.article.text, 300)) >= 3  # the split path really ran
    _spans_match(split)
    last = [a for a in split.attributions if "Renn" in a.source.span.text]
    assert last and "each day of the strike cost exporters" in ARTICLE[last[0].content.start:last[0].content.end]
    assert last[0].content.start > ARTICLE.index("Tobias Renn estimated")
    # Cut at paragraph breaks, the sections parse as the paragraphs of the whole article do.
    assert _triples(split) == _triples(analyze(ARTICLE, Options(extractor=extractor)))


def test_an_article_over_spacys_limit_is_analyzed_with_offsets_past_a_million() -> None:
    # Padding of blank space keeps the parse fast; cleaning is off so that it stays in the text.
    text = PARAGRAPHS[1] + " " * 600_000 + "\n\n" + PARAGRAPHS[3] + " " * 500_000 + "\n\n" + PARAGRAPHS[6]
    assert len(text) > 1_000_000
    ledger = analyze(text, Options(extractor="rules", clean=False))
    assert ledger.article.text == text
    _spans_match(ledger)
    speakers = {a.source.span.text: a for a in ledger.attributions}
    assert {"Union organiser Maren Holt", "Transport minister Oskar Lindqvist", "Harbour master Ilse Varga"} <= set(speakers)
    varga = speakers["Harbour master Ilse Varga"]
    assert varga.source.span.start == text.index("Harbour master") > 1_000_000


def test_refusing_long_articles_is_a_numbered_error_and_the_batch_goes_on() -> None:
    options = Options(extractor="rules", clean=False, long_articles="refuse")
    long = PARAGRAPHS[1] + " " * 1_000_000 + "\n\n" + PARAGRAPHS[3]
    with pytest.raises(ClaimledgerError) as err:
        analyze(long, options)
    assert err.value.code == "E030"
    results = list(analyze_many([Document("long.txt", long), Document("short.txt", ARTICLE)], options))
    assert isinstance(results[0], Failure) and results[0].error.code == "E030"
    assert isinstance(results[1], Ledger) and results[1].attributions


@pytest.mark.parametrize("bad", [{"long_articles": "truncate"}, {"section_chars": 50}])
def test_bad_long_article_options_are_numbered_errors(bad: dict[str, object]) -> None:
    with pytest.raises(ClaimledgerError) as err:
        Options(**bad)  # type: ignore[arg-type]
    assert err.value.code == "E031"


def test_sections_tile_the_text_and_cut_at_the_best_break() -> None:
    para = "The council met. It voted to close the lane, officials said. " * 8
    text = (para + "\n\n") * 12
    cuts = sections(text, 1_000)
    assert "".join(text[a:b] for a, b in cuts) == text and all(b - a <= 1_000 for a, b in cuts)
    assert all(text[b - 2:b] == "\n\n" for _, b in cuts[:-1])  # after paragraph breaks
    one_line = para * 5
    assert all(one_line[b - 2:b] == ". " for _, b in sections(one_line, 1_000)[:-1])  # after sentence ends
    words = "lane closure " * 300
    assert all(words[b - 1] == " " for _, b in sections(words, 1_000)[:-1])  # after spaces
    assert [b - a for a, b in sections("x" * 2_500, 1_000)] == [1_000, 1_000, 500]  # no space at all


def test_intervals_answer_as_a_scan_of_every_range_would() -> None:
    rng = random.Random(3)
    for _ in range(200):
        ranges = [(a, a + rng.randint(0, 40)) for a in (rng.randint(0, 300) for _ in range(rng.randint(0, 30)))]
        index = Intervals(ranges)
        for _ in range(20):
            start = rng.randint(-5, 340)
            end = start + rng.randint(0, 30)
            overlapping = [i for i, (s, e) in enumerate(ranges) if s < end and start < e]
            assert index.overlapping(start, end) == overlapping
            assert index.any_overlap(start, end) == bool(overlapping)
            assert index.containing(start) == [i for i, (s, e) in enumerate(ranges) if s <= start < e]
            assert index.starting_in(start, end) == [i for i, (s, _) in enumerate(ranges) if start <= s < end]


def _all_pairs_group(text: str, spans: dict[str, list[tuple[int, int]]]) -> list[tuple[tuple[int, int], ...]]:
    """The grouping rule stated directly: every cue against every span, every cue counted in between."""
    cues = sorted(spans["cue"])

    def holds(outer: tuple[int, int], inner: tuple[int, int]) -> bool:
        return outer[0] <= inner[0] and inner[1] <= outer[1]

    def cost(cue: tuple[int, int], span: tuple[int, int]) -> float:
        if holds(span, cue):
            return 0.0 if span[0] < cue[0] - 3 and span[1] > cue[1] + 3 else float("inf")
        lo, hi = min(span[1], cue[1]), max(span[0], cue[0])
        between = sum(1 for c in cues if c != cue and lo <= c[0] and c[1] <= hi)
        return max(0, cue[0] - span[1], span[0] - cue[1]) + 400 * text.count("\n", lo, hi) + 300 * between

    contents, sources = spans["content"], spans["source"]
    content_of: dict[int, int] = {}
    for c, i, j in sorted((cost(cue, k), i, j) for i, cue in enumerate(cues) for j, k in enumerate(contents)):
        if c <= MAX_COST and i not in content_of and j not in content_of.values():
            content_of[i] = j
    out = []
    for i, cue in enumerate(cues):
        if i in content_of:
            content = contents[content_of[i]]
            ok = [(cost(cue, s), j) for j, s in enumerate(sources)
                  if not (holds(s, cue) or holds(content, s) and not holds(content, cue))]
            best = min((c, j) for c, j in ok if c <= MAX_COST) if any(c <= MAX_COST for c, _ in ok) else None
            if best is not None:
                out.append((sources[best[1]], cue, content))
    return out


def test_grouping_nearby_spans_gives_the_all_pairs_answer() -> None:
    rng = random.Random(5)
    for _ in range(120):
        n = rng.randint(100, 12_000)
        text = "".join(rng.choice("ab c .\n") for _ in range(n))
        spans: dict[str, list[tuple[int, int]]] = {}
        for role in ("source", "cue", "content"):
            cuts = sorted(rng.sample(range(n), 2 * rng.randint(0, 30)))
            spans[role] = [(cuts[k], cuts[k + 1]) for k in range(0, len(cuts), 2) if cuts[k + 1] > cuts[k]]
        if spans["content"]:  # a content around others, as a quote interrupted by its cue
            a, b = rng.choice(spans["content"])
            spans["content"].append((max(0, a - 30), b + 30))
        assert group(text, spans) == _all_pairs_group(text, spans)
