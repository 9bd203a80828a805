# Two commands on a fresh machine: `make build` and `make test`. Each sets up what it needs:
# a virtualenv in .venv with pinned dependencies, and (for the browser test) Debian's chromium.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
CONTENT ?= content
STAMP := $(VENV)/.installed
ZENSICAL_VENV := .venv-zensical
ZENSICAL_STAMP := $(ZENSICAL_VENV)/.installed
N ?= 1000

.PHONY: build check serve new test bench bench-smoke clean browser model screenshots zensical
NODE_STAMP := node_modules/.installed

$(STAMP): requirements.txt requirements-dev.txt constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt -c constraints.txt
	touch $(STAMP)

## zensical: Zensical (Material's successor) in its own virtualenv, for tests/test_zensical.py
zensical: $(ZENSICAL_STAMP)
$(ZENSICAL_STAMP): requirements-zensical.txt constraints.txt
	$(PYTHON) -m venv $(ZENSICAL_VENV)
	$(ZENSICAL_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(ZENSICAL_VENV)/bin/python -m pip install --quiet -r requirements-zensical.txt -c constraints.txt
	touch $(ZENSICAL_STAMP)

## build: generate the pages from $(CONTENT) and build the static site into site/
##   (JOBS=K: MkDocs in K processes at once, each a shard of the pages; default one per core)
build: $(STAMP)
	$(PY) -m generator --content $(CONTENT) build $(if $(JOBS),--jobs $(JOBS))

## check: validate the archive; every problem with file:line, non-zero exit on errors
check: $(STAMP)
	$(PY) -m generator --content $(CONTENT) check

## serve: preview on http://127.0.0.1:8000, regenerating when $(CONTENT) changes
serve: $(STAMP)
	$(PY) -m generator --content $(CONTENT) serve

## new: start an article: make new TITLE="Port reopens after floods" [DATE=2021-03-09] [FORMAT=text] [FROM=page.html]
# The values reach the command through the environment, as typed: neither make nor the shell
# reads a quote or a $ in a title.
override TITLE := $(value TITLE)
override DATE := $(value DATE)
override FORMAT := $(value FORMAT)
override FROM := $(value FROM)
export TITLE DATE FORMAT FROM
new: $(STAMP)
	$(PY) -m generator --content $(CONTENT) new "$$TITLE" $${DATE:+--date "$$DATE"} $${FORMAT:+--format "$$FORMAT"} $${FROM:+--from "$$FROM"}

## browser: Debian's chromium for the end-to-end browser test (needs root or sudo)
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -q && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -q chromium; }

## node_modules: axe-core for the accessibility test, at the version package-lock.json pins
## (npm from Debian when it is missing; no browser is downloaded)
$(NODE_STAMP): package.json package-lock.json
	@command -v npm >/dev/null 2>&1 || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -q && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -q npm; }
	npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
	touch $(NODE_STAMP)

## test: the whole suite, browser tests (search, accessibility, phones, print) included
test: $(STAMP) $(ZENSICAL_STAMP) browser $(NODE_STAMP)
	$(PY) -m pytest -q tests

## screenshots: PNGs of the reader's pages (desktop and phone, light and dark) in build/screenshots/
screenshots: $(STAMP) browser
	$(PY) tests/screenshots.py build/screenshots

## bench: synthetic archives of N articles (default 1000; try N=10000), one table of figures
##   (ROUNDS=R: every K's full build R times, alternating the order, against the machine's drift)
bench: $(STAMP)
	$(PY) -m generator.bench --articles $(N) $(if $(ROUNDS),--rounds $(ROUNDS))

## model: retrain the topic kind model (generator/topics/kinds.json) from ../shared/corpora
model: $(STAMP)
	$(PY) -m generator.topics.train

clean:
	rm -rf build site node_modules
