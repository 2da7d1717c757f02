package podtopologylabels

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apiserver/pkg/admission"
	"k8s.io/client-go/informers"
	"k8s.io/client-go/kubernetes/fake"

	"github.com/kapi-dev/kapi/pkg/admission/internal/admissiontest"
)

func newTestPlugin(t *testing.T) *plugin {
	t.Helper()
	node := &corev1.Node{ObjectMeta: metav1.ObjectMeta{Name: "n1", Labels: map[string]string{
		"topology.k8s.io/zone": "z1", "topology.k8s.io/region": "r1", "topology.kubernetes.io/zone": "other", "kubernetes.io/hostname": "n1",
	}}}
	factory := informers.NewSharedInformerFactory(fake.NewClientset(node), 0)
	p := &plugin{Handler: admission.NewHandler(admission.Create)}
	p.SetExternalKubeInformerFactory(factory)
	// The plugin waits for its informer, so it must run.
	factory.Start(t.Context().Done())
	factory.WaitForCacheSync(t.Context().Done())
	return p
}

func TestBinding(t *testing.T) {
	binding := &corev1.Binding{ObjectMeta: metav1.ObjectMeta{Name: "p", Namespace: "ns"}, Target: corev1.ObjectReference{Kind: "Node", Name: "n1"}}
	a := admissiontest.Request{Object: binding, Namespace: "ns", Name: "p", Subresource: "binding", Kind: "Binding"}.Attributes()
	if err := newTestPlugin(t).Admit(context.Background(), a, nil); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(map[string]string{"topology.k8s.io/zone": "z1", "topology.k8s.io/region": "r1"}, binding.Labels); diff != "" {
		t.Errorf("binding labels (-want +got):\n%s", diff)
	}
}

func TestPodCreate(t *testing.T) {
	for _, tc := range []struct {
		name       string
		node       string
		labels     map[string]string
		wantLabels map[string]string
	}{
		{"bound", "n1", map[string]string{"app": "x"}, map[string]string{"app": "x", "topology.k8s.io/zone": "z1", "topology.k8s.io/region": "r1"}},
		{"own label wins", "n1", map[string]string{"topology.k8s.io/zone": "mine"}, map[string]string{"topology.k8s.io/zone": "mine", "topology.k8s.io/region": "r1"}},
		{"unscheduled", "", nil, nil},
		{"unknown node", "n2", nil, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			pod := &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: "p", Namespace: "ns", Labels: tc.labels}, Spec: corev1.PodSpec{NodeName: tc.node}}
			if err := newTestPlugin(t).Admit(context.Background(), admissiontest.CreatePod(pod), nil); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.wantLabels, pod.Labels); diff != "" {
				t.Errorf("labels (-want +got):\n%s", diff)
			}
		})
	}
}
