package pvprotection

import (
	"context"
	"slices"
	"testing"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/informers"
	"k8s.io/client-go/kubernetes/fake"

	"github.com/kapi-dev/kapi/pkg/admission/storageobjectinuseprotection"
)

const finalizer = storageobjectinuseprotection.PVFinalizer

func TestSync(t *testing.T) {
	now := metav1.Now()
	for _, tc := range []struct {
		name     string
		deleting bool
		phase    corev1.PersistentVolumePhase
		want     []string
	}{
		{name: "live volume without finalizer gets it", phase: corev1.VolumeAvailable, want: []string{finalizer}},
		{name: "deleted bound volume kept", deleting: true, phase: corev1.VolumeBound, want: []string{finalizer}},
		{name: "deleted released volume freed", deleting: true, phase: corev1.VolumeReleased, want: nil},
		{name: "deleted pending volume freed", deleting: true, phase: corev1.VolumePending, want: nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			pv := &corev1.PersistentVolume{ObjectMeta: metav1.ObjectMeta{Name: "disk"}, Status: corev1.PersistentVolumeStatus{Phase: tc.phase}}
			if tc.deleting {
				pv.DeletionTimestamp = &now
				pv.Finalizers = []string{finalizer}
			}
			client := fake.NewClientset(pv)
			factory := informers.NewSharedInformerFactory(client, 0)
			c, err := New(client, factory.Core().V1().PersistentVolumes())
			if err != nil {
				t.Fatal(err)
			}
			if err := factory.Core().V1().PersistentVolumes().Informer().GetStore().Add(pv); err != nil {
				t.Fatal(err)
			}
			if err := c.sync(context.Background(), "disk"); err != nil {
				t.Fatal(err)
			}
			got, err := client.CoreV1().PersistentVolumes().Get(context.Background(), "disk", metav1.GetOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got.Finalizers, tc.want) {
				t.Errorf("finalizers = %v, want %v", got.Finalizers, tc.want)
			}
		})
	}
}
