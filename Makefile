# Zhiqiang (质强). The two commands: `make demo` and `make test`. Each installs what is missing
# (scripts/bootstrap), builds, then runs.
.PHONY: all bootstrap build build-dev demo test lint bench fuzz clean

JOBS ?= $(shell nproc)
ZQ_RELEASE := build/release/bin/zq
DEMO_ARGS ?=

all: build

bootstrap:
	@scripts/bootstrap

build: bootstrap
	@cmake --preset release >/dev/null
	@cmake --build build/release -j $(JOBS)

build-dev: bootstrap
	@cmake --preset dev >/dev/null
	@cmake --build build/dev -j $(JOBS)

# Generates the demo province (Shandong, about 50,000 market entities) into build/zq-demo.db and
# serves the API and console; the address and the sign-in are printed.
demo: build
	@$(ZQ_RELEASE) demo --db build/zq-demo.db $(DEMO_ARGS)

lint:
	@scripts/check_includes.sh
	@git ls-files '*.cc' '*.h' | xargs -r clang-format --dry-run -Werror

# Every test, built once with AddressSanitizer + UndefinedBehaviorSanitizer, against SQLite and
# against a throwaway PostgreSQL server on loopback.
# Then the libFuzzer targets for a bounded time (clang build in build/fuzz).
test: bootstrap lint build-dev
	@UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 ASAN_OPTIONS=detect_leaks=1 \
	  scripts/with-postgres ctest --test-dir build/dev -j $(JOBS) --output-on-failure
	@scripts/fuzz $(FUZZ_SECONDS_CI)

FUZZ_SECONDS_CI ?= 20
FUZZ_SECONDS ?= 300

fuzz: bootstrap
	@scripts/fuzz $(FUZZ_SECONDS)

bench: build
	@scripts/with-postgres bench/run $(BENCH_ARGS)

clean:
	rm -rf build
