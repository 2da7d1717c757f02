// Package rest assembles the storage of the discovery.k8s.io API group.
package rest

import (
	discoveryv1 "k8s.io/api/discovery/v1"
	"k8s.io/apiserver/pkg/registry/generic"
	"k8s.io/apiserver/pkg/registry/rest"
	genericapiserver "k8s.io/apiserver/pkg/server"
	serverstorage "k8s.io/apiserver/pkg/server/storage"

	_ "github.com/kapi-dev/kapi/pkg/apis/discovery/install"
	"github.com/kapi-dev/kapi/pkg/registry/apigroup"
	endpointslicestore "github.com/kapi-dev/kapi/pkg/registry/discovery/endpointslice/storage"
)

// Provider builds discovery.k8s.io/v1 with its endpointslices on the storage RESTOptionsGetter gives.
type Provider struct {
	RESTOptionsGetter generic.RESTOptionsGetter
}

// GroupName is discovery.k8s.io.
func (p Provider) GroupName() string { return discoveryv1.GroupName }

// NewRESTStorage returns the group's resources that resources enables.
func (p Provider) NewRESTStorage(resources serverstorage.APIResourceConfigSource) (genericapiserver.APIGroupInfo, error) {
	b := apigroup.NewBuilder(discoveryv1.GroupName, resources)
	b.Add(discoveryv1.SchemeGroupVersion, "endpointslices", func() (map[string]rest.Storage, error) {
		s, err := endpointslicestore.NewREST(p.RESTOptionsGetter)
		return apigroup.One("endpointslices", s, err)
	})
	return b.Result()
}
