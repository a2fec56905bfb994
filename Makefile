# Two commands: `make run` (demo on the bundled example corpus) and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
STORE ?= .timeline-demo
OUT ?= out

.PHONY: run test lint bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,bench]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/python -m timeline.demo --store $(STORE) --out $(OUT) examples

lint: $(STAMP)
	$(BIN)/ruff check events timeline exports tests bench
	$(BIN)/mypy

test: lint
	$(BIN)/pytest
	# No hidden clock: the suite must pass far from UTC too (slow tests run once).
	TZ=Pacific/Auckland $(BIN)/pytest -m "not slow"

bench: $(STAMP)
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) $(STORE) $(OUT)
