package csinode

import (
	"context"
	"reflect"
	"testing"
	"time"

	storagev1 "k8s.io/api/storage/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

func TestStorageCSINodeKeepsStatus(t *testing.T) {
	ctx := context.Background()
	health := storagev1.CSINodeStatus{StorageHealth: []storagev1.StorageHealth{{Name: "csi.example.com"}}}
	created := &storagev1.CSINode{Status: health}
	Strategy.PrepareForCreate(ctx, created)
	if created.Status.StorageHealth != nil {
		t.Errorf("create kept status %+v, want none", created.Status)
	}
	updated := &storagev1.CSINode{}
	Strategy.PrepareForUpdate(ctx, updated, &storagev1.CSINode{Status: health})
	if !reflect.DeepEqual(updated.Status, health) {
		t.Errorf("update status = %+v, want the stored one", updated.Status)
	}
}

func TestStorageCSINodeTable(t *testing.T) {
	n := &storagev1.CSINode{
		ObjectMeta: metav1.ObjectMeta{Name: "node-1", CreationTimestamp: metav1.NewTime(time.Now().Add(-time.Minute))},
		Spec:       storagev1.CSINodeSpec{Drivers: []storagev1.CSINodeDriver{{Name: "a"}, {Name: "b"}}},
	}
	table, err := NewTableConvertor().ConvertToTable(context.Background(), n, nil)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, c := range table.ColumnDefinitions {
		names = append(names, c.Name)
	}
	if want := []string{"Name", "Drivers", "Age"}; !reflect.DeepEqual(names, want) {
		t.Errorf("columns = %v, want %v", names, want)
	}
	if got, want := table.Rows[0].Cells, []interface{}{"node-1", int64(2), "60s"}; !reflect.DeepEqual(got, want) {
		t.Errorf("cells = %#v, want %#v", got, want)
	}
}
