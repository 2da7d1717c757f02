// Package rest assembles the admissionregistration.k8s.io API group kapi serves: v1 webhook
// configurations, validating admission policies (with status) and mutating admission policies, and
// their bindings.
package rest

import (
	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	"k8s.io/apiserver/pkg/registry/generic"
	"k8s.io/apiserver/pkg/registry/rest"
	genericapiserver "k8s.io/apiserver/pkg/server"
	serverstorage "k8s.io/apiserver/pkg/server/storage"

	_ "github.com/kapi-dev/kapi/pkg/apis/admissionregistration/install"
	mapstore "github.com/kapi-dev/kapi/pkg/registry/admissionregistration/mutatingadmissionpolicy/storage"
	mapbindingstore "github.com/kapi-dev/kapi/pkg/registry/admissionregistration/mutatingadmissionpolicybinding/storage"
	mwcstore "github.com/kapi-dev/kapi/pkg/registry/admissionregistration/mutatingwebhookconfiguration/storage"
	vapstore "github.com/kapi-dev/kapi/pkg/registry/admissionregistration/validatingadmissionpolicy/storage"
	vapbindingstore "github.com/kapi-dev/kapi/pkg/registry/admissionregistration/validatingadmissionpolicybinding/storage"
	vwcstore "github.com/kapi-dev/kapi/pkg/registry/admissionregistration/validatingwebhookconfiguration/storage"
	"github.com/kapi-dev/kapi/pkg/registry/apigroup"
)

// Provider builds the admissionregistration.k8s.io group.
type Provider struct {
	// RESTOptionsGetter gives the storage of each resource.
	RESTOptionsGetter generic.RESTOptionsGetter
}

var _ apigroup.Provider = Provider{}

// GroupName is admissionregistration.k8s.io.
func (Provider) GroupName() string { return admissionregistrationv1.GroupName }

// NewRESTStorage returns the admissionregistration.k8s.io/v1 resources that resources enables.
func (p Provider) NewRESTStorage(resources serverstorage.APIResourceConfigSource) (genericapiserver.APIGroupInfo, error) {
	gv := admissionregistrationv1.SchemeGroupVersion
	b := apigroup.NewBuilder(admissionregistrationv1.GroupName, resources)
	b.Add(gv, "validatingwebhookconfigurations", func() (map[string]rest.Storage, error) {
		s, err := vwcstore.NewREST(p.RESTOptionsGetter)
		return apigroup.One("validatingwebhookconfigurations", s, err)
	})
	b.Add(gv, "mutatingwebhookconfigurations", func() (map[string]rest.Storage, error) {
		s, err := mwcstore.NewREST(p.RESTOptionsGetter)
		return apigroup.One("mutatingwebhookconfigurations", s, err)
	})
	b.Add(gv, "validatingadmissionpolicies", func() (map[string]rest.Storage, error) {
		s, err := vapstore.NewStorage(p.RESTOptionsGetter)
		if err != nil {
			return nil, err
		}
		return map[string]rest.Storage{"validatingadmissionpolicies": s.ValidatingAdmissionPolicy, "validatingadmissionpolicies/status": s.Status}, nil
	})
	b.Add(gv, "validatingadmissionpolicybindings", func() (map[string]rest.Storage, error) {
		s, err := vapbindingstore.NewREST(p.RESTOptionsGetter)
		return apigroup.One("validatingadmissionpolicybindings", s, err)
	})
	b.Add(gv, "mutatingadmissionpolicies", func() (map[string]rest.Storage, error) {
		s, err := mapstore.NewREST(p.RESTOptionsGetter)
		return apigroup.One("mutatingadmissionpolicies", s, err)
	})
	b.Add(gv, "mutatingadmissionpolicybindings", func() (map[string]rest.Storage, error) {
		s, err := mapbindingstore.NewREST(p.RESTOptionsGetter)
		return apigroup.One("mutatingadmissionpolicybindings", s, err)
	})
	return b.Result()
}
