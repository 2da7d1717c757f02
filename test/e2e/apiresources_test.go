package e2e

import (
	"os"
	"strings"
	"testing"
)

// notYetServed are the groups of kube-apiserver's default listing that kapi serves later:
// apiregistration.k8s.io, with the aggregator.
var notYetServed = []string{"apiregistration.k8s.io/"}

// TestAPIResourcesMatchKubeAPIServer compares every row of `kubectl api-resources -o wide` with what
// kube-apiserver v1.37.2 lists with default flags (testdata/api-resources-v1.37.2.txt, one row per
// line in the form GROUPVERSION NAME KIND ns= short= verbs= cat=).
func TestAPIResourcesMatchKubeAPIServer(t *testing.T) {
	data, err := os.ReadFile("testdata/api-resources-v1.37.2.txt")
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		if !hasAnyPrefix(line, notYetServed) {
			want = append(want, line)
		}
	}

	tb := parseTable(t, kubectl(t, "api-resources", "-o", "wide"))
	tb.wantHeader(t, "NAME", "SHORTNAMES", "APIVERSION", "NAMESPACED", "KIND", "VERBS", "CATEGORIES")
	orNone := func(s string) string {
		if s == "" {
			return "-"
		}
		return s
	}
	got := map[string]bool{}
	for _, r := range tb.rows {
		if strings.HasPrefix(r["APIVERSION"], "example.kapi.dev/") {
			// Custom resources other tests define.
			continue
		}
		verbs := strings.ReplaceAll(strings.Trim(r["VERBS"], "[]"), " ", ",")
		got[strings.Join([]string{
			r["APIVERSION"], r["NAME"], r["KIND"], "ns=" + r["NAMESPACED"], "short=" + orNone(r["SHORTNAMES"]),
			"verbs=" + verbs, "cat=" + orNone(r["CATEGORIES"]),
		}, " ")] = true
	}
	for _, line := range want {
		if !got[line] {
			t.Errorf("missing or different: %s", line)
		}
		delete(got, line)
	}
	for line := range got {
		t.Errorf("not listed by kube-apiserver: %s", line)
	}
}

func hasAnyPrefix(s string, prefixes []string) bool {
	for _, p := range prefixes {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}
