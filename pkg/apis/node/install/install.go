// Package install registers the node.k8s.io API group (RuntimeClasses) into kapi's scheme.
package install

import (
	nodev1 "k8s.io/api/node/v1"
	"k8s.io/apimachinery/pkg/runtime"
	utilruntime "k8s.io/apimachinery/pkg/util/runtime"

	"github.com/kapi-dev/kapi/pkg/apis/scheme"
)

func init() {
	Install(scheme.Scheme)
}

// Install registers node.k8s.io/v1 as both the served and the internal version. Like kube-apiserver,
// the group has no defaulting of its own.
func Install(s *runtime.Scheme) {
	utilruntime.Must(scheme.AddVersionAsHub(s, nodev1.SchemeGroupVersion, nodev1.AddToScheme))
}
