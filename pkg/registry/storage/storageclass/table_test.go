package storageclass

import (
	"context"
	"reflect"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	storagev1 "k8s.io/api/storage/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/utils/ptr"
)

func TestStorageClassTable(t *testing.T) {
	created := metav1.NewTime(time.Now().Add(-5 * time.Minute))
	for _, tc := range []struct {
		name string
		sc   storagev1.StorageClass
		want []interface{}
	}{
		{"defaults unset", storagev1.StorageClass{ObjectMeta: metav1.ObjectMeta{Name: "standard"}, Provisioner: "csi.example.com"},
			[]interface{}{"standard", "csi.example.com", "Delete", "Immediate", false, "5m"}},
		{"default class", storagev1.StorageClass{
			ObjectMeta:    metav1.ObjectMeta{Name: "fast", Annotations: map[string]string{"storageclass.kubernetes.io/is-default-class": "true"}},
			Provisioner:   "csi.example.com",
			ReclaimPolicy: ptr.To(corev1.PersistentVolumeReclaimRetain), VolumeBindingMode: ptr.To(storagev1.VolumeBindingWaitForFirstConsumer), AllowVolumeExpansion: ptr.To(true),
		}, []interface{}{"fast (default)", "csi.example.com", "Retain", "WaitForFirstConsumer", true, "5m"}},
		{"beta default annotation", storagev1.StorageClass{ObjectMeta: metav1.ObjectMeta{Name: "old", Annotations: map[string]string{"storageclass.beta.kubernetes.io/is-default-class": "true"}}},
			[]interface{}{"old (default)", "", "Delete", "Immediate", false, "5m"}},
		{"not default", storagev1.StorageClass{ObjectMeta: metav1.ObjectMeta{Name: "slow", Annotations: map[string]string{"storageclass.kubernetes.io/is-default-class": "false"}}},
			[]interface{}{"slow", "", "Delete", "Immediate", false, "5m"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.sc.CreationTimestamp = created
			table, err := NewTableConvertor().ConvertToTable(context.Background(), &tc.sc, nil)
			if err != nil {
				t.Fatal(err)
			}
			var names []string
			for _, c := range table.ColumnDefinitions {
				names = append(names, c.Name)
			}
			if want := []string{"Name", "Provisioner", "ReclaimPolicy", "VolumeBindingMode", "AllowVolumeExpansion", "Age"}; !reflect.DeepEqual(names, want) {
				t.Errorf("columns = %v, want %v", names, want)
			}
			if got := table.Rows[0].Cells; !reflect.DeepEqual(got, tc.want) {
				t.Errorf("cells = %#v, want %#v", got, tc.want)
			}
		})
	}
}
