# Zhiqiang (质强). The two commands: `make demo` and `make test`. Each installs what is missing
# (scripts/bootstrap), builds, then runs.
.PHONY: all bootstrap build build-dev web web-lint web-e2e demo test lint bench fuzz clean

JOBS ?= $(shell nproc)
ZQ_RELEASE := build/release/bin/zq
DEMO_ARGS ?=

all: build

bootstrap:
	@scripts/bootstrap

# The release build of `zq`, which `make demo` serves; `make bench` builds the benchmarks beside it.
build: bootstrap
	@cmake --preset release >/dev/null
	@cmake --build build/release -j $(JOBS) --target zq

build-dev: bootstrap
	@cmake --preset dev >/dev/null
	@cmake --build build/dev -j $(JOBS)

# Generates the demo province (Shandong, about 50,000 market entities) into build/zq-demo.db and
# serves the API and console; the address and the sign-in are printed.
demo: build web
	@$(ZQ_RELEASE) demo --db build/zq-demo.db $(DEMO_ARGS)

# The console and the public portal (web/): Vue + Vite, built into web/dist, which `zq serve` and
# `zq demo` serve. Rebuilt only when a source changes; the build fails if the gzipped JavaScript
# exceeds 1.5 MB (web/scripts/check-bundle-size.mjs).
WEB_SOURCES := $(shell find web/src web/public -type f 2>/dev/null) web/index.html \
	web/vite.config.ts web/package-lock.json web/tsconfig.json
web/dist/index.html: $(WEB_SOURCES) | bootstrap
	@cd web && npm run --silent build || { rm -rf dist; exit 1; }

web: web/dist/index.html

# eslint and vue-tsc over web/.
web-lint: bootstrap
	@cd web && npx --no-install eslint . && npx --no-install vue-tsc --noEmit -p tsconfig.json

# Browser tests of the console and the portal: headless Debian chromium against a real `zq`
# serving a freshly generated demo province (web/e2e/run.mjs; screenshots of failures in
# web/e2e/artifacts). ZQ_BIN picks the binary.
ZQ_E2E_BIN ?= build/dev/bin/zq
web-e2e: web
	@cd web && ZQ_BIN=../$(ZQ_E2E_BIN) node e2e/run.mjs

lint:
	@scripts/check_includes.sh
	@git ls-files '*.cc' '*.h' | xargs -r clang-format --dry-run -Werror

# Every test, built once with AddressSanitizer + UndefinedBehaviorSanitizer, against SQLite and
# against a throwaway PostgreSQL server on loopback. The release build that `make demo` runs is
# compiled too (g++ -O3, its own warnings as errors), so a warning only it sees fails here.
# Then the libFuzzer targets, built in the same tree: the committed corpus replayed, then a fixed
# number of mutations from a fixed seed, so that a green tree stays green (`make fuzz` explores).
# Each phase prints its time (scripts/timed).
test: bootstrap
	@scripts/timed lint $(MAKE) --no-print-directory lint
	@scripts/timed build-dev $(MAKE) --no-print-directory build-dev
	@scripts/timed build-release $(MAKE) --no-print-directory build
	@scripts/timed web $(MAKE) --no-print-directory web
	@UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 ASAN_OPTIONS=detect_leaks=1 \
	  scripts/timed ctest scripts/with-postgres ctest --test-dir build/dev -j $(CTEST_JOBS) --output-on-failure
	@scripts/timed web-lint $(MAKE) --no-print-directory web-lint
	@UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 ASAN_OPTIONS=detect_leaks=0 \
	  scripts/timed web-e2e $(MAKE) --no-print-directory web-e2e
	@scripts/timed fuzz scripts/fuzz --ci $(FUZZ_RUNS_CI)

# One test more than cores: the tests also wait on PostgreSQL and on their own servers (the whole
# suite took 420 s at -j 2 and 383 s at -j 3 on 2 cores).
CTEST_JOBS ?= $(shell echo $$(( $(JOBS) + 1 )))
FUZZ_RUNS_CI ?=  # empty: each target's own count (scripts/fuzz)
FUZZ_SECONDS ?= 300

# Open-ended exploration, FUZZ_SECONDS a target from a random seed; run it for the target whose
# parser or importer you touched, and commit any crash input to fuzz/corpus/ with its fix.
fuzz: bootstrap
	@scripts/fuzz $(FUZZ_SECONDS)

bench: build
	@cmake --build build/release -j $(JOBS)
	@ZQ_PG_DURABLE=1 scripts/with-postgres bench/run $(BENCH_ARGS)

clean:
	rm -rf build
