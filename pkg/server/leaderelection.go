package server

import (
	"context"
	"fmt"
	"os"
	"time"

	"k8s.io/apimachinery/pkg/util/uuid"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/tools/leaderelection"
	"k8s.io/client-go/tools/leaderelection/resourcelock"
	"k8s.io/klog/v2"

	"github.com/kapi-dev/kapi/pkg/server/options"
)

// releaseTimeout bounds how long shutdown waits for the lease to be handed on.
const releaseTimeout = 10 * time.Second

// controllerElector runs the controllers while this kapi holds the controllers' lease. Losing the
// lease stops them, and the elector campaigns again, so that a kapi cut off from etcd for a while
// takes its turn again later instead of exiting as kube-controller-manager would.
type controllerElector struct {
	config leaderelection.LeaderElectionConfig
	id     string
	cancel context.CancelFunc
	done   chan struct{}
}

// newControllerElector returns an elector for the lease of o.
func newControllerElector(o options.LeaderElectionOptions, client kubernetes.Interface) (*controllerElector, error) {
	host, err := os.Hostname()
	if err != nil {
		return nil, err
	}
	// As kube-controller-manager's, the identity is unique to the process: a restarted kapi is a new
	// candidate.
	id := host + "_" + string(uuid.NewUUID())
	lock, err := resourcelock.New(o.ResourceLock, o.ResourceNamespace, o.ResourceName, client.CoreV1(), client.CoordinationV1(), resourcelock.ResourceLockConfig{Identity: id})
	if err != nil {
		return nil, fmt.Errorf("--leader-elect-resource-lock: %w", err)
	}
	return &controllerElector{
		id:   id,
		done: make(chan struct{}),
		config: leaderelection.LeaderElectionConfig{
			Lock:          lock,
			LeaseDuration: o.LeaseDuration.Duration,
			RenewDeadline: o.RenewDeadline.Duration,
			RetryPeriod:   o.RetryPeriod.Duration,
			// A kapi that stops hands the lease on at once rather than when it expires.
			ReleaseOnCancel: true,
			Name:            o.ResourceName,
		},
	}, nil
}

// start campaigns in the background, term after term, until ctx ends or stop is called; run starts
// the controllers of a term, which stop when the context it gets ends.
func (e *controllerElector) start(ctx context.Context, run func(context.Context) error) {
	ctx, e.cancel = context.WithCancel(ctx)
	go e.campaign(ctx, run)
}

func (e *controllerElector) campaign(ctx context.Context, run func(context.Context) error) {
	defer close(e.done)
	config := e.config
	config.Callbacks = leaderelection.LeaderCallbacks{
		OnStartedLeading: func(ctx context.Context) {
			klog.InfoS("Leading: starting the controllers", "identity", e.id)
			if err := run(ctx); err != nil {
				klog.ErrorS(err, "Starting the controllers failed")
			}
		},
		OnStoppedLeading: func() { klog.InfoS("Stopped leading: the controllers stop", "identity", e.id) },
	}
	for ctx.Err() == nil {
		elector, err := leaderelection.NewLeaderElector(config)
		if err != nil {
			klog.ErrorS(err, "Leader election for the controllers is misconfigured")
			return
		}
		elector.Run(ctx)
	}
}

// stop ends the campaign and waits until the lease is released.
func (e *controllerElector) stop() error {
	if e.cancel == nil {
		return nil
	}
	e.cancel()
	select {
	case <-e.done:
	case <-time.After(releaseTimeout):
		klog.InfoS("Handing on the controllers' lease timed out; it expires on its own", "identity", e.id)
	}
	return nil
}
