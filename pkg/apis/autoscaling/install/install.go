// Package install registers the autoscaling API group's types (the Scale subresource) into kapi's scheme.
package install

import (
	autoscalingv1 "k8s.io/api/autoscaling/v1"
	"k8s.io/apimachinery/pkg/runtime"
	utilruntime "k8s.io/apimachinery/pkg/util/runtime"

	"github.com/kapi-dev/kapi/pkg/apis/scheme"
)

func init() {
	Install(scheme.Scheme)
}

// Install registers autoscaling/v1 as both the served and the internal version.
func Install(s *runtime.Scheme) {
	utilruntime.Must(scheme.AddVersionAsHub(s, autoscalingv1.SchemeGroupVersion, autoscalingv1.AddToScheme))
}
