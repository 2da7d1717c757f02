package runtimeclass

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"
	corev1 "k8s.io/api/core/v1"
	nodev1 "k8s.io/api/node/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apiserver/pkg/admission"
	"k8s.io/client-go/informers"
	"k8s.io/client-go/kubernetes/fake"
	"k8s.io/utils/ptr"

	"github.com/kapi-dev/kapi/pkg/admission/internal/admissiontest"
)

// newTestPlugin serves classes from the API only, so that the informer's miss falls back to it.
func newTestPlugin(classes ...*nodev1.RuntimeClass) *plugin {
	client := fake.NewClientset()
	for _, c := range classes {
		_, _ = client.NodeV1().RuntimeClasses().Create(context.Background(), c, metav1.CreateOptions{})
	}
	p := &plugin{Handler: admission.NewHandler(admission.Create)}
	p.SetExternalKubeClientSet(client)
	p.SetExternalKubeInformerFactory(informers.NewSharedInformerFactory(client, 0))
	return p
}

var overhead = corev1.ResourceList{corev1.ResourceCPU: resource.MustParse("250m")}

func sandbox() *nodev1.RuntimeClass {
	return &nodev1.RuntimeClass{
		ObjectMeta: metav1.ObjectMeta{Name: "sandbox"},
		Handler:    "runsc",
		Overhead:   &nodev1.Overhead{PodFixed: overhead},
		Scheduling: &nodev1.Scheduling{
			NodeSelector: map[string]string{"sandbox": "yes"},
			Tolerations:  []corev1.Toleration{{Key: "sandbox", Operator: corev1.TolerationOpExists}},
		},
	}
}

func pod(mutate func(*corev1.PodSpec)) *corev1.Pod {
	p := &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: "p", Namespace: "ns"}, Spec: corev1.PodSpec{RuntimeClassName: ptr.To("sandbox")}}
	if mutate != nil {
		mutate(&p.Spec)
	}
	return p
}

func admitAndValidate(p *plugin, pod *corev1.Pod) error {
	a := admissiontest.CreatePod(pod)
	if err := p.Admit(context.Background(), a, nil); err != nil {
		return err
	}
	return p.Validate(context.Background(), a, nil)
}

func TestAdmitCopiesOverheadAndScheduling(t *testing.T) {
	got := pod(func(s *corev1.PodSpec) {
		s.NodeSelector = map[string]string{"zone": "a"}
		s.Tolerations = []corev1.Toleration{{Key: "other", Operator: corev1.TolerationOpExists}}
	})
	if err := admitAndValidate(newTestPlugin(sandbox()), got); err != nil {
		t.Fatal(err)
	}
	want := pod(func(s *corev1.PodSpec) {
		s.Overhead = overhead
		s.NodeSelector = map[string]string{"zone": "a", "sandbox": "yes"}
		s.Tolerations = []corev1.Toleration{{Key: "other", Operator: corev1.TolerationOpExists}, {Key: "sandbox", Operator: corev1.TolerationOpExists}}
	})
	if diff := cmp.Diff(want.Spec, got.Spec); diff != "" {
		t.Errorf("spec (-want +got):\n%s", diff)
	}
}

func TestRefusals(t *testing.T) {
	for _, tc := range []struct {
		name    string
		classes []*nodev1.RuntimeClass
		pod     *corev1.Pod
		want    string
	}{
		{"class not found", nil, pod(nil), `pods "p" is forbidden: pod rejected: RuntimeClass "sandbox" not found`},
		{
			"conflicting overhead", []*nodev1.RuntimeClass{sandbox()},
			pod(func(s *corev1.PodSpec) { s.Overhead = corev1.ResourceList{corev1.ResourceCPU: resource.MustParse("1")} }),
			`pods "p" is forbidden: pod rejected: Pod's Overhead doesn't match RuntimeClass's defined Overhead`,
		},
		{
			"overhead without class", nil,
			&corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: "p", Namespace: "ns"}, Spec: corev1.PodSpec{Overhead: overhead}},
			`pods "p" is forbidden: pod rejected: Pod Overhead set without corresponding RuntimeClass defined Overhead`,
		},
		{
			"conflicting node selector", []*nodev1.RuntimeClass{sandbox()},
			pod(func(s *corev1.PodSpec) { s.NodeSelector = map[string]string{"sandbox": "no"} }),
			`pods "p" is forbidden: conflict: runtimeClass.scheduling.nodeSelector[sandbox] = yes; pod.spec.nodeSelector[sandbox] = no`,
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := admitAndValidate(newTestPlugin(tc.classes...), tc.pod)
			if err == nil || err.Error() != tc.want {
				t.Errorf("err = %v\nwant %s", err, tc.want)
			}
		})
	}
}
