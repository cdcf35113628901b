"""One way to open a shipped ONNX model: CPU only, with the thread count from the Options."""
from __future__ import annotations

from pathlib import Path
from typing import Any


def inference_session(path: Path, threads: int) -> Any:
    """An onnxruntime session on `path` using `threads` threads within an operator and one across them:
    in the pipeline spaCy parses on one core while a model runs on the other (bench/: the tagger made
    0.55 of bare spaCy with one thread, 0.48 with two), so one is the default everywhere."""
    import onnxruntime as ort

    opts = ort.SessionOptions()
    opts.intra_op_num_threads = threads
    opts.inter_op_num_threads = 1
    return ort.InferenceSession(str(path), opts, providers=["CPUExecutionProvider"])
