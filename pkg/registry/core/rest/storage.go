// Package rest assembles the storage of every resource kapi serves in the legacy core group (/api/v1).
package rest

import (
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apiserver/pkg/registry/generic"
	"k8s.io/apiserver/pkg/registry/rest"
	genericapiserver "k8s.io/apiserver/pkg/server"

	"github.com/kapi-dev/kapi/pkg/apis/scheme"
	endpointsstore "github.com/kapi-dev/kapi/pkg/registry/core/endpoint/storage"
	namespacestore "github.com/kapi-dev/kapi/pkg/registry/core/namespace/storage"
	nodestore "github.com/kapi-dev/kapi/pkg/registry/core/node/storage"
	podstore "github.com/kapi-dev/kapi/pkg/registry/core/pod/storage"
	rcstore "github.com/kapi-dev/kapi/pkg/registry/core/replicationcontroller/storage"
	servicestore "github.com/kapi-dev/kapi/pkg/registry/core/service/storage"
)

// resourceStorage returns the storage of one resource and its subresources, keyed by their paths
// ("pods", "pods/status").
type resourceStorage func(generic.RESTOptionsGetter) (map[string]rest.Storage, error)

// legacyResources are the resources of the core group, in no particular order.
var legacyResources = []resourceStorage{
	namespaces,
	pods,
	nodes,
	replicationControllers,
}

// NewLegacyAPIGroupInfo returns the core group's resources, backed by the storage optsGetter gives;
// services draw cluster IPs and node ports from alloc.
func NewLegacyAPIGroupInfo(optsGetter generic.RESTOptionsGetter, alloc *servicestore.Allocators) (genericapiserver.APIGroupInfo, error) {
	info := genericapiserver.NewDefaultAPIGroupInfo(corev1.GroupName, scheme.Scheme, scheme.ParameterCodec, scheme.Codecs)
	resources := map[string]rest.Storage{}
	services := func(optsGetter generic.RESTOptionsGetter) (map[string]rest.Storage, error) {
		return servicesAndEndpoints(optsGetter, alloc)
	}
	for _, add := range append(legacyResources, services) {
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

// servicesAndEndpoints are built together: deleting a service deletes its endpoints.
func servicesAndEndpoints(optsGetter generic.RESTOptionsGetter, alloc *servicestore.Allocators) (map[string]rest.Storage, error) {
	endpoints, err := endpointsstore.NewREST(optsGetter)
	if err != nil {
		return nil, err
	}
	s, err := servicestore.NewStorage(optsGetter, alloc, endpoints)
	if err != nil {
		return nil, err
	}
	return map[string]rest.Storage{"services": s.Service, "services/status": s.Status, "endpoints": endpoints}, nil
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
