# Convivencia — the two set-up commands are `make run` and `make test`.
PYTHON ?= python3.11
PORT ?= 8501
VENV := .venv
BIN := $(VENV)/bin
WORKSPACE ?= data/demo.gpkg

.PHONY: run test lint typecheck demo clean screenshot

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.runtime: requirements.txt constraints.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt -c constraints.txt
	touch $@

$(VENV)/.dev: requirements-dev.txt $(VENV)/.runtime
	$(BIN)/pip install --quiet -r requirements-dev.txt -c constraints.txt
	touch $@

$(WORKSPACE): | $(VENV)/.runtime
	$(BIN)/python cli.py demo --out $(WORKSPACE)

demo: $(WORKSPACE)

## make run: serve the app on the demo workspace at http://127.0.0.1:$(PORT)
run: $(VENV)/.runtime $(WORKSPACE)
	CONVIVENCIA_WORKSPACE=$${CONVIVENCIA_WORKSPACE:-$(WORKSPACE)} \
	$(BIN)/streamlit run app.py --server.address 127.0.0.1 --server.port $(PORT)

lint: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

## make test: lint, then the whole pytest suite (browser tests included), on three workers:
## the browser tests all run in one of them (one app server, one Chromium; tests/conftest.py),
## which mostly waits for the server and the browser, so a third worker uses that time
## (on this 2-core machine 5 min 53 s against 6 min 53 s with two; memory is not short).
## Python may write its bytecode (__pycache__, git-ignored) even where the environment says
## not to: otherwise every process the tests start compiles the code again (a fresh clone's
## run took 7 min 27 s with PYTHONDONTWRITEBYTECODE=1, 6 min 42 s without)
test: lint
	PYTHONDONTWRITEBYTECODE= $(BIN)/python -m pytest -n 3 --dist loadgroup

## the README's picture: the browser test in Debian's Chromium, serving the full demo
screenshot: $(VENV)/.dev $(WORKSPACE)
	CONVIVENCIA_SCREENSHOT=docs/screenshot.png CONVIVENCIA_SCREENSHOT_WORKSPACE=$(WORKSPACE) \
	$(BIN)/python -m pytest tests/browser -k map_draws

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
