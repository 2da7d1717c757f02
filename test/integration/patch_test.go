package integration

import (
	"context"
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	corev1apply "k8s.io/client-go/applyconfigurations/core/v1"
)

func TestPatchTypes(t *testing.T) {
	ctx := context.Background()
	client := jsonClient(t)
	createNamespace(t, client, "patches")
	pods := client.CoreV1().Pods("patches")
	if _, err := pods.Create(ctx, simplePod("p", "nginx:1.26"), metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name  string
		typ   types.PatchType
		patch string
		check func(*corev1.Pod) bool
	}{
		{"strategic merge", types.StrategicMergePatchType, `{"spec":{"containers":[{"name":"main","image":"nginx:1.27"}]}}`,
			func(p *corev1.Pod) bool {
				return len(p.Spec.Containers) == 1 && p.Spec.Containers[0].Image == "nginx:1.27"
			}},
		{"merge", types.MergePatchType, `{"metadata":{"labels":{"tier":"web"}}}`,
			func(p *corev1.Pod) bool { return p.Labels["tier"] == "web" && p.Labels["app"] == "p" }},
		{"json", types.JSONPatchType, `[{"op":"replace","path":"/spec/containers/0/image","value":"nginx:1.28"}]`,
			func(p *corev1.Pod) bool { return p.Spec.Containers[0].Image == "nginx:1.28" }},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := pods.Patch(ctx, "p", tc.typ, []byte(tc.patch), metav1.PatchOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if !tc.check(got) {
				t.Fatalf("patched pod does not show the change: %+v", got.Spec.Containers)
			}
		})
	}
	got, err := pods.Patch(ctx, "p", types.MergePatchType, []byte(`{"status":{"phase":"Running"}}`), metav1.PatchOptions{}, "status")
	if err != nil || got.Status.Phase != corev1.PodRunning {
		t.Fatalf("status patch: phase %v, err %v; want Running", got.Status.Phase, err)
	}
}

func TestServerSideApplyConflicts(t *testing.T) {
	ctx := context.Background()
	client := jsonClient(t)
	createNamespace(t, client, "ssa")
	cms := client.CoreV1().ReplicationControllers("ssa")
	rc := func(replicas int32) *corev1apply.ReplicationControllerApplyConfiguration {
		return corev1apply.ReplicationController("web", "ssa").WithSpec(corev1apply.ReplicationControllerSpec().
			WithReplicas(replicas).
			WithSelector(map[string]string{"app": "web"}).
			WithTemplate(corev1apply.PodTemplateSpec().
				WithLabels(map[string]string{"app": "web"}).
				WithSpec(corev1apply.PodSpec().WithContainers(corev1apply.Container().WithName("web").WithImage("nginx")))))
	}
	if _, err := cms.Apply(ctx, rc(2), metav1.ApplyOptions{FieldManager: "alice"}); err != nil {
		t.Fatalf("first apply: %v", err)
	}
	_, err := cms.Apply(ctx, rc(5), metav1.ApplyOptions{FieldManager: "bob"})
	if !apierrors.IsConflict(err) || !strings.Contains(err.Error(), `conflict with "alice"`) || !strings.Contains(err.Error(), ".spec.replicas") {
		t.Fatalf("conflicting apply: err = %v, want 409 conflict with \"alice\" on .spec.replicas", err)
	}
	got, err := cms.Apply(ctx, rc(5), metav1.ApplyOptions{FieldManager: "bob", Force: true})
	if err != nil {
		t.Fatalf("forced apply: %v", err)
	}
	if *got.Spec.Replicas != 5 {
		t.Fatalf("replicas = %d after forced apply, want 5", *got.Spec.Replicas)
	}
	if got.Generation != 2 {
		t.Errorf("generation = %d after one spec change, want 2", got.Generation)
	}
}
