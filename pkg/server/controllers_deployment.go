package server

import (
	"context"

	"github.com/kapi-dev/kapi/pkg/controller/deployment"
	"github.com/kapi-dev/kapi/pkg/controller/replicaset"
)

// Worker counts of the workload controllers, kube-controller-manager's defaults.
const (
	// replicaSetSyncs is --concurrent-replicaset-syncs.
	replicaSetSyncs = 5
	// replicationControllerSyncs is --concurrent-rc-syncs.
	replicationControllerSyncs = 5
	// deploymentSyncs is --concurrent-deployment-syncs.
	deploymentSyncs = 5
)

func startReplicaSetController(c controllerContext) (func(context.Context), error) {
	recorder, withEvents := eventRecorder(c.client, replicaset.ReplicaSetEventSource)
	kind := replicaset.ReplicaSets(c.client, c.informers.Apps().V1().ReplicaSets())
	ctrl, err := replicaset.New(c.client, recorder, kind, c.informers.Core().V1().Pods())
	if err != nil {
		return nil, err
	}
	return withEvents(func(ctx context.Context) { ctrl.Run(ctx, replicaSetSyncs) }), nil
}

func startReplicationController(c controllerContext) (func(context.Context), error) {
	recorder, withEvents := eventRecorder(c.client, replicaset.ReplicationControllerEventSource)
	kind := replicaset.ReplicationControllers(c.client, c.informers.Core().V1().ReplicationControllers())
	ctrl, err := replicaset.New(c.client, recorder, kind, c.informers.Core().V1().Pods())
	if err != nil {
		return nil, err
	}
	return withEvents(func(ctx context.Context) { ctrl.Run(ctx, replicationControllerSyncs) }), nil
}

func startDeploymentController(c controllerContext) (func(context.Context), error) {
	recorder, withEvents := eventRecorder(c.client, deployment.EventSource)
	apps := c.informers.Apps().V1()
	ctrl, err := deployment.New(c.client, recorder, apps.Deployments(), apps.ReplicaSets(), c.informers.Core().V1().Pods())
	if err != nil {
		return nil, err
	}
	return withEvents(func(ctx context.Context) { ctrl.Run(ctx, deploymentSyncs) }), nil
}
