package integration

import (
	"context"
	"fmt"
	"testing"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
)

// fetchTable gets the server-side table of the objects at path that fieldSelector (if any) selects.
func fetchTable(t *testing.T, client kubernetes.Interface, path, fieldSelector string) *metav1.Table {
	t.Helper()
	req := client.CoreV1().RESTClient().Get().AbsPath(path).
		SetHeader("Accept", "application/json;as=Table;v=v1;g=meta.k8s.io")
	if fieldSelector != "" {
		req = req.Param("fieldSelector", fieldSelector)
	}
	table := &metav1.Table{}
	if err := req.Do(context.Background()).Into(table); err != nil {
		t.Fatal(err)
	}
	return table
}

// tableCells returns the columns, wide ones included, and the rows of a server-side table of the
// objects at path that fieldSelector (if any) selects, each cell printed with fmt.Sprint.
func tableCells(t *testing.T, path, fieldSelector string) ([]string, [][]string) {
	t.Helper()
	table := fetchTable(t, jsonClient(t), path, fieldSelector)
	var cols []string
	for _, c := range table.ColumnDefinitions {
		cols = append(cols, c.Name)
	}
	var rows [][]string
	for _, r := range table.Rows {
		var cells []string
		for _, c := range r.Cells {
			cells = append(cells, fmt.Sprint(c))
		}
		rows = append(rows, cells)
	}
	return cols, rows
}
