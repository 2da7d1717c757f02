// Package install registers the rbac.authorization.k8s.io API group (k8s.io/api/rbac/v1) into kapi's
// scheme.
package install

import (
	rbacv1 "k8s.io/api/rbac/v1"
	"k8s.io/apimachinery/pkg/runtime"
	utilruntime "k8s.io/apimachinery/pkg/util/runtime"

	rbacv1defaults "github.com/kapi-dev/kapi/pkg/apis/rbac/v1"
	"github.com/kapi-dev/kapi/pkg/apis/scheme"
)

func init() {
	Install(scheme.Scheme)
}

// Install registers rbac/v1 as both the served and the internal version, with its defaulters.
func Install(s *runtime.Scheme) {
	utilruntime.Must(scheme.AddVersionAsHub(s, rbacv1.SchemeGroupVersion, rbacv1.AddToScheme))
	utilruntime.Must(rbacv1defaults.RegisterDefaults(s))
}
