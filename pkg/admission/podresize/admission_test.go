package podresize

import (
	"context"
	"testing"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apiserver/pkg/admission"
	"k8s.io/client-go/informers"
	"k8s.io/client-go/kubernetes/fake"

	"github.com/kapi-dev/kapi/pkg/admission/internal/admissiontest"
)

func TestValidate(t *testing.T) {
	old := &corev1.Pod{
		ObjectMeta: metav1.ObjectMeta{Name: "p", Namespace: "ns", Generation: 1},
		Spec:       corev1.PodSpec{NodeName: "n1", Containers: []corev1.Container{{Name: "c"}}},
	}
	resized := func(cpu, memory string) *corev1.Pod {
		pod := old.DeepCopy()
		pod.Generation++
		pod.Spec.Containers[0].Resources.Requests = corev1.ResourceList{corev1.ResourceCPU: resource.MustParse(cpu), corev1.ResourceMemory: resource.MustParse(memory)}
		return pod
	}
	node := func(os string) *corev1.Node {
		return &corev1.Node{
			ObjectMeta: metav1.ObjectMeta{Name: "n1", Labels: map[string]string{corev1.LabelOSStable: os}},
			Status:     corev1.NodeStatus{Allocatable: corev1.ResourceList{corev1.ResourceCPU: resource.MustParse("2"), corev1.ResourceMemory: resource.MustParse("1Ki")}},
		}
	}
	for _, tc := range []struct {
		name string
		node *corev1.Node
		pod  *corev1.Pod
		want string
	}{
		{"fits", node("linux"), resized("1", "1Ki"), ""},
		{"too big", node("linux"), resized("3", "2Ki"), `pods "p" is forbidden: Node didn't have enough allocatable resources: cpu, requested: 3000, allocatable: 2000; memory, requested: 2048, allocatable: 1024`},
		{"windows", node("windows"), resized("1", "1Ki"), `pods "p" is forbidden: pod resize is only supported on linux nodes, node "n1" is "windows"`},
		{"node gone", &corev1.Node{ObjectMeta: metav1.ObjectMeta{Name: "other"}}, resized("1", "1Ki"), `pods "p" is forbidden: node "n1" not found`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			factory := informers.NewSharedInformerFactory(fake.NewClientset(tc.node), 0)
			p := &plugin{Handler: admission.NewHandler(admission.Update)}
			p.SetExternalKubeInformerFactory(factory)
			factory.Start(t.Context().Done())
			factory.WaitForCacheSync(t.Context().Done())
			a := admissiontest.Request{Object: tc.pod, Old: old, Namespace: "ns", Name: "p", Subresource: "resize", Operation: admission.Update}.Attributes()
			err := p.Validate(context.Background(), a, nil)
			got := ""
			if err != nil {
				got = err.Error()
			}
			if got != tc.want {
				t.Errorf("err = %q\nwant %q", got, tc.want)
			}
		})
	}
}
