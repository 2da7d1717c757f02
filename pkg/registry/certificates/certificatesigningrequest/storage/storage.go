// Package storage wires certificates.k8s.io/v1 CertificateSigningRequests and their approval and
// status subresources to etcd.
package storage

import (
	certificatesv1 "k8s.io/api/certificates/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apiserver/pkg/registry/generic"
	genericregistry "k8s.io/apiserver/pkg/registry/generic/registry"
	"k8s.io/apiserver/pkg/registry/rest"

	"github.com/kapi-dev/kapi/pkg/registry/certificates/certificatesigningrequest"
	"github.com/kapi-dev/kapi/pkg/registry/statusrest"
)

// CSRStorage holds the storage of CertificateSigningRequests and of their subresources.
type CSRStorage struct {
	CSR      *REST
	Approval *statusrest.REST
	Status   *statusrest.REST
}

// REST serves CertificateSigningRequests.
type REST struct {
	*genericregistry.Store
}

var (
	_ rest.ShortNamesProvider  = &REST{}
	_ rest.ResetFieldsStrategy = &REST{}
)

// NewStorage returns the storage of certificatesigningrequests and their approval and status
// subresources, under /registry/certificatesigningrequests.
func NewStorage(optsGetter generic.RESTOptionsGetter) (CSRStorage, error) {
	store := &genericregistry.Store{
		NewFunc:                   func() runtime.Object { return &certificatesv1.CertificateSigningRequest{} },
		NewListFunc:               func() runtime.Object { return &certificatesv1.CertificateSigningRequestList{} },
		DefaultQualifiedResource:  certificatesv1.Resource("certificatesigningrequests"),
		SingularQualifiedResource: certificatesv1.Resource("certificatesigningrequest"),

		CreateStrategy:      certificatesigningrequest.Strategy,
		UpdateStrategy:      certificatesigningrequest.Strategy,
		DeleteStrategy:      certificatesigningrequest.Strategy,
		ResetFieldsStrategy: certificatesigningrequest.Strategy,

		TableConvertor: certificatesigningrequest.NewTableConvertor(),
	}
	if err := store.CompleteWithOptions(&generic.StoreOptions{RESTOptions: optsGetter, AttrFunc: certificatesigningrequest.GetAttrs}); err != nil {
		return CSRStorage{}, err
	}
	return CSRStorage{
		CSR:      &REST{store},
		Approval: statusrest.NewFor(store, certificatesigningrequest.ApprovalStrategy),
		Status:   statusrest.NewFor(store, certificatesigningrequest.StatusStrategy),
	}, nil
}

// ShortNames returns the short names kubectl accepts for CertificateSigningRequests.
func (r *REST) ShortNames() []string { return []string{"csr"} }
