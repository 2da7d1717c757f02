package integration

import (
	"context"
	"fmt"
	"testing"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
)

const controllersLease = "kapi-controller-manager"

// TestControllersLeaderElection runs two kapi on one etcd: the first to start holds the controllers'
// lease and runs them; when it stops, the other takes the lease over and runs them.
func TestControllersLeaderElection(t *testing.T) {
	ctx := context.Background()
	etcd := startEtcd(t)
	first := startKapi(t, etcd, "", "198.51.100.1")
	firstStopped := false
	defer func() {
		if !firstStopped {
			_ = first.Stop()
		}
	}()
	clientFirst := kubernetes.NewForConfigOrDie(first.ClientConfig)
	leader := holder(t, clientFirst, "")

	second := startKapi(t, etcd, "", "198.51.100.2")
	defer second.Stop()
	clientSecond := kubernetes.NewForConfigOrDie(second.ClientConfig)
	// The second kapi serves, but the controllers stay with the first.
	createNamespace(t, clientSecond, "elected")
	eventually(t, func() error {
		_, err := clientSecond.CoreV1().ServiceAccounts("elected").Get(ctx, "default", metav1.GetOptions{})
		return err
	})
	if got := holder(t, clientSecond, ""); got != leader {
		t.Fatalf("lease moved from %s to %s while its holder ran", leader, got)
	}

	if err := first.Stop(); err != nil {
		t.Fatal(err)
	}
	firstStopped = true
	successor := holder(t, clientSecond, leader)
	t.Logf("lease went from %s to %s", leader, successor)
	// The namespace controller now runs in the second kapi: a deleted namespace goes away.
	if err := clientSecond.CoreV1().Namespaces().Delete(ctx, "elected", metav1.DeleteOptions{}); err != nil {
		t.Fatal(err)
	}
	waitGone(t, "namespace elected", func(ctx context.Context) error {
		_, err := clientSecond.CoreV1().Namespaces().Get(ctx, "elected", metav1.GetOptions{})
		return err
	})
}

// TestControllersWithoutLeaderElection checks that --leader-elect=false runs the controllers without
// taking the lease.
func TestControllersWithoutLeaderElection(t *testing.T) {
	ctx := context.Background()
	s := startServer(t, "--leader-elect=false")
	client := kubernetes.NewForConfigOrDie(s.ClientConfig)
	createNamespace(t, client, "unelected")
	eventually(t, func() error {
		_, err := client.CoreV1().ServiceAccounts("unelected").Get(ctx, "default", metav1.GetOptions{})
		return err
	})
	if _, err := client.CoordinationV1().Leases(metav1.NamespaceSystem).Get(ctx, controllersLease, metav1.GetOptions{}); !apierrors.IsNotFound(err) {
		t.Errorf("with --leader-elect=false the lease %s exists (err %v)", controllersLease, err)
	}
}

// holder waits until the controllers' lease has a holder other than not, and returns it.
func holder(t *testing.T, client kubernetes.Interface, not string) string {
	t.Helper()
	var id string
	eventually(t, func() error {
		lease, err := client.CoordinationV1().Leases(metav1.NamespaceSystem).Get(context.Background(), controllersLease, metav1.GetOptions{})
		if err != nil {
			return err
		}
		if h := lease.Spec.HolderIdentity; h != nil && *h != "" && *h != not {
			id = *h
			return nil
		}
		return fmt.Errorf("lease %s held by %v", controllersLease, lease.Spec.HolderIdentity)
	})
	return id
}
