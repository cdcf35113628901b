"""The sentence encoder: the shipped int8 MiniLM, run through onnxruntime (no torch)."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from claimledger.embed import DIMENSIONS, from_bytes, get_encoder, to_bytes
from claimledger.errors import ClaimledgerError
from claimledger.options import Options


def test_a_paraphrase_is_nearer_than_the_same_words_on_another_matter() -> None:
    claim = "The harbour authority closed the container port after a cyber attack."
    texts = [claim,
             "A hacking incident forced officials to shut the cargo terminal at the port.",
             "The harbour authority opened a new container port after a record year.",
             "Wheat prices rose for a third week on drought fears."]
    vectors = get_encoder().encode(texts)
    assert vectors.shape == (4, DIMENSIONS) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-3)
    sims = vectors[1:] @ vectors[0]
    assert sims[0] > sims[2] + 0.3  # the paraphrase, far above the unrelated story
    # (The opposite statement in the same words scores higher still: polarity is the relation model's job.)


def test_a_text_gets_the_same_vector_whatever_it_is_encoded_with() -> None:
    # A stored vector is compared with vectors computed later, in other runs and other company.
    texts = ["Short.", "A much longer sentence about the minister who denied the report on Friday. " * 4, "Mid length one."]
    encoder = get_encoder()
    together = encoder.encode(texts)
    alone = np.vstack([encoder.encode([t]) for t in reversed(texts)])[::-1]
    assert np.array_equal(together, alone)
    assert np.array_equal(from_bytes(to_bytes(together[1])), together[1])
    assert encoder.encode([]).shape == (0, DIMENSIONS)


def test_a_missing_model_is_a_numbered_error(tmp_path: Path) -> None:
    with pytest.raises(ClaimledgerError) as caught:
        get_encoder(Options(embed_model_dir=str(tmp_path)))
    assert caught.value.code == "E095"


def test_the_encoder_runs_without_torch() -> None:
    code = "import sys, claimledger.embed as e; e.get_encoder().encode(['x']); print('torch' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "False"
