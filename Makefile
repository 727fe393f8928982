# `make run` and `make test` work on a fresh machine: they create .venv if missing.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DB ?= sqlite:///claimledger.db

.PHONY: run test install bench gazetteer clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): $(BIN)/python requirements.lock pyproject.toml
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/claimledger ingest examples/ --db $(DB)
	$(BIN)/claimledger show --db $(DB)

test: $(STAMP)
	$(BIN)/python -m pytest -q

bench: $(STAMP)
	$(BIN)/python bench/run.py

# Rebuild the shipped gazetteer from GeoNames extracts (needs ../shared/geonames).
gazetteer: $(STAMP)
	$(BIN)/python scripts/build_gazetteer.py ../shared/geonames src/claimledger/data/gazetteer.tsv.gz

clean:
	rm -rf $(VENV) claimledger.db build *.egg-info src/*.egg-info
