// Package storage wires flowcontrol.apiserver.k8s.io/v1 PriorityLevelConfigurations and their status
// subresource to etcd.
package storage

import (
	flowcontrolv1 "k8s.io/api/flowcontrol/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apiserver/pkg/registry/generic"
	genericregistry "k8s.io/apiserver/pkg/registry/generic/registry"

	"github.com/kapi-dev/kapi/pkg/registry/flowcontrol/prioritylevelconfiguration"
	"github.com/kapi-dev/kapi/pkg/registry/statusrest"
)

// PriorityLevelConfigurationStorage holds the storage of PriorityLevelConfigurations and of their
// status.
type PriorityLevelConfigurationStorage struct {
	PriorityLevelConfiguration *REST
	Status                     *StatusREST
}

// REST serves PriorityLevelConfigurations.
type REST struct {
	*genericregistry.Store
}

// StatusREST serves prioritylevelconfigurations/status.
type StatusREST = statusrest.REST

// NewStorage returns the storage of prioritylevelconfigurations and
// prioritylevelconfigurations/status, under /registry/prioritylevelconfigurations.
func NewStorage(optsGetter generic.RESTOptionsGetter) (PriorityLevelConfigurationStorage, error) {
	store := &genericregistry.Store{
		NewFunc:                   func() runtime.Object { return &flowcontrolv1.PriorityLevelConfiguration{} },
		NewListFunc:               func() runtime.Object { return &flowcontrolv1.PriorityLevelConfigurationList{} },
		DefaultQualifiedResource:  flowcontrolv1.Resource("prioritylevelconfigurations"),
		SingularQualifiedResource: flowcontrolv1.Resource("prioritylevelconfiguration"),

		CreateStrategy:      prioritylevelconfiguration.Strategy,
		UpdateStrategy:      prioritylevelconfiguration.Strategy,
		DeleteStrategy:      prioritylevelconfiguration.Strategy,
		ResetFieldsStrategy: prioritylevelconfiguration.Strategy,

		TableConvertor: prioritylevelconfiguration.NewTableConvertor(),
	}
	if err := store.CompleteWithOptions(&generic.StoreOptions{RESTOptions: optsGetter}); err != nil {
		return PriorityLevelConfigurationStorage{}, err
	}
	return PriorityLevelConfigurationStorage{PriorityLevelConfiguration: &REST{store}, Status: statusrest.NewFor(store, prioritylevelconfiguration.StatusStrategy)}, nil
}
