package clusterrole

import (
	rbacv1 "k8s.io/api/rbac/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apiserver/pkg/registry/generic"
	genericregistry "k8s.io/apiserver/pkg/registry/generic/registry"
	"k8s.io/apiserver/pkg/registry/rest"
)

// NewStore returns the etcd storage of clusterroles. Writes by users outside system:masters go through the
// escalation checks of the policybased package, which wraps this store.
func NewStore(optsGetter generic.RESTOptionsGetter) (*genericregistry.Store, error) {
	store := &genericregistry.Store{
		NewFunc:                   func() runtime.Object { return &rbacv1.ClusterRole{} },
		NewListFunc:               func() runtime.Object { return &rbacv1.ClusterRoleList{} },
		DefaultQualifiedResource:  rbacv1.Resource("clusterroles"),
		SingularQualifiedResource: rbacv1.Resource("clusterrole"),

		CreateStrategy: Strategy,
		UpdateStrategy: Strategy,
		DeleteStrategy: Strategy,

		TableConvertor: rest.NewDefaultTableConvertor(rbacv1.Resource("clusterroles")),
	}
	if err := store.CompleteWithOptions(&generic.StoreOptions{RESTOptions: optsGetter}); err != nil {
		return nil, err
	}
	return store, nil
}
