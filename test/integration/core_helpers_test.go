package integration

import (
	"context"
	"fmt"
	"strings"
	"testing"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// expectInvalid asserts err is a 422 Invalid whose causes include one at field with a message
// containing message.
func expectInvalid(t *testing.T, err error, field string, causeType metav1.CauseType, message string) {
	t.Helper()
	if !apierrors.IsInvalid(err) {
		t.Fatalf("error = %v, want 422 Invalid", err)
	}
	status := err.(apierrors.APIStatus).Status()
	if status.Code != 422 {
		t.Fatalf("code = %d, want 422", status.Code)
	}
	for _, c := range status.Details.Causes {
		if c.Field == field && c.Type == causeType && (message == "" || contains(c.Message, message)) {
			return
		}
	}
	t.Fatalf("causes = %+v, want %s at %s with %q", status.Details.Causes, causeType, field, message)
}

func contains(s, sub string) bool {
	return strings.Contains(s, sub)
}

// tableCells returns the columns, wide ones included, and the rows of a server-side table of the
// objects at path that fieldSelector (if any) selects, each cell printed with fmt.Sprint.
func tableCells(t *testing.T, path, fieldSelector string) ([]string, [][]string) {
	t.Helper()
	req := jsonClient(t).CoreV1().RESTClient().Get().AbsPath(path).
		SetHeader("Accept", "application/json;as=Table;v=v1;g=meta.k8s.io")
	if fieldSelector != "" {
		req = req.Param("fieldSelector", fieldSelector)
	}
	table := &metav1.Table{}
	if err := req.Do(context.Background()).Into(table); err != nil {
		t.Fatal(err)
	}
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
