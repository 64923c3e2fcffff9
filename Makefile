# Two commands for a fresh machine: `make run` and `make test`.
# Both build the virtualenv from scratch when it is missing.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint bench clean smoke-min-python

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

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
	$(BIN)/ruff check annotator tests bench

smoke-min-python: $(STAMP)
	PIP="$(BIN)/python -m pip" packaging/min_python_smoke.sh

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
