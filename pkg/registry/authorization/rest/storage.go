// Package rest assembles the authorization.k8s.io API group: the access and rules reviews, answered by
// the server's authorizer and rule resolver.
package rest

import (
	authorizationv1 "k8s.io/api/authorization/v1"
	"k8s.io/apiserver/pkg/authorization/authorizer"
	"k8s.io/apiserver/pkg/registry/rest"
	genericapiserver "k8s.io/apiserver/pkg/server"

	"github.com/kapi-dev/kapi/pkg/apis/scheme"
	"github.com/kapi-dev/kapi/pkg/registry/authorization/localsubjectaccessreview"
	"github.com/kapi-dev/kapi/pkg/registry/authorization/selfsubjectaccessreview"
	"github.com/kapi-dev/kapi/pkg/registry/authorization/selfsubjectrulesreview"
	"github.com/kapi-dev/kapi/pkg/registry/authorization/subjectaccessreview"
)

// NewAPIGroupInfo returns the authorization.k8s.io/v1 resources, asking authz and resolver.
func NewAPIGroupInfo(authz authorizer.Authorizer, resolver authorizer.RuleResolver) genericapiserver.APIGroupInfo {
	info := genericapiserver.NewDefaultAPIGroupInfo(authorizationv1.GroupName, scheme.Scheme, scheme.ParameterCodec, scheme.Codecs)
	info.VersionedResourcesStorageMap[authorizationv1.SchemeGroupVersion.Version] = map[string]rest.Storage{
		"subjectaccessreviews":      subjectaccessreview.NewREST(authz),
		"selfsubjectaccessreviews":  selfsubjectaccessreview.NewREST(authz),
		"localsubjectaccessreviews": localsubjectaccessreview.NewREST(authz),
		"selfsubjectrulesreviews":   selfsubjectrulesreview.NewREST(resolver),
	}
	return info
}
