package e2e

import (
	"os"
	"strings"
	"testing"
)

// TestAPIResourcesMatchKubeAPIServer compares every row of `kubectl api-resources -o wide` with what
// kube-apiserver v1.37.2 lists with default flags (testdata/api-resources-v1.37.2.txt, one row per
// line in the form GROUPVERSION NAME KIND ns= short= verbs= cat=).
func TestAPIResourcesMatchKubeAPIServer(t *testing.T) {
	data, err := os.ReadFile("testdata/api-resources-v1.37.2.txt")
	if err != nil {
		t.Fatal(err)
	}
	want := strings.Split(strings.TrimSpace(string(data)), "\n")

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
		if strings.HasPrefix(r["APIVERSION"], "example.kapi.dev/") || strings.HasPrefix(r["APIVERSION"], widgetsGroup.Group+"/") {
			// Custom and aggregated resources other tests define.
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
