package basestrategy

import (
	"testing"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

func TestBumpGenerationOnSpecChange(t *testing.T) {
	old := &corev1.ReplicationController{ObjectMeta: metav1.ObjectMeta{Generation: 3}, Spec: corev1.ReplicationControllerSpec{MinReadySeconds: 1}}
	same := old.DeepCopy()
	BumpGenerationOnSpecChange(same, old, same.Spec, old.Spec)
	changed := old.DeepCopy()
	changed.Spec.MinReadySeconds = 2
	BumpGenerationOnSpecChange(changed, old, changed.Spec, old.Spec)
	if same.Generation != 3 || changed.Generation != 4 {
		t.Errorf("generations = %d unchanged, %d changed; want 3 and 4", same.Generation, changed.Generation)
	}
}
