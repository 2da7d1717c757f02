package csidriver

import (
	"context"
	"reflect"
	"testing"
	"time"

	storagev1 "k8s.io/api/storage/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/utils/ptr"
)

func TestStorageCSIDriverTable(t *testing.T) {
	created := metav1.NewTime(time.Now().Add(-2 * time.Minute))
	for _, tc := range []struct {
		name string
		spec storagev1.CSIDriverSpec
		want []interface{}
	}{
		{"unset", storagev1.CSIDriverSpec{}, []interface{}{"csi.example.com", true, false, false, "<unset>", false, "<none>", "2m"}},
		{"set", storagev1.CSIDriverSpec{
			AttachRequired: ptr.To(false), PodInfoOnMount: ptr.To(true), StorageCapacity: ptr.To(true), RequiresRepublish: ptr.To(true),
			TokenRequests:        []storagev1.TokenRequest{{Audience: "vault"}, {Audience: "gcp"}},
			VolumeLifecycleModes: []storagev1.VolumeLifecycleMode{storagev1.VolumeLifecyclePersistent, storagev1.VolumeLifecycleEphemeral},
		}, []interface{}{"csi.example.com", false, true, true, "vault,gcp", true, "Persistent,Ephemeral", "2m"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := &storagev1.CSIDriver{ObjectMeta: metav1.ObjectMeta{Name: "csi.example.com", CreationTimestamp: created}, Spec: tc.spec}
			table, err := NewTableConvertor().ConvertToTable(context.Background(), d, nil)
			if err != nil {
				t.Fatal(err)
			}
			var names []string
			for _, c := range table.ColumnDefinitions {
				names = append(names, c.Name)
			}
			if want := []string{"Name", "AttachRequired", "PodInfoOnMount", "StorageCapacity", "TokenRequests", "RequiresRepublish", "Modes", "Age"}; !reflect.DeepEqual(names, want) {
				t.Errorf("columns = %v, want %v", names, want)
			}
			if got := table.Rows[0].Cells; !reflect.DeepEqual(got, tc.want) {
				t.Errorf("cells = %#v, want %#v", got, tc.want)
			}
		})
	}
}
