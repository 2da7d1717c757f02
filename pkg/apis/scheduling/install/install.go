// Package install registers the scheduling.k8s.io API group (PriorityClasses) into kapi's scheme.
package install

import (
	schedulingv1 "k8s.io/api/scheduling/v1"
	"k8s.io/apimachinery/pkg/runtime"
	utilruntime "k8s.io/apimachinery/pkg/util/runtime"

	schedulingv1defaults "github.com/kapi-dev/kapi/pkg/apis/scheduling/v1"
	"github.com/kapi-dev/kapi/pkg/apis/scheme"
)

func init() {
	Install(scheme.Scheme)
}

// Install registers scheduling.k8s.io/v1 as both the served and the internal version, with its
// defaulters.
func Install(s *runtime.Scheme) {
	utilruntime.Must(scheme.AddVersionAsHub(s, schedulingv1.SchemeGroupVersion, schedulingv1.AddToScheme))
	utilruntime.Must(schedulingv1defaults.RegisterDefaults(s))
}
