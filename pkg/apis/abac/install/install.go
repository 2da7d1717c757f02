// Package install registers every version of the ABAC policy file format into a scheme.
package install

import (
	"k8s.io/apimachinery/pkg/runtime"
	utilruntime "k8s.io/apimachinery/pkg/util/runtime"

	"github.com/kapi-dev/kapi/pkg/apis/abac"
	"github.com/kapi-dev/kapi/pkg/apis/abac/v0"
	"github.com/kapi-dev/kapi/pkg/apis/abac/v1beta1"
)

// Install adds the internal version, v0 and v1beta1 to s, v1beta1 preferred.
func Install(s *runtime.Scheme) {
	utilruntime.Must(abac.AddToScheme(s))
	utilruntime.Must(v0.AddToScheme(s))
	utilruntime.Must(v1beta1.AddToScheme(s))
	utilruntime.Must(s.SetVersionPriority(v1beta1.SchemeGroupVersion, v0.SchemeGroupVersion))
}
