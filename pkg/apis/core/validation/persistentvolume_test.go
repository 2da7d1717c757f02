package validation

import (
	"testing"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

func validPV() *corev1.PersistentVolume {
	return &corev1.PersistentVolume{
		ObjectMeta: metav1.ObjectMeta{Name: "pv", ResourceVersion: "1"},
		Spec: corev1.PersistentVolumeSpec{
			Capacity:                      corev1.ResourceList{corev1.ResourceStorage: resource.MustParse("1Gi")},
			AccessModes:                   []corev1.PersistentVolumeAccessMode{corev1.ReadWriteOnce},
			PersistentVolumeReclaimPolicy: corev1.PersistentVolumeReclaimRetain,
			PersistentVolumeSource:        corev1.PersistentVolumeSource{NFS: &corev1.NFSVolumeSource{Server: "nfs", Path: "/export"}},
			VolumeMode:                    ptr(corev1.PersistentVolumeFilesystem),
		},
	}
}

func TestValidatePersistentVolume(t *testing.T) {
	tests := []struct {
		name   string
		mutate func(*corev1.PersistentVolume)
		want   []string
	}{
		{"valid", func(*corev1.PersistentVolume) {}, nil},
		{"two sources", func(pv *corev1.PersistentVolume) { pv.Spec.HostPath = &corev1.HostPathVolumeSource{Path: "/x"} }, []string{
			"spec.nfs: Forbidden: may not specify more than 1 volume type",
		}},
		{"no source", func(pv *corev1.PersistentVolume) { pv.Spec.NFS = nil }, []string{"spec: Required value: must specify a volume type"}},
		{"capacity", func(pv *corev1.PersistentVolume) {
			pv.Spec.Capacity = corev1.ResourceList{corev1.ResourceStorage: resource.MustParse("0"), corev1.ResourceCPU: resource.MustParse("1")}
		}, []string{
			`spec.capacity: Unsupported value: {"cpu":"1","storage":"0"}: supported values: "storage"`,
			`spec.capacity[storage]: Invalid value: "0": must be greater than zero`,
		}},
		{"modes and policy", func(pv *corev1.PersistentVolume) {
			pv.Spec.AccessModes = []corev1.PersistentVolumeAccessMode{corev1.ReadWriteOncePod, corev1.ReadWriteMany}
			pv.Spec.PersistentVolumeReclaimPolicy = "Keep"
			pv.Spec.VolumeMode = ptr(corev1.PersistentVolumeMode("Raw"))
		}, []string{
			"spec.accessModes: Forbidden: may not use ReadWriteOncePod with other access modes",
			`spec.persistentVolumeReclaimPolicy: Unsupported value: "Keep": supported values: "Delete", "Recycle", "Retain"`,
			`spec.volumeMode: Unsupported value: "Raw": supported values: "Block", "Filesystem"`,
		}},
		{"local needs node affinity", func(pv *corev1.PersistentVolume) {
			pv.Spec.NFS = nil
			pv.Spec.Local = &corev1.LocalVolumeSource{Path: "/mnt/../etc"}
		}, []string{
			`spec.local.path: Invalid value: "/mnt/../etc": must not contain '..'`,
			"spec.nodeAffinity: Required value: Local volume requires node affinity",
		}},
		{"recycling root", func(pv *corev1.PersistentVolume) {
			pv.Spec.NFS = nil
			pv.Spec.HostPath = &corev1.HostPathVolumeSource{Path: "/"}
			pv.Spec.PersistentVolumeReclaimPolicy = corev1.PersistentVolumeReclaimRecycle
		}, []string{"spec.persistentVolumeReclaimPolicy: Forbidden: may not be 'recycle' for a hostPath mount of '/'"}},
		{"csi", func(pv *corev1.PersistentVolume) {
			pv.Spec.NFS = nil
			pv.Spec.CSI = &corev1.CSIPersistentVolumeSource{Driver: "csi.example.com", NodePublishSecretRef: &corev1.SecretReference{Name: "s"}}
		}, []string{
			"spec.csi.volumeHandle: Required value",
			"spec.csi.nodePublishSecretRef.namespace: Required value",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pv := validPV()
			tt.mutate(pv)
			expectErrors(t, ValidatePersistentVolume(pv), tt.want...)
		})
	}
}

func TestValidatePersistentVolumeUpdate(t *testing.T) {
	old := validPV()
	resized := validPV()
	resized.Spec.Capacity[corev1.ResourceStorage] = resource.MustParse("2Gi")
	resized.Spec.PersistentVolumeReclaimPolicy = corev1.PersistentVolumeReclaimDelete
	expectErrors(t, ValidatePersistentVolumeUpdate(resized, old))

	moved := validPV()
	moved.Spec.NFS.Path = "/other"
	moved.Spec.VolumeMode = ptr(corev1.PersistentVolumeBlock)
	errs := ValidatePersistentVolumeUpdate(moved, old)
	if len(errs) != 2 || errs[0].Field != "spec.persistentvolumesource" || errs[1].Error() != `volumeMode: Invalid value: "Block": field is immutable` {
		t.Errorf("errors = %v, want the source and the volume mode immutable", errs)
	}
}
