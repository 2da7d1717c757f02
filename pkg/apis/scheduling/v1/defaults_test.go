package v1_test

import (
	"testing"

	corev1 "k8s.io/api/core/v1"
	schedulingv1 "k8s.io/api/scheduling/v1"
	"k8s.io/utils/ptr"

	_ "github.com/kapi-dev/kapi/pkg/apis/scheduling/install"
	"github.com/kapi-dev/kapi/pkg/apis/scheme"
)

func TestPriorityClassDefaults(t *testing.T) {
	pc := &schedulingv1.PriorityClass{Value: 10}
	scheme.Scheme.Default(pc)
	if pc.PreemptionPolicy == nil || *pc.PreemptionPolicy != corev1.PreemptLowerPriority {
		t.Errorf("preemptionPolicy = %v, want PreemptLowerPriority", pc.PreemptionPolicy)
	}
	never := &schedulingv1.PriorityClass{PreemptionPolicy: ptr.To(corev1.PreemptNever)}
	scheme.Scheme.Default(never)
	if *never.PreemptionPolicy != corev1.PreemptNever {
		t.Errorf("preemptionPolicy = %v, want Never kept", *never.PreemptionPolicy)
	}
}
