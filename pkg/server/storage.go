package server

import (
	"context"
	"fmt"

	corev1 "k8s.io/api/core/v1"
	eventsv1 "k8s.io/api/events/v1"
	networkingv1 "k8s.io/api/networking/v1"
	apiextensionsv1 "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1"
	apiextensionsv1beta1 "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1beta1"
	apiextensionsapiserver "k8s.io/apiextensions-apiserver/pkg/apiserver"
	apiextensionsoptions "k8s.io/apiextensions-apiserver/pkg/cmd/server/options"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	genericoptions "k8s.io/apiserver/pkg/server/options"
	serverstorage "k8s.io/apiserver/pkg/server/storage"
	"k8s.io/klog/v2"

	"github.com/kapi-dev/kapi/pkg/apis/scheme"
	"github.com/kapi-dev/kapi/pkg/embeddedetcd"
	"github.com/kapi-dev/kapi/pkg/server/options"
)

// resourcePrefixes are the etcd key prefixes, under /registry, where kube-apiserver keeps resources whose
// prefix is not simply their resource name. Keeping them lets kube-apiserver and kapi share an etcd.
var resourcePrefixes = map[schema.GroupResource]string{
	{Group: "", Resource: "replicationcontrollers"}: "controllers",
	{Group: "", Resource: "nodes"}:                  "minions",
	{Group: "", Resource: "services"}:               "services/specs",
	{Group: "", Resource: "endpoints"}:              "services/endpoints",
	networkingv1.Resource("ingresses"):              "ingress",
}

// cohabitatingResources are stored once under the first one's keys and served by both, as in
// kube-apiserver.
var cohabitatingResources = [][]schema.GroupResource{
	{corev1.Resource("events"), eventsv1.Resource("events")},
}

// startEtcd starts the embedded etcd member unless --etcd-servers names a cluster, and returns the
// etcd options that reach the one in use. The member is nil with --etcd-servers.
func startEtcd(ctx context.Context, o options.CompletedOptions) (*embeddedetcd.Server, *genericoptions.EtcdOptions, error) {
	etcd := *o.Etcd
	if len(etcd.StorageConfig.Transport.ServerList) > 0 {
		return nil, &etcd, nil
	}
	host, port, err := o.EmbeddedEtcd.HostPort()
	if err != nil {
		return nil, nil, err
	}
	member, err := embeddedetcd.Start(ctx, embeddedetcd.Config{DataDir: o.EtcdDir(), ClientHost: host, ClientPort: port, UnsafeNoFsync: o.EmbeddedEtcd.UnsafeNoFsync})
	if err != nil {
		return nil, nil, fmt.Errorf("starting embedded etcd: %w", err)
	}
	klog.InfoS("Embedded etcd is serving", "urls", member.ClientURLs())
	etcd.StorageConfig.Transport.ServerList = member.ClientURLs()
	return member, &etcd, nil
}

// applyStorage opens the storage of the three servers on etcd: kapi's resources in protobuf under
// kube-apiserver's keys, CRDs and APIServices as kube-apiserver stores them.
func (c CompletedConfig) applyStorage(etcd *genericoptions.EtcdOptions) error {
	generic := c.Generic.Config
	// The stores count their objects into the tracker that API Priority and Fairness and the list
	// budget estimate LISTs with; ApplyWithStorageFactoryTo, unlike ApplyTo, does not hand it over.
	etcd.StorageConfig.StorageObjectCountTracker = generic.StorageObjectCountTracker
	factory := serverstorage.NewDefaultStorageFactory(
		etcd.StorageConfig,
		etcd.DefaultStorageMediaType,
		scheme.Codecs,
		serverstorage.NewDefaultResourceEncodingConfigForEffectiveVersion(scheme.Scheme, generic.EffectiveVersion),
		generic.MergedResourceConfig,
		resourcePrefixes,
	)
	for _, resources := range cohabitatingResources {
		factory.AddCohabitatingResources(resources...)
	}
	if err := etcd.ApplyWithStorageFactoryTo(factory, generic); err != nil {
		return err
	}

	extensions := *etcd
	extensions.StorageConfig.Codec = apiextensionsapiserver.Codecs.LegacyCodec(apiextensionsv1beta1.SchemeGroupVersion, apiextensionsv1.SchemeGroupVersion)
	// kube-apiserver stores CRDs as v1beta1, the more compact form; keep etcd contents interchangeable.
	extensions.StorageConfig.EncodeVersioner = runtime.NewMultiGroupVersioner(apiextensionsv1beta1.SchemeGroupVersion, schema.GroupKind{Group: apiextensionsv1beta1.GroupName})
	extensions.SkipHealthEndpoints = true
	extensionsGeneric := c.APIExtensions.GenericConfig.Config
	// Both servers encrypt with the one set of transformers: one connection to each KMS plugin and one
	// reloader of --encryption-provider-config.
	extensionsGeneric.ResourceTransformers = generic.ResourceTransformers
	if err := extensions.ApplyTo(extensionsGeneric); err != nil {
		return err
	}
	c.APIExtensions.ExtraConfig.CRDRESTOptionsGetter = apiextensionsoptions.NewCRDRESTOptionsGetter(extensions, extensionsGeneric.ResourceTransformers, extensionsGeneric.StorageObjectCountTracker)
	return c.applyAggregatorStorage(etcd)
}
