# claimdiff: `make run` sets everything up and scans the seed articles; `make test` runs the tests.
PY      ?= python3
VENV    := .venv
BIN     := $(VENV)/bin
STAMP   := $(VENV)/.installed
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export TOKENIZERS_PARALLELISM := false

.PHONY: run test venv model eval bench reliability clean help

help:
	@echo "make run          set up (venv, pinned deps, model) and scan seeds/"
	@echo "make test         run the test suite"
	@echo "make eval         comparators on ../shared/eval, the written suite, a BASIL whole scan -> EVALUATION.md"
	@echo "make bench        speed and scale figures -> BENCHMARKS.md"
	@echo "make reliability  bad-input and fault-injection suite -> RELIABILITY.md"

# The virtual environment. torch==2.13.0 goes in first: on these machines that pin
# resolves to the local CPU wheel; anything unpinned would pull GBs of CUDA packages.
$(STAMP): requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --disable-pip-version-check torch==2.13.0
	$(BIN)/python -m pip install -q --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install -q --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $(STAMP)

venv: $(STAMP)

# Verify the packaged weights against models/manifest.json (sha256) and build the
# derived artefacts under models/generated/.
model: $(STAMP)
	$(BIN)/claimdiff model prepare

run: model
	$(BIN)/claimdiff scan seeds/

test: model
	$(BIN)/python -m pytest -q -p no:cacheprovider

eval: model
	$(BIN)/python -m claimdiff.evaluate --eval-dir ../shared/eval --output EVALUATION.md

bench: model
	$(BIN)/python scripts/bench.py --output BENCHMARKS.md

reliability: model
	$(BIN)/python scripts/reliability.py --model --output RELIABILITY.md

clean:
	rm -rf $(VENV) models/generated .claimdiff
