// Package storage wires certificates.k8s.io/v1 ClusterTrustBundles to etcd.
package storage

import (
	certificatesv1 "k8s.io/api/certificates/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apiserver/pkg/registry/generic"
	genericregistry "k8s.io/apiserver/pkg/registry/generic/registry"

	"github.com/kapi-dev/kapi/pkg/registry/certificates/clustertrustbundle"
)

// REST serves ClusterTrustBundles.
type REST struct {
	*genericregistry.Store
}

// NewREST returns the storage of clustertrustbundles, under /registry/clustertrustbundles.
func NewREST(optsGetter generic.RESTOptionsGetter) (*REST, error) {
	store := &genericregistry.Store{
		NewFunc:                   func() runtime.Object { return &certificatesv1.ClusterTrustBundle{} },
		NewListFunc:               func() runtime.Object { return &certificatesv1.ClusterTrustBundleList{} },
		DefaultQualifiedResource:  certificatesv1.Resource("clustertrustbundles"),
		SingularQualifiedResource: certificatesv1.Resource("clustertrustbundle"),

		CreateStrategy: clustertrustbundle.Strategy,
		UpdateStrategy: clustertrustbundle.Strategy,
		DeleteStrategy: clustertrustbundle.Strategy,

		TableConvertor: clustertrustbundle.NewTableConvertor(),
	}
	if err := store.CompleteWithOptions(&generic.StoreOptions{RESTOptions: optsGetter, AttrFunc: clustertrustbundle.GetAttrs}); err != nil {
		return nil, err
	}
	return &REST{store}, nil
}
