# leadq — make targets. `make test` is the test command (CI runs it through .ci/run).

GO           ?= go
PKGS         ?= ./...
TEST_TIMEOUT ?= 20m
TESTFLAGS    ?=
FUZZTIME     ?= 10s
BENCHCOUNT   ?= 5
# staticcheck, pinned in deploy/tools/go.mod, run on this module's packages
STATICCHECK  ?= $(GO) tool -modfile=deploy/tools/go.mod staticcheck

SHELL       := /bin/bash
.SHELLFLAGS := -o pipefail -c

.PHONY: all test lint bench fuzz-short build demo tools clean

all: lint test build

## test: go vet, then every test with the race detector against real servers
test:
	$(GO) vet $(PKGS)
	$(GO) test -race -count=1 -timeout $(TEST_TIMEOUT) $(TESTFLAGS) $(PKGS)

## lint: gofmt check, go vet and staticcheck (the version of deploy/tools)
lint:
	@out=$$(gofmt -l .); if [ -n "$$out" ]; then echo "gofmt -l: these files need formatting:"; echo "$$out"; exit 1; fi
	$(GO) vet $(PKGS)
	$(STATICCHECK) $(PKGS)

## bench: benchmarks, $(BENCHCOUNT) runs each, saved to bench.txt for benchstat
bench:
	$(GO) test -run '^$$' -bench . -benchmem -count $(BENCHCOUNT) $(PKGS) | tee bench.txt

## fuzz-short: every fuzz target for $(FUZZTIME) each
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
