package role

import (
	rbacv1 "k8s.io/api/rbac/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apiserver/pkg/registry/generic"
	genericregistry "k8s.io/apiserver/pkg/registry/generic/registry"
	"k8s.io/apiserver/pkg/registry/rest"
)

// NewStore returns the etcd storage of roles. Writes by users outside system:masters go through the
// escalation checks of the policybased package, which wraps this store.
func NewStore(optsGetter generic.RESTOptionsGetter) (*genericregistry.Store, error) {
	store := &genericregistry.Store{
		NewFunc:                   func() runtime.Object { return &rbacv1.Role{} },
		NewListFunc:               func() runtime.Object { return &rbacv1.RoleList{} },
		DefaultQualifiedResource:  rbacv1.Resource("roles"),
		SingularQualifiedResource: rbacv1.Resource("role"),

		CreateStrategy: Strategy,
		UpdateStrategy: Strategy,
		DeleteStrategy: Strategy,

		TableConvertor: rest.NewDefaultTableConvertor(rbacv1.Resource("roles")),
	}
	if err := store.CompleteWithOptions(&generic.StoreOptions{RESTOptions: optsGetter}); err != nil {
		return nil, err
	}
	return store, nil
}
