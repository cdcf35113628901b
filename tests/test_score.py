"""eval/score.py must give exactly what shared/tools/polnear_score.py gives, and the right numbers."""
from __future__ import annotations

import importlib.util
import io
import json
from contextlib import redirect_stdout
from pathlib import Path

import pytest

from claimledger.eval.score import locate, score

SHARED_SCORER = Path(__file__).parents[2] / "shared/tools/polnear_score.py"

ALPHA = ('The mayor said that the bridge would reopen in May. Residents said little. '
         '"We are not done yet," a city engineer told reporters, adding that repairs were costly.\n')
BETA = "Officials denied the report on Friday. According to the ministry, talks will continue.\n"
GAMMA = "The senator told voters the plan was dead.\n"
SHIFT = "Ferry news\n\n"  # predictions come from a "cleaned" text with a headline in front


def _at(text: str, sub: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = text.index(sub, start + 1)
    return start, start + len(sub)


def _ann(text: str, rels: list[dict[str, list[tuple[int, int]]]]) -> str:
    """brat standoff: T lines for spans (fragments joined by ';'), E lines tying them together."""
    lines, t = [], 0
    for i, rel in enumerate(rels, 1):
        roles = []
        for role, frags in rel.items():
            t += 1
            rng = ";".join(f"{s} {e}" for s, e in frags)
            lines.append(f"T{t}\t{role} {rng}\t{' '.join(text[s:e] for s, e in frags)}")
            roles.append(f"{role}:T{t}")
        t += 1
        cue = rel["Cue"][0]
        lines.append(f"T{t}\tAttribution {cue[0]} {cue[1]}\t{text[cue[0]:cue[1]]}")
        lines.append(f"E{i}\tAttribution:T{t} " + " ".join(roles))
    return "\n".join(lines) + "\n"


@pytest.fixture
def split(tmp_path: Path) -> Path:
    (tmp_path / "text").mkdir()
    (tmp_path / "attributions").mkdir()
    for name, text in (("alpha", ALPHA), ("beta", BETA), ("gamma", GAMMA)):
        (tmp_path / "text" / f"{name}.txt").write_text(text, encoding="utf-8")
    a = ALPHA
    first = _ann(a, [
        {"Source": [_at(a, "The mayor")], "Cue": [_at(a, "said")],
         "Content": [_at(a, "that the bridge would reopen in May.")]},
        # Discontinuous content around the source and cue: scored as one range from the first to the last.
        {"Source": [_at(a, "a city engineer")], "Cue": [_at(a, "told")],
         "Content": [_at(a, '"We are not done yet,"'), _at(a, "adding that repairs were costly")]},
        # No source: not scored.
        {"Cue": [_at(a, "said", 1)], "Content": [_at(a, "little")]},
    ])
    second = _ann(a, [{"Source": [_at(a, "Residents")], "Cue": [_at(a, "said", 1)], "Content": [_at(a, "little")]}])
    # Two annotators: "alpha_a1" sorts before "alpha_b2", so only alpha_a1 is gold.
    (tmp_path / "attributions" / "alpha_a1.ann").write_text(first, encoding="utf-8")
    (tmp_path / "attributions" / "alpha_b2.ann").write_text(second, encoding="utf-8")
    b = BETA
    (tmp_path / "attributions" / "beta_x9.ann").write_text(_ann(b, [
        {"Source": [_at(b, "Officials")], "Cue": [_at(b, "denied")], "Content": [_at(b, "the report")]},
        {"Source": [_at(b, "the ministry")], "Cue": [_at(b, "According to")],
         "Content": [_at(b, "talks will continue")]},
    ]), encoding="utf-8")
    g = GAMMA
    (tmp_path / "attributions" / "gamma_c3.ann").write_text(_ann(g, [
        {"Source": [_at(g, "The senator")], "Cue": [_at(g, "told")], "Content": [_at(g, "the plan was dead")]},
    ]), encoding="utf-8")
    return tmp_path


def _span(orig: str, sub: str | None, nth: int = 0) -> dict:
    if sub is None:
        return {"text": None, "start": 0, "end": 0}
    if sub not in orig:
        return {"text": sub, "start": 5, "end": 5 + len(sub)}
    s, e = _at(orig, sub, nth)
    return {"text": sub, "start": s + len(SHIFT), "end": e + len(SHIFT)}


def _attr(orig: str, source, cue, content, cue_nth: int = 0) -> dict:
    return {"source": _span(orig, source), "cue": _span(orig, cue, cue_nth), "content": _span(orig, content)}


def _obj(name: str, orig: str, attributions: list[dict]) -> dict:
    return {"schema": "claimledger.article/1",
            "article": {"path": f"/somewhere/else/{name}.txt", "text": SHIFT + orig},
            "attributions": attributions}


@pytest.fixture
def predictions() -> list[dict]:
    a, b = ALPHA, BETA
    return [
        _obj("alpha", a, [
            _attr(a, "The mayor", "said", "that the bridge would reopen in May."),  # all exact
            _attr(a, "city engineer", "told",  # source overlaps only; content exact across the discontinuity
                  'We are not done yet," a city engineer told reporters, adding that repairs were costly'),
            # The second "said": locate must pick the occurrence nearest the offset, which is not gold.
            _attr(a, "Residents", "said", "little", cue_nth=1),
        ]),
        _obj("beta", b, [
            _attr(b, "Officials", "denied", "the report on Friday"),  # content: overlap 10/20 = 0.5
            _attr(b, None, "According to", "talks will go on"),  # no source; content not in the text
        ]),
        _obj("delta", "Not in the split.\n", [_attr("Not in the split.\n", "Not", "in", "the split")]),
        # gamma: no prediction at all
    ]


def test_hand_computed_figures(split, predictions):
    result = score(str(split), predictions)
    assert result["articles"] == 3
    assert result["articles_without_prediction"] == 1
    # 5 gold attributions per role; source: 4 predicted, 2 exact (+1 overlapping).
    assert result["source_exact"] == {"p": 0.5, "r": 0.4, "f1": 0.4444}
    assert result["source_overlap"] == {"p": 0.75, "r": 0.6, "f1": 0.6667}
    assert result["cue_exact"] == result["cue_overlap"] == {"p": 0.8, "r": 0.8, "f1": 0.8}
    assert result["content_exact"] == {"p": 0.5, "r": 0.4, "f1": 0.4444}
    assert result["content_overlap"] == {"p": 0.75, "r": 0.6, "f1": 0.6667}
    assert list(result) == ["content_exact", "content_overlap", "cue_exact", "cue_overlap",
                            "source_exact", "source_overlap", "articles", "articles_without_prediction"]


def test_locate_prefers_occurrence_nearest_hint():
    first, second = _at(ALPHA, "said"), _at(ALPHA, "said", 1)
    assert locate(ALPHA, "said", first[0] + 12) == first
    assert locate(ALPHA, "said", second[0] + 12) == second
    assert locate(ALPHA, ' "We are', 0) == _at(ALPHA, "We are")  # trimmed of space and quote
    assert locate(ALPHA, "nowhere", 0) is None and locate(ALPHA, "  ", 0) is None


def _shared_scorer():
    if not SHARED_SCORER.exists():
        pytest.skip(f"shared scorer not found at {SHARED_SCORER} (needs the repo's sibling ../shared)")
    spec = importlib.util.spec_from_file_location("polnear_score", SHARED_SCORER)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("which", ["all", "none", "beta only"])
def test_same_as_shared_scorer(split, predictions, tmp_path, which):
    shared = _shared_scorer()
    preds = {"all": predictions, "none": [], "beta only": predictions[1:2]}[which]
    path = tmp_path / "preds.jsonl"
    path.write_text("".join(json.dumps(p) + "\n" for p in preds), encoding="utf-8")
    with redirect_stdout(io.StringIO()) as out:
        expected = shared.main(str(split), str(path), True)
    assert json.loads(out.getvalue()) == expected
    assert score(str(split), preds) == expected


def test_evaluate_missing_split_is_e011(tmp_path):
    from claimledger.errors import ClaimledgerError
    from claimledger.eval.polnear import evaluate
    from claimledger.options import Options

    with pytest.raises(ClaimledgerError) as err:
        evaluate(str(tmp_path), "dev", Options())
    assert err.value.code == "E011"


def test_evaluate_end_to_end(split, tmp_path):
    pytest.importorskip("spacy")
    from claimledger.eval.polnear import evaluate
    from claimledger.options import Options

    data_dir, name = split.parent, split.name
    out = tmp_path / "ledgers.jsonl"
    result = evaluate(str(data_dir), name, Options(), out=str(out))
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    # clean=False: the ledger text is the file text, byte for byte, so offsets need no locating.
    assert [Path(o["article"]["path"]).name for o in lines] == ["alpha.txt", "beta.txt", "gamma.txt"]
    assert [o["article"]["text"] for o in lines] == [ALPHA, BETA, GAMMA]
    assert result["articles"] == 3 and result["articles_without_prediction"] == 0
    assert result["throughput"]["articles"] == 3 and result["throughput"]["failed"] == 0
    assert {k: v for k, v in result.items() if k != "throughput"} == score(str(split), lines)
