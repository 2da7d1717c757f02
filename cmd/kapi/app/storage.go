package app

import (
	authenticationv1 "k8s.io/api/authentication/v1"
	authorizationv1 "k8s.io/api/authorization/v1"
	coordinationv1 "k8s.io/api/coordination/v1"
	corev1 "k8s.io/api/core/v1"
	discoveryv1 "k8s.io/api/discovery/v1"
	eventsv1 "k8s.io/api/events/v1"
	networkingv1 "k8s.io/api/networking/v1"
	rbacv1 "k8s.io/api/rbac/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	serverstorage "k8s.io/apiserver/pkg/server/storage"
	"k8s.io/apiserver/pkg/storage/storagebackend"
	basecompatibility "k8s.io/component-base/compatibility"

	"github.com/kapi-dev/kapi/pkg/apis/scheme"
)

// resourcePrefixes are the etcd key prefixes, under /registry, where kube-apiserver keeps resources whose
// prefix is not simply their resource name. Keeping them lets kube-apiserver and kapi share an etcd.
var resourcePrefixes = map[schema.GroupResource]string{
	{Group: "", Resource: "replicationcontrollers"}: "controllers",
	{Group: "", Resource: "nodes"}:                  "minions",
	{Group: "", Resource: "services"}:               "services/specs",
	{Group: "", Resource: "endpoints"}:              "services/endpoints",
}

// servedVersions are the group versions kapi serves from its own storage, with the functions that
// register their published types.
var servedVersions = []struct {
	groupVersion schema.GroupVersion
	addToScheme  func(*runtime.Scheme) error
}{
	{corev1.SchemeGroupVersion, corev1.AddToScheme},
	{rbacv1.SchemeGroupVersion, rbacv1.AddToScheme},
	{authorizationv1.SchemeGroupVersion, authorizationv1.AddToScheme},
	{coordinationv1.SchemeGroupVersion, coordinationv1.AddToScheme},
	{eventsv1.SchemeGroupVersion, eventsv1.AddToScheme},
	{discoveryv1.SchemeGroupVersion, discoveryv1.AddToScheme},
	{networkingv1.SchemeGroupVersion, networkingv1.AddToScheme},
	{authenticationv1.SchemeGroupVersion, authenticationv1.AddToScheme},
}

// newStorageFactory returns the storage factory of kapi's own resources: stored in their served version,
// in mediaType, under kube-apiserver's keys.
func newStorageFactory(config storagebackend.Config, mediaType string, effectiveVersion basecompatibility.EffectiveVersion) *serverstorage.DefaultStorageFactory {
	resources := serverstorage.NewResourceConfig()
	for _, v := range servedVersions {
		resources.EnableVersions(v.groupVersion)
	}
	factory := serverstorage.NewDefaultStorageFactory(
		config,
		mediaType,
		scheme.Codecs,
		serverstorage.NewDefaultResourceEncodingConfigForEffectiveVersion(scheme.Scheme, effectiveVersion),
		resources,
		resourcePrefixes,
	)
	// events.k8s.io events are core events in etcd, as in kube-apiserver.
	factory.AddCohabitatingResources(corev1.Resource("events"), eventsv1.Resource("events"))
	return factory
}
