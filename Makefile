# The two commands of the README: `make run` and `make test` set everything up themselves.
# They install from the lock files in requirements/ (exact versions, made by `make lock`):
# `make run` only what runs (run.txt), `make test` the dev tools too (dev.txt).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip install --quiet --disable-pip-version-check
# Which interpreter the venv is for: another PYTHON (or an upgraded one) rebuilds it.
PYTHON_ID := $(shell $(PYTHON) -c 'import sys, platform; print(sys.executable, platform.python_version())' 2>/dev/null)
UV ?= uv

.PHONY: run test eval bench check lint lock clean erase-data FORCE

$(VENV)/.python: FORCE
	@if [ -z "$(PYTHON_ID)" ]; then \
	  echo "error: PYTHON=$(PYTHON): no such interpreter; install Python 3.11+ or pass PYTHON=/path/to/python3" >&2; exit 2; fi
	@if [ "$$(cat $@ 2>/dev/null)" != "$(PYTHON_ID)" ]; then \
	  echo "creating $(VENV) for $(PYTHON_ID)"; rm -rf $(VENV) && $(PYTHON) -m venv $(VENV) && echo "$(PYTHON_ID)" > $@; fi

$(VENV)/.run: $(VENV)/.python requirements/run.txt pyproject.toml
	$(PIP) -r requirements/run.txt
	$(PIP) --no-deps -e .
	touch $@

$(VENV)/.dev: $(VENV)/.python requirements/dev.txt pyproject.toml
	$(PIP) -r requirements/dev.txt
	$(PIP) --no-deps -e .
	touch $@

run: $(VENV)/.run
	$(VENV)/bin/twitchcheck run

lint: $(VENV)/.dev
	$(PY) -m ruff check bot tests bench
	$(PY) -m mypy --strict bot

test: $(VENV)/.dev lint
	$(VENV)/bin/twitchcheck check
	$(PY) -m pytest -q

# `make eval LOCALE=es [EVALSET=phrases.yaml] [CONVERSATIONS=talks.yaml]`: one locale's sets.
LOCALE_SETS = tests/understand/locales
eval: $(VENV)/.dev
	$(PY) -m tests.understand.$(if $(LOCALE),evaluate_locale --locale $(LOCALE) \
	  --set $(or $(EVALSET),$(LOCALE_SETS)/$(LOCALE)_phrases.yaml) \
	  --conversations $(or $(CONVERSATIONS),$(LOCALE_SETS)/$(LOCALE)_conversations.yaml),evaluate)

bench: $(VENV)/.dev
	$(PY) -m bench.run

# After a change to the dependencies in pyproject.toml: re-pin both lock files (needs uv).
lock:
	@command -v $(UV) >/dev/null || { echo "error: uv not found; install it (pipx install uv) or pass UV=/path/to/uv" >&2; exit 2; }
	cd requirements && $(UV) pip compile ../pyproject.toml --universal --python-version 3.11 --quiet \
	  --custom-compile-command "make lock" -o run.txt
	cd requirements && $(UV) pip compile ../pyproject.toml --extra dev --universal --python-version 3.11 --quiet \
	  --custom-compile-command "make lock" -o dev.txt

# Build output and caches only: never data/ (the sessions and the id secret).
clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis build *.egg-info
	find . -path ./data -prune -o -name __pycache__ -type d -prune -exec rm -rf {} +

# Erases every stored session and the id secret: `make erase-data CONFIRM=yes`.
erase-data:
	@if [ "$(CONFIRM)" != "yes" ]; then \
	  echo "error: this deletes data/ (every session and the id secret); run: make erase-data CONFIRM=yes" >&2; exit 2; fi
	rm -rf data

FORCE:
