package statefulset

import (
	"testing"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	corelisters "k8s.io/client-go/listers/core/v1"
	"k8s.io/client-go/tools/cache"
)

func TestClaimIsStale(t *testing.T) {
	const del = appsv1.DeletePersistentVolumeClaimRetentionPolicyType
	podRef := func(uid string) []metav1.OwnerReference {
		return []metav1.OwnerReference{{APIVersion: "v1", Kind: "Pod", Name: "web-1", UID: types.UID(uid)}}
	}
	for _, tc := range []struct {
		name   string
		scaled appsv1.PersistentVolumeClaimRetentionPolicyType
		owners []metav1.OwnerReference
		claim  bool
		want   bool
	}{
		{"no claim yet", del, nil, false, false},
		{"claim of the set", del, nil, true, false},
		{"claim of an earlier pod", del, podRef("old-uid"), true, true},
		{"retained claims are never stale", appsv1.RetainPersistentVolumeClaimRetentionPolicyType, podRef("old-uid"), true, false},
	} {
		set := testSet(3)
		set.Spec.PersistentVolumeClaimRetentionPolicy = &appsv1.StatefulSetPersistentVolumeClaimRetentionPolicy{WhenScaled: tc.scaled}
		claims := cache.NewIndexer(cache.MetaNamespaceKeyFunc, cache.Indexers{cache.NamespaceIndex: cache.MetaNamespaceIndexFunc})
		if tc.claim {
			_ = claims.Add(&corev1.PersistentVolumeClaim{ObjectMeta: metav1.ObjectMeta{Name: "data-web-1", Namespace: "ns", OwnerReferences: tc.owners}})
		}
		c := &Controller{claims: corelisters.NewPersistentVolumeClaimLister(claims)}
		if got := c.claimIsStale(set, newPod(set, 1, "")); got != tc.want {
			t.Errorf("%s: stale = %v, want %v", tc.name, got, tc.want)
		}
	}
}
