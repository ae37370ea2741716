# Everything a fresh machine needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp

.PHONY: run test check lint format screenshots public-screenshot bench clean

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(VENV)/bin/sekretariat --demo

# The house checks first (seconds), then the tests on every core (minutes).
# The nynorsk tests run in a process of their own (the app's language is chosen once).
test: check
	$(PY) -m pytest -q -n auto
	SEKRETARIAT_SPRAK=nn $(PY) -m pytest -q -n auto tests/nynorsk

# Formatting, lint, types of the core, and the layers (import-linter contracts in pyproject.toml).
check: $(STAMP)
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports

lint: check

format: $(STAMP)
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

screenshots: $(STAMP)
	$(PY) tools/screenshots.py docs/screenshots --today 2026-11-22
	SEKRETARIAT_SPRAK=nn $(PY) tools/screenshots.py docs/screenshots --today 2026-11-22

# The public overview (sekretariat public) at phone width, drawn by headless Chromium.
public-screenshot: $(STAMP)
	$(PY) tools/public_screenshot.py docs/screenshots/public-overview.png

bench: $(STAMP)
	$(PY) bench/run.py

clean:
	rm -rf $(VENV) build dist *.egg-info
