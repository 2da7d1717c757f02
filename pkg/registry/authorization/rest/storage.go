// Package rest assembles the authorization.k8s.io API group: the access and rules reviews, answered by
// the server's authorizer and rule resolver.
package rest

import (
	authorizationv1 "k8s.io/api/authorization/v1"
	"k8s.io/apiserver/pkg/authorization/authorizer"
	"k8s.io/apiserver/pkg/registry/rest"
	genericapiserver "k8s.io/apiserver/pkg/server"
	serverstorage "k8s.io/apiserver/pkg/server/storage"

	_ "github.com/kapi-dev/kapi/pkg/apis/authorization/install"
	"github.com/kapi-dev/kapi/pkg/registry/apigroup"
	"github.com/kapi-dev/kapi/pkg/registry/authorization/localsubjectaccessreview"
	"github.com/kapi-dev/kapi/pkg/registry/authorization/selfsubjectaccessreview"
	"github.com/kapi-dev/kapi/pkg/registry/authorization/selfsubjectrulesreview"
	"github.com/kapi-dev/kapi/pkg/registry/authorization/subjectaccessreview"
)

// Provider builds the authorization.k8s.io/v1 reviews, which ask Authorizer and RuleResolver.
type Provider struct {
	Authorizer   authorizer.Authorizer
	RuleResolver authorizer.RuleResolver
}

// GroupName is authorization.k8s.io.
func (p Provider) GroupName() string { return authorizationv1.GroupName }

// NewRESTStorage returns the reviews that resources enables.
func (p Provider) NewRESTStorage(resources serverstorage.APIResourceConfigSource) (genericapiserver.APIGroupInfo, error) {
	b := apigroup.NewBuilder(authorizationv1.GroupName, resources)
	b.AddBuilt(authorizationv1.SchemeGroupVersion, map[string]rest.Storage{
		"subjectaccessreviews":      subjectaccessreview.NewREST(p.Authorizer),
		"selfsubjectaccessreviews":  selfsubjectaccessreview.NewREST(p.Authorizer),
		"localsubjectaccessreviews": localsubjectaccessreview.NewREST(p.Authorizer),
		"selfsubjectrulesreviews":   selfsubjectrulesreview.NewREST(p.RuleResolver),
	})
	return b.Result()
}
