package v1_test

import (
	"reflect"
	"testing"

	corev1 "k8s.io/api/core/v1"
	storagev1 "k8s.io/api/storage/v1"
	"k8s.io/utils/ptr"

	_ "github.com/kapi-dev/kapi/pkg/apis/core/install"
	"github.com/kapi-dev/kapi/pkg/apis/scheme"
	_ "github.com/kapi-dev/kapi/pkg/apis/storage/install"
)

func TestStorageClassDefaults(t *testing.T) {
	sc := &storagev1.StorageClass{Provisioner: "csi.example.com"}
	scheme.Scheme.Default(sc)
	if !ptr.Equal(sc.ReclaimPolicy, ptr.To(corev1.PersistentVolumeReclaimDelete)) || !ptr.Equal(sc.VolumeBindingMode, ptr.To(storagev1.VolumeBindingImmediate)) {
		t.Errorf("reclaimPolicy, volumeBindingMode = %v, %v; want Delete, Immediate", ptr.Deref(sc.ReclaimPolicy, ""), ptr.Deref(sc.VolumeBindingMode, ""))
	}
	if sc.AllowVolumeExpansion != nil {
		t.Errorf("allowVolumeExpansion = %v, want unset", *sc.AllowVolumeExpansion)
	}

	retained := &storagev1.StorageClass{ReclaimPolicy: ptr.To(corev1.PersistentVolumeReclaimRetain), VolumeBindingMode: ptr.To(storagev1.VolumeBindingWaitForFirstConsumer)}
	scheme.Scheme.Default(retained)
	if *retained.ReclaimPolicy != corev1.PersistentVolumeReclaimRetain || *retained.VolumeBindingMode != storagev1.VolumeBindingWaitForFirstConsumer {
		t.Errorf("defaulting overrode the class's own reclaimPolicy %s and volumeBindingMode %s", *retained.ReclaimPolicy, *retained.VolumeBindingMode)
	}
}

func TestStorageCSIDriverDefaults(t *testing.T) {
	d := &storagev1.CSIDriver{}
	scheme.Scheme.Default(d)
	want := storagev1.CSIDriverSpec{
		AttachRequired:       ptr.To(true),
		PodInfoOnMount:       ptr.To(false),
		StorageCapacity:      ptr.To(false),
		FSGroupPolicy:        ptr.To(storagev1.ReadWriteOnceWithFSTypeFSGroupPolicy),
		VolumeLifecycleModes: []storagev1.VolumeLifecycleMode{storagev1.VolumeLifecyclePersistent},
		RequiresRepublish:    ptr.To(false),
		SELinuxMount:         ptr.To(false),
	}
	if !reflect.DeepEqual(d.Spec, want) {
		t.Errorf("defaulted spec = %+v, want %+v", d.Spec, want)
	}

	ephemeral := &storagev1.CSIDriver{Spec: storagev1.CSIDriverSpec{AttachRequired: ptr.To(false), VolumeLifecycleModes: []storagev1.VolumeLifecycleMode{storagev1.VolumeLifecycleEphemeral}}}
	scheme.Scheme.Default(ephemeral)
	if *ephemeral.Spec.AttachRequired || !reflect.DeepEqual(ephemeral.Spec.VolumeLifecycleModes, []storagev1.VolumeLifecycleMode{storagev1.VolumeLifecycleEphemeral}) {
		t.Errorf("defaulting overrode attachRequired %v or modes %v", *ephemeral.Spec.AttachRequired, ephemeral.Spec.VolumeLifecycleModes)
	}
}
