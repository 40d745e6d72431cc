# The two commands the README promises: `make run` and `make test`. Both create what they need.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: setup run server test lint typecheck unit bench fidelity screenshots clean package package-test

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(BIN)/python -m pip install -q --disable-pip-version-check --upgrade pip
	@$(BIN)/python -m pip install -q --disable-pip-version-check -e '.[dev,server]'
	@touch $(STAMP)

setup: $(STAMP)

PACKS_STAMP := $(VENV)/.icon-packs-stamp

# The cloud vendors' icon pack (AWS, Azure, GCP, Kubernetes...) comes from the `diagrams` wheel; the app
# offers the same install in Preferences > Icon packs. Only its artwork is used, so no dependencies.
$(PACKS_STAMP): $(STAMP)
	@$(BIN)/python -m pip install -q --disable-pip-version-check --no-deps diagrams || \
		echo "note: the cloud icon pack could not be installed now; Preferences > Icon packs can retry"
	@touch $(PACKS_STAMP)

run: setup $(PACKS_STAMP)
	$(BIN)/autograph $(ARGS)

# The hosted backend's embedded default on this machine (SQLite and a blob folder, no other service), for
# trying sync on one computer. SERVER_DATA and SERVER_PORT choose where it keeps data and listens.
SERVER_DATA ?= .server-data
SERVER_PORT ?= 8750
server: setup
	$(BIN)/autograph-server --data $(SERVER_DATA) --host 127.0.0.1 --port $(SERVER_PORT)

lint: setup
	$(BIN)/ruff check autograph_desktop autograph_server tests benchmarks packaging
	$(BIN)/lint-imports

typecheck: setup
	$(BIN)/mypy autograph_desktop autograph_server

unit: setup
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q $(PYTEST_ARGS)

test: lint typecheck unit

bench: setup
	@for script in benchmarks/bench_*.py; do \
		echo "== $$script"; QT_QPA_PLATFORM=offscreen $(BIN)/python $$script || exit 1; \
	done

# How much imports look like the source tool's own rendering (issue 17): SSIM and edge scores per file of
# ../shared/corpus/visual and side-by-side pictures (source | ours | overlay) in fidelity/. SVGs are
# rasterised by headless Chromium (Debian: apt-get install chromium), else by cairosvg.
FIDELITY_OUT ?= fidelity
fidelity: setup $(PACKS_STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python benchmarks/bench_fidelity.py --out $(FIDELITY_OUT) $(ARGS)

# Pictures of every key screen of the user journeys (tests/gui/test_user_journeys.py), at two window sizes.
screenshots: setup
	@for size in 1600x1000 1000x700; do \
		QT_QPA_PLATFORM=offscreen SCREENSHOTS_DIR=screenshots JOURNEY_SIZE=$$size $(BIN)/python -m pytest -q \
			tests/gui/test_user_journeys.py || exit 1; \
	done
	@echo "screenshots written to screenshots/"

# The double-click install (issue 15): the PyInstaller one-folder bundle in dist/autograph, then for Linux
# users a .tar.gz with install.sh and a .deb in dist/. PyInstaller comes from the `package` extra, which the
# test setup does not install. Windows (packaging/windows) and macOS (packaging/macos) are built there.
PACKAGE_STAMP := $(VENV)/.package-stamp
$(PACKAGE_STAMP): $(STAMP)
	@$(BIN)/python -m pip install -q --disable-pip-version-check -e '.[dev,server,package]'
	@touch $(PACKAGE_STAMP)

package: $(PACKAGE_STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python packaging/make_icons.py build/icons >/dev/null
	$(BIN)/pyinstaller --noconfirm --clean --log-level ERROR --distpath dist --workpath build/pyinstaller \
		packaging/autograph.spec
	$(BIN)/python packaging/linux/build_packages.py dist/autograph --icons build/icons --out dist
	@du -sh dist/autograph dist/*.tar.gz dist/*.deb

# The frozen app checked as a user meets it: --version, a Mermaid file to PNG headless, library verbs on a
# library made by the oldest schema, the main window offscreen closed cleanly, the SVG sandbox, and the
# tarball's install.sh into a scratch home.
package-test: package
	$(BIN)/python packaging/smoke_test.py dist/autograph --tarball "$$(ls dist/autograph-*-linux-*.tar.gz | head -1)"

clean:
	rm -rf $(VENV) build dist *.egg-info
