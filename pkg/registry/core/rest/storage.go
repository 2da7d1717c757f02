// Package rest assembles the storage of every resource kapi serves in the legacy core group (/api/v1).
package rest

import (
	"time"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apiserver/pkg/registry/generic"
	"k8s.io/apiserver/pkg/registry/rest"
	genericapiserver "k8s.io/apiserver/pkg/server"

	"github.com/kapi-dev/kapi/pkg/apis/scheme"
	configmapstore "github.com/kapi-dev/kapi/pkg/registry/core/configmap/storage"
	endpointsstore "github.com/kapi-dev/kapi/pkg/registry/core/endpoint/storage"
	eventstore "github.com/kapi-dev/kapi/pkg/registry/core/event/storage"
	limitrangestore "github.com/kapi-dev/kapi/pkg/registry/core/limitrange/storage"
	namespacestore "github.com/kapi-dev/kapi/pkg/registry/core/namespace/storage"
	nodestore "github.com/kapi-dev/kapi/pkg/registry/core/node/storage"
	pvstore "github.com/kapi-dev/kapi/pkg/registry/core/persistentvolume/storage"
	pvcstore "github.com/kapi-dev/kapi/pkg/registry/core/persistentvolumeclaim/storage"
	podstore "github.com/kapi-dev/kapi/pkg/registry/core/pod/storage"
	podtemplatestore "github.com/kapi-dev/kapi/pkg/registry/core/podtemplate/storage"
	rcstore "github.com/kapi-dev/kapi/pkg/registry/core/replicationcontroller/storage"
	quotastore "github.com/kapi-dev/kapi/pkg/registry/core/resourcequota/storage"
	secretstore "github.com/kapi-dev/kapi/pkg/registry/core/secret/storage"
	servicestore "github.com/kapi-dev/kapi/pkg/registry/core/service/storage"
	serviceaccountstore "github.com/kapi-dev/kapi/pkg/registry/core/serviceaccount/storage"
)

// Options configure the core group's resources beyond where they are stored.
type Options struct {
	// EventTTL is how long an event lives after its last write (--event-ttl).
	EventTTL time.Duration
	// ServiceAllocators hand out cluster IPs and node ports to services.
	ServiceAllocators *servicestore.Allocators
}

// resourceStorage returns the storage of one resource and its subresources, keyed by their paths
// ("pods", "pods/status").
type resourceStorage func(generic.RESTOptionsGetter, Options) (map[string]rest.Storage, error)

// legacyResources are the resources of the core group, in no particular order.
var legacyResources = []resourceStorage{
	namespaces,
	pods,
	servicesAndEndpoints,
	nodes,
	replicationControllers,
	configMaps,
	secrets,
	podTemplates,
	limitRanges,
	resourceQuotas,
	persistentVolumes,
	persistentVolumeClaims,
	events,
	serviceAccounts,
}

// NewLegacyAPIGroupInfo returns the core group's resources, backed by the storage optsGetter gives.
func NewLegacyAPIGroupInfo(optsGetter generic.RESTOptionsGetter, opts Options) (genericapiserver.APIGroupInfo, error) {
	info := genericapiserver.NewDefaultAPIGroupInfo(corev1.GroupName, scheme.Scheme, scheme.ParameterCodec, scheme.Codecs)
	resources := map[string]rest.Storage{}
	for _, add := range legacyResources {
		storage, err := add(optsGetter, opts)
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

func namespaces(optsGetter generic.RESTOptionsGetter, _ Options) (map[string]rest.Storage, error) {
	main, status, finalize, err := namespacestore.NewREST(optsGetter)
	if err != nil {
		return nil, err
	}
	return map[string]rest.Storage{"namespaces": main, "namespaces/status": status, "namespaces/finalize": finalize}, nil
}

func pods(optsGetter generic.RESTOptionsGetter, _ Options) (map[string]rest.Storage, error) {
	s, err := podstore.NewStorage(optsGetter)
	if err != nil {
		return nil, err
	}
	return map[string]rest.Storage{"pods": s.Pod, "pods/status": s.Status, "pods/binding": s.Binding, "bindings": s.LegacyBinding, "pods/ephemeralcontainers": s.EphemeralContainers}, nil
}

// servicesAndEndpoints are built together: deleting a service deletes its endpoints.
func servicesAndEndpoints(optsGetter generic.RESTOptionsGetter, opts Options) (map[string]rest.Storage, error) {
	endpoints, err := endpointsstore.NewREST(optsGetter)
	if err != nil {
		return nil, err
	}
	s, err := servicestore.NewStorage(optsGetter, opts.ServiceAllocators, endpoints)
	if err != nil {
		return nil, err
	}
	return map[string]rest.Storage{"services": s.Service, "services/status": s.Status, "endpoints": endpoints}, nil
}

func nodes(optsGetter generic.RESTOptionsGetter, _ Options) (map[string]rest.Storage, error) {
	s, err := nodestore.NewStorage(optsGetter)
	if err != nil {
		return nil, err
	}
	return map[string]rest.Storage{"nodes": s.Node, "nodes/status": s.Status}, nil
}

func replicationControllers(optsGetter generic.RESTOptionsGetter, _ Options) (map[string]rest.Storage, error) {
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

func configMaps(optsGetter generic.RESTOptionsGetter, _ Options) (map[string]rest.Storage, error) {
	s, err := configmapstore.NewREST(optsGetter)
	if err != nil {
		return nil, err
	}
	return map[string]rest.Storage{"configmaps": s}, nil
}

func secrets(optsGetter generic.RESTOptionsGetter, _ Options) (map[string]rest.Storage, error) {
	s, err := secretstore.NewREST(optsGetter)
	if err != nil {
		return nil, err
	}
	return map[string]rest.Storage{"secrets": s}, nil
}

func podTemplates(optsGetter generic.RESTOptionsGetter, _ Options) (map[string]rest.Storage, error) {
	s, err := podtemplatestore.NewREST(optsGetter)
	if err != nil {
		return nil, err
	}
	return map[string]rest.Storage{"podtemplates": s}, nil
}

func limitRanges(optsGetter generic.RESTOptionsGetter, _ Options) (map[string]rest.Storage, error) {
	s, err := limitrangestore.NewREST(optsGetter)
	if err != nil {
		return nil, err
	}
	return map[string]rest.Storage{"limitranges": s}, nil
}

func resourceQuotas(optsGetter generic.RESTOptionsGetter, _ Options) (map[string]rest.Storage, error) {
	s, status, err := quotastore.NewREST(optsGetter)
	if err != nil {
		return nil, err
	}
	return map[string]rest.Storage{"resourcequotas": s, "resourcequotas/status": status}, nil
}

func persistentVolumes(optsGetter generic.RESTOptionsGetter, _ Options) (map[string]rest.Storage, error) {
	s, status, err := pvstore.NewREST(optsGetter)
	if err != nil {
		return nil, err
	}
	return map[string]rest.Storage{"persistentvolumes": s, "persistentvolumes/status": status}, nil
}

func persistentVolumeClaims(optsGetter generic.RESTOptionsGetter, _ Options) (map[string]rest.Storage, error) {
	s, status, err := pvcstore.NewREST(optsGetter)
	if err != nil {
		return nil, err
	}
	return map[string]rest.Storage{"persistentvolumeclaims": s, "persistentvolumeclaims/status": status}, nil
}

func events(optsGetter generic.RESTOptionsGetter, opts Options) (map[string]rest.Storage, error) {
	s, err := eventstore.NewREST(optsGetter, opts.EventTTL)
	if err != nil {
		return nil, err
	}
	return map[string]rest.Storage{"events": s}, nil
}

func serviceAccounts(optsGetter generic.RESTOptionsGetter, _ Options) (map[string]rest.Storage, error) {
	s, err := serviceaccountstore.NewREST(optsGetter)
	if err != nil {
		return nil, err
	}
	return map[string]rest.Storage{"serviceaccounts": s}, nil
}
