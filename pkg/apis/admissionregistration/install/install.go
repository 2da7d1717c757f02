// Package install registers the admissionregistration.k8s.io API group (webhook configurations and
// admission policies) into kapi's scheme.
package install

import (
	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	"k8s.io/apimachinery/pkg/runtime"
	utilruntime "k8s.io/apimachinery/pkg/util/runtime"

	admissionregistrationv1defaults "github.com/kapi-dev/kapi/pkg/apis/admissionregistration/v1"
	"github.com/kapi-dev/kapi/pkg/apis/scheme"
)

func init() {
	Install(scheme.Scheme)
}

// Install registers admissionregistration.k8s.io/v1 as both the served and the internal version,
// with its defaulters.
func Install(s *runtime.Scheme) {
	utilruntime.Must(scheme.AddVersionAsHub(s, admissionregistrationv1.SchemeGroupVersion, admissionregistrationv1.AddToScheme))
	utilruntime.Must(admissionregistrationv1defaults.RegisterDefaults(s))
}
