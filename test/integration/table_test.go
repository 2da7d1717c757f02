package integration

import (
	"context"
	"testing"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
)

// columnNames asks for path as a server-side table, the way kubectl get does, and names its default
// (priority 0) columns.
func columnNames(t *testing.T, client kubernetes.Interface, path string) ([]string, *metav1.Table) {
	t.Helper()
	table := fetchTable(t, client, path, "")
	var names []string
	for _, c := range table.ColumnDefinitions {
		if c.Priority == 0 {
			names = append(names, c.Name)
		}
	}
	return names, table
}

func TestTablesHaveKubectlColumns(t *testing.T) {
	client := jsonClient(t)
	createNamespace(t, client, "tables")
	if _, err := client.CoreV1().Pods("tables").Create(context.Background(), simplePod("p", "nginx"), metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	cases := map[string][]string{
		"/api/v1/namespaces":                                {"Name", "Status", "Age"},
		"/api/v1/namespaces/tables/pods":                    {"Name", "Ready", "Status", "Restarts", "Age"},
		"/api/v1/namespaces/default/services":               {"Name", "Type", "Cluster-IP", "External-IP", "Port(s)", "Age"},
		"/api/v1/nodes":                                     {"Name", "Status", "Roles", "Age", "Version"},
		"/api/v1/namespaces/default/replicationcontrollers": {"Name", "Desired", "Current", "Ready", "Age"},
	}
	for path, want := range cases {
		got, _ := columnNames(t, client, path)
		if len(got) != len(want) {
			t.Errorf("%s columns = %v, want %v", path, got, want)
			continue
		}
		for i := range want {
			if got[i] != want[i] {
				t.Errorf("%s columns = %v, want %v", path, got, want)
				break
			}
		}
	}
	_, table := columnNames(t, client, "/api/v1/namespaces/tables/pods")
	if len(table.Rows) != 1 || table.Rows[0].Cells[0] != "p" || table.Rows[0].Cells[1] != "0/1" || table.Rows[0].Cells[2] != "Pending" {
		t.Fatalf("pod rows = %v, want one row p 0/1 Pending", table.Rows)
	}
}
