// Package rest assembles the rbac.authorization.k8s.io API group: its four resources behind the
// escalation checks.
package rest

import (
	rbacv1 "k8s.io/api/rbac/v1"
	"k8s.io/apiserver/pkg/authorization/authorizer"
	"k8s.io/apiserver/pkg/registry/generic"
	"k8s.io/apiserver/pkg/registry/rest"
	genericapiserver "k8s.io/apiserver/pkg/server"

	"github.com/kapi-dev/kapi/pkg/apis/scheme"
	"github.com/kapi-dev/kapi/pkg/registry/rbac/clusterrole"
	"github.com/kapi-dev/kapi/pkg/registry/rbac/clusterrolebinding"
	"github.com/kapi-dev/kapi/pkg/registry/rbac/policybased"
	"github.com/kapi-dev/kapi/pkg/registry/rbac/role"
	"github.com/kapi-dev/kapi/pkg/registry/rbac/rolebinding"
)

// NewAPIGroupInfo returns the RBAC group's resources, backed by the storage optsGetter gives. authz is
// the server's authorizer, asked whether a user may escalate or bind.
func NewAPIGroupInfo(optsGetter generic.RESTOptionsGetter, authz authorizer.Authorizer) (genericapiserver.APIGroupInfo, error) {
	info := genericapiserver.NewDefaultAPIGroupInfo(rbacv1.GroupName, scheme.Scheme, scheme.ParameterCodec, scheme.Codecs)
	var stores policybased.Stores
	var err error
	if stores.Roles, err = role.NewStore(optsGetter); err != nil {
		return info, err
	}
	if stores.RoleBindings, err = rolebinding.NewStore(optsGetter); err != nil {
		return info, err
	}
	if stores.ClusterRoles, err = clusterrole.NewStore(optsGetter); err != nil {
		return info, err
	}
	if stores.ClusterRoleBindings, err = clusterrolebinding.NewStore(optsGetter); err != nil {
		return info, err
	}
	policy := policybased.Policy{Authorizer: authz, Resolver: stores.Resolver()}
	info.VersionedResourcesStorageMap[rbacv1.SchemeGroupVersion.Version] = map[string]rest.Storage{
		"roles":               policy.Roles(stores.Roles),
		"rolebindings":        policy.RoleBindings(stores.RoleBindings),
		"clusterroles":        policy.ClusterRoles(stores.ClusterRoles),
		"clusterrolebindings": policy.ClusterRoleBindings(stores.ClusterRoleBindings),
	}
	return info, nil
}
