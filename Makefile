# The one command runner for developers and CI alike.
PY      ?= python3
VENV    := .venv
BIN     := $(VENV)/bin
STAMP   := $(VENV)/.installed
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: serve test lint typecheck contracts pytest bench train widget clean help

help:
	@echo "make serve   start the demo site, comments and dashboard on SQLite"
	@echo "make test    lint, type-check, architecture contracts and the whole test suite"
	@echo "make bench   quality and speed benchmarks (writes bench/RESULTS.md inputs)"
	@echo "make train   rebuild the shipped spam model from training/data"
	@echo "make widget  rebuild the widget bundle from widget/src"

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip==25.3
	$(BIN)/pip install --quiet -e '.[dev,bench]'
	touch $(STAMP)

serve: $(STAMP)
	$(BIN)/rejoinder demo

lint: $(STAMP)
	$(BIN)/ruff format --check src tests bench training
	$(BIN)/ruff check src tests bench training

typecheck: $(STAMP)
	$(BIN)/mypy

contracts: $(STAMP)
	$(BIN)/lint-imports

pytest: $(STAMP)
	$(BIN)/pytest

test: lint typecheck contracts pytest

bench: $(STAMP)
	$(BIN)/python -m bench.run_all

train: $(STAMP)
	$(BIN)/python -m training.train

widget:
	cd widget && npm ci --no-audit --no-fund && npm run build

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
