// Benchtable reads the output of `go test -bench` on stdin and prints the figures issue 16 asks of
// kapi as a Markdown table, one row per figure, each cell filled from the metrics the benchmarks of
// test/e2e, test/envtest and test/integration report with b.ReportMetric, and "—" for a figure
// whose benchmark did not run. `make bench` runs it on what the benchmarks printed.
//
// A benchmark that ran more than once (-count) is shown with the mean of its runs. Benchtable exits
// with status 1 after printing the table if the output reports a failure, so that `make bench`
// fails as `go test` did while still showing what was measured.
package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
)

// module is the import path the packages of the table's benchmarks are under.
const module = "github.com/kapi-dev/kapi/"

// A metric is one value a benchmark reports, and how the table prints it.
type metric struct {
	// pkg is the benchmark's package, relative to module.
	pkg string
	// bench is the benchmark's name without the -GOMAXPROCS suffix, sub-benchmarks included.
	bench string
	// unit is the unit given to b.ReportMetric.
	unit string
	// format prints the value, with its unit for the reader.
	format string
}

// A row is one figure of the issue; its cell lists its metrics, separated by " / ".
type row struct {
	figure  string
	metrics []metric
}

const storm = "BenchmarkReadStormRSS"

var rows = []row{
	{"first start (fresh data dir, PKI generated) → `/readyz` 200", []metric{
		{"test/e2e", "BenchmarkStart", "ready-s", "%.2f s"},
	}},
	{"restart with data → `/readyz` 200", []metric{
		{"test/e2e", "BenchmarkStart", "restart-ready-s", "%.2f s"},
	}},
	{"controller-runtime envtest `Start()` / `Stop()` with kapi's assets", []metric{
		{"test/envtest", "BenchmarkEnvtest", "start-s", "%.2f s"},
		{"test/envtest", "BenchmarkEnvtest", "stop-s", "%.2f s"},
	}},
	{"`pkg/testserver` start → client usable / stop", []metric{
		{"test/integration", "BenchmarkStartToReady", "start-s", "%.2f s"},
		{"test/integration", "BenchmarkStartToReady", "stop-s", "%.2f s"},
	}},
	{"RSS idle, etcd included", []metric{
		{"test/e2e", "BenchmarkStart", "rss-idle-MB", "%.0f MB"},
	}},
	{"RSS after 2,000 pods created, listed, watched by 200 watchers", []metric{
		{"test/e2e", "BenchmarkPods/watch-rss", "rss-MB", "%.0f MB"},
	}},
	{"pod creates/s, 16 workers, JSON / protobuf", []metric{
		{"test/e2e", "BenchmarkPodCreates/json", "creates/s", "%.0f"},
		{"test/e2e", "BenchmarkPodCreates/protobuf", "creates/s", "%.0f"},
	}},
	{"LIST 2,000 pods p50, JSON / protobuf", []metric{
		{"test/e2e", "BenchmarkPods/list/json", "p50-ms", "%.1f ms"},
		{"test/e2e", "BenchmarkPods/list/protobuf", "p50-ms", "%.1f ms"},
	}},
	{"200 watchers × 500 patches, events/s, protobuf", []metric{
		{"test/e2e", "BenchmarkPods/patch-fanout", "events/s", "%.0f"},
	}},
	{"read storm, 200 clients listing 2,000 pods for 15 s: RSS before / peak / after, recovery, LISTs/s", []metric{
		{"test/e2e", storm, "rss-before-MB", "%.0f MB"},
		{"test/e2e", storm, "rss-peak-MB", "%.0f MB"},
		{"test/e2e", storm, "rss-after-MB", "%.0f MB"},
		{"test/e2e", storm, "recovery-s", "%.0f s"},
		{"test/e2e", storm, "lists/s", "%.0f LISTs/s"},
	}},
}

// key names one reported value: the benchmark's package (full import path), name and unit.
type key struct{ pkg, bench, unit string }

// mean accumulates the values of one key over the runs of its benchmark.
type mean struct {
	sum float64
	n   int
}

// results are the metrics of one `go test -bench` output, and whether it reported a failure.
type results struct {
	values map[key]*mean
	failed bool
}

// parse reads `go test -bench` output. The "pkg:" line go test prints before a package's benchmarks
// says which package the result lines that follow belong to. A result line is the benchmark's name,
// its iterations and value-unit pairs. go test prints the name first, so that what the benchmark's
// process logs meanwhile can come between the name and the rest: a name not followed by results
// takes them from the next line that starts with the iterations.
func parse(r io.Reader) (results, error) {
	res := results{values: map[key]*mean{}}
	var pkg, pending string
	scanner := bufio.NewScanner(r)
	scanner.Buffer(nil, 1<<20)
	for scanner.Scan() {
		line := scanner.Text()
		if p, ok := strings.CutPrefix(line, "pkg: "); ok {
			pkg = strings.TrimSpace(p)
			continue
		}
		// A failed benchmark's "--- FAIL:" follows its name on the same line.
		if strings.HasPrefix(line, "FAIL") || strings.Contains(line, "--- FAIL:") {
			res.failed, pending = true, ""
			continue
		}
		fields := strings.Fields(line)
		name := pending
		if len(fields) > 0 && strings.HasPrefix(fields[0], "Benchmark") {
			name, fields = trimProcs(fields[0]), fields[1:]
		}
		if name == "" {
			continue
		}
		values, ok := measurements(fields)
		if !ok {
			pending = name
			continue
		}
		pending = ""
		for unit, v := range values {
			k := key{pkg, name, unit}
			if res.values[k] == nil {
				res.values[k] = &mean{}
			}
			res.values[k].sum += v
			res.values[k].n++
		}
	}
	return res, scanner.Err()
}

// measurements parses the iterations and value-unit pairs of a result line, without its name.
func measurements(fields []string) (map[string]float64, bool) {
	if len(fields) < 3 || len(fields)%2 == 0 {
		return nil, false
	}
	if _, err := strconv.Atoi(fields[0]); err != nil {
		return nil, false
	}
	values := map[string]float64{}
	for i := 1; i < len(fields); i += 2 {
		v, err := strconv.ParseFloat(fields[i], 64)
		if err != nil {
			return nil, false
		}
		values[fields[i+1]] = v
	}
	return values, true
}

// trimProcs drops the -GOMAXPROCS suffix go test gives benchmark names.
func trimProcs(name string) string {
	i := strings.LastIndexByte(name, '-')
	if i < 0 {
		return name
	}
	if _, err := strconv.Atoi(name[i+1:]); err != nil {
		return name
	}
	return name[:i]
}

// table renders rows as Markdown.
func (res results) table() string {
	var b strings.Builder
	b.WriteString("| figure | kapi |\n| --- | --- |\n")
	for _, r := range rows {
		cells := make([]string, len(r.metrics))
		found := false
		for i, m := range r.metrics {
			cells[i] = "—"
			if v := res.values[key{module + m.pkg, m.bench, m.unit}]; v != nil {
				cells[i] = fmt.Sprintf(m.format, v.sum/float64(v.n))
				found = true
			}
		}
		cell := "—"
		if found {
			cell = strings.Join(cells, " / ")
		}
		fmt.Fprintf(&b, "| %s | %s |\n", r.figure, cell)
	}
	return b.String()
}

func main() {
	res, err := parse(os.Stdin)
	if err != nil {
		fmt.Fprintln(os.Stderr, "benchtable:", err)
		os.Exit(2)
	}
	fmt.Print(res.table())
	if res.failed {
		fmt.Fprintln(os.Stderr, "benchtable: the benchmarks reported a failure")
		os.Exit(1)
	}
}
