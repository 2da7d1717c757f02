package server

import (
	"context"

	"github.com/kapi-dev/kapi/pkg/controller/statefulset"
)

// statefulSetSyncs is --concurrent-statefulset-syncs.
const statefulSetSyncs = 5

func startStatefulSetController(c controllerContext) (func(context.Context), error) {
	recorder, withEvents := eventRecorder(c.client, statefulset.EventSource)
	apps, core := c.informers.Apps().V1(), c.informers.Core().V1()
	ctrl, err := statefulset.New(c.client, recorder, apps.StatefulSets(), core.Pods(), core.PersistentVolumeClaims(), apps.ControllerRevisions())
	if err != nil {
		return nil, err
	}
	return withEvents(func(ctx context.Context) { ctrl.Run(ctx, statefulSetSyncs) }), nil
}
