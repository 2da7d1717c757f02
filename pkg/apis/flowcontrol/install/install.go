// Package install registers the flowcontrol.apiserver.k8s.io API group (FlowSchemas and
// PriorityLevelConfigurations) into kapi's scheme.
package install

import (
	flowcontrolv1 "k8s.io/api/flowcontrol/v1"
	"k8s.io/apimachinery/pkg/runtime"
	utilruntime "k8s.io/apimachinery/pkg/util/runtime"

	flowcontrolv1defaults "github.com/kapi-dev/kapi/pkg/apis/flowcontrol/v1"
	"github.com/kapi-dev/kapi/pkg/apis/scheme"
)

func init() {
	Install(scheme.Scheme)
}

// Install registers flowcontrol.apiserver.k8s.io/v1 as both the served and the internal version,
// with its defaulters.
func Install(s *runtime.Scheme) {
	utilruntime.Must(scheme.AddVersionAsHub(s, flowcontrolv1.SchemeGroupVersion, flowcontrolv1.AddToScheme))
	utilruntime.Must(flowcontrolv1defaults.RegisterDefaults(s))
}
