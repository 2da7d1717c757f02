// Package rest assembles the authentication.k8s.io API group: TokenReview and SelfSubjectReview.
package rest

import (
	authenticationv1 "k8s.io/api/authentication/v1"
	"k8s.io/apiserver/pkg/authentication/authenticator"
	"k8s.io/apiserver/pkg/registry/rest"
	genericapiserver "k8s.io/apiserver/pkg/server"
	serverstorage "k8s.io/apiserver/pkg/server/storage"

	_ "github.com/kapi-dev/kapi/pkg/apis/authentication/install"
	"github.com/kapi-dev/kapi/pkg/registry/apigroup"
	"github.com/kapi-dev/kapi/pkg/registry/authentication/selfsubjectreview"
	"github.com/kapi-dev/kapi/pkg/registry/authentication/tokenreview"
)

// Provider builds authentication.k8s.io/v1. TokenReviews are checked with Authenticator, the server's
// own request authenticator, against APIAudiences when the review names no audience.
type Provider struct {
	Authenticator authenticator.Request
	APIAudiences  []string
}

// GroupName is authentication.k8s.io.
func (p Provider) GroupName() string { return authenticationv1.GroupName }

// NewRESTStorage returns the group's resources that resources enables.
func (p Provider) NewRESTStorage(resources serverstorage.APIResourceConfigSource) (genericapiserver.APIGroupInfo, error) {
	b := apigroup.NewBuilder(authenticationv1.GroupName, resources)
	b.AddBuilt(authenticationv1.SchemeGroupVersion, map[string]rest.Storage{
		"tokenreviews":       tokenreview.NewREST(p.Authenticator, p.APIAudiences),
		"selfsubjectreviews": selfsubjectreview.NewREST(),
	})
	return b.Result()
}
