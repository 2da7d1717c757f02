package integration

import (
	"context"
	"reflect"
	"testing"
	"time"

	coordinationv1 "k8s.io/api/coordination/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/tools/leaderelection"
	"k8s.io/client-go/tools/leaderelection/resourcelock"
)

// candidate runs client-go leader election for identity on the lease ns/name until its context
// ends, releasing the lease then. started and stopped are closed when it gains and loses the lead.
type candidate struct {
	cancel  context.CancelFunc
	started chan struct{}
	stopped chan struct{}
}

func runCandidate(t *testing.T, client kubernetes.Interface, ns, name, identity string) *candidate {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	c := &candidate{cancel: cancel, started: make(chan struct{}), stopped: make(chan struct{})}
	elector, err := leaderelection.NewLeaderElector(leaderelection.LeaderElectionConfig{
		Lock: &resourcelock.LeaseLock{
			LeaseMeta:  metav1.ObjectMeta{Namespace: ns, Name: name},
			Client:     client.CoordinationV1(),
			LockConfig: resourcelock.ResourceLockConfig{Identity: identity},
		},
		LeaseDuration:   15 * time.Second,
		RenewDeadline:   10 * time.Second,
		RetryPeriod:     100 * time.Millisecond,
		ReleaseOnCancel: true,
		Name:            identity,
		Callbacks: leaderelection.LeaderCallbacks{
			OnStartedLeading: func(context.Context) { close(c.started) },
			OnStoppedLeading: func() { close(c.stopped) },
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	go elector.Run(ctx)
	t.Cleanup(cancel)
	return c
}

// waitFor waits for ch to close, failing the test if ctx ends first.
func waitFor(t *testing.T, ctx context.Context, ch <-chan struct{}, what string) {
	t.Helper()
	select {
	case <-ch:
	case <-ctx.Done():
		t.Fatalf("%s did not happen", what)
	}
}

func TestLeaderElectionWithLeases(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	client := jsonClient(t)
	createNamespace(t, client, "election")

	first := runCandidate(t, client, "election", "controller", "first")
	waitFor(t, ctx, first.started, "the first candidate becoming leader")
	second := runCandidate(t, client, "election", "controller", "second")

	lease, err := client.CoordinationV1().Leases("election").Get(ctx, "controller", metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if lease.Spec.HolderIdentity == nil || *lease.Spec.HolderIdentity != "first" {
		t.Fatalf("holder = %v, want first", lease.Spec.HolderIdentity)
	}
	select {
	case <-second.started:
		t.Fatal("the second candidate leads while the first holds the lease")
	default:
	}

	first.cancel()
	waitFor(t, ctx, first.stopped, "the first candidate stepping down")
	waitFor(t, ctx, second.started, "the second candidate taking over")
	lease, err = client.CoordinationV1().Leases("election").Get(ctx, "controller", metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if *lease.Spec.HolderIdentity != "second" || lease.Spec.LeaseTransitions == nil || *lease.Spec.LeaseTransitions < 1 {
		t.Errorf("lease after the takeover = %+v, want held by second after a transition", lease.Spec)
	}

	cols, rows := tableCells(t, "/apis/coordination.k8s.io/v1/namespaces/election/leases", "")
	if want := []string{"Name", "Holder", "Age"}; !reflect.DeepEqual(cols, want) || len(rows) != 1 || rows[0][0] != "controller" || rows[0][1] != "second" {
		t.Errorf("lease table = %v %v, want controller held by second", cols, rows)
	}
}

func TestLeaseWritesNeedResourceVersion(t *testing.T) {
	ctx := context.Background()
	client := jsonClient(t)
	createNamespace(t, client, "lease-rv")
	leases := client.CoordinationV1().Leases("lease-rv")
	holder := "me"
	seconds := int32(10)
	created, err := leases.Create(ctx, &coordinationv1.Lease{
		ObjectMeta: metav1.ObjectMeta{Name: "l"},
		Spec:       coordinationv1.LeaseSpec{HolderIdentity: &holder, LeaseDurationSeconds: &seconds},
	}, metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	blind := created.DeepCopy()
	blind.ResourceVersion = ""
	_, err = leases.Update(ctx, blind, metav1.UpdateOptions{})
	expectInvalidCause(t, err, "metadata.resourceVersion", metav1.CauseTypeFieldValueInvalid, "must be specified for an update")

	zero := int32(0)
	_, err = leases.Create(ctx, &coordinationv1.Lease{
		ObjectMeta: metav1.ObjectMeta{Name: "bad"},
		Spec:       coordinationv1.LeaseSpec{LeaseDurationSeconds: &zero},
	}, metav1.CreateOptions{})
	expectInvalidCause(t, err, "spec.leaseDurationSeconds", metav1.CauseTypeFieldValueInvalid, "must be greater than 0")

	// A PUT creates a lease that does not exist yet.
	if _, err := leases.Update(ctx, &coordinationv1.Lease{ObjectMeta: metav1.ObjectMeta{Name: "put", Namespace: "lease-rv"}}, metav1.UpdateOptions{}); err != nil {
		t.Errorf("PUT of a new lease: %v", err)
	}
}
