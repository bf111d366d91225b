# Two targets do all set-up on a fresh clone: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

$(STAMP): pyproject.toml
	bash tools/ensure-system-libs.sh
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

.PHONY: setup run test test-windows-rules bench messages dist
setup: $(STAMP)

run: $(STAMP)
	$(BIN)/aplan

test: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest

# The whole suite again under Windows' file rules (tests/windows_rules.py, docs/windows.md); the
# power-cut test kills 20 times there (SQLite's own file handling is what it tests, not Python's).
test-windows-rules: $(STAMP)
	APLAN_WINDOWS_RULES=1 APLAN_KILLS=20 QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q

bench: $(STAMP)
	$(BIN)/python benchmarks/store_bench.py

# Re-extract the messages and merge them into the catalogues; then translate what is new.
messages: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg -k N_ -k translate -k gettext --no-location --omit-header --no-wrap -o translations/aplan.pot .
	$(BIN)/pybabel update -i translations/aplan.pot -d translations -D aplan --no-wrap --no-fuzzy-matching
	$(BIN)/pybabel compile -d translations -D aplan --statistics

# The one-folder build for Windows (docs/windows.md), then its check without a screen.
BUILD_STAMP := $(VENV)/.installed-build
$(BUILD_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test,build]'
	touch $(BUILD_STAMP)

dist: $(BUILD_STAMP)
	$(BIN)/pyinstaller --noconfirm --clean --log-level WARN build.spec
	bash tools/check_dist.sh
