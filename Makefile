# Two commands on a fresh machine: `make build` and `make test`. Each sets up what it needs:
# a virtualenv in .venv with pinned dependencies, and (for the browser test) Debian's chromium.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
CONTENT ?= content
STAMP := $(VENV)/.installed
N ?= 1000

.PHONY: build check serve test bench bench-smoke clean browser model

$(STAMP): requirements.txt requirements-dev.txt constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt -c constraints.txt
	touch $(STAMP)

## build: generate the pages from $(CONTENT) and build the static site into site/
build: $(STAMP)
	$(PY) -m generator --content $(CONTENT) build

## check: validate the archive; every problem with file:line, non-zero exit on errors
check: $(STAMP)
	$(PY) -m generator --content $(CONTENT) check

## serve: preview on http://127.0.0.1:8000, regenerating when $(CONTENT) changes
serve: $(STAMP)
	$(PY) -m generator --content $(CONTENT) serve

## browser: Debian's chromium for the end-to-end browser test (needs root or sudo)
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -q && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -q chromium; }

## test: the whole suite, browser test included
test: $(STAMP) browser
	$(PY) -m pytest -q tests

## bench: synthetic archives of N articles (default 1000; try N=10000), one table of figures
bench: $(STAMP)
	$(PY) -m generator.bench --articles $(N)

## model: retrain the topic kind model (generator/topics/kinds.json) from ../shared/corpora
model: $(STAMP)
	$(PY) -m generator.topics.train

clean:
	rm -rf build site
