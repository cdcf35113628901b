# Set-up is part of every target: a fresh clone needs only `make demo` or `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
POLNEAR ?= ../shared/data/polnear
FNC ?= ../shared/data/fnc1

.PHONY: setup demo test eval bench bench-pages clean

$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $(STAMP)

setup: $(STAMP)

# The Ray extra (issue 18) for the tests only: the default install stays without it.
RAY_STAMP := $(VENV)/.ray-stamp
$(RAY_STAMP): requirements-ray.lock $(STAMP)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-ray.lock
	touch $(RAY_STAMP)

# One article's ledger, then four reports of one story (a wire story, a syndicated copy, a denial, a
# rewrite citing the wire) stored and read across articles: contested claims and a claim tracked.
DEMO_DB := $(VENV)/demo.db
demo: setup
	$(VENV)/bin/claimledger analyze examples/port-closure.txt
	rm -f $(DEMO_DB)
	$(VENV)/bin/claimledger ingest examples/gas-story.jsonl --db $(DEMO_DB)
	$(VENV)/bin/claimledger claims --contested --db $(DEMO_DB)
	$(VENV)/bin/claimledger track "Veldria asked Norway for emergency gas" --db $(DEMO_DB)

test: setup $(RAY_STAMP)
	$(PY) -m mypy
	$(PY) -m pytest -q

eval: setup
	$(VENV)/bin/claimledger eval polnear --data $(POLNEAR) --split dev

bench: setup
	$(PY) bench/battery.py
	$(PY) bench/throughput.py --fnc $(FNC) --n 300 --extractor combined
	$(PY) bench/throughput.py --fnc $(FNC) --n 300 --extractor rules
	$(PY) bench/scale.py --fnc $(FNC)
	$(PY) bench/exports.py

bench-pages: setup
	$(PY) bench/pages.py

clean:
	rm -rf $(VENV) build src/*.egg-info

-include train.mk
