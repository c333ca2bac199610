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

eval: $(STAMP)
	$(PY) -m tests.understand.evaluate

bench: $(STAMP)
	$(PY) -m bench.run

clean:
	rm -rf $(VENV) data .pytest_cache
