# Two commands for a fresh machine: `make run` and `make test`.
# Both build the virtualenv from scratch when it is missing.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint bench clean smoke-min-python

# The first install takes a couple of minutes (PySide6 and spaCy are large): say what is
# happening, and let pip show each package as it arrives, so it never looks stuck.
$(STAMP): pyproject.toml
	@echo "==> Setting up $(VENV) (first run only, about two minutes)"
	@test -x $(BIN)/python || { echo "==> Creating the virtual environment"; $(PYTHON) -m venv $(VENV); }
	@echo "==> Updating pip"
	@$(BIN)/python -m pip install --quiet --upgrade pip
	@echo "==> Installing Stance Annotator and its dependencies (Qt, spaCy, sqlite-utils, test tools)"
	@$(BIN)/python -m pip install --progress-bar on -e '.[test]' 2>&1 | \
		grep --line-buffered -E '^(Collecting|Downloading|Installing|Successfully|ERROR|error)' || true
	@$(BIN)/python -c "import annotator, PySide6, spacy" || \
		{ echo "==> The install did not finish: run 'make run' again (see the messages above)"; exit 1; }
	@echo "==> Ready"
	@touch $(STAMP)

run: $(STAMP)
	$(BIN)/annotator

# The install-and-smoke check on the lowest supported Python (packaging/min_python_smoke.sh)
# waits mostly on the package index, so it runs beside the suite and costs no extra time.
test: $(STAMP)
	@PIP="$(BIN)/python -m pip" packaging/min_python_smoke.sh > $(VENV)/min-python-smoke.log 2>&1 & \
	smoke=$$!; \
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q; suite=$$?; \
	wait $$smoke; smoke_status=$$?; cat $(VENV)/min-python-smoke.log; \
	test $$suite = 0 && test $$smoke_status = 0
	$(BIN)/ruff check annotator tests bench docs/screenshots

smoke-min-python: $(STAMP)
	PIP="$(BIN)/python -m pip" packaging/min_python_smoke.sh

lint: $(STAMP)
	$(BIN)/ruff check annotator tests bench docs/screenshots

clean:
	rm -rf $(VENV) build dist .pytest_cache

# The desktop application, one folder: dist/stance-annotator/ (docs/packaging.md). Too slow for
# CI; check a build with packaging/smoke.sh.
.PHONY: dist
dist: $(STAMP)
	$(BIN)/python -m pip install --quiet 'pyinstaller>=6.10,<7'
	$(BIN)/pyinstaller --noconfirm --clean --distpath dist --workpath build/pyinstaller \
		packaging/stance-annotator.spec
	version=$$(dist/stance-annotator/stance-annotator --version) && version=$${version##* } && \
		tar -C dist -czf "dist/stance-annotator-$$version-linux-$$(uname -m).tar.gz" stance-annotator
