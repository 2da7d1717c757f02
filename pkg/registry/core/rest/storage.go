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
)

// NewLegacyAPIGroupInfo returns the core group's resources, backed by the storage optsGetter gives.
func NewLegacyAPIGroupInfo(optsGetter generic.RESTOptionsGetter) (genericapiserver.APIGroupInfo, error) {
	info := genericapiserver.NewDefaultAPIGroupInfo(corev1.GroupName, scheme.Scheme, scheme.ParameterCodec, scheme.Codecs)
	resources := map[string]rest.Storage{}

	namespaces, namespaceStatus, namespaceFinalize, err := namespacestore.NewREST(optsGetter)
	if err != nil {
		return info, err
	}
	resources["namespaces"] = namespaces
	resources["namespaces/status"] = namespaceStatus
	resources["namespaces/finalize"] = namespaceFinalize

	pods, err := podstore.NewStorage(optsGetter)
	if err != nil {
		return info, err
	}
	resources["pods"] = pods.Pod
	resources["pods/status"] = pods.Status
	resources["pods/binding"] = pods.Binding

	services, err := servicestore.NewStorage(optsGetter)
	if err != nil {
		return info, err
	}
	resources["services"] = services.Service
	resources["services/status"] = services.Status

	nodes, err := nodestore.NewStorage(optsGetter)
	if err != nil {
		return info, err
	}
	resources["nodes"] = nodes.Node
	resources["nodes/status"] = nodes.Status

	controllers, err := rcstore.NewStorage(optsGetter)
	if err != nil {
		return info, err
	}
	resources["replicationcontrollers"] = controllers.Controller
	resources["replicationcontrollers/status"] = controllers.Status
	resources["replicationcontrollers/scale"] = controllers.Scale

	info.VersionedResourcesStorageMap[corev1.SchemeGroupVersion.Version] = resources
	return info, nil
}
