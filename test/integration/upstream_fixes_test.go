package integration

import (
	"context"
	"net/http"
	"reflect"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/apimachinery/pkg/util/wait"
	"k8s.io/client-go/util/retry"
)

// TestNamespaceDeleteWhileTerminating deletes a namespace twice while a finalizer keeps its content
// alive: like kube-apiserver, the second DELETE answers 200 with the Terminating namespace rather
// than 409 Conflict, in JSON and in protobuf.
func TestNamespaceDeleteWhileTerminating(t *testing.T) {
	ctx := context.Background()
	client := jsonClient(t)
	const ns = "terminating-twice"
	createNamespace(t, client, ns)
	held := simplePod("held", "nginx")
	held.Finalizers = []string{"kapi.dev/hold"}
	if _, err := client.CoreV1().Pods(ns).Create(ctx, held, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := client.CoreV1().Namespaces().Delete(ctx, ns, metav1.DeleteOptions{}); err != nil {
		t.Fatalf("first delete: %v", err)
	}

	for _, protocol := range []string{"json", "protobuf"} {
		cs := jsonClient(t)
		if protocol == "protobuf" {
			cs = protobufClient(t)
		}
		var code int
		got := &corev1.Namespace{}
		err := cs.CoreV1().RESTClient().Delete().Resource("namespaces").Name(ns).Do(ctx).StatusCode(&code).Into(got)
		if err != nil || code != http.StatusOK {
			t.Fatalf("%s: second delete = %d, %v; want 200 with the namespace", protocol, code, err)
		}
		if got.Name != ns || got.Status.Phase != corev1.NamespaceTerminating || got.DeletionTimestamp == nil {
			t.Errorf("%s: second delete returned %s phase %q deletionTimestamp %v, want the Terminating namespace", protocol, got.Name, got.Status.Phase, got.DeletionTimestamp)
		}
	}

	patch := []byte(`[{"op":"remove","path":"/metadata/finalizers"}]`)
	if _, err := client.CoreV1().Pods(ns).Patch(ctx, "held", types.JSONPatchType, patch, metav1.PatchOptions{}); err != nil {
		t.Fatal(err)
	}
	err := wait.PollUntilContextTimeout(ctx, 100*time.Millisecond, time.Minute, true, func(ctx context.Context) (bool, error) {
		_, err := client.CoreV1().Namespaces().Get(ctx, ns, metav1.GetOptions{})
		return apierrors.IsNotFound(err), nil
	})
	if err != nil {
		t.Fatalf("namespace %s not removed once its content was: %v", ns, err)
	}
}

// TestServiceAccountTable checks `kubectl get serviceaccounts` columns as kube-apiserver v1.37 serves
// them: NAME and AGE, no SECRETS count even for an account that lists secrets.
func TestServiceAccountTable(t *testing.T) {
	ctx := context.Background()
	client := jsonClient(t)
	createNamespace(t, client, "sa-table")
	sa := &corev1.ServiceAccount{ObjectMeta: metav1.ObjectMeta{Name: "builder"}, Secrets: []corev1.ObjectReference{{Name: "builder-token"}}}
	if _, err := client.CoreV1().ServiceAccounts("sa-table").Create(ctx, sa, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	cols, rows := tableCells(t, "/api/v1/namespaces/sa-table/serviceaccounts/builder", "")
	if want := []string{"Name", "Age"}; !reflect.DeepEqual(cols, want) {
		t.Errorf("columns = %v, want %v", cols, want)
	}
	if len(rows) != 1 || len(rows[0]) != 2 || rows[0][0] != "builder" {
		t.Errorf("rows = %v, want one row: builder and its age", rows)
	}
}

// TestNodeTableKwokNode registers a node as kwok does and checks every cell of its table row, the
// wide ones included: KERNEL-VERSION reads "kwok-0.8.0 (amd64)", as kube-apiserver prints it.
func TestNodeTableKwokNode(t *testing.T) {
	ctx := context.Background()
	client := jsonClient(t)
	node := &corev1.Node{ObjectMeta: metav1.ObjectMeta{Name: "kwok-table-node", Labels: map[string]string{"type": "kwok"}}}
	created, err := client.CoreV1().Nodes().Create(ctx, node, metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = client.CoreV1().Nodes().Delete(context.Background(), node.Name, metav1.DeleteOptions{}) })
	status := corev1.NodeStatus{
		Conditions: []corev1.NodeCondition{{Type: corev1.NodeReady, Status: corev1.ConditionTrue, Reason: "KubeletReady"}},
		Addresses:  []corev1.NodeAddress{{Type: corev1.NodeInternalIP, Address: "10.0.0.1"}},
		NodeInfo: corev1.NodeSystemInfo{
			Architecture: "amd64", OperatingSystem: "linux", KubeletVersion: "fake",
			KernelVersion: "kwok-0.8.0", ContainerRuntimeVersion: "kwok-0.8.0",
		},
	}
	// The node lifecycle controller may write the new node first; retry on its changes.
	err = retry.RetryOnConflict(retry.DefaultRetry, func() error {
		latest, err := client.CoreV1().Nodes().Get(ctx, created.Name, metav1.GetOptions{})
		if err != nil {
			return err
		}
		latest.Status = status
		_, err = client.CoreV1().Nodes().UpdateStatus(ctx, latest, metav1.UpdateOptions{})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	_, rows := tableCells(t, "/api/v1/nodes/kwok-table-node", "")
	if len(rows) != 1 {
		t.Fatalf("rows = %v, want one", rows)
	}
	row := rows[0]
	want := []string{"kwok-table-node", "Ready", "<none>", row[3], "fake", "10.0.0.1", "<none>", "<unknown>", "kwok-0.8.0 (amd64)", "kwok-0.8.0"}
	if !reflect.DeepEqual(row, want) {
		t.Errorf("cells = %q\nwant    %q", row, want)
	}
}
