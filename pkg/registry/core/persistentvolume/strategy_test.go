package persistentvolume

import (
	"context"
	"reflect"
	"testing"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

func TestWarnsAboutBetaStorageClassAnnotation(t *testing.T) {
	pv := &corev1.PersistentVolume{ObjectMeta: metav1.ObjectMeta{Annotations: map[string]string{"volume.beta.kubernetes.io/storage-class": "fast"}}}
	want := []string{`metadata.annotations[volume.beta.kubernetes.io/storage-class]: deprecated since v1.8; use "storageClassName" attribute instead`}
	if got := Strategy.WarningsOnCreate(context.Background(), pv); !reflect.DeepEqual(got, want) {
		t.Errorf("WarningsOnCreate = %q, want %q", got, want)
	}
	if got := Strategy.WarningsOnUpdate(context.Background(), &corev1.PersistentVolume{}, pv); got != nil {
		t.Errorf("WarningsOnUpdate of a volume without the annotation = %q, want none", got)
	}
}
