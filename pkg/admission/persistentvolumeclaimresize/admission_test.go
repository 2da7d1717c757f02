package persistentvolumeclaimresize

import (
	"context"
	"testing"

	corev1 "k8s.io/api/core/v1"
	storagev1 "k8s.io/api/storage/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apiserver/pkg/admission"
	"k8s.io/client-go/informers"
	"k8s.io/client-go/kubernetes/fake"
	"k8s.io/utils/ptr"

	"github.com/kapi-dev/kapi/pkg/admission/internal/admissiontest"
)

const (
	notBound      = `persistentvolumeclaims "data" is forbidden: Only bound persistent volume claims can be expanded`
	notExpandable = `persistentvolumeclaims "data" is forbidden: only dynamically provisioned pvc can be resized and the storageclass that provisions the pvc must support resize`
)

func claim(class *string, size string, phase corev1.PersistentVolumeClaimPhase) *corev1.PersistentVolumeClaim {
	return &corev1.PersistentVolumeClaim{
		ObjectMeta: metav1.ObjectMeta{Name: "data", Namespace: "ns"},
		Spec: corev1.PersistentVolumeClaimSpec{
			StorageClassName: class,
			Resources:        corev1.VolumeResourceRequirements{Requests: corev1.ResourceList{corev1.ResourceStorage: resource.MustParse(size)}},
		},
		Status: corev1.PersistentVolumeClaimStatus{Phase: phase},
	}
}

func TestValidate(t *testing.T) {
	gold, silver, gone := ptr.To("gold"), ptr.To("silver"), ptr.To("gone")
	for _, tc := range []struct {
		name     string
		old, new *corev1.PersistentVolumeClaim
		want     string
	}{
		{"grow with expandable class", claim(gold, "1Gi", corev1.ClaimBound), claim(gold, "2Gi", corev1.ClaimBound), ""},
		{"same size with fixed class", claim(silver, "1Gi", corev1.ClaimBound), claim(silver, "1Gi", corev1.ClaimBound), ""},
		{"shrink with fixed class", claim(silver, "2Gi", corev1.ClaimBound), claim(silver, "1Gi", corev1.ClaimBound), ""},
		{"grow pending claim", claim(gold, "1Gi", corev1.ClaimPending), claim(gold, "2Gi", corev1.ClaimPending), notBound},
		{"grow with fixed class", claim(silver, "1Gi", corev1.ClaimBound), claim(silver, "2Gi", corev1.ClaimBound), notExpandable},
		{"grow without class", claim(nil, "1Gi", corev1.ClaimBound), claim(nil, "2Gi", corev1.ClaimBound), notExpandable},
		{"grow with missing class", claim(gone, "1Gi", corev1.ClaimBound), claim(gone, "2Gi", corev1.ClaimBound), notExpandable},
		{"grow while changing class", claim(silver, "1Gi", corev1.ClaimBound), claim(gold, "2Gi", corev1.ClaimBound), notExpandable},
	} {
		t.Run(tc.name, func(t *testing.T) {
			factory := informers.NewSharedInformerFactory(fake.NewClientset(), 0)
			p := &plugin{Handler: admission.NewHandler(admission.Update)}
			p.SetExternalKubeInformerFactory(factory)
			store := factory.Storage().V1().StorageClasses().Informer().GetStore()
			for _, c := range []*storagev1.StorageClass{
				{ObjectMeta: metav1.ObjectMeta{Name: "gold"}, AllowVolumeExpansion: ptr.To(true)},
				{ObjectMeta: metav1.ObjectMeta{Name: "silver"}},
			} {
				if err := store.Add(c); err != nil {
					t.Fatal(err)
				}
			}
			a := admissiontest.Request{
				Object: tc.new, Old: tc.old, Operation: admission.Update, Namespace: "ns", Name: "data",
				Resource: corev1.SchemeGroupVersion.WithResource("persistentvolumeclaims"), Kind: "PersistentVolumeClaim",
			}.Attributes()
			err := p.Validate(context.Background(), a, nil)
			if got := errorString(err); got != tc.want {
				t.Errorf("error = %q, want %q", got, tc.want)
			}
		})
	}
}

func errorString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}
