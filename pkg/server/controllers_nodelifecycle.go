package server

import (
	"context"

	"github.com/kapi-dev/kapi/pkg/controller/nodelifecycle"
	"github.com/kapi-dev/kapi/pkg/controller/tainteviction"
)

// startNodeLifecycleController watches node health with the --node-* flags.
func startNodeLifecycleController(c controllerContext) (func(context.Context), error) {
	recorder, withEvents := eventRecorder(c.client, nodelifecycle.EventSource)
	o := c.nodeLifecycle
	ctrl, err := nodelifecycle.New(c.client, recorder, c.informers.Coordination().V1().Leases(), c.informers.Core().V1().Pods(), c.informers.Core().V1().Nodes(), nodelifecycle.Config{
		MonitorPeriod:             o.MonitorPeriod,
		StartupGracePeriod:        o.StartupGracePeriod,
		MonitorGracePeriod:        o.MonitorGracePeriod,
		EvictionRate:              o.EvictionRate,
		SecondaryEvictionRate:     o.SecondaryEvictionRate,
		LargeClusterSizeThreshold: o.LargeClusterSizeThreshold,
		UnhealthyZoneThreshold:    o.UnhealthyZoneThreshold,
	})
	if err != nil {
		return nil, err
	}
	return withEvents(ctrl.Run), nil
}

// startTaintEvictionController deletes the pods that do not tolerate their node's NoExecute taints,
// such as those the node lifecycle controller adds.
func startTaintEvictionController(c controllerContext) (func(context.Context), error) {
	recorder, withEvents := eventRecorder(c.client, tainteviction.EventSource)
	ctrl, err := tainteviction.New(c.client, recorder, c.informers.Core().V1().Pods(), c.informers.Core().V1().Nodes())
	if err != nil {
		return nil, err
	}
	return withEvents(ctrl.Run), nil
}
