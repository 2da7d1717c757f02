// Package rest assembles the storage.k8s.io API group kapi serves: v1 storageclasses,
// volumeattachments (with status), volumeattributesclasses, csinodes, csidrivers and
// csistoragecapacities.
package rest

import (
	storagev1 "k8s.io/api/storage/v1"
	"k8s.io/apiserver/pkg/registry/generic"
	"k8s.io/apiserver/pkg/registry/rest"
	genericapiserver "k8s.io/apiserver/pkg/server"
	serverstorage "k8s.io/apiserver/pkg/server/storage"

	_ "github.com/kapi-dev/kapi/pkg/apis/storage/install"
	"github.com/kapi-dev/kapi/pkg/registry/apigroup"
	csidriverstore "github.com/kapi-dev/kapi/pkg/registry/storage/csidriver/storage"
	csinodestore "github.com/kapi-dev/kapi/pkg/registry/storage/csinode/storage"
	capacitystore "github.com/kapi-dev/kapi/pkg/registry/storage/csistoragecapacity/storage"
	storageclassstore "github.com/kapi-dev/kapi/pkg/registry/storage/storageclass/storage"
	vastore "github.com/kapi-dev/kapi/pkg/registry/storage/volumeattachment/storage"
	vacstore "github.com/kapi-dev/kapi/pkg/registry/storage/volumeattributesclass/storage"
)

// Provider builds the storage.k8s.io group.
type Provider struct {
	// RESTOptionsGetter gives the storage of each resource.
	RESTOptionsGetter generic.RESTOptionsGetter
}

var _ apigroup.Provider = Provider{}

// GroupName is storage.k8s.io.
func (Provider) GroupName() string { return storagev1.GroupName }

// NewRESTStorage returns the storage.k8s.io/v1 resources that resources enables.
func (p Provider) NewRESTStorage(resources serverstorage.APIResourceConfigSource) (genericapiserver.APIGroupInfo, error) {
	b := apigroup.NewBuilder(storagev1.GroupName, resources)
	gv := storagev1.SchemeGroupVersion
	b.Add(gv, "storageclasses", func() (map[string]rest.Storage, error) {
		s, err := storageclassstore.NewREST(p.RESTOptionsGetter)
		return apigroup.One("storageclasses", s, err)
	})
	b.Add(gv, "volumeattachments", func() (map[string]rest.Storage, error) {
		s, err := vastore.NewStorage(p.RESTOptionsGetter)
		if err != nil {
			return nil, err
		}
		return map[string]rest.Storage{"volumeattachments": s.VolumeAttachment, "volumeattachments/status": s.Status}, nil
	})
	b.Add(gv, "volumeattributesclasses", func() (map[string]rest.Storage, error) {
		s, err := vacstore.NewREST(p.RESTOptionsGetter)
		return apigroup.One("volumeattributesclasses", s, err)
	})
	b.Add(gv, "csinodes", func() (map[string]rest.Storage, error) {
		s, err := csinodestore.NewREST(p.RESTOptionsGetter)
		return apigroup.One("csinodes", s, err)
	})
	b.Add(gv, "csidrivers", func() (map[string]rest.Storage, error) {
		s, err := csidriverstore.NewREST(p.RESTOptionsGetter)
		return apigroup.One("csidrivers", s, err)
	})
	b.Add(gv, "csistoragecapacities", func() (map[string]rest.Storage, error) {
		s, err := capacitystore.NewREST(p.RESTOptionsGetter)
		return apigroup.One("csistoragecapacities", s, err)
	})
	return b.Result()
}
