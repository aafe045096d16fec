# corpbench — the front door. `make run` and `make test` do all the set-up on a fresh machine.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
# The organisation whose report `make run` shows (a fictional acute foundation trust of the demo).
DEMO_ORG ?= ZF00001
DEMO_DB ?= sqlite:///corpbench.db
HOST ?= 127.0.0.1
PORT ?= 8000

ASSETS := src/corpbench/web/static/vendor/.built-stamp

.PHONY: install run test lint typecheck pytest bench clean browser screenshots

install: $(STAMP) $(ASSETS)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

# Front-end assets (NHS design system, htmx, vega-embed, axe-core) come from the npm registry at
# build time and are served by the app; nothing is fetched at run time.
$(ASSETS): frontend/package.json frontend/package-lock.json scripts/build_assets.py
	cd frontend && npm ci --no-audit --no-fund --loglevel=error
	$(PYTHON) scripts/build_assets.py
	touch $(ASSETS)

# Browser tests drive Debian's chromium (never a downloaded browser).
browser:
	@command -v chromium >/dev/null || { apt-get update -q && apt-get install -y -q chromium chromium-driver; }

run: install
	CORPBENCH_DB=$(DEMO_DB) $(BIN)/corpbench demo --load
	CORPBENCH_DB=$(DEMO_DB) $(BIN)/corpbench summary --method iqm
	CORPBENCH_DB=$(DEMO_DB) $(BIN)/corpbench report --org $(DEMO_ORG) --year 2009/10
	CORPBENCH_DB=$(DEMO_DB) $(BIN)/corpbench publish --if-none --note "The demo round"
	CORPBENCH_DB=$(DEMO_DB) $(BIN)/corpbench user demo --org $(DEMO_ORG)
	CORPBENCH_DB=$(DEMO_DB) $(BIN)/corpbench serve --host $(HOST) --port $(PORT)

lint: install
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/ruff format --check src tests benchmarks scripts

typecheck: install
	$(BIN)/mypy

pytest: install browser
	$(BIN)/pytest -n 2 --dist loadfile

# Lint, types and the whole suite; every database test runs on SQLite and on PostgreSQL.
test: lint typecheck pytest

bench: install
	@command -v wrk >/dev/null || { apt-get update -q && apt-get install -y -q wrk; }
	$(BIN)/python benchmarks/run.py
	$(BIN)/python benchmarks/plan_montecarlo.py
	$(BIN)/python benchmarks/plan_optimise.py
	$(BIN)/python benchmarks/uncertainty.py
	$(BIN)/python benchmarks/web_load.py

# The user guides' screenshots (docs/images), taken by the browser tests.
screenshots: install browser
	CORPBENCH_SCREENSHOTS=docs/images $(BIN)/pytest -q -p no:xdist tests/browser

clean:
	rm -rf $(VENV) build dist .mypy_cache .ruff_cache .pytest_cache .hypothesis corpbench.db
