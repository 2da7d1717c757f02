package integration

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
)

func TestComponentStatuses(t *testing.T) {
	client := jsonClient(t)
	ctx := context.Background()
	list, err := client.CoreV1().ComponentStatuses().List(ctx, metav1.ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	healthy := map[string]corev1.ConditionStatus{}
	for _, cs := range list.Items {
		if len(cs.Conditions) != 1 || cs.Conditions[0].Type != corev1.ComponentHealthy {
			t.Fatalf("%s conditions = %+v, want one Healthy condition", cs.Name, cs.Conditions)
		}
		healthy[cs.Name] = cs.Conditions[0].Status
	}
	// No scheduler runs beside the test server; etcd and the in-process controllers do.
	want := map[string]corev1.ConditionStatus{"etcd-0": corev1.ConditionTrue, "controller-manager": corev1.ConditionTrue, "scheduler": corev1.ConditionFalse}
	for name, status := range want {
		if healthy[name] != status {
			t.Errorf("componentstatus %s healthy = %q, want %q (all: %v)", name, healthy[name], status, healthy)
		}
	}
	etcd, err := client.CoreV1().ComponentStatuses().Get(ctx, "etcd-0", metav1.GetOptions{})
	if err != nil || etcd.Conditions[0].Message != "ok" {
		t.Errorf("get etcd-0 = %+v, %v; want message ok", etcd, err)
	}
	cols, _ := columnNames(t, client, "/api/v1/componentstatuses")
	if !slices.Equal(cols, []string{"Name", "Status", "Message", "Error"}) {
		t.Errorf("componentstatuses columns = %v", cols)
	}
}

func TestPodResize(t *testing.T) {
	client := jsonClient(t)
	ctx := context.Background()
	const ns = "resize"
	createNamespace(t, client, ns)
	pod := simplePod("app", "nginx")
	pod.Spec.Containers[0].Resources = corev1.ResourceRequirements{
		Requests: corev1.ResourceList{corev1.ResourceCPU: resource.MustParse("100m")},
		Limits:   corev1.ResourceList{corev1.ResourceMemory: resource.MustParse("128Mi")},
	}
	if _, err := client.CoreV1().Pods(ns).Create(ctx, pod, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	resize := func(patch string) (*corev1.Pod, error) {
		return client.CoreV1().Pods(ns).Patch(ctx, "app", types.StrategicMergePatchType, []byte(patch), metav1.PatchOptions{}, "resize")
	}

	// Only resources change; an image in the same patch is dropped, as upstream drops it.
	got, err := resize(`{"spec":{"containers":[{"name":"main","image":"busybox","resources":{"requests":{"cpu":"200m"}}}]}}`)
	if err != nil {
		t.Fatal(err)
	}
	c := got.Spec.Containers[0]
	if cpu := c.Resources.Requests[corev1.ResourceCPU]; cpu.String() != "200m" || c.Image != "nginx" || got.Generation != 2 {
		t.Errorf("after resize: cpu %s, image %s, generation %d; want 200m, nginx, 2", cpu.String(), c.Image, got.Generation)
	}

	_, err = resize(`{"spec":{"containers":[{"name":"main","resources":{"requests":{"cpu":"1","memory":"128Mi"},"limits":{"cpu":"1"}}}]}}`)
	expectInvalid(t, err, "", "Pod", "app", `spec: Invalid value: "Burstable": Pod QOS Class may not change as a result of resizing`)
	_, err = resize(`{"spec":{"containers":[{"name":"main","resources":{"limits":{"memory":null}}}]}}`)
	expectInvalidCause(t, err, "spec.containers[0].resources.limits[memory]", metav1.CauseTypeForbidden, "resource limits cannot be removed")

	// The main resource still refuses resource changes.
	_, err = client.CoreV1().Pods(ns).Patch(ctx, "app", types.StrategicMergePatchType, []byte(`{"spec":{"containers":[{"name":"main","resources":{"requests":{"cpu":"300m"}}}]}}`), metav1.PatchOptions{})
	if !apierrors.IsInvalid(err) {
		t.Errorf("resources patched through pods: %v, want 422", err)
	}
}

func TestKubeletSubresourcesAreListed(t *testing.T) {
	client := jsonClient(t)
	resources, err := client.Discovery().ServerResourcesForGroupVersion("v1")
	if err != nil {
		t.Fatal(err)
	}
	verbs := map[string]string{}
	for _, r := range resources.APIResources {
		verbs[r.Name] = strings.Join(r.Verbs, ",")
	}
	want := map[string]string{
		"pods/log":          "get",
		"pods/exec":         "create,get",
		"pods/attach":       "create,get",
		"pods/portforward":  "create,get",
		"pods/proxy":        "create,delete,get,patch,update",
		"pods/resize":       "get,patch,update",
		"nodes/proxy":       "create,delete,get,patch,update",
		"services/proxy":    "create,delete,get,patch,update",
		"componentstatuses": "get,list",
	}
	for name, v := range want {
		if verbs[name] != v {
			t.Errorf("%s verbs = %q, want %q", name, verbs[name], v)
		}
	}

	ctx := context.Background()
	const ns = "kubelet-subresources"
	createNamespace(t, client, ns)
	if _, err := client.CoreV1().Pods(ns).Create(ctx, simplePod("app", "nginx"), metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	err = client.CoreV1().Pods(ns).GetLogs("missing", &corev1.PodLogOptions{}).Do(ctx).Error()
	if !apierrors.IsNotFound(err) {
		t.Errorf("logs of a missing pod: %v, want 404", err)
	}
	var code int
	client.CoreV1().RESTClient().Get().Namespace(ns).Resource("pods").Name("app").SubResource("log").Param("container", "main").Do(ctx).StatusCode(&code)
	if code != http.StatusNoContent {
		t.Errorf("logs of a pod on no node answered %d, want 204 as upstream", code)
	}
}
