// Package rest assembles the storage of every resource kapi serves in the legacy core group (/api/v1).
package rest

import (
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apiserver/pkg/registry/generic"
	"k8s.io/apiserver/pkg/registry/rest"
	genericapiserver "k8s.io/apiserver/pkg/server"

	"github.com/kapi-dev/kapi/pkg/apis/scheme"
	namespacestore "github.com/kapi-dev/kapi/pkg/registry/core/namespace/storage"
	nodestore "github.com/kapi-dev/kapi/pkg/registry/core/node/storage"
	podstore "github.com/kapi-dev/kapi/pkg/registry/core/pod/storage"
	rcstore "github.com/kapi-dev/kapi/pkg/registry/core/replicationcontroller/storage"
	servicestore "github.com/kapi-dev/kapi/pkg/registry/core/service/storage"
	serviceaccountstore "github.com/kapi-dev/kapi/pkg/registry/core/serviceaccount/storage"
)

// resourceStorage returns the storage of one resource and its subresources, keyed by their paths
// ("pods", "pods/status").
type resourceStorage func(generic.RESTOptionsGetter) (map[string]rest.Storage, error)

// legacyResources are the resources of the core group, in no particular order.
var legacyResources = []resourceStorage{
	namespaces,
	pods,
	services,
	nodes,
	replicationControllers,
	serviceAccounts,
}

// NewLegacyAPIGroupInfo returns the core group's resources, backed by the storage optsGetter gives.
func NewLegacyAPIGroupInfo(optsGetter generic.RESTOptionsGetter) (genericapiserver.APIGroupInfo, error) {
	info := genericapiserver.NewDefaultAPIGroupInfo(corev1.GroupName, scheme.Scheme, scheme.ParameterCodec, scheme.Codecs)
	resources := map[string]rest.Storage{}
	for _, add := range legacyResources {
		storage, err := add(optsGetter)
		if err != nil {
			return info, err
		}
		for path, s := range storage {
			resources[path] = s
		}
	}
	info.VersionedResourcesStorageMap[corev1.SchemeGroupVersion.Version] = resources
	return info, nil
}

func namespaces(optsGetter generic.RESTOptionsGetter) (map[string]rest.Storage, error) {
	main, status, finalize, err := namespacestore.NewREST(optsGetter)
	if err != nil {
		return nil, err
	}
	return map[string]rest.Storage{"namespaces": main, "namespaces/status": status, "namespaces/finalize": finalize}, nil
}

func pods(optsGetter generic.RESTOptionsGetter) (map[string]rest.Storage, error) {
	s, err := podstore.NewStorage(optsGetter)
	if err != nil {
		return nil, err
	}
	return map[string]rest.Storage{"pods": s.Pod, "pods/status": s.Status, "pods/binding": s.Binding}, nil
}

func services(optsGetter generic.RESTOptionsGetter) (map[string]rest.Storage, error) {
	s, err := servicestore.NewStorage(optsGetter)
	if err != nil {
		return nil, err
	}
	return map[string]rest.Storage{"services": s.Service, "services/status": s.Status}, nil
}

func nodes(optsGetter generic.RESTOptionsGetter) (map[string]rest.Storage, error) {
	s, err := nodestore.NewStorage(optsGetter)
	if err != nil {
		return nil, err
	}
	return map[string]rest.Storage{"nodes": s.Node, "nodes/status": s.Status}, nil
}

func replicationControllers(optsGetter generic.RESTOptionsGetter) (map[string]rest.Storage, error) {
	s, err := rcstore.NewStorage(optsGetter)
	if err != nil {
		return nil, err
	}
	return map[string]rest.Storage{
		"replicationcontrollers":        s.Controller,
		"replicationcontrollers/status": s.Status,
		"replicationcontrollers/scale":  s.Scale,
	}, nil
}

func serviceAccounts(optsGetter generic.RESTOptionsGetter) (map[string]rest.Storage, error) {
	s, err := serviceaccountstore.NewREST(optsGetter)
	if err != nil {
		return nil, err
	}
	return map[string]rest.Storage{"serviceaccounts": s}, nil
}
