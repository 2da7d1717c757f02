package server

import (
	"context"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/kubernetes/scheme"
	typedcorev1 "k8s.io/client-go/kubernetes/typed/core/v1"
	"k8s.io/client-go/tools/record"

	"github.com/kapi-dev/kapi/pkg/controller/endpoint"
	"github.com/kapi-dev/kapi/pkg/controller/endpointslice"
	"github.com/kapi-dev/kapi/pkg/controller/endpointslicemirroring"
)

// Worker counts of the endpoint controllers, kube-controller-manager's defaults.
const (
	// endpointSyncs is --concurrent-endpoint-syncs.
	endpointSyncs = 5
	// endpointSliceSyncs is --concurrent-service-endpoint-syncs.
	endpointSliceSyncs = 5
	// endpointSliceMirroringSyncs is --mirroring-concurrent-service-endpoint-syncs.
	endpointSliceMirroringSyncs = 5
)

// eventRecorder returns a recorder of core/v1 events from component, and wraps run so that the
// events are written while it runs.
func eventRecorder(client kubernetes.Interface, component string) (record.EventRecorder, func(run func(context.Context)) func(context.Context)) {
	broadcaster := record.NewBroadcaster()
	recorder := broadcaster.NewRecorder(scheme.Scheme, corev1.EventSource{Component: component})
	return recorder, func(run func(context.Context)) func(context.Context) {
		return func(ctx context.Context) {
			broadcaster.StartStructuredLogging(3)
			broadcaster.StartRecordingToSink(&typedcorev1.EventSinkImpl{Interface: client.CoreV1().Events("")})
			defer broadcaster.Shutdown()
			run(ctx)
		}
	}
}

func startEndpointsController(c controllerContext) (func(context.Context), error) {
	client := c.endpointsClient
	recorder, withEvents := eventRecorder(client, endpoint.EventSource)
	core := c.informers.Core().V1()
	ctrl, err := endpoint.New(client, recorder, core.Pods(), core.Services(), core.Endpoints())
	if err != nil {
		return nil, err
	}
	return withEvents(func(ctx context.Context) { ctrl.Run(ctx, endpointSyncs) }), nil
}

func startEndpointSliceController(c controllerContext) (func(context.Context), error) {
	recorder, withEvents := eventRecorder(c.client, endpointslice.EventSource)
	core := c.informers.Core().V1()
	ctrl, err := endpointslice.New(c.client, recorder, core.Pods(), core.Services(), core.Nodes(), c.informers.Discovery().V1().EndpointSlices())
	if err != nil {
		return nil, err
	}
	return withEvents(func(ctx context.Context) { ctrl.Run(ctx, endpointSliceSyncs) }), nil
}

func startEndpointSliceMirroringController(c controllerContext) (func(context.Context), error) {
	recorder, withEvents := eventRecorder(c.client, endpointslicemirroring.EventSource)
	core := c.informers.Core().V1()
	ctrl, err := endpointslicemirroring.New(c.client, recorder, core.Endpoints(), core.Services(), c.informers.Discovery().V1().EndpointSlices())
	if err != nil {
		return nil, err
	}
	return withEvents(func(ctx context.Context) { ctrl.Run(ctx, endpointSliceMirroringSyncs) }), nil
}
