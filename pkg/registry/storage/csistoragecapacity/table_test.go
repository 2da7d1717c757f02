package csistoragecapacity

import (
	"context"
	"reflect"
	"testing"

	storagev1 "k8s.io/api/storage/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/utils/ptr"
)

func TestStorageCSIStorageCapacityTable(t *testing.T) {
	list := &storagev1.CSIStorageCapacityList{Items: []storagev1.CSIStorageCapacity{
		{ObjectMeta: metav1.ObjectMeta{Name: "known"}, StorageClassName: "fast", Capacity: ptr.To(resource.MustParse("10Gi"))},
		{ObjectMeta: metav1.ObjectMeta{Name: "unknown"}, StorageClassName: "fast"},
	}}
	table, err := NewTableConvertor().ConvertToTable(context.Background(), list, nil)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, c := range table.ColumnDefinitions {
		names = append(names, c.Name)
	}
	if want := []string{"Name", "StorageClassName", "Capacity"}; !reflect.DeepEqual(names, want) {
		t.Errorf("columns = %v, want %v", names, want)
	}
	for i, want := range [][]interface{}{{"known", "fast", "10Gi"}, {"unknown", "fast", "<unset>"}} {
		if got := table.Rows[i].Cells; !reflect.DeepEqual(got, want) {
			t.Errorf("row %d = %#v, want %#v", i, got, want)
		}
	}
}
