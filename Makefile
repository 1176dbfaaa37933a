# Two commands do all set-up on a fresh machine with Python 3.11: `make run` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
PORT   ?= 8080
PY     := $(VENV)/bin/python
BASE_REQS := requirements/base.txt
DEV_REQS  := requirements/dev.txt

export PORT

.PHONY: run test lint format install install-dev clean

$(VENV)/.base-installed: $(BASE_REQS) scripts/install.sh
	VENV=$(VENV) PYTHON=$(PYTHON) REQS="$(BASE_REQS)" sh scripts/install.sh
	touch $@

$(VENV)/.dev-installed: $(VENV)/.base-installed $(DEV_REQS)
	VENV=$(VENV) PYTHON=$(PYTHON) REQS="$(BASE_REQS) $(DEV_REQS)" sh scripts/install.sh
	touch $@

install: $(VENV)/.base-installed
install-dev: $(VENV)/.dev-installed

run: install
	VENV=$(VENV) sh scripts/serve.sh

test: install-dev
	$(VENV)/bin/ruff check service tests
	$(VENV)/bin/ruff format --check service tests
	$(PY) -m pytest -q

lint: install-dev
	$(VENV)/bin/ruff check service tests
	$(VENV)/bin/ruff format --check service tests

format: install-dev
	$(VENV)/bin/ruff format service tests
	$(VENV)/bin/ruff check --fix service tests

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
