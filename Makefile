# kapi's build and test entry points. `make run` starts a server; `make test` is what CI runs.

KUBE_VERSION ?= v1.37.2
GIT_COMMIT   := $(shell git rev-parse --verify -q HEAD || echo unknown)
BUILD_DATE   := $(shell date -u +%Y-%m-%dT%H:%M:%SZ)
VERSION_PKG  := k8s.io/component-base/version
LDFLAGS      := -X $(VERSION_PKG).gitVersion=$(KUBE_VERSION) \
                -X $(VERSION_PKG).gitMajor=$(word 1,$(subst ., ,$(KUBE_VERSION:v%=%))) \
                -X $(VERSION_PKG).gitMinor=$(word 2,$(subst ., ,$(KUBE_VERSION))) \
                -X $(VERSION_PKG).gitCommit=$(GIT_COMMIT) \
                -X $(VERSION_PKG).gitTreeState=clean \
                -X $(VERSION_PKG).buildDate=$(BUILD_DATE)
BIN          := $(CURDIR)/bin
TEST_TIMEOUT ?= 20m
# FUZZTIME is how long each fuzz target of test/fuzz runs: a few seconds in `make test`, longer in
# `make fuzz`.
FUZZTIME     ?= 5s
FUZZ_TARGETS := FuzzCreate FuzzSelectors

ENVTEST_DIR  := $(BIN)/envtest

.PHONY: build run test test-unit test-integration test-e2e bench chaos fuzz codegen verify-codegen envtest-assets

build:
	go build -ldflags "$(LDFLAGS)" -o $(BIN)/kapi ./cmd/kapi

run: build
	$(BIN)/kapi $(ARGS)

test: build envtest-assets
	KAPI_BIN=$(BIN)/kapi KUBEBUILDER_ASSETS=$(ENVTEST_DIR) go test -ldflags "$(LDFLAGS)" -timeout $(TEST_TIMEOUT) ./...
	$(MAKE) fuzz

fuzz:
	for target in $(FUZZ_TARGETS); do go test -run '^$$' -fuzz "^$$target\$$" -fuzztime $(FUZZTIME) ./test/fuzz || exit 1; done

# envtest-assets fills bin/envtest with what controller-runtime's envtest runs (KUBEBUILDER_ASSETS):
# kapi as kube-apiserver, and etcd and kubectl built from their upstream Go libraries.
envtest-assets: build
	mkdir -p $(ENVTEST_DIR)
	cp $(BIN)/kapi $(ENVTEST_DIR)/kube-apiserver
	go build -o $(ENVTEST_DIR)/etcd ./hack/tools/etcd
	cd hack/tools/kubectl && go build -ldflags "$(LDFLAGS)" -o $(ENVTEST_DIR)/kubectl .

# kwok, the fake kubelet of the e2e tests (which run it when KWOK_BIN is unset), built from its
# module at the version hack/tools/kwok pins.
.PHONY: kwok
kwok:
	cd hack/tools/kwok && go build -o $(BIN)/kwok sigs.k8s.io/kwok/cmd/kwok

# bench runs the benchmarks of test/ against bin/kapi and envtest's assets, one package at a time so
# that no two compete for the CPU, shows what they print, keeps it in bin/bench.txt, and then prints
# the figures of issue 16 as a Markdown table (hack/benchtable), which fails if a benchmark failed,
# as the pipe into tee would hide go test's status. Not part of `make test`.
bench: build envtest-assets
	KAPI_BIN=$(BIN)/kapi KUBEBUILDER_ASSETS=$(ENVTEST_DIR) go test -ldflags "$(LDFLAGS)" -p 1 -timeout $(TEST_TIMEOUT) -run '^$$' -bench . -benchmem ./test/... 2>&1 | tee $(BIN)/bench.txt
	go run ./hack/benchtable < $(BIN)/bench.txt

# chaos kills kapi with SIGKILL under write load 20 times and prints the restart times and the
# acknowledged creates, none of which may be lost; `make test` runs 3 cycles.
chaos: build
	KAPI_BIN=$(BIN)/kapi KAPI_CRASH_CYCLES=20 go test -ldflags "$(LDFLAGS)" -count=1 -run '^TestCrashDurability$$' -v ./test/e2e

codegen:
	hack/update-codegen.sh

verify-codegen:
	hack/verify-codegen.sh
