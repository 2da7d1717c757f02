package defaultstorageclass

import (
	"context"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	storagev1 "k8s.io/api/storage/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apiserver/pkg/admission"
	"k8s.io/client-go/informers"
	"k8s.io/client-go/kubernetes/fake"
	"k8s.io/utils/ptr"

	"github.com/kapi-dev/kapi/pkg/admission/internal/admissiontest"
	storagev1defaults "github.com/kapi-dev/kapi/pkg/apis/storage/v1"
)

var t0 = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

func class(name string, age time.Duration, annotations map[string]string) *storagev1.StorageClass {
	return &storagev1.StorageClass{ObjectMeta: metav1.ObjectMeta{Name: name, CreationTimestamp: metav1.NewTime(t0.Add(-age)), Annotations: annotations}, Provisioner: "p"}
}

var (
	markedDefault = map[string]string{storagev1defaults.IsDefaultClassAnnotation: "true"}
	betaIsDefault = map[string]string{storagev1defaults.BetaIsDefaultClassAnnotation: "true"}
)

func TestAdmit(t *testing.T) {
	for _, tc := range []struct {
		name    string
		classes []*storagev1.StorageClass
		claim   *corev1.PersistentVolumeClaim
		want    *string
	}{
		{"no default", []*storagev1.StorageClass{class("plain", 0, nil), class("no", 0, map[string]string{storagev1defaults.IsDefaultClassAnnotation: "false"})}, claim(nil, nil), nil},
		{"default", []*storagev1.StorageClass{class("plain", 0, nil), class("fast", 0, markedDefault)}, claim(nil, nil), ptr.To("fast")},
		{"beta annotation", []*storagev1.StorageClass{class("old", 0, betaIsDefault)}, claim(nil, nil), ptr.To("old")},
		{"newest of two defaults", []*storagev1.StorageClass{class("older", time.Hour, markedDefault), class("newer", time.Minute, markedDefault)}, claim(nil, nil), ptr.To("newer")},
		{"explicit class kept", []*storagev1.StorageClass{class("fast", 0, markedDefault)}, claim(ptr.To("slow"), nil), ptr.To("slow")},
		{"explicit empty class kept", []*storagev1.StorageClass{class("fast", 0, markedDefault)}, claim(ptr.To(""), nil), ptr.To("")},
		{"beta class annotation kept", []*storagev1.StorageClass{class("fast", 0, markedDefault)}, claim(nil, map[string]string{corev1.BetaStorageClassAnnotation: ""}), nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			factory := informers.NewSharedInformerFactory(fake.NewClientset(), 0)
			p := &plugin{Handler: admission.NewHandler(admission.Create)}
			p.SetExternalKubeInformerFactory(factory)
			for _, c := range tc.classes {
				if err := factory.Storage().V1().StorageClasses().Informer().GetStore().Add(c); err != nil {
					t.Fatal(err)
				}
			}
			a := admissiontest.Request{Object: tc.claim, Resource: corev1.SchemeGroupVersion.WithResource("persistentvolumeclaims"), Kind: "PersistentVolumeClaim", Namespace: "ns", Name: "c"}.Attributes()
			if err := p.Admit(context.Background(), a, nil); err != nil {
				t.Fatal(err)
			}
			if got := tc.claim.Spec.StorageClassName; !ptr.Equal(got, tc.want) {
				t.Errorf("storageClassName = %v, want %v", ptr.Deref(got, "<nil>"), ptr.Deref(tc.want, "<nil>"))
			}
		})
	}
}

func claim(class *string, annotations map[string]string) *corev1.PersistentVolumeClaim {
	return &corev1.PersistentVolumeClaim{ObjectMeta: metav1.ObjectMeta{Name: "c", Namespace: "ns", Annotations: annotations}, Spec: corev1.PersistentVolumeClaimSpec{StorageClassName: class}}
}
