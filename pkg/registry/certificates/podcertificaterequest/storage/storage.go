// Package storage wires certificates.k8s.io/v1 PodCertificateRequests and their status
// subresource to etcd.
package storage

import (
	certificatesv1 "k8s.io/api/certificates/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apiserver/pkg/authorization/authorizer"
	"k8s.io/apiserver/pkg/registry/generic"
	genericregistry "k8s.io/apiserver/pkg/registry/generic/registry"
	"k8s.io/apiserver/pkg/registry/rest"

	"github.com/kapi-dev/kapi/pkg/registry/certificates/podcertificaterequest"
	"github.com/kapi-dev/kapi/pkg/registry/statusrest"
)

// PCRStorage holds the storage of PodCertificateRequests and of their status.
type PCRStorage struct {
	PodCertificateRequest *REST
	Status                *statusrest.REST
}

// REST serves PodCertificateRequests.
type REST struct {
	*genericregistry.Store
}

var _ rest.ResetFieldsStrategy = &REST{}

// NewStorage returns the storage of podcertificaterequests and podcertificaterequests/status,
// under /registry/podcertificaterequests; authz decides who may issue certificates.
func NewStorage(optsGetter generic.RESTOptionsGetter, authz authorizer.Authorizer) (PCRStorage, error) {
	store := &genericregistry.Store{
		NewFunc:                   func() runtime.Object { return &certificatesv1.PodCertificateRequest{} },
		NewListFunc:               func() runtime.Object { return &certificatesv1.PodCertificateRequestList{} },
		DefaultQualifiedResource:  certificatesv1.Resource("podcertificaterequests"),
		SingularQualifiedResource: certificatesv1.Resource("podcertificaterequest"),

		CreateStrategy:      podcertificaterequest.Strategy,
		UpdateStrategy:      podcertificaterequest.Strategy,
		DeleteStrategy:      podcertificaterequest.Strategy,
		ResetFieldsStrategy: podcertificaterequest.Strategy,

		TableConvertor: rest.NewDefaultTableConvertor(certificatesv1.Resource("podcertificaterequests")),
	}
	if err := store.CompleteWithOptions(&generic.StoreOptions{RESTOptions: optsGetter, AttrFunc: podcertificaterequest.GetAttrs}); err != nil {
		return PCRStorage{}, err
	}
	return PCRStorage{
		PodCertificateRequest: &REST{store},
		Status:                statusrest.NewFor(store, podcertificaterequest.NewStatusStrategy(authz)),
	}, nil
}
