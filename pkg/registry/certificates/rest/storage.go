// Package rest assembles the certificates.k8s.io API group kapi serves: v1
// certificatesigningrequests (with approval and status), clustertrustbundles and
// podcertificaterequests (with status).
package rest

import (
	certificatesv1 "k8s.io/api/certificates/v1"
	"k8s.io/apiserver/pkg/authorization/authorizer"
	"k8s.io/apiserver/pkg/registry/generic"
	"k8s.io/apiserver/pkg/registry/rest"
	genericapiserver "k8s.io/apiserver/pkg/server"
	serverstorage "k8s.io/apiserver/pkg/server/storage"

	_ "github.com/kapi-dev/kapi/pkg/apis/certificates/install"
	"github.com/kapi-dev/kapi/pkg/registry/apigroup"
	csrstore "github.com/kapi-dev/kapi/pkg/registry/certificates/certificatesigningrequest/storage"
	ctbstore "github.com/kapi-dev/kapi/pkg/registry/certificates/clustertrustbundle/storage"
	pcrstore "github.com/kapi-dev/kapi/pkg/registry/certificates/podcertificaterequest/storage"
)

// Provider builds the certificates.k8s.io group.
type Provider struct {
	// RESTOptionsGetter gives the storage of each resource.
	RESTOptionsGetter generic.RESTOptionsGetter
	// Authorizer decides who may issue pod certificates, which the status strategy checks.
	Authorizer authorizer.Authorizer
}

var _ apigroup.Provider = Provider{}

// GroupName is certificates.k8s.io.
func (Provider) GroupName() string { return certificatesv1.GroupName }

// NewRESTStorage returns the certificates.k8s.io/v1 resources that resources enables.
func (p Provider) NewRESTStorage(resources serverstorage.APIResourceConfigSource) (genericapiserver.APIGroupInfo, error) {
	b := apigroup.NewBuilder(certificatesv1.GroupName, resources)
	v1 := certificatesv1.SchemeGroupVersion
	b.Add(v1, "certificatesigningrequests", func() (map[string]rest.Storage, error) {
		s, err := csrstore.NewStorage(p.RESTOptionsGetter)
		if err != nil {
			return nil, err
		}
		return map[string]rest.Storage{
			"certificatesigningrequests":          s.CSR,
			"certificatesigningrequests/approval": s.Approval,
			"certificatesigningrequests/status":   s.Status,
		}, nil
	})
	b.Add(v1, "clustertrustbundles", func() (map[string]rest.Storage, error) {
		s, err := ctbstore.NewREST(p.RESTOptionsGetter)
		return apigroup.One("clustertrustbundles", s, err)
	})
	b.Add(v1, "podcertificaterequests", func() (map[string]rest.Storage, error) {
		s, err := pcrstore.NewStorage(p.RESTOptionsGetter, p.Authorizer)
		if err != nil {
			return nil, err
		}
		return map[string]rest.Storage{"podcertificaterequests": s.PodCertificateRequest, "podcertificaterequests/status": s.Status}, nil
	})
	return b.Result()
}
