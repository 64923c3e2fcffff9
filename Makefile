# Two commands for a fresh machine: `make run` and `make test`.
# Both build the virtualenv from scratch when it is missing.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/annotator

test: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q
	$(BIN)/ruff check annotator tests bench

lint: $(STAMP)
	$(BIN)/ruff check annotator tests bench

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
