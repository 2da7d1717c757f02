// Package rest assembles the coordination.k8s.io API group kapi serves: v1 leases.
package rest

import (
	coordinationv1 "k8s.io/api/coordination/v1"
	"k8s.io/apiserver/pkg/registry/generic"
	"k8s.io/apiserver/pkg/registry/rest"
	genericapiserver "k8s.io/apiserver/pkg/server"

	_ "github.com/kapi-dev/kapi/pkg/apis/coordination/install"
	"github.com/kapi-dev/kapi/pkg/apis/scheme"
	leasestore "github.com/kapi-dev/kapi/pkg/registry/coordination/lease/storage"
)

// NewAPIGroupInfo returns the coordination.k8s.io group, backed by the storage optsGetter gives.
func NewAPIGroupInfo(optsGetter generic.RESTOptionsGetter) (genericapiserver.APIGroupInfo, error) {
	info := genericapiserver.NewDefaultAPIGroupInfo(coordinationv1.GroupName, scheme.Scheme, scheme.ParameterCodec, scheme.Codecs)
	leases, err := leasestore.NewREST(optsGetter)
	if err != nil {
		return info, err
	}
	info.VersionedResourcesStorageMap[coordinationv1.SchemeGroupVersion.Version] = map[string]rest.Storage{"leases": leases}
	return info, nil
}
