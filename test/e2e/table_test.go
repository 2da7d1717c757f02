package e2e

import (
	"reflect"
	"regexp"
	"strings"
	"testing"
)

// table is kubectl's human-readable output: a header line and rows aligned under it.
type table struct {
	header []string
	rows   []map[string]string
}

// headerSep separates header cells; single spaces occur inside headers such as "NOMINATED NODE".
var headerSep = regexp.MustCompile(`\s{2,}`)

// parseTable splits kubectl's columns by the header cells' offsets, so that empty cells (a node
// without a kubelet version) stay in their column.
func parseTable(t *testing.T, out string) table {
	t.Helper()
	lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
	if len(lines) == 0 || strings.TrimSpace(lines[0]) == "" {
		t.Fatalf("no table in kubectl output %q", out)
	}
	head := strings.TrimRight(lines[0], " ")
	var tb table
	var starts []int
	start := 0
	for _, sep := range headerSep.FindAllStringIndex(head, -1) {
		tb.header = append(tb.header, head[start:sep[0]])
		starts = append(starts, start)
		start = sep[1]
	}
	tb.header = append(tb.header, head[start:])
	starts = append(starts, start)

	for _, line := range lines[1:] {
		row := map[string]string{}
		for i, col := range tb.header {
			from := min(starts[i], len(line))
			to := len(line)
			if i+1 < len(starts) {
				to = min(starts[i+1], len(line))
			}
			row[col] = strings.TrimSpace(line[from:to])
		}
		tb.rows = append(tb.rows, row)
	}
	return tb
}

// wantHeader fails the test unless the table's columns are exactly want.
func (tb table) wantHeader(t *testing.T, want ...string) {
	t.Helper()
	if !reflect.DeepEqual(tb.header, want) {
		t.Fatalf("columns = %q, want %q", tb.header, want)
	}
}

// row returns the row whose NAME is name, failing the test if there is none.
func (tb table) row(t *testing.T, name string) map[string]string {
	t.Helper()
	for _, r := range tb.rows {
		if r["NAME"] == name {
			return r
		}
	}
	t.Fatalf("no row named %q in %v", name, tb.rows)
	return nil
}

// wantCells fails the test unless the row has each of the given column values.
func wantCells(t *testing.T, row map[string]string, want map[string]string) {
	t.Helper()
	for col, v := range want {
		if got, ok := row[col]; !ok || got != v {
			t.Errorf("%s %s = %q, want %q (row %v)", row["NAME"], col, got, v, row)
		}
	}
}

func TestParseTable(t *testing.T) {
	out := "NAME       STATUS    ROLES    AGE   VERSION\n" +
		"worker-1   Unknown   worker   5s    \n" +
		"worker-2   Ready     <none>   7d    v1.37.2\n"
	tb := parseTable(t, out)
	tb.wantHeader(t, "NAME", "STATUS", "ROLES", "AGE", "VERSION")
	want := []map[string]string{
		{"NAME": "worker-1", "STATUS": "Unknown", "ROLES": "worker", "AGE": "5s", "VERSION": ""},
		{"NAME": "worker-2", "STATUS": "Ready", "ROLES": "<none>", "AGE": "7d", "VERSION": "v1.37.2"},
	}
	if !reflect.DeepEqual(tb.rows, want) {
		t.Errorf("rows = %v, want %v", tb.rows, want)
	}

	wide := parseTable(t, "NAME    READY   STATUS    RESTARTS   AGE   IP       NODE     NOMINATED NODE   READINESS GATES\n"+
		"nginx   0/1     Pending   0          1s    <none>   <none>   <none>           <none>\n")
	wide.wantHeader(t, "NAME", "READY", "STATUS", "RESTARTS", "AGE", "IP", "NODE", "NOMINATED NODE", "READINESS GATES")
	if got := wide.row(t, "nginx")["NOMINATED NODE"]; got != "<none>" {
		t.Errorf("NOMINATED NODE = %q, want <none>", got)
	}
}
