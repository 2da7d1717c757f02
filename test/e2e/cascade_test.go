package e2e

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"k8s.io/apimachinery/pkg/util/uuid"
)

// TestCascadingDelete deletes an owner with each of kubectl's --cascade modes and checks what becomes
// of its dependent, which blocks the owner's foreground deletion. The dependent also names an owner
// that never existed, whose reference the garbage collector removes.
func TestCascadingDelete(t *testing.T) {
	const ns = "e2e-cascade"
	createNamespace(t, ns)
	// withOwner creates a ConfigMap owner and its dependent, and returns the owner's uid.
	withOwner := func(t *testing.T, owner, dependent string) string {
		t.Helper()
		kubectl(t, "create", "configmap", owner, "-n", ns)
		uid := kubectl(t, "get", "configmap", owner, "-n", ns, "-o", "jsonpath={.metadata.uid}")
		kubectlIn(t, fmt.Sprintf(`apiVersion: v1
kind: ConfigMap
metadata:
  name: %s
  namespace: %s
  ownerReferences:
  - apiVersion: v1
    kind: ConfigMap
    name: %s
    uid: %s
    blockOwnerDeletion: true
  - apiVersion: v1
    kind: ConfigMap
    name: never-existed
    uid: %s
`, dependent, ns, owner, uid, uuid.NewUUID()), "apply", "-f", "-")
		// The collector removes the reference to the owner that never existed once it has seen the
		// dependent: from then on it accounts for the dependent when the owner goes.
		deadline := time.Now().Add(30 * time.Second)
		for {
			refs := kubectl(t, "get", "configmap", dependent, "-n", ns, "-o", "jsonpath={.metadata.ownerReferences[*].name}")
			if refs == owner {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("%s is still owned by %s", dependent, refs)
			}
			time.Sleep(100 * time.Millisecond)
		}
		return uid
	}
	deleted := func(t *testing.T, name string, args ...string) {
		t.Helper()
		out := kubectl(t, append([]string{"delete", "configmap", name, "-n", ns}, args...)...)
		if !strings.HasPrefix(out, fmt.Sprintf("configmap %q deleted", name)) {
			t.Errorf("kubectl delete printed %q", out)
		}
	}
	notFound := func(t *testing.T, name string) {
		t.Helper()
		errOut := kubectlFails(t, "get", "configmap", name, "-n", ns)
		if want := fmt.Sprintf(`Error from server (NotFound): configmaps %q not found`, name); !strings.Contains(errOut, want) {
			t.Errorf("kubectl get configmap %s: stderr %q, want it to contain %q", name, errOut, want)
		}
	}

	t.Run("background", func(t *testing.T) {
		withOwner(t, "bg-owner", "bg-dependent")
		deleted(t, "bg-owner", "--cascade=background")
		notFound(t, "bg-owner")
		kubectl(t, "wait", "--for=delete", "configmap/bg-dependent", "-n", ns, "--timeout=30s")
	})
	t.Run("foreground", func(t *testing.T) {
		withOwner(t, "fg-owner", "fg-dependent")
		// kubectl waits for the owner, which goes only after its blocking dependent.
		deleted(t, "fg-owner", "--cascade=foreground")
		notFound(t, "fg-owner")
		notFound(t, "fg-dependent")
	})
	t.Run("orphan", func(t *testing.T) {
		withOwner(t, "orphan-owner", "orphan-dependent")
		deleted(t, "orphan-owner", "--cascade=orphan")
		notFound(t, "orphan-owner")
		if refs := kubectl(t, "get", "configmap", "orphan-dependent", "-n", ns, "-o", "jsonpath={.metadata.ownerReferences}"); refs != "" {
			t.Errorf("the orphaned dependent still has owner references %s", refs)
		}
	})
}
