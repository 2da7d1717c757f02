package server

import (
	"context"
	"time"

	"k8s.io/apimachinery/pkg/util/wait"
	"k8s.io/client-go/discovery/cached/memory"
	"k8s.io/client-go/dynamic"
	"k8s.io/client-go/restmapper"
	"k8s.io/client-go/scale"

	"github.com/kapi-dev/kapi/pkg/controller/disruption"
)

// mapperResetPeriod is how often the disruption controller's kind mapping is rediscovered, as
// kube-controller-manager resets its shared mapper.
const mapperResetPeriod = 30 * time.Second

// startDisruptionController runs the disruption controller, which asks the scale subresource of
// workloads it has no informer for.
func startDisruptionController(c controllerContext) (func(context.Context), error) {
	discoveryClient := c.client.Discovery()
	mapper := restmapper.NewDeferredDiscoveryRESTMapper(memory.NewMemCacheClient(discoveryClient))
	scales, err := scale.NewForConfig(c.loopback, mapper, dynamic.LegacyAPIPathResolverFunc, scale.NewDiscoveryScaleKindResolver(discoveryClient))
	if err != nil {
		return nil, err
	}
	recorder, withEvents := eventRecorder(c.client, disruption.EventSource)
	ctrl, err := disruption.New(c.client, recorder, c.informers, mapper, scales)
	if err != nil {
		return nil, err
	}
	return withEvents(func(ctx context.Context) {
		go wait.Until(mapper.Reset, mapperResetPeriod, ctx.Done())
		ctrl.Run(ctx)
	}), nil
}
