package storageobjectinuseprotection

import (
	"context"
	"slices"
	"testing"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apiserver/pkg/admission"

	"github.com/kapi-dev/kapi/pkg/admission/internal/admissiontest"
)

func TestAdmit(t *testing.T) {
	claim := func(finalizers ...string) *corev1.PersistentVolumeClaim {
		return &corev1.PersistentVolumeClaim{ObjectMeta: metav1.ObjectMeta{Name: "c", Namespace: "ns", Finalizers: finalizers}}
	}
	volume := func(finalizers ...string) *corev1.PersistentVolume {
		return &corev1.PersistentVolume{ObjectMeta: metav1.ObjectMeta{Name: "v", Finalizers: finalizers}}
	}
	for _, tc := range []struct {
		name        string
		obj         runtime.Object
		resource    string
		subresource string
		want        []string
	}{
		{"claim", claim(), "persistentvolumeclaims", "", []string{PVCFinalizer}},
		{"claim with other finalizer", claim("x/y"), "persistentvolumeclaims", "", []string{"x/y", PVCFinalizer}},
		{"claim already protected", claim(PVCFinalizer), "persistentvolumeclaims", "", []string{PVCFinalizer}},
		{"claim status", claim(), "persistentvolumeclaims", "status", nil},
		{"volume", volume(), "persistentvolumes", "", []string{PVFinalizer}},
		{"volume already protected", volume("x/y", PVFinalizer), "persistentvolumes", "", []string{"x/y", PVFinalizer}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := &plugin{Handler: admission.NewHandler(admission.Create)}
			a := admissiontest.Request{Object: tc.obj, Resource: corev1.SchemeGroupVersion.WithResource(tc.resource), Subresource: tc.subresource}.Attributes()
			if err := p.Admit(context.Background(), a, nil); err != nil {
				t.Fatal(err)
			}
			m, err := meta.Accessor(tc.obj)
			if err != nil {
				t.Fatal(err)
			}
			if got := m.GetFinalizers(); !slices.Equal(got, tc.want) {
				t.Errorf("finalizers = %v, want %v", got, tc.want)
			}
		})
	}
}
