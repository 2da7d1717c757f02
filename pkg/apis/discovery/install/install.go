// Package install registers the discovery.k8s.io API group's types (EndpointSlice) into kapi's scheme.
package install

import (
	discoveryv1 "k8s.io/api/discovery/v1"
	"k8s.io/apimachinery/pkg/runtime"
	utilruntime "k8s.io/apimachinery/pkg/util/runtime"

	discoveryv1defaults "github.com/kapi-dev/kapi/pkg/apis/discovery/v1"
	"github.com/kapi-dev/kapi/pkg/apis/scheme"
)

func init() {
	Install(scheme.Scheme)
}

// Install registers discovery.k8s.io/v1 as both the served and the internal version.
func Install(s *runtime.Scheme) {
	utilruntime.Must(scheme.AddVersionAsHub(s, discoveryv1.SchemeGroupVersion, discoveryv1.AddToScheme))
	utilruntime.Must(discoveryv1defaults.RegisterDefaults(s))
}
