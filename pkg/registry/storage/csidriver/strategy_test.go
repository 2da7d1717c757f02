package csidriver

import (
	"context"
	"testing"

	storagev1 "k8s.io/api/storage/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/utils/ptr"
)

func TestStorageCSIDriverGeneration(t *testing.T) {
	ctx := context.Background()
	stored := func() *storagev1.CSIDriver {
		return &storagev1.CSIDriver{ObjectMeta: metav1.ObjectMeta{Name: "csi.example.com", Generation: 2}, Spec: storagev1.CSIDriverSpec{PodInfoOnMount: ptr.To(false)}}
	}
	created := stored()
	created.Generation = 0
	Strategy.PrepareForCreate(ctx, created)
	if created.Generation != 0 {
		t.Errorf("generation after create = %d, want 0 as kube-apiserver leaves it", created.Generation)
	}

	relabeled := stored()
	relabeled.Labels = map[string]string{"a": "b"}
	Strategy.PrepareForUpdate(ctx, relabeled, stored())
	changed := stored()
	changed.Spec.PodInfoOnMount = ptr.To(true)
	Strategy.PrepareForUpdate(ctx, changed, stored())
	if relabeled.Generation != 2 || changed.Generation != 3 {
		t.Errorf("generations = %d after a label change, %d after a spec change; want 2 and 3", relabeled.Generation, changed.Generation)
	}
}
