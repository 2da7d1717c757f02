// Package install registers the coordination.k8s.io API group (Leases) into kapi's scheme.
package install

import (
	coordinationv1 "k8s.io/api/coordination/v1"
	"k8s.io/apimachinery/pkg/runtime"
	utilruntime "k8s.io/apimachinery/pkg/util/runtime"

	"github.com/kapi-dev/kapi/pkg/apis/scheme"
)

func init() {
	Install(scheme.Scheme)
}

// Install registers coordination.k8s.io/v1 as both the served and the internal version.
func Install(s *runtime.Scheme) {
	utilruntime.Must(scheme.AddVersionAsHub(s, coordinationv1.SchemeGroupVersion, coordinationv1.AddToScheme))
}
