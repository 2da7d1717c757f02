// Package install registers the apps API group (k8s.io/api/apps/v1) into kapi's scheme.
package install

import (
	appsv1 "k8s.io/api/apps/v1"
	"k8s.io/apimachinery/pkg/runtime"
	utilruntime "k8s.io/apimachinery/pkg/util/runtime"

	appsv1defaults "github.com/kapi-dev/kapi/pkg/apis/apps/v1"
	"github.com/kapi-dev/kapi/pkg/apis/scheme"
)

func init() {
	Install(scheme.Scheme)
}

// Install registers apps/v1 as both the served and the internal version, with its defaulters. Like
// kube-apiserver, apps/v1 adds no field labels of its own: field selectors take metadata.name and
// metadata.namespace only.
func Install(s *runtime.Scheme) {
	utilruntime.Must(scheme.AddVersionAsHub(s, appsv1.SchemeGroupVersion, appsv1.AddToScheme))
	utilruntime.Must(appsv1defaults.RegisterDefaults(s))
}
