// Package install registers the authentication.k8s.io API group (TokenReview, TokenRequest,
// SelfSubjectReview) into kapi's scheme.
package install

import (
	authenticationv1 "k8s.io/api/authentication/v1"
	"k8s.io/apimachinery/pkg/runtime"
	utilruntime "k8s.io/apimachinery/pkg/util/runtime"

	authenticationv1defaults "github.com/kapi-dev/kapi/pkg/apis/authentication/v1"
	"github.com/kapi-dev/kapi/pkg/apis/scheme"
)

func init() {
	Install(scheme.Scheme)
}

// Install registers authentication.k8s.io/v1 as both the served and the internal version, with its
// defaulters.
func Install(s *runtime.Scheme) {
	utilruntime.Must(scheme.AddVersionAsHub(s, authenticationv1.SchemeGroupVersion, authenticationv1.AddToScheme))
	utilruntime.Must(authenticationv1defaults.RegisterDefaults(s))
}
