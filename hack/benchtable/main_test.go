package main

import (
	"strings"
	"testing"
)

// header is what go test prints before a package's benchmarks.
func header(pkg string) string {
	return "goos: linux\ngoarch: amd64\npkg: " + module + pkg + "\ncpu: Intel(R) Xeon(R) Processor\n"
}

func TestTable(t *testing.T) {
	e2e := header("test/e2e") +
		"BenchmarkPodCreates/json-2     \t       1\t4000000000 ns/op\t       512.4 creates/s\t 1000 B/op\t 10 allocs/op\n" +
		"BenchmarkPodCreates/protobuf-2 \t       1\t3000000000 ns/op\t       687.6 creates/s\n" +
		"BenchmarkPods/list/json-2      \t       1\t 1 ns/op\t        41.25 p50-ms\n" +
		"BenchmarkPods/list/protobuf-2  \t       1\t 1 ns/op\t        18.04 p50-ms\n" +
		"BenchmarkPods/watch-rss-2      \t       1\t 1 ns/op\t       301.0 rss-MB\n" +
		"BenchmarkPods/patch-fanout-2   \t       1\t 1 ns/op\t     41234 events/s\n" +
		"BenchmarkStart-2               \t       1\t 1 ns/op\t         2.314 ready-s\t         1.507 restart-ready-s\t       142.0 rss-idle-MB\n" +
		"BenchmarkReadStormRSS-2        \t       1\t 1 ns/op\t 38.00 recovery-s\t 2.5 lists/s\t 251.0 rss-after-MB\t 170.0 rss-before-MB\t 764.0 rss-peak-MB\n" +
		"PASS\nok  \t" + module + "test/e2e\t300.1s\n"
	full := e2e + header("test/envtest") +
		"BenchmarkEnvtest-2 \t       1\t3451464782 ns/op\t         2.337 start-s\t         1.115 stop-s\n" +
		"PASS\n" + header("test/integration") +
		// Two runs (-count 2), the first one's results on a line after what the server logged.
		"BenchmarkStartToReady-2   \tI1204 04:04:40.620249   24290 controller.go:176] quota evaluator worker shutdown\n" +
		"       1\t2708255089 ns/op\t         1.4 start-s\t         1.2 stop-s\n" +
		"BenchmarkStartToReady-2   \t       1\t2708255089 ns/op\t         1.6 start-s\t         1.3 stop-s\n" +
		// The same name in another package is not the e2e benchmark.
		"BenchmarkStart-2 \t       1\t 1 ns/op\t         9 ready-s\n" +
		"PASS\n"
	tests := []struct {
		name       string
		input      string
		want       string
		wantFailed bool
	}{{
		name:  "every benchmark",
		input: full,
		want: `| figure | kapi |
| --- | --- |
| first start (fresh data dir, PKI generated) → ` + "`/readyz`" + ` 200 | 2.31 s |
| restart with data → ` + "`/readyz`" + ` 200 | 1.51 s |
| controller-runtime envtest ` + "`Start()` / `Stop()`" + ` with kapi's assets | 2.34 s / 1.11 s |
| ` + "`pkg/testserver`" + ` start → client usable / stop | 1.50 s / 1.25 s |
| RSS idle, etcd included | 142 MB |
| RSS after 2,000 pods created, listed, watched by 200 watchers | 301 MB |
| pod creates/s, 16 workers, JSON / protobuf | 512 / 688 |
| LIST 2,000 pods p50, JSON / protobuf | 41.2 ms / 18.0 ms |
| 200 watchers × 500 patches, events/s, protobuf | 41234 |
| read storm, 200 clients listing 2,000 pods for 15 s: RSS before / peak / after, recovery, LISTs/s | 170 MB / 764 MB / 251 MB / 38 s / 2 LISTs/s |
`,
	}, {
		name: "some benchmarks did not run, one failed",
		input: header("test/e2e") +
			"BenchmarkPodCreates/json-2     \t       1\t4000000000 ns/op\t       512.4 creates/s\n" +
			"BenchmarkPodCreates/protobuf-2 \t--- FAIL: BenchmarkPodCreates/protobuf-2\n    bench_test.go:130: the server went away\n" +
			"--- FAIL: BenchmarkPodCreates\nFAIL\nexit status 1\nFAIL\t" + module + "test/e2e\t20.1s\n",
		want: `| figure | kapi |
| --- | --- |
| first start (fresh data dir, PKI generated) → ` + "`/readyz`" + ` 200 | — |
| restart with data → ` + "`/readyz`" + ` 200 | — |
| controller-runtime envtest ` + "`Start()` / `Stop()`" + ` with kapi's assets | — |
| ` + "`pkg/testserver`" + ` start → client usable / stop | — |
| RSS idle, etcd included | — |
| RSS after 2,000 pods created, listed, watched by 200 watchers | — |
| pod creates/s, 16 workers, JSON / protobuf | 512 / — |
| LIST 2,000 pods p50, JSON / protobuf | — |
| 200 watchers × 500 patches, events/s, protobuf | — |
| read storm, 200 clients listing 2,000 pods for 15 s: RSS before / peak / after, recovery, LISTs/s | — |
`,
		wantFailed: true,
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := parse(strings.NewReader(tt.input))
			if err != nil {
				t.Fatal(err)
			}
			if got := res.table(); got != tt.want {
				t.Errorf("table:\n%s\nwant:\n%s", got, tt.want)
			}
			if res.failed != tt.wantFailed {
				t.Errorf("failed = %v, want %v", res.failed, tt.wantFailed)
			}
		})
	}
}

func TestTrimProcs(t *testing.T) {
	for name, want := range map[string]string{
		"BenchmarkStart-2":             "BenchmarkStart",
		"BenchmarkPods/list/json-16":   "BenchmarkPods/list/json",
		"BenchmarkPods/patch-fanout":   "BenchmarkPods/patch-fanout",
		"BenchmarkPods/patch-fanout-2": "BenchmarkPods/patch-fanout",
	} {
		if got := trimProcs(name); got != want {
			t.Errorf("trimProcs(%q) = %q, want %q", name, got, want)
		}
	}
}
