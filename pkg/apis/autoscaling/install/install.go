// Package install registers the autoscaling API group into kapi's scheme. Horizontal pod autoscalers
// are served in autoscaling/v2, the hub and internal version they are stored in, and in
// autoscaling/v1, converted to and from v2 with upstream's round-trip annotations. The Scale of the
// scale subresources exists only in autoscaling/v1, which is therefore its internal type too.
package install

import (
	autoscalingv1 "k8s.io/api/autoscaling/v1"
	autoscalingv2 "k8s.io/api/autoscaling/v2"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	utilruntime "k8s.io/apimachinery/pkg/util/runtime"

	autoscalingv1defaults "github.com/kapi-dev/kapi/pkg/apis/autoscaling/v1"
	autoscalingv2defaults "github.com/kapi-dev/kapi/pkg/apis/autoscaling/v2"
	"github.com/kapi-dev/kapi/pkg/apis/scheme"
)

func init() {
	Install(scheme.Scheme)
}

// Install registers autoscaling/v2 and autoscaling/v1, v2 preferred, with autoscalingv2's
// HorizontalPodAutoscaler and autoscalingv1's Scale as the internal types, the v1<->v2
// conversions and the defaulters of both versions.
func Install(s *runtime.Scheme) {
	utilruntime.Must(autoscalingv2.AddToScheme(s))
	utilruntime.Must(autoscalingv1.AddToScheme(s))
	internal := schema.GroupVersion{Group: autoscalingv2.GroupName, Version: runtime.APIVersionInternal}
	s.AddKnownTypes(internal,
		&autoscalingv2.HorizontalPodAutoscaler{},
		&autoscalingv2.HorizontalPodAutoscalerList{},
		&autoscalingv1.Scale{},
	)
	utilruntime.Must(addConversionFuncs(s))
	utilruntime.Must(autoscalingv1defaults.RegisterDefaults(s))
	utilruntime.Must(autoscalingv2defaults.RegisterDefaults(s))
	utilruntime.Must(s.SetVersionPriority(autoscalingv2.SchemeGroupVersion, autoscalingv1.SchemeGroupVersion))
}
