# Two commands do all set-up on a fresh machine with Python 3.11: `make run` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
PORT   ?= 8080
PY     := $(VENV)/bin/python
BASE_REQS := requirements/base.txt
DEV_REQS  := requirements/dev.txt

export PORT

VERSION := $(shell sed -n 's/^__version__ = "\(.*\)"$$/\1/p' service/__init__.py)
IMAGE   ?= news-attribution-service

.PHONY: run test lint format install install-dev clean bench bench-corpus corpus image image-test \
        train-quotes

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
	$(VENV)/bin/ruff check service tools tests gunicorn.conf.py
	$(VENV)/bin/ruff format --check service tools tests gunicorn.conf.py
	$(PY) -m pytest -q

lint: install-dev
	$(VENV)/bin/ruff check service tools tests gunicorn.conf.py
	$(VENV)/bin/ruff format --check service tools tests gunicorn.conf.py

format: install-dev
	$(VENV)/bin/ruff format service tools tests gunicorn.conf.py
	$(VENV)/bin/ruff check --fix service tools tests gunicorn.conf.py

# Throughput, latency and memory against raw spaCy, with the targets' ratios (a few minutes):
#   make bench POLNEAR=/path/to/polnear/dev.jsonl     (without POLNEAR: the articles in seeds/)
bench: install-dev
	$(PY) -m tools.bench $(if $(POLNEAR),--polnear $(POLNEAR),--seeds) $(BENCH_ARGS)

# Corpus mode on Dask against raw spaCy nlp.pipe(n_process=2), side by side on PolNeAR train cut
# into 8 shards (about 10 minutes; docs/corpus.md). LOCAL=1 adds the local mode with 1 and 2
# processes and checks that its answers equal the Dask run's.
#   make bench-corpus [POLNEAR_TRAIN=../shared/data/polnear/train.jsonl] [LOCAL=1]
POLNEAR_TRAIN ?= ../shared/data/polnear/train.jsonl
bench-corpus: install-dev
	$(PY) -m tools.bench.corpus --polnear $(POLNEAR_TRAIN) $(if $(LOCAL),--local) $(BENCH_ARGS)

# Analyse a JSON Lines corpus ({"id", "text"} a line) on every core, with a progress bar:
#   make corpus IN=articles.jsonl OUT=/tmp/results.jsonl
# On Dask (docs/corpus.md): make corpus IN="a.jsonl b/ s3://bucket/c/*.jsonl.gz" OUT=out_dir/ \
#   CORPUS_ARGS="--dask 4"
corpus: install
	@test -n "$(IN)" -a -n "$(OUT)" || { echo "usage: make corpus IN=in.jsonl OUT=out.jsonl"; exit 2; }
	$(PY) -m service corpus $(IN) $(OUT) $(CORPUS_ARGS)

# The learned part of quote attribution, retrained from PolNeAR train (about 10 minutes on 2 cores;
# docs/accuracy.md): the span tagger, then the candidate ranker fitted on its held-out articles.
#   make train-quotes [POLNEAR_TRAIN=../shared/data/polnear/train.jsonl]
train-quotes: install-dev
	$(PY) -m tools.train.quotes $(POLNEAR_TRAIN) service/models/attribution_spans $(TRAIN_ARGS)
	$(PY) -m tools.train.quote_ranker $(POLNEAR_TRAIN) service/models/quote_ranker.json

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache build *.egg-info

# --- the container image (docs/deployment.md) -------------------------------------------------------
# `make image`: IMAGE:VERSION and IMAGE:latest, with docker where its engine runs, else podman.
# BASE=... picks another base; without registries a Debian base is bootstrapped once (debootstrap).
# PODMAN_FLAGS: what this sandbox needs to run containers (empty elsewhere: PODMAN_FLAGS=).
PODMAN_FLAGS ?= --runtime runc --ulimit nofile=1024:4096 --ulimit nproc=1024:4096
export PODMAN_FLAGS

image:
	IMAGE=$(IMAGE) VERSION=$(VERSION) $(if $(BASE),BASE=$(BASE)) sh tools/image/build.sh

# Runs the image and checks it as a user would (readiness, the seed answer against openapi.yaml,
# non-root, /docs in Chromium, stalled clients, graceful stop); removes its container.
image-test: install-dev
	$(PY) -m tools.image_test --image $(IMAGE):$(VERSION) $(IMAGE_TEST_ARGS)

# --- reliability (issue 7); none of these is part of `make test` / CI -----------------------------
.PHONY: fuzz load audit

# Long fuzzing, ~15-30 min: 10,000 hypothesis examples of the engine properties (profile "fuzz")
# and 1,000 fresh random schemathesis cases per API operation and mode.
fuzz: install-dev
	NAS_HYPOTHESIS_PROFILE=fuzz NAS_FUZZ_API_EXAMPLES=$(or $(FUZZ_API_EXAMPLES),1000) \
		$(PY) -m pytest -q -s tests/test_properties.py tests/test_fuzz_api.py

# Load and fault test on 127.0.0.1 (5 min by default; bounded in time and requests):
#   make load POLNEAR=/path/to/polnear/dev.jsonl  [LOAD_ARGS="--workers 2 --duration 300"]
load: install-dev
	$(PY) -m tools.loadtest $(if $(POLNEAR),--articles $(POLNEAR)) $(LOAD_ARGS)

# Known vulnerabilities in the pinned requirements. pip-audit lives in a throwaway venv and needs
# network access to a vulnerability database (PyPI's), which CI does not have.
AUDIT_VENV ?= .venv-audit
audit:
	test -x $(AUDIT_VENV)/bin/pip-audit || { $(PYTHON) -m venv $(AUDIT_VENV) && \
		$(AUDIT_VENV)/bin/pip install -q pip-audit; }
	$(AUDIT_VENV)/bin/pip-audit --strict --require-hashes --disable-pip $(AUDIT_ARGS) \
		-r requirements/base.txt -r requirements/dev.txt
