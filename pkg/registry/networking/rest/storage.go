// Package rest assembles the networking.k8s.io API group kapi serves: v1 servicecidrs (with status)
// and ipaddresses.
package rest

import (
	networkingv1 "k8s.io/api/networking/v1"
	"k8s.io/apiserver/pkg/registry/generic"
	"k8s.io/apiserver/pkg/registry/rest"
	genericapiserver "k8s.io/apiserver/pkg/server"

	_ "github.com/kapi-dev/kapi/pkg/apis/networking/install"
	"github.com/kapi-dev/kapi/pkg/apis/scheme"
	ipaddressstore "github.com/kapi-dev/kapi/pkg/registry/networking/ipaddress/storage"
	servicecidrstore "github.com/kapi-dev/kapi/pkg/registry/networking/servicecidr/storage"
)

// NewAPIGroupInfo returns the networking.k8s.io group, backed by the storage optsGetter gives.
func NewAPIGroupInfo(optsGetter generic.RESTOptionsGetter) (genericapiserver.APIGroupInfo, error) {
	info := genericapiserver.NewDefaultAPIGroupInfo(networkingv1.GroupName, scheme.Scheme, scheme.ParameterCodec, scheme.Codecs)
	cidrs, cidrStatus, err := servicecidrstore.NewREST(optsGetter)
	if err != nil {
		return info, err
	}
	ips, err := ipaddressstore.NewREST(optsGetter)
	if err != nil {
		return info, err
	}
	info.VersionedResourcesStorageMap[networkingv1.SchemeGroupVersion.Version] = map[string]rest.Storage{
		"servicecidrs":        cidrs,
		"servicecidrs/status": cidrStatus,
		"ipaddresses":         ips,
	}
	return info, nil
}
