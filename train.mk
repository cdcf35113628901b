# Included from the root Makefile: `make train` rebuilds src/claimledger/data/attribution-model/.
# Training venv kept apart from .venv: torch stays out of the runtime install.
TRAIN_VENV ?= .venv-train
POLNEAR ?= ../shared/data/polnear
TRAIN_ARGS ?=

.PHONY: train train-venv

$(TRAIN_VENV)/.installed: requirements-train.txt pyproject.toml
	python3 -m venv $(TRAIN_VENV)
	$(TRAIN_VENV)/bin/pip install -r requirements-train.txt
	$(TRAIN_VENV)/bin/pip install -e .
	touch $@

train-venv: $(TRAIN_VENV)/.installed

# ~45 minutes on 2 CPU cores (36 of them training); writes model.onnx, tokenizer.json, MODEL_CARD.md.
train: $(TRAIN_VENV)/.installed
	HF_HUB_OFFLINE=1 $(TRAIN_VENV)/bin/python -m claimledger.train --data $(POLNEAR) --work train-work $(TRAIN_ARGS)
