package volumeattachment

import (
	"context"
	"reflect"
	"testing"
	"time"

	storagev1 "k8s.io/api/storage/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

func TestStorageVolumeAttachmentTable(t *testing.T) {
	va := storedAttachment()
	va.CreationTimestamp = metav1.NewTime(time.Now().Add(-3 * time.Hour))
	inline := storedAttachment()
	inline.Name, inline.Spec.Source, inline.Status.Attached = "inline", storagev1.VolumeAttachmentSource{}, false
	list := &storagev1.VolumeAttachmentList{Items: []storagev1.VolumeAttachment{*va, *inline}}
	table, err := NewTableConvertor().ConvertToTable(context.Background(), list, nil)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, c := range table.ColumnDefinitions {
		names = append(names, c.Name)
	}
	if want := []string{"Name", "Attacher", "PV", "Node", "Attached", "Age"}; !reflect.DeepEqual(names, want) {
		t.Errorf("columns = %v, want %v", names, want)
	}
	if got, want := table.Rows[0].Cells, []interface{}{"va", "csi.example.com", "pv", "node-1", true, "3h"}; !reflect.DeepEqual(got, want) {
		t.Errorf("row = %#v, want %#v", got, want)
	}
	if got := table.Rows[1].Cells[2]; got != "" {
		t.Errorf("PV of an inline attachment = %q, want empty", got)
	}
}
