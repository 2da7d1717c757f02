// Package storage wires storagemigration.k8s.io/v1 storageversionmigrations and their status
// subresource to etcd.
package storage

import (
	storagemigrationv1 "k8s.io/api/storagemigration/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apiserver/pkg/registry/generic"
	genericregistry "k8s.io/apiserver/pkg/registry/generic/registry"
	"k8s.io/apiserver/pkg/registry/rest"

	"github.com/kapi-dev/kapi/pkg/registry/statusrest"
	"github.com/kapi-dev/kapi/pkg/registry/storagemigration/storageversionmigration"
)

// REST serves storageversionmigrations.
type REST struct {
	*genericregistry.Store
}

// StatusREST serves storageversionmigrations/status.
type StatusREST = statusrest.REST

var _ rest.ResetFieldsStrategy = &REST{}

// NewREST returns the storage of storageversionmigrations, under /registry/storageversionmigrations,
// and of their status.
func NewREST(optsGetter generic.RESTOptionsGetter) (*REST, *StatusREST, error) {
	store := &genericregistry.Store{
		NewFunc:                   func() runtime.Object { return &storagemigrationv1.StorageVersionMigration{} },
		NewListFunc:               func() runtime.Object { return &storagemigrationv1.StorageVersionMigrationList{} },
		DefaultQualifiedResource:  storagemigrationv1.Resource("storageversionmigrations"),
		SingularQualifiedResource: storagemigrationv1.Resource("storageversionmigration"),

		CreateStrategy:      storageversionmigration.Strategy,
		UpdateStrategy:      storageversionmigration.Strategy,
		DeleteStrategy:      storageversionmigration.Strategy,
		ResetFieldsStrategy: storageversionmigration.Strategy,

		TableConvertor: storageversionmigration.NewTableConvertor(),
	}
	if err := store.CompleteWithOptions(&generic.StoreOptions{RESTOptions: optsGetter}); err != nil {
		return nil, nil, err
	}
	return &REST{store}, statusrest.NewFor(store, storageversionmigration.StatusStrategy), nil
}
