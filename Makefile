# claimdiff: `make run` sets everything up and scans the seed articles; `make test` runs the tests.
PY      ?= python3
VENV    := .venv
BIN     := $(VENV)/bin
STAMP   := $(VENV)/.installed
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export TOKENIZERS_PARALLELISM := false

.PHONY: run test venv model browser eval bench reliability clean help

help:
	@echo "make run          set up (venv, pinned deps, model) and scan seeds/"
	@echo "make test         run the test suite (installs Debian's chromium for the browser test if absent)"
	@echo "make eval         comparators on ../shared/eval, the written suite, a BASIL whole scan -> EVALUATION.md"
	@echo "make bench        speed and scale figures -> BENCHMARKS.md"
	@echo "make reliability  bad-input and fault-injection suite -> RELIABILITY.md"

# The virtual environment. torch==2.13.0 goes in first: on these machines that pin
# resolves to the local CPU wheel; anything unpinned would pull GBs of CUDA packages.
$(STAMP): requirements.lock pyproject.toml setup.py
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --disable-pip-version-check torch==2.13.0
	$(BIN)/python -m pip install -q --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install -q --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $(STAMP)

venv: $(STAMP)

# The `ray` extra for the scale-out tests (make test); `make run` does not need it.
RAYSTAMP := $(VENV)/.ray-installed
$(RAYSTAMP): requirements-ray.lock $(STAMP)
	$(BIN)/python -m pip install -q --disable-pip-version-check -r requirements-ray.lock
	touch $(RAYSTAMP)

# Verify the packaged weights against models/manifest.json (sha256) and build the
# derived artefacts under models/generated/.
model: $(STAMP)
	$(BIN)/claimdiff model prepare

run: model
	$(BIN)/claimdiff scan seeds/

# Headless Chromium for the browser test of the HTML report: Debian's package, installed
# when it is absent and apt-get can (as root, or with passwordless sudo). Where it cannot,
# the reason goes to .venv/chromium.status and the browser test's skip message says it.
CHROMIUM ?= $(or $(CLAIMDIFF_CHROMIUM),/usr/bin/chromium)
browser: $(STAMP)
	@if [ -x "$(CHROMIUM)" ]; then echo ok > $(VENV)/chromium.status; \
	elif ! command -v apt-get >/dev/null 2>&1; then \
	  echo "no apt-get here: install Chromium by hand and set CLAIMDIFF_CHROMIUM" > $(VENV)/chromium.status; \
	else \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; elif sudo -n true 2>/dev/null; then SUDO="sudo -n"; \
	  else echo "not root and no passwordless sudo: run 'sudo apt-get install -y chromium'" > $(VENV)/chromium.status; exit 0; fi; \
	  echo "installing Debian's chromium for the browser test (apt-get)..."; \
	  if { $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium; } \
	      > $(VENV)/chromium-install.log 2>&1 && [ -x "$(CHROMIUM)" ]; then echo ok > $(VENV)/chromium.status; \
	  else echo "apt-get install chromium failed (see $(VENV)/chromium-install.log)" > $(VENV)/chromium.status; \
	    tail -3 $(VENV)/chromium-install.log; fi; \
	fi; cat $(VENV)/chromium.status

# Everything, the slow packaging tests (wheel, fresh venv, pre-commit repo hook) included.
test: model browser $(RAYSTAMP)
	$(BIN)/python -m pytest -q -p no:cacheprovider

eval: model
	$(BIN)/python -m claimdiff.evaluate --eval-dir ../shared/eval --output EVALUATION.md

bench: model
	$(BIN)/python scripts/bench.py --output BENCHMARKS.md

reliability: model
	$(BIN)/python scripts/reliability.py --model --output RELIABILITY.md

clean:
	rm -rf $(VENV) models/generated .claimdiff
