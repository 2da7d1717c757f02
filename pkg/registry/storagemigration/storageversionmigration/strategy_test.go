package storageversionmigration

import (
	"context"
	"reflect"
	"testing"

	storagemigrationv1 "k8s.io/api/storagemigration/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"sigs.k8s.io/structured-merge-diff/v6/fieldpath"
)

func storedMigration() *storagemigrationv1.StorageVersionMigration {
	return &storagemigrationv1.StorageVersionMigration{
		ObjectMeta: metav1.ObjectMeta{Name: "m", Labels: map[string]string{"a": "b"}, ResourceVersion: "5"},
		Spec:       storagemigrationv1.StorageVersionMigrationSpec{Resource: metav1.GroupResource{Group: "apps", Resource: "deployments"}},
		Status:     storagemigrationv1.StorageVersionMigrationStatus{ResourceVersion: "12"},
	}
}

func TestStrategyKeepsStatus(t *testing.T) {
	ctx := context.Background()
	created := storedMigration()
	Strategy.PrepareForCreate(ctx, created)
	if created.Status.ResourceVersion != "" || created.Generation != 0 {
		t.Errorf("created: %+v; want no status and no generation", created)
	}
	updated := storedMigration()
	updated.Status.ResourceVersion = "99"
	Strategy.PrepareForUpdate(ctx, updated, storedMigration())
	if updated.Status.ResourceVersion != "12" {
		t.Errorf("update wrote status resourceVersion %q, want the stored 12", updated.Status.ResourceVersion)
	}
}

func TestStatusStrategyKeepsSpecAndMetadata(t *testing.T) {
	updated := storedMigration()
	updated.Spec.Resource.Resource = "statefulsets"
	updated.Labels = map[string]string{"a": "changed"}
	updated.Status.ResourceVersion = "13"
	StatusStrategy.PrepareForUpdate(context.Background(), updated, storedMigration())
	if updated.Spec.Resource.Resource != "deployments" || updated.Labels["a"] != "b" || updated.Status.ResourceVersion != "13" {
		t.Errorf("status update: %+v; want the stored spec and labels, the written status", updated)
	}
	want := fieldpath.NewSet(fieldpath.MakePathOrDie("metadata"), fieldpath.MakePathOrDie("spec"))
	if got := StatusStrategy.GetResetFields()["storagemigration.k8s.io/v1"]; got == nil || !got.Equals(want) {
		t.Errorf("status reset fields = %v, want metadata and spec", StatusStrategy.GetResetFields())
	}
}

func TestTable(t *testing.T) {
	list := &storagemigrationv1.StorageVersionMigrationList{Items: []storagemigrationv1.StorageVersionMigration{
		*storedMigration(),
		{ObjectMeta: metav1.ObjectMeta{Name: "core"}, Spec: storagemigrationv1.StorageVersionMigrationSpec{Resource: metav1.GroupResource{Resource: "secrets"}}},
	}}
	table, err := NewTableConvertor().ConvertToTable(context.Background(), list, nil)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, c := range table.ColumnDefinitions {
		names = append(names, c.Name)
	}
	if want := []string{"Name", "Resource"}; !reflect.DeepEqual(names, want) {
		t.Errorf("columns = %v, want %v", names, want)
	}
	want := [][]interface{}{{"m", "deployments.apps"}, {"core", "secrets"}}
	for i, row := range table.Rows {
		if !reflect.DeepEqual(row.Cells, want[i]) {
			t.Errorf("row %d = %#v, want %#v", i, row.Cells, want[i])
		}
	}
}
