package server

import (
	"context"

	"github.com/kapi-dev/kapi/pkg/controller/daemonset"
	"github.com/kapi-dev/kapi/pkg/controller/statefulset"
)

// Worker counts, kube-controller-manager's defaults.
const (
	// statefulSetSyncs is --concurrent-statefulset-syncs.
	statefulSetSyncs = 5
	// daemonSetSyncs is --concurrent-daemonset-syncs.
	daemonSetSyncs = 2
)

func startStatefulSetController(c controllerContext) (func(context.Context), error) {
	recorder, withEvents := eventRecorder(c.client, statefulset.EventSource)
	apps, core := c.informers.Apps().V1(), c.informers.Core().V1()
	ctrl, err := statefulset.New(c.client, recorder, apps.StatefulSets(), core.Pods(), core.PersistentVolumeClaims(), apps.ControllerRevisions())
	if err != nil {
		return nil, err
	}
	return withEvents(func(ctx context.Context) { ctrl.Run(ctx, statefulSetSyncs) }), nil
}

func startDaemonSetController(c controllerContext) (func(context.Context), error) {
	recorder, withEvents := eventRecorder(c.client, daemonset.EventSource)
	apps, core := c.informers.Apps().V1(), c.informers.Core().V1()
	ctrl, err := daemonset.New(c.client, recorder, apps.DaemonSets(), apps.ControllerRevisions(), core.Pods(), core.Nodes())
	if err != nil {
		return nil, err
	}
	return withEvents(func(ctx context.Context) { ctrl.Run(ctx, daemonSetSyncs) }), nil
}
