package e2e

import (
	"regexp"
	"strings"
	"testing"
	"time"
)

// seriesOf returns the samples of metric in a /metrics page.
func seriesOf(page, metric string) []string {
	var series []string
	for _, line := range strings.Split(page, "\n") {
		if strings.HasPrefix(line, metric+"{") || strings.HasPrefix(line, metric+" ") {
			series = append(series, line)
		}
	}
	return series
}

// TestMetricsFlags starts kapi with the metrics flags a kube-apiserver user sets and reads /metrics
// as they would: a disabled metric is gone, a label keeps only its allowed values, and the metrics
// that v1.37 hides come back for the previous version.
func TestMetricsFlags(t *testing.T) {
	port, err := freePort()
	if err != nil {
		t.Fatal(err)
	}
	s, err := startServer(kapiBin, t.TempDir(), port,
		"--disabled-metrics=apiserver_request_duration_seconds",
		"--allow-metric-labels=apiserver_request_total,verb=GET,LIST",
		"--show-hidden-metrics-for-version=1.36",
	)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := s.stop(); err != nil {
			t.Error(err)
		}
	})
	s.kubectl(t, "get", "configmaps")
	s.kubectl(t, "create", "configmap", "counted")

	// etcd_bookmark_counts, deprecated in 1.36, counts the progress notifications that a consistent
	// LIST served from the watch cache asks etcd for.
	const hidden = "etcd_bookmark_counts"
	var page string
	deadline := time.Now().Add(time.Minute)
	for {
		page = s.kubectl(t, "get", "--raw", "/metrics")
		if len(seriesOf(page, hidden)) > 0 || time.Now().After(deadline) {
			break
		}
		s.kubectl(t, "get", "configmaps")
		time.Sleep(time.Second)
	}
	if len(seriesOf(page, hidden)) == 0 {
		t.Errorf("/metrics has no %s with --show-hidden-metrics-for-version=1.36", hidden)
	}
	if !strings.Contains(page, "# HELP "+hidden+" [ALPHA] (Deprecated since 1.36.0)") {
		t.Errorf("/metrics does not describe %s as deprecated since 1.36.0", hidden)
	}
	if got := seriesOf(page, "apiserver_request_duration_seconds_bucket"); len(got) > 0 {
		t.Errorf("--disabled-metrics=apiserver_request_duration_seconds left %d series, e.g. %s", len(got), got[0])
	}

	verb := regexp.MustCompile(`verb="([^"]*)"`)
	verbs := map[string]bool{}
	for _, line := range seriesOf(page, "apiserver_request_total") {
		if m := verb.FindStringSubmatch(line); m != nil {
			verbs[m[1]] = true
		}
	}
	for v := range verbs {
		if v != "GET" && v != "LIST" && v != "unexpected" {
			t.Errorf("apiserver_request_total has verb %q, which --allow-metric-labels does not allow", v)
		}
	}
	if !verbs["LIST"] || !verbs["unexpected"] {
		t.Errorf("apiserver_request_total verbs = %v, want LIST counted and the create as unexpected", verbs)
	}

	if got := seriesOf(shared.kubectl(t, "get", "--raw", "/metrics"), hidden); len(got) > 0 {
		t.Errorf("kapi without --show-hidden-metrics-for-version shows %s: %s", hidden, got[0])
	}
}
