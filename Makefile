# The two commands of the README's quick start, and a few for development.
# Each sets up what it needs first (scripts/setup.sh installs only what is missing).

SWIFT ?= swift
REPORTS := Graphs/meta-2019-04-india-pakistan.json Graphs/meta-2020-08-cib-report.json

DOCUMENTS := $(wildcard Graphs/*.json)

.PHONY: reach test graphs bench setup format lint

## The main job: the reach of the reported networks in Graphs/.
reach: setup
	@$(SWIFT) build -c release --product cibgraph >&2
	@.build/release/cibgraph reach $(REPORTS)

## Every test: unit, algorithm, format and end-to-end.
test: setup
	$(SWIFT) test

## Redraws Graphs/*.svg from the documents beside them.
graphs: setup
	@$(SWIFT) build -c release --product cibgraph >&2
	@for document in $(DOCUMENTS); do \
	  .build/release/cibgraph render "$$document" -o "$${document%.json}.svg" || exit 1; \
	  echo "drew $${document%.json}.svg"; \
	done

## Times cibgraph beside the Python anchors at sizes S, M and L (about 1 GB of data,
## 12 minutes); writes docs/benchmarks.md, the table the README quotes.
bench: setup
	python3 scripts/benchmark.py --sizes S M L

setup:
	@scripts/setup.sh

format:
	swift-format format --in-place --recursive Sources Tests Examples Package.swift

lint:
	swift-format lint --strict --recursive Sources Tests Examples Package.swift
