"""Training for the learned attribution extractor (needs the `train` venv: torch, transformers).

Run `python -m claimledger.train --data ../shared/data/polnear`; see MODEL_CARD.md in the output.
"""
