// Package rest assembles the coordination.k8s.io API group kapi serves: v1 leases.
package rest

import (
	coordinationv1 "k8s.io/api/coordination/v1"
	"k8s.io/apiserver/pkg/registry/generic"
	"k8s.io/apiserver/pkg/registry/rest"
	genericapiserver "k8s.io/apiserver/pkg/server"
	serverstorage "k8s.io/apiserver/pkg/server/storage"

	_ "github.com/kapi-dev/kapi/pkg/apis/coordination/install"
	"github.com/kapi-dev/kapi/pkg/registry/apigroup"
	leasestore "github.com/kapi-dev/kapi/pkg/registry/coordination/lease/storage"
)

// Provider builds the coordination.k8s.io group on the storage RESTOptionsGetter gives.
type Provider struct {
	RESTOptionsGetter generic.RESTOptionsGetter
}

// GroupName is coordination.k8s.io.
func (p Provider) GroupName() string { return coordinationv1.GroupName }

// NewRESTStorage returns the group's resources that resources enables.
func (p Provider) NewRESTStorage(resources serverstorage.APIResourceConfigSource) (genericapiserver.APIGroupInfo, error) {
	b := apigroup.NewBuilder(coordinationv1.GroupName, resources)
	b.Add(coordinationv1.SchemeGroupVersion, "leases", func() (map[string]rest.Storage, error) {
		s, err := leasestore.NewREST(p.RESTOptionsGetter)
		return apigroup.One("leases", s, err)
	})
	return b.Result()
}
