# The two commands of the README: `make run` and `make test` set everything up themselves.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test eval bench check lint clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(VENV)/bin/twitchcheck run

lint: $(STAMP)
	$(PY) -m ruff check bot tests bench
	$(PY) -m mypy --strict bot

test: $(STAMP) lint
	$(VENV)/bin/twitchcheck check
	$(PY) -m pytest -q

# `make eval LOCALE=es [EVALSET=phrases.yaml] [CONVERSATIONS=talks.yaml]`: one locale's sets.
LOCALE_SETS = tests/understand/locales
eval: $(STAMP)
	$(PY) -m tests.understand.evaluate $(if $(LOCALE),--locale $(LOCALE) \
	  --set $(or $(EVALSET),$(LOCALE_SETS)/$(LOCALE)_phrases.yaml) \
	  --conversations $(or $(CONVERSATIONS),$(LOCALE_SETS)/$(LOCALE)_conversations.yaml))

bench: $(STAMP)
	$(PY) -m bench.run

clean:
	rm -rf $(VENV) data .pytest_cache
