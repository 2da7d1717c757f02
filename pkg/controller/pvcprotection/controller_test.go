package pvcprotection

import (
	"context"
	"slices"
	"testing"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/client-go/informers"
	"k8s.io/client-go/kubernetes/fake"

	"github.com/kapi-dev/kapi/pkg/admission/storageobjectinuseprotection"
)

const finalizer = storageobjectinuseprotection.PVCFinalizer

func claimVolume(name string) corev1.Volume {
	return corev1.Volume{Name: "data", VolumeSource: corev1.VolumeSource{PersistentVolumeClaim: &corev1.PersistentVolumeClaimVolumeSource{ClaimName: name}}}
}

func pod(name, node string, phase corev1.PodPhase, volumes ...corev1.Volume) *corev1.Pod {
	return &corev1.Pod{
		ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: "ns", UID: types.UID(name + "-uid")},
		Spec:       corev1.PodSpec{NodeName: node, Volumes: volumes},
		Status:     corev1.PodStatus{Phase: phase},
	}
}

func TestSync(t *testing.T) {
	now := metav1.Now()
	ephemeral := corev1.Volume{Name: "scratch", VolumeSource: corev1.VolumeSource{Ephemeral: &corev1.EphemeralVolumeSource{}}}
	owned := []metav1.OwnerReference{{APIVersion: "v1", Kind: "Pod", Name: "web", UID: "web-uid", Controller: new(true)}}
	for _, tc := range []struct {
		name      string
		claimName string
		deleting  bool
		owners    []metav1.OwnerReference
		pods      []runtime.Object
		want      []string
	}{
		{name: "live claim without finalizer gets it", claimName: "data", want: []string{finalizer}},
		{name: "deleted unused claim released", claimName: "data", deleting: true, want: nil},
		{name: "deleted claim used by a running pod kept", claimName: "data", deleting: true, pods: []runtime.Object{pod("web", "node-1", corev1.PodRunning, claimVolume("data"))}, want: []string{finalizer}},
		{name: "unscheduled pod does not hold the claim", claimName: "data", deleting: true, pods: []runtime.Object{pod("web", "", corev1.PodPending, claimVolume("data"))}, want: nil},
		{name: "finished pod does not hold the claim", claimName: "data", deleting: true, pods: []runtime.Object{pod("web", "node-1", corev1.PodSucceeded, claimVolume("data"))}, want: nil},
		{name: "pod using another claim", claimName: "data", deleting: true, pods: []runtime.Object{pod("web", "node-1", corev1.PodRunning, claimVolume("logs"))}, want: nil},
		{name: "ephemeral claim of its pod kept", claimName: "web-scratch", deleting: true, owners: owned, pods: []runtime.Object{pod("web", "node-1", corev1.PodRunning, ephemeral)}, want: []string{finalizer}},
		{name: "same-named claim not owned by the pod released", claimName: "web-scratch", deleting: true, pods: []runtime.Object{pod("web", "node-1", corev1.PodRunning, ephemeral)}, want: nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			pvc := &corev1.PersistentVolumeClaim{ObjectMeta: metav1.ObjectMeta{Name: tc.claimName, Namespace: "ns", OwnerReferences: tc.owners}}
			if tc.deleting {
				pvc.DeletionTimestamp = &now
				pvc.Finalizers = []string{finalizer}
			}
			client := fake.NewClientset(append(tc.pods, pvc)...)
			// Only the API server knows the pods, which the controller must ask before releasing.
			factory := informers.NewSharedInformerFactory(fake.NewClientset(), 0)
			c, err := New(client, factory.Core().V1().PersistentVolumeClaims(), factory.Core().V1().Pods())
			if err != nil {
				t.Fatal(err)
			}
			if err := factory.Core().V1().PersistentVolumeClaims().Informer().GetStore().Add(pvc); err != nil {
				t.Fatal(err)
			}
			if err := c.sync(context.Background(), "ns/"+tc.claimName); err != nil {
				t.Fatal(err)
			}
			got, err := client.CoreV1().PersistentVolumeClaims("ns").Get(context.Background(), tc.claimName, metav1.GetOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got.Finalizers, tc.want) {
				t.Errorf("finalizers = %v, want %v", got.Finalizers, tc.want)
			}
		})
	}
}
