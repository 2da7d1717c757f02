// Package install registers the authorization.k8s.io API group's types (the access and rules reviews)
// into kapi's scheme.
package install

import (
	authorizationv1 "k8s.io/api/authorization/v1"
	"k8s.io/apimachinery/pkg/runtime"
	utilruntime "k8s.io/apimachinery/pkg/util/runtime"

	"github.com/kapi-dev/kapi/pkg/apis/scheme"
)

func init() {
	Install(scheme.Scheme)
}

// Install registers authorization.k8s.io/v1 as both the served and the internal version.
func Install(s *runtime.Scheme) {
	utilruntime.Must(scheme.AddVersionAsHub(s, authorizationv1.SchemeGroupVersion, authorizationv1.AddToScheme))
}
