# The two commands of the README's quick start, and a few for development.
# Each sets up what it needs first (scripts/setup.sh installs only what is missing).

SWIFT ?= swift
REPORTS := Graphs/meta-2019-04-india-pakistan.json Graphs/meta-2020-08-cib-report.json

DOCUMENTS := $(wildcard Graphs/*.json)

.PHONY: reach catalogue test graphs bench bench-summary bench-text bench-coordination fuzz docs setup format lint schema spark-check

## The main job: the reach of the reported networks in Graphs/.
reach: setup
	@$(SWIFT) build -c release --product cibgraph >&2
	@.build/release/cibgraph reach $(REPORTS)

## The catalogue in Graphs/ totalled by year and by origin: removed assets summed,
## audiences as bounds, ad spend per currency.
catalogue: setup
	@$(SWIFT) build -c release --product cibgraph >&2
	@.build/release/cibgraph summary Graphs/ --by year
	@echo
	@.build/release/cibgraph summary Graphs/ --by origin

## Every test: unit, algorithm, format and end-to-end. scripts/setup.sh puts NetworkX into
## .venv when the python3 on PATH is not the system's, so .venv/bin comes first. The tests
## are Swift Testing's; without --disable-xctest, XCTest's empty run would print its
## "Executed 0 tests" first.
test: setup
	PATH="$(CURDIR)/.venv/bin:$$PATH" $(SWIFT) test --disable-xctest

## The Spark jobs of spark/ against cibgraph on the benchmark's S and M files and the
## hostile ones of spark/testdata/, every case timed (make test runs the same, quietly,
## in Tests/CIBGraphCLITests/SparkJobTests.swift). Needs Java; pyspark is .venv-spark's.
spark-check: setup
	@$(SWIFT) build --product cibgraph >&2
	python3 spark/check.py --cibgraph .build/debug/cibgraph

## Redraws Graphs/*.svg from the documents beside them.
graphs: setup
	@$(SWIFT) build -c release --product cibgraph >&2
	@for document in $(DOCUMENTS); do \
	  .build/release/cibgraph render "$$document" -o "$${document%.json}.svg" || exit 1; \
	  echo "drew $${document%.json}.svg"; \
	done

## Checks docs/cibgraph-document.schema.json against the reader, on every document of
## the repository, their version 2 conversions and changes to them (scripts/check-schema.py;
## jsonschema from scripts/setup.sh --schema: Debian's package, or .venv).
schema:
	@scripts/setup.sh --schema
	@$(SWIFT) build --product cibgraph >&2
	PATH="$(CURDIR)/.venv/bin:$$PATH" python3 scripts/check-schema.py --cibgraph .build/debug/cibgraph

## Times cibgraph beside the anchors of bench/ (DuckDB, polars, pandas, SciPy, plain Python)
## at sizes S, M and L (about 1 GB of data, 15 minutes), every answer checked; keeps the
## results in docs/benchmarks.json and writes docs/benchmarks.md and the README's speed
## table from them. SIZES="S M L 3L XL" adds 3*10^7 and 10^8 edges (10 GB of data, an hour
## or more); SIZES=S checks in a minute that it runs. A size re-run replaces only its own
## results; generated data is kept in bench-data/. ROUNDS=N interleaved rounds (default 5).
SIZES ?= S M L
ROUNDS ?= 5
## Times summary over 10,000 generated documents beside plain Python's json module,
## interleaved, answers compared (scripts/summary_bench.py). BENCH_DOCUMENTS=1000 for fewer.
bench-summary: setup
	@$(SWIFT) build -c release --product cibgraph >&2
	python3 scripts/summary_bench.py --documents $(or $(BENCH_DOCUMENTS),10000)

## Times coordinate --by text on 10^6 and 10^7 generated posts with planted copy-pasta
## (scripts/text_bench.py; about 2 GB of data in bench-data/text/). BENCH_POSTS=1000000 for fewer.
BENCH_POSTS ?= 1000000,10000000
bench-text:
	@$(SWIFT) build -c release --product cibgraph >&2
	python3 scripts/text_bench.py --sizes $(BENCH_POSTS)

## Times coordinate on 10^6 and 10^7 generated activity rows beside pandas and the
## coordination-network-toolkit, edges compared (scripts/coordination_bench.py; writes the
## table in docs/coordination-benchmark.md; 600 MB of data in bench-data/coord/).
bench-coordination:
	@scripts/setup.sh --bench
	@$(SWIFT) build -c release --product cibgraph >&2
	bench-data/venv/bin/python scripts/coordination_bench.py

bench:
	@scripts/setup.sh --bench
	python3 scripts/benchmark.py --sizes $(SIZES) --rounds $(ROUNDS)

## Fuzzes the readers with libFuzzer (and AddressSanitizer) from the committed seeds in
## Tests/Fuzzing/Seeds: TARGET=document, spreadsheet, audience, activity, exchange or diff (default: each
## in turn), SECONDS each (default 600). Inputs that crash, fail a check or take over
## 10 s are saved in .build-fuzz/artifacts/TARGET/; replay one with
## `.build-fuzz/release/CIBGraphFuzzer --target=TARGET FILE`. `--sanitize fuzzer` lets
## libFuzzer supply main; the -Xswiftc flag instruments the code (given as two
## --sanitize values, swiftc keeps only the last, and libFuzzer would see no coverage).
TARGET ?= document spreadsheet audience activity exchange diff
SECONDS ?= 600
FUZZ_BUILD := .build-fuzz
fuzz: setup
	CIBGRAPH_FUZZER=1 $(SWIFT) build -c release --scratch-path $(FUZZ_BUILD) \
	  --product CIBGraphFuzzer --sanitize fuzzer -Xswiftc -sanitize=fuzzer,address >&2
	@for target in $(TARGET); do \
	  mkdir -p $(FUZZ_BUILD)/corpus/$$target $(FUZZ_BUILD)/artifacts/$$target && \
	  $(FUZZ_BUILD)/release/CIBGraphFuzzer --target=$$target -max_total_time=$(SECONDS) \
	    -timeout=10 -rss_limit_mb=2048 -max_len=$$([ $$target = activity ] && echo 8192 || echo 65536) \
	    -print_final_stats=1 -artifact_prefix=$(FUZZ_BUILD)/artifacts/$$target/ \
	    $(FUZZ_BUILD)/corpus/$$target Tests/Fuzzing/Seeds/$$target || exit 1; \
	done

## The DocC reference of every library module and its articles, as one archive in
## .build/plugins/Swift-DocC/outputs/CIBGraph.doccarchive (each layer's own archive beside it).
## The layers are separate modules, and DocC resolves a link from one module into
## another only when both are documented together (combined documentation, with
## each module's dependencies built first); a broken link is an error.
DOC_TARGETS := CIBGraphCore CIBGraphFormats CIBGraphAnalysis CIBGraphDrawing CIBGraph CIBGraphviz
docs: setup
	$(SWIFT) package generate-documentation --enable-experimental-combined-documentation \
	  --warnings-as-errors $(addprefix --target ,$(DOC_TARGETS))

setup:
	@scripts/setup.sh

format:
	swift-format format --in-place --recursive Sources Tests Examples Package.swift

lint:
	swift-format lint --strict --recursive Sources Tests Examples Package.swift
