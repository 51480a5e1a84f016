# The one command runner for developers and CI alike.
PY      ?= python3
VENV    := .venv
BIN     := $(VENV)/bin
STAMP   := $(VENV)/.installed
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: serve test lint typecheck contracts pytest compile bench train widget clean help

help:
	@echo "make serve   start the demo site, comments and dashboard on SQLite"
	@echo "make test    lint, type-check, architecture contracts and the whole test suite"
	@echo "make bench   quality and speed benchmarks (writes bench/RESULTS.md inputs)"
	@echo "make train   rebuild the shipped spam model from training/data"
	@echo "make widget  rebuild the widget bundle from widget/src"
	@echo "make compile compile the spam engine with mypyc (make serve and make test do it first)"

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip==25.3
	$(BIN)/pip install --quiet -e '.[dev,bench]'
	touch $(STAMP)

# The spam engine's hot modules compiled by mypyc, in place (setup.py says which and why). Rebuilt
# whenever a source of the engine changes; REJOINDER_PURE=1 (or a failed build: no compiler)
# leaves the engine as plain Python, which gives the same answers, only slower (and no stamp, so
# the next make tries again).
ENGINE_SOURCES := $(wildcard src/rejoinder/spam/*.py)
COMPILED_STAMP := build/engine.compiled

compile: $(COMPILED_STAMP)

$(COMPILED_STAMP): $(STAMP) $(ENGINE_SOURCES) setup.py
	rm -f $@ src/rejoinder/spam/*.so src/rejoinder/spam__mypyc*.so
	@if [ "$${REJOINDER_PURE:-0}" = 1 ]; then echo "REJOINDER_PURE=1: the engine runs as pure Python"; \
	elif REJOINDER_COMPILE=1 $(BIN)/python setup.py --quiet build_ext --inplace; then mkdir -p build && touch $@; \
	else rm -f src/rejoinder/spam/*.so src/rejoinder/spam__mypyc*.so; \
	  echo "warning: mypyc could not compile the engine; it runs as pure Python (same answers, slower)"; fi

serve: $(STAMP) $(COMPILED_STAMP)
	$(BIN)/rejoinder demo

lint: $(STAMP)
	$(BIN)/ruff format --check src tests bench training
	$(BIN)/ruff check src tests bench training

typecheck: $(STAMP)
	$(BIN)/mypy

contracts: $(STAMP)
	$(BIN)/lint-imports

# The Node packages the tests drive (the npm Akismet clients, the widget's bundle and axe-core),
# installed from their lock files on a fresh clone, so `make test` needs no step of its own first.
NODE_DEPS := tests/clients/node_modules/.package-lock.json widget/node_modules/.package-lock.json

%/node_modules/.package-lock.json: %/package-lock.json
	cd $* && npm ci --no-audit --no-fund --silent

pytest: $(STAMP) $(COMPILED_STAMP) $(NODE_DEPS)
	$(BIN)/pytest --durations=20  # the slowest tests, so CI time stays watched (30-minute limit)

test: lint typecheck contracts pytest

bench: $(STAMP)
	$(BIN)/python -m bench.run_all

train: $(STAMP)
	$(BIN)/python -m training.train

widget:
	cd widget && npm ci --no-audit --no-fund && npm run build

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache build src/rejoinder/spam/*.so src/rejoinder/spam__mypyc*.so
