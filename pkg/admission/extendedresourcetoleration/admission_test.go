package extendedresourcetoleration

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apiserver/pkg/admission"

	"github.com/kapi-dev/kapi/pkg/admission/internal/admissiontest"
)

func requests(names ...corev1.ResourceName) corev1.ResourceRequirements {
	r := corev1.ResourceRequirements{Requests: corev1.ResourceList{}}
	for _, n := range names {
		r.Requests[n] = resource.MustParse("1")
	}
	return r
}

func toleration(key string) corev1.Toleration {
	return corev1.Toleration{Key: key, Operator: corev1.TolerationOpExists, Effect: corev1.TaintEffectNoSchedule}
}

func TestAdmit(t *testing.T) {
	for _, tc := range []struct {
		name        string
		containers  []corev1.Container
		init        []corev1.Container
		tolerations []corev1.Toleration
		want        []corev1.Toleration
	}{
		{name: "native resources only", containers: []corev1.Container{{Resources: requests(corev1.ResourceCPU, "kubernetes.io/batteries", "hugepages-2Mi")}}},
		{
			name:       "extended resources of containers and init containers, sorted",
			containers: []corev1.Container{{Resources: requests("example.com/gpu", corev1.ResourceMemory)}},
			init:       []corev1.Container{{Resources: requests("acme.io/fpga", "example.com/gpu")}},
			want:       []corev1.Toleration{toleration("acme.io/fpga"), toleration("example.com/gpu")},
		},
		{
			name:        "matching toleration replaced, others kept",
			containers:  []corev1.Container{{Resources: requests("example.com/gpu")}},
			tolerations: []corev1.Toleration{{Key: "other", Operator: corev1.TolerationOpExists}, {Key: "example.com/gpu", Operator: corev1.TolerationOpExists, Effect: corev1.TaintEffectNoSchedule, TolerationSeconds: new(int64(5))}},
			want:        []corev1.Toleration{{Key: "other", Operator: corev1.TolerationOpExists}, toleration("example.com/gpu")},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			pod := &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: "p", Namespace: "ns"}, Spec: corev1.PodSpec{Containers: tc.containers, InitContainers: tc.init, Tolerations: tc.tolerations}}
			if err := (&plugin{Handler: admission.NewHandler(admission.Create, admission.Update)}).Admit(context.Background(), admissiontest.CreatePod(pod), nil); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, pod.Spec.Tolerations); diff != "" {
				t.Errorf("tolerations (-want +got):\n%s", diff)
			}
		})
	}
}
