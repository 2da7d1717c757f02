package serviceaccount

import (
	"context"
	"reflect"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// TestServiceAccountTable checks kube-apiserver v1.37's columns, NAME and AGE: a service account
// with secrets prints no count of them.
func TestServiceAccountTable(t *testing.T) {
	sa := &corev1.ServiceAccount{
		ObjectMeta: metav1.ObjectMeta{Name: "builder", CreationTimestamp: metav1.NewTime(time.Now().Add(-3 * time.Hour))},
		Secrets:    []corev1.ObjectReference{{Name: "builder-token"}},
	}
	table, err := NewTableConvertor().ConvertToTable(context.Background(), sa, nil)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, c := range table.ColumnDefinitions {
		names = append(names, c.Name)
	}
	if want := []string{"Name", "Age"}; !reflect.DeepEqual(names, want) {
		t.Errorf("columns = %v, want %v", names, want)
	}
	if want := []interface{}{"builder", "3h"}; !reflect.DeepEqual(table.Rows[0].Cells, want) {
		t.Errorf("cells = %#v, want %#v", table.Rows[0].Cells, want)
	}
}
