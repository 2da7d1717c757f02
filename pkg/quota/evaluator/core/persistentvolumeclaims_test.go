package core

import (
	"testing"

	corev1 "k8s.io/api/core/v1"
	quota "k8s.io/apiserver/pkg/quota/v1"
	"k8s.io/utils/ptr"
)

func claim(class *string, request string) *corev1.PersistentVolumeClaim {
	pvc := &corev1.PersistentVolumeClaim{Spec: corev1.PersistentVolumeClaimSpec{StorageClassName: class}}
	if request != "" {
		pvc.Spec.Resources.Requests = resources("storage", request)
	}
	return pvc
}

func TestClaimUsage(t *testing.T) {
	expanded := claim(ptr.To("gold"), "1Gi")
	expanded.Status.AllocatedResources = resources("storage", "5Gi")
	tests := []struct {
		name string
		pvc  *corev1.PersistentVolumeClaim
		want corev1.ResourceList
	}{
		{"no class", claim(nil, "1Gi"), resources("persistentvolumeclaims", "1", "count/persistentvolumeclaims", "1", "requests.storage", "1Gi")},
		{"charged to its class too", claim(ptr.To("gold"), "1Gi"), resources("persistentvolumeclaims", "1", "count/persistentvolumeclaims", "1", "requests.storage", "1Gi",
			"gold.storageclass.storage.k8s.io/persistentvolumeclaims", "1", "gold.storageclass.storage.k8s.io/requests.storage", "1Gi")},
		{"fractional bytes round up", claim(nil, "1500m"), resources("persistentvolumeclaims", "1", "count/persistentvolumeclaims", "1", "requests.storage", "2")},
		{"more allocated than requested is charged", expanded, resources("persistentvolumeclaims", "1", "count/persistentvolumeclaims", "1", "requests.storage", "5Gi",
			"gold.storageclass.storage.k8s.io/persistentvolumeclaims", "1", "gold.storageclass.storage.k8s.io/requests.storage", "5Gi")},
	}
	e := NewPersistentVolumeClaimEvaluator(nil)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := e.Usage(tt.pvc)
			if err != nil {
				t.Fatal(err)
			}
			if !quota.Equals(got, tt.want) {
				t.Errorf("usage = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestClaimMatchingResources(t *testing.T) {
	got := NewPersistentVolumeClaimEvaluator(nil).MatchingResources([]corev1.ResourceName{
		"persistentvolumeclaims", "requests.storage", "count/persistentvolumeclaims",
		"gold.storageclass.storage.k8s.io/requests.storage", "gold.storageclass.storage.k8s.io/persistentvolumeclaims",
		"gold.storageclass.storage.k8s.io/limits.storage", "pods",
	})
	if len(got) != 5 {
		t.Errorf("MatchingResources = %v, want the five claim resources", got)
	}
}

func TestClaimVolumeAttributesClassScope(t *testing.T) {
	fast := claim(nil, "1Gi")
	fast.Spec.VolumeAttributesClassName = ptr.To("fast")
	moving := claim(nil, "1Gi")
	moving.Status.CurrentVolumeAttributesClassName = ptr.To("slow")
	moving.Status.ModifyVolumeStatus = &corev1.ModifyVolumeStatus{TargetVolumeAttributesClassName: "fast"}
	none := claim(nil, "1Gi")
	sel := func(op corev1.ScopeSelectorOperator, values ...string) corev1.ScopedResourceSelectorRequirement {
		return corev1.ScopedResourceSelectorRequirement{ScopeName: corev1.ResourceQuotaScopeVolumeAttributesClass, Operator: op, Values: values}
	}
	tests := []struct {
		name     string
		pvc      *corev1.PersistentVolumeClaim
		selector corev1.ScopedResourceSelectorRequirement
		want     bool
	}{
		{"spec class In", fast, sel(corev1.ScopeSelectorOpIn, "fast"), true},
		{"target class of a modification In", moving, sel(corev1.ScopeSelectorOpIn, "fast"), true},
		{"current class In", moving, sel(corev1.ScopeSelectorOpIn, "slow"), true},
		{"other class not In", fast, sel(corev1.ScopeSelectorOpIn, "slow"), false},
		{"no class not Exists", none, sel(corev1.ScopeSelectorOpExists), false},
		{"no class NotIn", none, sel(corev1.ScopeSelectorOpNotIn, "fast"), true},
		{"a claim is in no pod scope", fast, corev1.ScopedResourceSelectorRequirement{ScopeName: corev1.ResourceQuotaScopeBestEffort, Operator: corev1.ScopeSelectorOpExists}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := claimMatchesScope(tt.selector, tt.pvc)
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("match = %v, want %v", got, tt.want)
			}
		})
	}
}
