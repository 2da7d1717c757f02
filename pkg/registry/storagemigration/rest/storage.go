// Package rest assembles the storagemigration.k8s.io API group kapi serves: v1
// storageversionmigrations, with status. The migrations are recorded here; no controller in kapi
// performs them.
package rest

import (
	storagemigrationv1 "k8s.io/api/storagemigration/v1"
	"k8s.io/apiserver/pkg/registry/generic"
	"k8s.io/apiserver/pkg/registry/rest"
	genericapiserver "k8s.io/apiserver/pkg/server"
	serverstorage "k8s.io/apiserver/pkg/server/storage"

	_ "github.com/kapi-dev/kapi/pkg/apis/storagemigration/install"
	"github.com/kapi-dev/kapi/pkg/registry/apigroup"
	svmstore "github.com/kapi-dev/kapi/pkg/registry/storagemigration/storageversionmigration/storage"
)

// Provider builds the storagemigration.k8s.io group.
type Provider struct {
	// RESTOptionsGetter gives the storage of each resource.
	RESTOptionsGetter generic.RESTOptionsGetter
}

var _ apigroup.Provider = Provider{}

// GroupName is storagemigration.k8s.io.
func (Provider) GroupName() string { return storagemigrationv1.GroupName }

// NewRESTStorage returns the storagemigration.k8s.io/v1 resources that resources enables.
func (p Provider) NewRESTStorage(resources serverstorage.APIResourceConfigSource) (genericapiserver.APIGroupInfo, error) {
	b := apigroup.NewBuilder(storagemigrationv1.GroupName, resources)
	b.Add(storagemigrationv1.SchemeGroupVersion, "storageversionmigrations", func() (map[string]rest.Storage, error) {
		migrations, status, err := svmstore.NewREST(p.RESTOptionsGetter)
		if err != nil {
			return nil, err
		}
		return map[string]rest.Storage{"storageversionmigrations": migrations, "storageversionmigrations/status": status}, nil
	})
	return b.Result()
}
