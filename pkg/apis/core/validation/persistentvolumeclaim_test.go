package validation

import (
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

func validPVC() *corev1.PersistentVolumeClaim {
	return &corev1.PersistentVolumeClaim{
		ObjectMeta: metav1.ObjectMeta{Name: "pvc", Namespace: "default", ResourceVersion: "1"},
		Spec: corev1.PersistentVolumeClaimSpec{
			AccessModes: []corev1.PersistentVolumeAccessMode{corev1.ReadWriteOnce},
			Resources:   corev1.VolumeResourceRequirements{Requests: corev1.ResourceList{corev1.ResourceStorage: resource.MustParse("1Gi")}},
			VolumeMode:  ptr(corev1.PersistentVolumeFilesystem),
		},
	}
}

func TestValidatePersistentVolumeClaim(t *testing.T) {
	tests := []struct {
		name   string
		mutate func(*corev1.PersistentVolumeClaim)
		want   []string
	}{
		{"valid", func(*corev1.PersistentVolumeClaim) {}, nil},
		{"empty", func(pvc *corev1.PersistentVolumeClaim) { pvc.Spec = corev1.PersistentVolumeClaimSpec{} }, []string{
			"spec.accessModes: Required value: at least 1 access mode is required",
			"spec.resources[storage]: Required value",
		}},
		{"zero storage and bad class", func(pvc *corev1.PersistentVolumeClaim) {
			pvc.Spec.Resources.Requests[corev1.ResourceStorage] = resource.MustParse("0")
			pvc.Spec.StorageClassName = ptr("Fast")
		}, []string{
			`spec.resources[storage]: Invalid value: "0": must be greater than zero`,
			`spec.storageClassName: Invalid value: "Fast": ` + dnsSubdomainMsg,
		}},
		{"data source of another kind", func(pvc *corev1.PersistentVolumeClaim) {
			pvc.Spec.DataSource = &corev1.TypedLocalObjectReference{Kind: "Pod", Name: "p"}
			pvc.Spec.DataSourceRef = &corev1.TypedObjectReference{Kind: "Pod", Name: "q"}
		}, []string{
			`spec.dataSource: Invalid value: "Pod": must be 'PersistentVolumeClaim' when referencing the default apiGroup`,
			`spec.dataSourceRef: Invalid value: "Pod": must be 'PersistentVolumeClaim' when referencing the default apiGroup`,
			`spec: Invalid value: {}: must match dataSourceRef`,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pvc := validPVC()
			tt.mutate(pvc)
			expectErrors(t, ValidatePersistentVolumeClaim(pvc), tt.want...)
		})
	}
}

func TestValidatePersistentVolumeClaimUpdate(t *testing.T) {
	old := validPVC()
	binding := validPVC()
	binding.Spec.VolumeName = "pv"
	expectErrors(t, ValidatePersistentVolumeClaimUpdate(binding, old))

	grownUnbound := validPVC()
	grownUnbound.Spec.Resources.Requests[corev1.ResourceStorage] = resource.MustParse("2Gi")
	errs := ValidatePersistentVolumeClaimUpdate(grownUnbound, old)
	if len(errs) != 1 || !strings.HasPrefix(errs[0].Detail, "spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims") {
		t.Errorf("resizing an unbound claim: %v, want the spec immutable", errs)
	}

	boundOld := validPVC()
	boundOld.Status = corev1.PersistentVolumeClaimStatus{Phase: corev1.ClaimBound, Capacity: corev1.ResourceList{corev1.ResourceStorage: resource.MustParse("1Gi")}}
	grown := boundOld.DeepCopy()
	grown.Spec.Resources.Requests[corev1.ResourceStorage] = resource.MustParse("2Gi")
	expectErrors(t, ValidatePersistentVolumeClaimUpdate(grown, boundOld))
	shrunk := boundOld.DeepCopy()
	shrunk.Spec.Resources.Requests[corev1.ResourceStorage] = resource.MustParse("512Mi")
	expectErrors(t, ValidatePersistentVolumeClaimUpdate(shrunk, boundOld), "spec.resources.requests.storage: Forbidden: field can not be less than status.capacity")

	remoded := validPVC()
	remoded.Spec.VolumeMode = ptr(corev1.PersistentVolumeBlock)
	errs = ValidatePersistentVolumeClaimUpdate(remoded, old)
	if len(errs) != 2 || errs[1].Error() != `volumeMode: Invalid value: "Block": field is immutable` {
		t.Errorf("changing the volume mode: %v", errs)
	}
}
