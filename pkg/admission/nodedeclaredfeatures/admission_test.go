package nodedeclaredfeatures

import (
	"context"
	"testing"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apiserver/pkg/admission"
	"k8s.io/client-go/informers"
	"k8s.io/client-go/kubernetes/fake"
	"k8s.io/component-base/compatibility"

	"github.com/kapi-dev/kapi/pkg/admission/internal/admissiontest"
)

// initResizeFeature is what resizing a non-sidecar init container needs from the node.
const initResizeFeature = "InPlacePodVerticalScalingInitContainers"

func newTestPlugin(t *testing.T, node *corev1.Node) *plugin {
	t.Helper()
	factory := informers.NewSharedInformerFactory(fake.NewClientset(node), 0)
	p := newPlugin()
	p.SetExternalKubeInformerFactory(factory)
	p.InspectEffectiveVersion(compatibility.NewEffectiveVersionFromString("1.37.2", "", ""))
	if err := p.ValidateInitialization(); err != nil {
		t.Fatal(err)
	}
	factory.Start(t.Context().Done())
	factory.WaitForCacheSync(t.Context().Done())
	return p
}

func resizeInit(old *corev1.Pod, cpu string) *corev1.Pod {
	pod := old.DeepCopy()
	pod.Generation++
	pod.Spec.InitContainers[0].Resources.Requests = corev1.ResourceList{corev1.ResourceCPU: resource.MustParse(cpu)}
	return pod
}

func TestValidate(t *testing.T) {
	old := &corev1.Pod{
		ObjectMeta: metav1.ObjectMeta{Name: "p", Namespace: "ns", Generation: 1},
		Spec:       corev1.PodSpec{NodeName: "n1", InitContainers: []corev1.Container{{Name: "init"}}, Containers: []corev1.Container{{Name: "c"}}},
	}
	for _, tc := range []struct {
		name     string
		declared []string
		pod      *corev1.Pod
		want     string
	}{
		{"node lacks the feature", nil, resizeInit(old, "1"), `pods "p" is forbidden: pod update requires features InPlacePodVerticalScalingInitContainers which are not available on node "n1"`},
		{"node declares the feature", []string{initResizeFeature}, resizeInit(old, "1"), ""},
		{"spec unchanged", nil, old.DeepCopy(), ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			node := &corev1.Node{ObjectMeta: metav1.ObjectMeta{Name: "n1"}, Status: corev1.NodeStatus{DeclaredFeatures: tc.declared}}
			a := admissiontest.Request{Object: tc.pod, Old: old, Namespace: "ns", Name: "p", Subresource: "resize", Operation: admission.Update}.Attributes()
			err := newTestPlugin(t, node).Validate(context.Background(), a, nil)
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
