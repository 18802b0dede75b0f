# leadq — make targets. `make test` is the test command (CI runs it through .ci/run).

GO           ?= go
PKGS         ?= ./...
TEST_TIMEOUT ?= 20m
TESTFLAGS    ?=
FUZZTIME     ?=
BENCHCOUNT   ?= 5
VET          ?= 1
# staticcheck, pinned in deploy/tools/go.mod, run on this module's packages
STATICCHECK  ?= $(GO) tool -modfile=deploy/tools/go.mod staticcheck

SHELL       := /bin/bash
.SHELLFLAGS := -o pipefail -c

.PHONY: all test lint bench fuzz-short build demo tools clean

all: lint test build
# make lint runs go vet: make test need not run it again
all: VET = 0

## test: go vet (VET=0 skips it where make lint runs it: make all, CI), then
## every test with the race detector against real servers
test:
	$(if $(filter-out 0,$(VET)),$(GO) vet $(PKGS))
	$(GO) test -race -count=1 -timeout $(TEST_TIMEOUT) $(TESTFLAGS) $(PKGS)

## lint: gofmt check, go vet and staticcheck (the version of deploy/tools)
lint:
	@out=$$(gofmt -l .); if [ -n "$$out" ]; then echo "gofmt -l: these files need formatting:"; echo "$$out"; exit 1; fi
	$(GO) vet $(PKGS)
	$(STATICCHECK) $(PKGS)

## bench: benchmarks, $(BENCHCOUNT) runs each, saved to bench.txt for benchstat
bench:
	$(GO) test -run '^$$' -bench . -benchmem -count $(BENCHCOUNT) $(PKGS) | tee bench.txt

## fuzz-short: every fuzz target for its execution budget (.ci/fuzz-budgets,
## about 10s each on a loaded 2-core machine); FUZZTIME=5m (or =100000x)
## gives every target that -fuzztime instead, for long local runs
fuzz-short:
	.ci/fuzz-short $(FUZZTIME)

## build: the leadq binary in bin/
build:
	$(GO) build -o bin/leadq ./cmd/leadq

## demo: the pipeline on embedded servers
demo:
	$(GO) run ./cmd/leadq demo

## tools: build the nats CLI and staticcheck of deploy/tools and print their paths
tools:
	cd deploy/tools && $(GO) tool -n nats && $(GO) tool -n staticcheck

clean:
	rm -rf bin bench.txt
