package integration

import (
	"context"
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
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

func TestNamespaceDeletionMarksTerminating(t *testing.T) {
	ctx := context.Background()
	client := jsonClient(t)
	createNamespace(t, client, "doomed")

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

	_, err = client.CoreV1().Pods("doomed").Create(ctx, simplePod("late", "nginx"), metav1.CreateOptions{})
	if !apierrors.IsForbidden(err) || !strings.Contains(err.Error(), "because it is being terminated") {
		t.Fatalf("create in terminating namespace: err = %v, want 403 ... because it is being terminated", err)
	}

	err = client.CoreV1().Namespaces().Delete(ctx, "doomed", metav1.DeleteOptions{})
	if !apierrors.IsConflict(err) {
		t.Fatalf("second delete while finalizers remain: err = %v, want 409 Conflict", err)
	}

	ns, err = client.CoreV1().Namespaces().Get(ctx, "doomed", metav1.GetOptions{})
	if err != nil {
		t.Fatalf("a rejected second delete removed the namespace: %v", err)
	}
	ns.Labels["still"] = "terminating"
	ns, err = client.CoreV1().Namespaces().Update(ctx, ns, metav1.UpdateOptions{})
	if err != nil {
		t.Fatalf("updating a terminating namespace: %v", err)
	}
	ns.Spec.Finalizers = nil
	if _, err := client.CoreV1().Namespaces().Finalize(ctx, ns, metav1.UpdateOptions{}); err != nil {
		t.Fatalf("finalize: %v", err)
	}
	if _, err := client.CoreV1().Namespaces().Get(ctx, "doomed", metav1.GetOptions{}); !apierrors.IsNotFound(err) {
		t.Fatalf("after finalize emptied spec.finalizers: err = %v, want NotFound", err)
	}
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
