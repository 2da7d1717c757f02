// Package rest assembles the node.k8s.io API group kapi serves: v1 runtimeclasses.
package rest

import (
	nodev1 "k8s.io/api/node/v1"
	"k8s.io/apiserver/pkg/registry/generic"
	"k8s.io/apiserver/pkg/registry/rest"
	genericapiserver "k8s.io/apiserver/pkg/server"
	serverstorage "k8s.io/apiserver/pkg/server/storage"

	_ "github.com/kapi-dev/kapi/pkg/apis/node/install"
	"github.com/kapi-dev/kapi/pkg/registry/apigroup"
	runtimeclassstore "github.com/kapi-dev/kapi/pkg/registry/node/runtimeclass/storage"
)

// Provider builds the node.k8s.io group.
type Provider struct {
	// RESTOptionsGetter gives the storage of each resource.
	RESTOptionsGetter generic.RESTOptionsGetter
}

var _ apigroup.Provider = Provider{}

// GroupName is node.k8s.io.
func (Provider) GroupName() string { return nodev1.GroupName }

// NewRESTStorage returns the node.k8s.io/v1 resources that resources enables.
func (p Provider) NewRESTStorage(resources serverstorage.APIResourceConfigSource) (genericapiserver.APIGroupInfo, error) {
	b := apigroup.NewBuilder(nodev1.GroupName, resources)
	b.Add(nodev1.SchemeGroupVersion, "runtimeclasses", func() (map[string]rest.Storage, error) {
		s, err := runtimeclassstore.NewREST(p.RESTOptionsGetter)
		return apigroup.One("runtimeclasses", s, err)
	})
	return b.Result()
}
