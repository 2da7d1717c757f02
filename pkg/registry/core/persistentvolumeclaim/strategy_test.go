package persistentvolumeclaim

import (
	"context"
	"reflect"
	"testing"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

func TestWarnsAboutBetaStorageClassAnnotation(t *testing.T) {
	pvc := &corev1.PersistentVolumeClaim{ObjectMeta: metav1.ObjectMeta{Annotations: map[string]string{"volume.beta.kubernetes.io/storage-class": "fast"}}}
	want := []string{`metadata.annotations[volume.beta.kubernetes.io/storage-class]: deprecated since v1.8; use "storageClassName" attribute instead`}
	if got := Strategy.WarningsOnCreate(context.Background(), pvc); !reflect.DeepEqual(got, want) {
		t.Errorf("WarningsOnCreate = %q, want %q", got, want)
	}
	if got := Strategy.WarningsOnUpdate(context.Background(), &corev1.PersistentVolumeClaim{}, pvc); got != nil {
		t.Errorf("WarningsOnUpdate of a claim without the annotation = %q, want none", got)
	}
}
