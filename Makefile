# jixiao — see README.md. `make run` renders the sample data, `make test` runs every test.
GO ?= go
export PATH := $(PATH):/usr/local/go/bin

.PHONY: run test vet fmt fuzz bench fonts build clean

run:
	$(GO) run ./cmd/jixiao render -o out data
	$(GO) run ./cmd/jixiao render --template mof-project-monitoring -o out/2025 data/2025

build:
	$(GO) build -o jixiao ./cmd/jixiao

test: vet
	@unformatted=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$unformatted" ]; then echo "gofmt would change: $$unformatted"; exit 1; fi
	$(GO) test ./...

vet:
	$(GO) vet ./...

fmt:
	gofmt -w $$(git ls-files '*.go')

# A short run of every fuzz target; FUZZTIME=10m for a longer one.
FUZZTIME ?= 20s
fuzz:
	$(GO) test -run XXX -fuzz '^FuzzParse$$' -fuzztime $(FUZZTIME) .
	$(GO) test -run XXX -fuzz '^FuzzParseQuantity$$' -fuzztime $(FUZZTIME) .
	$(GO) test -run XXX -fuzz '^FuzzLoadHostile$$' -fuzztime $(FUZZTIME) .
	$(GO) test -run XXX -fuzz '^FuzzMonitor$$' -fuzztime $(FUZZTIME) .
	$(GO) test -run XXX -fuzz '^FuzzScan$$' -fuzztime $(FUZZTIME) ./internal/tomlpos
	$(GO) test -run XXX -fuzz '^FuzzBreak$$' -fuzztime $(FUZZTIME) ./render
	$(GO) test -run XXX -fuzz '^FuzzLoadTemplate$$' -fuzztime $(FUZZTIME) ./render
	$(GO) test -run XXX -fuzz '^FuzzRead$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 10x ./render/xlsx
	$(GO) test -run XXX -fuzz '^FuzzReadSheet$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 10x ./render/xlsx
	$(GO) test -run XXX -fuzz '^FuzzReadParts$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 10x ./render/xlsx
	$(GO) test -run XXX -fuzz '^FuzzCellText$$' -fuzztime $(FUZZTIME) ./render/xlsx
	$(GO) test -run XXX -fuzz '^FuzzWrite$$' -fuzztime $(FUZZTIME) ./render/pdf

# A synthetic department of 1,000 forms: per-form times, the whole batch, LibreOffice side by side;
# then the Go benchmarks of the hot paths.
bench:
	$(GO) run ./cmd/jixiao-bench -n 1000
	$(GO) test -run XXX -bench . -benchmem ./render/...

# Rebuilds fonts/JixiaoSerifSC-Regular.ttf from Debian's fonts-noto-cjk (see fonts/README.md).
fonts:
	fonts/build.sh

clean:
	rm -rf out jixiao
