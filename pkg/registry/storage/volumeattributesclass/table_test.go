package volumeattributesclass

import (
	"context"
	"reflect"
	"testing"

	storagev1 "k8s.io/api/storage/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

func TestStorageVolumeAttributesClassTable(t *testing.T) {
	list := &storagev1.VolumeAttributesClassList{Items: []storagev1.VolumeAttributesClass{
		{ObjectMeta: metav1.ObjectMeta{Name: "gold", Annotations: map[string]string{"volumeattributesclass.alpha.kubernetes.io/is-default-class": "true"}}, DriverName: "csi.example.com"},
		{ObjectMeta: metav1.ObjectMeta{Name: "silver"}, DriverName: "csi.example.com"},
	}}
	table, err := NewTableConvertor().ConvertToTable(context.Background(), list, nil)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, c := range table.ColumnDefinitions {
		names = append(names, c.Name)
	}
	if want := []string{"Name", "DriverName", "Age"}; !reflect.DeepEqual(names, want) {
		t.Errorf("columns = %v, want %v", names, want)
	}
	for i, want := range [][]interface{}{{"gold (default)", "csi.example.com", "<unknown>"}, {"silver", "csi.example.com", "<unknown>"}} {
		if got := table.Rows[i].Cells; !reflect.DeepEqual(got, want) {
			t.Errorf("row %d = %#v, want %#v", i, got, want)
		}
	}
}
