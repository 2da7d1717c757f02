package taintnodesbycondition

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"
	corev1 "k8s.io/api/core/v1"

	"github.com/kapi-dev/kapi/pkg/admission/internal/admissiontest"
)

func TestAdmit(t *testing.T) {
	notReady := corev1.Taint{Key: corev1.TaintNodeNotReady, Effect: corev1.TaintEffectNoSchedule}
	other := corev1.Taint{Key: "dedicated", Value: "gpu", Effect: corev1.TaintEffectNoSchedule}
	for _, tc := range []struct {
		name       string
		have, want []corev1.Taint
	}{
		{"new node", nil, []corev1.Taint{notReady}},
		{"other taint kept", []corev1.Taint{other}, []corev1.Taint{other, notReady}},
		{"already tainted", []corev1.Taint{{Key: corev1.TaintNodeNotReady, Value: "x", Effect: corev1.TaintEffectNoSchedule}}, []corev1.Taint{{Key: corev1.TaintNodeNotReady, Value: "x", Effect: corev1.TaintEffectNoSchedule}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			node := &corev1.Node{Spec: corev1.NodeSpec{Taints: tc.have}}
			a := admissiontest.Request{Object: node, Resource: corev1.SchemeGroupVersion.WithResource("nodes"), Kind: "Node"}.Attributes()
			if err := (&plugin{}).Admit(context.Background(), a, nil); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, node.Spec.Taints); diff != "" {
				t.Errorf("taints (-want +got):\n%s", diff)
			}
		})
	}
}
