package app

import (
	authenticationv1 "k8s.io/api/authentication/v1"
	corev1 "k8s.io/api/core/v1"
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
}

// newStorageFactory returns the storage factory of kapi's own resources: stored in their served version,
// in mediaType, under kube-apiserver's keys.
func newStorageFactory(config storagebackend.Config, mediaType string, effectiveVersion basecompatibility.EffectiveVersion) *serverstorage.DefaultStorageFactory {
	resources := serverstorage.NewResourceConfig()
	resources.EnableVersions(corev1.SchemeGroupVersion, authenticationv1.SchemeGroupVersion)
	return serverstorage.NewDefaultStorageFactory(
		config,
		mediaType,
		scheme.Codecs,
		serverstorage.NewDefaultResourceEncodingConfigForEffectiveVersion(scheme.Scheme, effectiveVersion),
		resources,
		resourcePrefixes,
	)
}
