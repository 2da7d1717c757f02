// Package rest assembles the authentication.k8s.io API group: TokenReview and SelfSubjectReview.
package rest

import (
	authenticationv1 "k8s.io/api/authentication/v1"
	"k8s.io/apiserver/pkg/authentication/authenticator"
	"k8s.io/apiserver/pkg/registry/rest"
	genericapiserver "k8s.io/apiserver/pkg/server"

	"github.com/kapi-dev/kapi/pkg/apis/scheme"
	"github.com/kapi-dev/kapi/pkg/registry/authentication/selfsubjectreview"
	"github.com/kapi-dev/kapi/pkg/registry/authentication/tokenreview"
)

// NewAPIGroupInfo returns authentication.k8s.io/v1. TokenReviews are checked with authn, the server's
// own request authenticator, against apiAudiences when the review names no audience.
func NewAPIGroupInfo(authn authenticator.Request, apiAudiences []string) genericapiserver.APIGroupInfo {
	info := genericapiserver.NewDefaultAPIGroupInfo(authenticationv1.GroupName, scheme.Scheme, scheme.ParameterCodec, scheme.Codecs)
	info.VersionedResourcesStorageMap[authenticationv1.SchemeGroupVersion.Version] = map[string]rest.Storage{
		"tokenreviews":       tokenreview.NewREST(authn, apiAudiences),
		"selfsubjectreviews": selfsubjectreview.NewREST(),
	}
	return info
}
