// Package install registers the networking.k8s.io API group's types (ServiceCIDR, IPAddress and the rest of
// networking.k8s.io/v1) into kapi's scheme.
package install

import (
	networkingv1 "k8s.io/api/networking/v1"
	"k8s.io/apimachinery/pkg/runtime"
	utilruntime "k8s.io/apimachinery/pkg/util/runtime"

	networkingv1defaults "github.com/kapi-dev/kapi/pkg/apis/networking/v1"
	"github.com/kapi-dev/kapi/pkg/apis/scheme"
)

func init() {
	Install(scheme.Scheme)
}

// Install registers networking.k8s.io/v1 as both the served and the internal version, with its
// defaulters.
func Install(s *runtime.Scheme) {
	utilruntime.Must(scheme.AddVersionAsHub(s, networkingv1.SchemeGroupVersion, networkingv1.AddToScheme))
	utilruntime.Must(networkingv1defaults.RegisterDefaults(s))
}
