"""The trained extractor, as a user meets it: runtime only (onnxruntime + tokenizers, no torch)."""
from __future__ import annotations

from pathlib import Path

import pytest
import spacy

from claimledger.attribute import get_extractor
from claimledger.attribute.learned import MODEL_DIR, MODEL_FILE, ModelExtractor, quote_type, viterbi, windows
from claimledger.errors import ClaimledgerError
from claimledger.options import Options

# Written for these tests (not PolNeAR, not the seed article).
ARTICLE = (
    "Harbor City will close its oldest ferry terminal next spring.\n\n"
    "Mayor Ruth Okafor said that the city could no longer afford repairs to the pier. "
    "\"We have patched it for twenty years, and the patches are failing,\" said Daniel Brandt, "
    "the head of the port authority.\n\n"
    "The ferry carried about four thousand passengers a day last summer."
)

needs_model = pytest.mark.skipif(not (MODEL_DIR / MODEL_FILE).is_file(),
                                 reason="model not built; run `make train`")


@pytest.fixture(scope="module")
def found() -> list:
    doc = spacy.blank("en")(ARTICLE)
    return get_extractor("tagger").extract(doc)


def _by_cue(found: list, cue: str):
    hits = [a for a in found if a.cue.text == cue]
    assert hits, f"no attribution with cue {cue!r}: {[(a.source.text, a.cue.text) for a in found]}"
    return hits[0]


@needs_model
def test_indirect_speech(found: list) -> None:
    a = _by_cue(found, "said")
    assert a.source.text == "Mayor Ruth Okafor"
    assert a.content.text.strip(" .").endswith("the city could no longer afford repairs to the pier")
    assert a.quote == "indirect"


@needs_model
def test_direct_quote_with_speaker_after(found: list) -> None:
    quoted = [a for a in found if "patches are failing" in a.content.text]
    assert len(quoted) == 1
    a = quoted[0]
    assert a.source.text.startswith("Daniel Brandt")
    assert a.cue.text == "said"
    assert a.content.text.startswith("We have patched it")
    assert a.quote == "direct"


@needs_model
def test_offsets_point_into_the_text(found: list) -> None:
    for a in found:
        for span in (a.source, a.cue, a.content):
            assert ARTICLE[span.start : span.end] == span.text


@needs_model
def test_narration_is_not_attributed(found: list) -> None:
    assert not any("passengers" in a.content.text or "ferry terminal" in a.content.text for a in found)


@needs_model
def test_long_article_is_windowed() -> None:
    # Far more wordpieces than one window: the attribution near the end must still be found.
    filler = "The council met again on Monday and discussed the budget for the coming year. " * 60
    text = filler + "Mayor Ruth Okafor said that the pier would close in April."
    found = ModelExtractor().extract_text(text)
    assert any(a.source.text == "Mayor Ruth Okafor" and a.cue.text == "said" for a in found)


def test_missing_model_is_e010(tmp_path: Path) -> None:
    with pytest.raises(ClaimledgerError) as err:
        ModelExtractor(tmp_path / "nowhere")
    assert err.value.code == "E010"


@pytest.mark.parametrize("value", ["two", 0, -1])
def test_bad_thread_count_is_refused_by_the_options(value: object) -> None:
    with pytest.raises(ClaimledgerError) as err:
        Options(threads=value)  # type: ignore[arg-type]
    assert err.value.code == "E031" and "threads" in str(err.value)


def test_windows_cover_every_token() -> None:
    for n in (0, 1, 254, 255, 1000):
        spans = windows(n)
        covered = set().union(*(range(a, b) for a, b in spans)) if spans else set()
        assert covered == set(range(n))
        assert all(b - a <= 254 for a, b in spans)


def test_one_doubtful_wordpiece_does_not_split_a_span() -> None:
    O, B, I = [-0.1, -5.0, -2.5], [-5.0, -0.1, -2.5], [-5.0, -3.0, -0.1]
    doubtful = [-0.6, -3.0, -0.8]  # O is the argmax, but O then B again costs more than one I
    assert viterbi([O, B, I, doubtful, I, I, O]) == [0, 1, 2, 2, 2, 2, 0]
    # A confident O still ends the span, and an I after it opens a new one as B.
    assert viterbi([B, I, [-0.01, -6.0, -6.0], [-3.0, -0.9, -0.6], I]) == [1, 2, 0, 1, 2]


def test_quote_type() -> None:
    text = 'He said "we will win" and that taxes would fall.'
    assert quote_type(text, (9, 19)) == "direct"
    assert quote_type(text, (30, 47)) == "indirect"


@needs_model
def test_pipeline_with_model_extractor() -> None:
    from claimledger.options import Options
    from claimledger.pipeline import analyze

    ledger = analyze(ARTICLE, Options(extractor="combined"))
    speakers = {a.source.span.text for a in ledger.attributions}
    assert "Mayor Ruth Okafor" in speakers
    assert any(a.quote == "direct" and a.source.span.text.startswith("Daniel Brandt") for a in ledger.attributions)


@needs_model
def test_speaker_set_off_by_commas_speaks_the_whole_sentence() -> None:
    from claimledger.options import Options
    from claimledger.pipeline import analyze

    text = ("Harbor City will close its oldest ferry terminal next spring.\n\n"
            "The old terminal, Mayor Ruth Okafor said, will become a covered market by 2028.")
    ledger = analyze(text, Options(extractor="combined"))
    okafor = [a for a in ledger.attributions if a.source.span.text == "Mayor Ruth Okafor"]
    assert len(okafor) == 1
    assert okafor[0].content.text.startswith("The old terminal, Mayor Ruth Okafor said, will become")
    assert [p.text for p in okafor[0].pieces][0] == "The old terminal"
