package integration

import (
	"context"
	"fmt"
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
)

func TestSystemNamespacesExist(t *testing.T) {
	client := jsonClient(t)
	for _, name := range []string{"default", "kube-system", "kube-public", "kube-node-lease"} {
		ns, err := client.CoreV1().Namespaces().Get(context.Background(), name, metav1.GetOptions{})
		if err != nil {
			t.Fatalf("namespace %s: %v", name, err)
		}
		if ns.Status.Phase != corev1.NamespaceActive {
			t.Errorf("namespace %s phase = %q, want Active", name, ns.Status.Phase)
		}
		if ns.Labels["kubernetes.io/metadata.name"] != name {
			t.Errorf("namespace %s labels = %v, want kubernetes.io/metadata.name=%s", name, ns.Labels, name)
		}
	}
}

// TestNamespaceDeletion follows a namespace from delete to gone: Terminating while a pod with a
// finalizer holds it (with kube-controller-manager's conditions saying why), then removed by kapi's
// namespace deleter once the pod is released. Pods without finalizers are deleted on the way.
func TestNamespaceDeletion(t *testing.T) {
	ctx := context.Background()
	client := jsonClient(t)
	createNamespace(t, client, "doomed")
	pods := client.CoreV1().Pods("doomed")
	held := simplePod("held", "nginx")
	held.Finalizers = []string{"kapi.dev/hold"}
	for _, pod := range []*corev1.Pod{held, simplePod("plain", "nginx")} {
		if _, err := pods.Create(ctx, pod, metav1.CreateOptions{}); err != nil {
			t.Fatal(err)
		}
	}

	ns, err := client.CoreV1().Namespaces().Get(ctx, "doomed", metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if got := ns.Spec.Finalizers; len(got) != 1 || got[0] != corev1.FinalizerKubernetes {
		t.Fatalf("spec.finalizers = %v, want [kubernetes]", got)
	}
	if err := client.CoreV1().Namespaces().Delete(ctx, "doomed", metav1.DeleteOptions{}); err != nil {
		t.Fatalf("delete: %v", err)
	}
	ns, err = client.CoreV1().Namespaces().Get(ctx, "doomed", metav1.GetOptions{})
	if err != nil {
		t.Fatalf("namespace gone at once, want it kept Terminating: %v", err)
	}
	if ns.Status.Phase != corev1.NamespaceTerminating || ns.DeletionTimestamp == nil {
		t.Fatalf("phase = %q, deletionTimestamp = %v; want Terminating with a deletionTimestamp", ns.Status.Phase, ns.DeletionTimestamp)
	}

	_, err = pods.Create(ctx, simplePod("late", "nginx"), metav1.CreateOptions{})
	if !apierrors.IsForbidden(err) || !strings.Contains(err.Error(), "because it is being terminated") {
		t.Fatalf("create in terminating namespace: err = %v, want 403 ... because it is being terminated", err)
	}
	if err := client.CoreV1().Namespaces().Delete(ctx, "doomed", metav1.DeleteOptions{}); err != nil {
		t.Fatalf("second delete while finalizers remain: err = %v, want 200 with the namespace", err)
	}

	want := map[corev1.NamespaceConditionType]string{
		corev1.NamespaceDeletionDiscoveryFailure: "False ResourcesDiscovered: All resources successfully discovered",
		corev1.NamespaceDeletionContentFailure:   "False ContentDeleted: All content successfully deleted, may be waiting on finalization",
		corev1.NamespaceContentRemaining:         "True SomeResourcesRemain: Some resources are remaining: pods. has 1 resource instances",
		corev1.NamespaceFinalizersRemaining:      "True SomeFinalizerRemain: Some finalizers are remaining: kapi.dev/hold in 1 resource instances",
	}
	var got map[corev1.NamespaceConditionType]string
	eventually(t, func() error {
		ns, err := client.CoreV1().Namespaces().Get(ctx, "doomed", metav1.GetOptions{})
		if err != nil {
			t.Fatal(err)
		}
		got = map[corev1.NamespaceConditionType]string{}
		for _, c := range ns.Status.Conditions {
			got[c.Type] = fmt.Sprintf("%s %s: %s", c.Status, c.Reason, c.Message)
		}
		for t, w := range want {
			if got[t] != w {
				return fmt.Errorf("namespace conditions = %v, want %v", got, want)
			}
		}
		return nil
	})
	list, err := pods.List(ctx, metav1.ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(list.Items) != 1 || list.Items[0].Name != "held" || list.Items[0].DeletionTimestamp == nil {
		t.Fatalf("pods left in the terminating namespace: %v, want only held, marked deleted", podNames(list.Items))
	}

	patch := []byte(`[{"op":"remove","path":"/metadata/finalizers"}]`)
	if _, err := pods.Patch(ctx, "held", types.JSONPatchType, patch, metav1.PatchOptions{}); err != nil {
		t.Fatal(err)
	}
	eventually(t, func() error {
		if _, err := client.CoreV1().Namespaces().Get(ctx, "doomed", metav1.GetOptions{}); !apierrors.IsNotFound(err) {
			return fmt.Errorf("namespace still there after its last pod went away (get: %v)", err)
		}
		return nil
	})
}

// TestNamespaceOtherFinalizers checks that the deleter removes only its own finalizer: a namespace
// whose spec lists another one stays until that one is removed through the finalize subresource.
func TestNamespaceOtherFinalizers(t *testing.T) {
	ctx := context.Background()
	client := jsonClient(t)
	ns := &corev1.Namespace{
		ObjectMeta: metav1.ObjectMeta{Name: "custom-finalizer"},
		Spec:       corev1.NamespaceSpec{Finalizers: []corev1.FinalizerName{corev1.FinalizerKubernetes, "kapi.dev/custom"}},
	}
	if _, err := client.CoreV1().Namespaces().Create(ctx, ns, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := client.CoreV1().Namespaces().Delete(ctx, ns.Name, metav1.DeleteOptions{}); err != nil {
		t.Fatal(err)
	}
	eventually(t, func() error {
		got, err := client.CoreV1().Namespaces().Get(ctx, ns.Name, metav1.GetOptions{})
		if err != nil {
			t.Fatalf("spec.finalizers = %v, want only kapi.dev/custom left: %v", ns.Spec.Finalizers, err)
		}
		ns = got
		if len(got.Spec.Finalizers) != 1 || got.Spec.Finalizers[0] != "kapi.dev/custom" {
			return fmt.Errorf("spec.finalizers = %v, want only kapi.dev/custom left", got.Spec.Finalizers)
		}
		return nil
	})
	ns.Labels["still"] = "terminating"
	ns, err := client.CoreV1().Namespaces().Update(ctx, ns, metav1.UpdateOptions{})
	if err != nil {
		t.Fatalf("updating a terminating namespace: %v", err)
	}
	ns.Spec.Finalizers = nil
	if _, err := client.CoreV1().Namespaces().Finalize(ctx, ns, metav1.UpdateOptions{}); err != nil {
		t.Fatalf("finalize: %v", err)
	}
	if _, err := client.CoreV1().Namespaces().Get(ctx, ns.Name, metav1.GetOptions{}); !apierrors.IsNotFound(err) {
		t.Fatalf("after finalize emptied spec.finalizers: err = %v, want NotFound", err)
	}
}

// podNames returns the names of pods.
func podNames(pods []corev1.Pod) []string {
	names := make([]string, 0, len(pods))
	for _, p := range pods {
		names = append(names, p.Name)
	}
	return names
}

func TestCreateInMissingNamespaceIsNotFound(t *testing.T) {
	_, err := jsonClient(t).CoreV1().Pods("nope").Create(context.Background(), simplePod("p", "nginx"), metav1.CreateOptions{})
	if !apierrors.IsNotFound(err) || err.Error() != `namespaces "nope" not found` {
		t.Fatalf("err = %v, want 404 namespaces \"nope\" not found", err)
	}
}

func TestSystemNamespaceCannotBeDeleted(t *testing.T) {
	err := jsonClient(t).CoreV1().Namespaces().Delete(context.Background(), "kube-system", metav1.DeleteOptions{})
	if !apierrors.IsForbidden(err) {
		t.Fatalf("deleting kube-system: err = %v, want 403 Forbidden", err)
	}
}
