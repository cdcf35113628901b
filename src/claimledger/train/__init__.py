"""Training, outside the runtime (nothing under claimledger imports it but the `eval` and `train` commands).

The attribution tagger (needs the `train` venv: torch, transformers): `python -m claimledger.train --data
../shared/data/polnear`; see MODEL_CARD.md in the output. The claim-relation feature model, numpy alone:
`features` (the recipe), `net` (the network's training loop), `folds` (what `eval --cv` trains per fold),
`relation` (`make train-relation`); its cross-encoder: `relation_cross` (torch).
"""
