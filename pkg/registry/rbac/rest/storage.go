// Package rest assembles the rbac.authorization.k8s.io API group: its four resources behind the
// escalation checks, and the hook that reconciles the bootstrap policy.
package rest

import (
	"context"

	rbacv1 "k8s.io/api/rbac/v1"
	"k8s.io/apiserver/pkg/authorization/authorizer"
	"k8s.io/apiserver/pkg/registry/generic"
	"k8s.io/apiserver/pkg/registry/rest"
	genericapiserver "k8s.io/apiserver/pkg/server"
	serverstorage "k8s.io/apiserver/pkg/server/storage"
	"k8s.io/client-go/kubernetes"

	_ "github.com/kapi-dev/kapi/pkg/apis/rbac/install"
	"github.com/kapi-dev/kapi/pkg/auth/bootstrappolicy"
	"github.com/kapi-dev/kapi/pkg/registry/apigroup"
	"github.com/kapi-dev/kapi/pkg/registry/rbac/clusterrole"
	"github.com/kapi-dev/kapi/pkg/registry/rbac/clusterrolebinding"
	"github.com/kapi-dev/kapi/pkg/registry/rbac/policybased"
	"github.com/kapi-dev/kapi/pkg/registry/rbac/role"
	"github.com/kapi-dev/kapi/pkg/registry/rbac/rolebinding"
)

// Provider builds the RBAC group on the storage RESTOptionsGetter gives. Authorizer is the server's
// authorizer, asked whether a user may escalate or bind; Client, the server's loopback client,
// reconciles the bootstrap policy.
type Provider struct {
	RESTOptionsGetter generic.RESTOptionsGetter
	Authorizer        authorizer.Authorizer
	Client            kubernetes.Interface
}

// GroupName is rbac.authorization.k8s.io.
func (p Provider) GroupName() string { return rbacv1.GroupName }

// NewRESTStorage returns the group's resources that resources enables. The escalation checks resolve
// rules through all four stores, so all four are built even when some are not served.
func (p Provider) NewRESTStorage(resources serverstorage.APIResourceConfigSource) (genericapiserver.APIGroupInfo, error) {
	b := apigroup.NewBuilder(rbacv1.GroupName, resources)
	var stores policybased.Stores
	var err error
	if stores.Roles, err = role.NewStore(p.RESTOptionsGetter); err != nil {
		return genericapiserver.APIGroupInfo{}, err
	}
	if stores.RoleBindings, err = rolebinding.NewStore(p.RESTOptionsGetter); err != nil {
		return genericapiserver.APIGroupInfo{}, err
	}
	if stores.ClusterRoles, err = clusterrole.NewStore(p.RESTOptionsGetter); err != nil {
		return genericapiserver.APIGroupInfo{}, err
	}
	if stores.ClusterRoleBindings, err = clusterrolebinding.NewStore(p.RESTOptionsGetter); err != nil {
		return genericapiserver.APIGroupInfo{}, err
	}
	policy := policybased.Policy{Authorizer: p.Authorizer, Resolver: stores.Resolver()}
	b.AddBuilt(rbacv1.SchemeGroupVersion, map[string]rest.Storage{
		"roles":               policy.Roles(stores.Roles),
		"rolebindings":        policy.RoleBindings(stores.RoleBindings),
		"clusterroles":        policy.ClusterRoles(stores.ClusterRoles),
		"clusterrolebindings": policy.ClusterRoleBindings(stores.ClusterRoleBindings),
	})
	return b.Result()
}

// Hooks reconcile the bootstrap policy at every start; /readyz fails until they have, as with
// kube-apiserver's rbac/bootstrap-roles hook.
func (p Provider) Hooks() apigroup.Hooks {
	return apigroup.Hooks{PostStart: []apigroup.PostStartHook{{
		Name: "rbac/bootstrap-roles",
		Hook: func(ctx genericapiserver.PostStartHookContext) error {
			return apigroup.RetryUntilServing(ctx, func(ctx context.Context) error { return bootstrappolicy.Reconcile(ctx, p.Client) })
		},
	}}}
}
