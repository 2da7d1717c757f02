package defaulttolerationseconds

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/utils/ptr"

	"github.com/kapi-dev/kapi/pkg/admission/internal/admissiontest"
)

func TestAdmit(t *testing.T) {
	notReady := corev1.Toleration{Key: corev1.TaintNodeNotReady, Operator: corev1.TolerationOpExists, Effect: corev1.TaintEffectNoExecute, TolerationSeconds: ptr.To[int64](30)}
	unreachable := corev1.Toleration{Key: corev1.TaintNodeUnreachable, Operator: corev1.TolerationOpExists, Effect: corev1.TaintEffectNoExecute, TolerationSeconds: ptr.To[int64](60)}
	for _, tc := range []struct {
		name string
		have []corev1.Toleration
		want []corev1.Toleration
	}{
		{"none", nil, []corev1.Toleration{notReady, unreachable}},
		{
			"own not-ready kept",
			[]corev1.Toleration{{Key: corev1.TaintNodeNotReady, Operator: corev1.TolerationOpExists, Effect: corev1.TaintEffectNoExecute}},
			[]corev1.Toleration{{Key: corev1.TaintNodeNotReady, Operator: corev1.TolerationOpExists, Effect: corev1.TaintEffectNoExecute}, unreachable},
		},
		{
			"any effect covers NoExecute",
			[]corev1.Toleration{{Key: corev1.TaintNodeUnreachable, Operator: corev1.TolerationOpExists}},
			[]corev1.Toleration{{Key: corev1.TaintNodeUnreachable, Operator: corev1.TolerationOpExists}, notReady},
		},
		{"tolerate everything", []corev1.Toleration{{Operator: corev1.TolerationOpExists}}, []corev1.Toleration{{Operator: corev1.TolerationOpExists}}},
		{
			"NoSchedule does not count",
			[]corev1.Toleration{{Key: corev1.TaintNodeNotReady, Effect: corev1.TaintEffectNoSchedule}},
			[]corev1.Toleration{{Key: corev1.TaintNodeNotReady, Effect: corev1.TaintEffectNoSchedule}, notReady, unreachable},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := &plugin{}
			p.SetDefaultTolerationSeconds(30, 60)
			pod := &corev1.Pod{Spec: corev1.PodSpec{Tolerations: tc.have}}
			if err := p.Admit(context.Background(), admissiontest.CreatePod(pod), nil); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, pod.Spec.Tolerations); diff != "" {
				t.Errorf("tolerations (-want +got):\n%s", diff)
			}
		})
	}
}

func TestAdmitIgnoresSubresources(t *testing.T) {
	p := &plugin{}
	p.SetDefaultTolerationSeconds(300, 300)
	pod := &corev1.Pod{}
	a := admissiontest.Request{Object: pod, Subresource: "status", Operation: "UPDATE", Old: &corev1.Pod{}}.Attributes()
	if err := p.Admit(context.Background(), a, nil); err != nil || pod.Spec.Tolerations != nil {
		t.Errorf("err %v, tolerations %+v; want a status update left alone", err, pod.Spec.Tolerations)
	}
}
