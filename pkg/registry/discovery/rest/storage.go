// Package rest assembles the storage of the discovery.k8s.io API group.
package rest

import (
	discoveryv1 "k8s.io/api/discovery/v1"
	"k8s.io/apiserver/pkg/registry/generic"
	"k8s.io/apiserver/pkg/registry/rest"
	genericapiserver "k8s.io/apiserver/pkg/server"

	"github.com/kapi-dev/kapi/pkg/apis/scheme"
	endpointslicestore "github.com/kapi-dev/kapi/pkg/registry/discovery/endpointslice/storage"
)

// NewAPIGroupInfo returns discovery.k8s.io/v1 with its endpointslices.
func NewAPIGroupInfo(optsGetter generic.RESTOptionsGetter) (genericapiserver.APIGroupInfo, error) {
	info := genericapiserver.NewDefaultAPIGroupInfo(discoveryv1.GroupName, scheme.Scheme, scheme.ParameterCodec, scheme.Codecs)
	slices, err := endpointslicestore.NewREST(optsGetter)
	if err != nil {
		return info, err
	}
	info.VersionedResourcesStorageMap[discoveryv1.SchemeGroupVersion.Version] = map[string]rest.Storage{"endpointslices": slices}
	return info, nil
}
