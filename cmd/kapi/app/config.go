package app

import (
	"context"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"time"

	autoscalingv1 "k8s.io/api/autoscaling/v1"
	apiextensionsv1 "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1"
	apiextensionsv1beta1 "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1beta1"
	apiextensionsapiserver "k8s.io/apiextensions-apiserver/pkg/apiserver"
	apiextensionsoptions "k8s.io/apiextensions-apiserver/pkg/cmd/server/options"
	apiextensionsopenapi "k8s.io/apiextensions-apiserver/pkg/generated/openapi"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	utilruntime "k8s.io/apimachinery/pkg/util/runtime"
	discoveryendpoint "k8s.io/apiserver/pkg/endpoints/discovery/aggregated"
	openapinamer "k8s.io/apiserver/pkg/endpoints/openapi"
	genericapiserver "k8s.io/apiserver/pkg/server"
	serverstorage "k8s.io/apiserver/pkg/server/storage"
	utilfeature "k8s.io/apiserver/pkg/util/feature"
	"k8s.io/client-go/dynamic"
	"k8s.io/client-go/informers"
	"k8s.io/client-go/kubernetes"
	utilnet "k8s.io/utils/net"

	_ "github.com/kapi-dev/kapi/pkg/apis/authentication/install"
	_ "github.com/kapi-dev/kapi/pkg/apis/authorization/install"
	_ "github.com/kapi-dev/kapi/pkg/apis/autoscaling/install"
	_ "github.com/kapi-dev/kapi/pkg/apis/coordination/install"
	_ "github.com/kapi-dev/kapi/pkg/apis/core/install"
	"github.com/kapi-dev/kapi/pkg/apis/core/validation"
	_ "github.com/kapi-dev/kapi/pkg/apis/discovery/install"
	_ "github.com/kapi-dev/kapi/pkg/apis/events/install"
	_ "github.com/kapi-dev/kapi/pkg/apis/networking/install"
	_ "github.com/kapi-dev/kapi/pkg/apis/rbac/install"
	"github.com/kapi-dev/kapi/pkg/apis/scheme"
	"github.com/kapi-dev/kapi/pkg/embeddedetcd"
	generatedopenapi "github.com/kapi-dev/kapi/pkg/generated/openapi"
	"github.com/kapi-dev/kapi/pkg/pki"
)

// Config is everything the servers need, built from Options. Building it starts the embedded etcd, which
// the server then owns.
type Config struct {
	Generic       *genericapiserver.RecommendedConfig
	APIExtensions *apiextensionsapiserver.Config

	// Etcd is the embedded etcd member, nil with --etcd-servers.
	Etcd *embeddedetcd.Server
	// KubeconfigPath is the admin kubeconfig kapi wrote.
	KubeconfigPath string
	// EventTTL is how long events live after their last write.
	EventTTL time.Duration
	// ServiceNetwork is what services are allocated from and where the kubernetes service points.
	ServiceNetwork serviceNetwork

	serviceAccounts *serviceAccountConfig
	// client is the loopback clientset, a member of system:masters.
	client kubernetes.Interface
}

type completedConfig struct {
	Generic         genericapiserver.CompletedConfig
	APIExtensions   apiextensionsapiserver.CompletedConfig
	Etcd            *embeddedetcd.Server
	KubeconfigPath  string
	EventTTL        time.Duration
	ServiceNetwork  serviceNetwork
	serviceAccounts *serviceAccountConfig
	client          kubernetes.Interface
}

// CompletedConfig is a Config whose defaults are filled in; only Config.Complete makes one.
type CompletedConfig struct {
	*completedConfig
}

// Config completes the options, generates the PKI on first start, starts the embedded etcd unless
// --etcd-servers was given, and builds the servers' configuration.
func (o *Options) Config(ctx context.Context) (*Config, error) {
	o.completeDataDir()
	if err := os.MkdirAll(o.DataDir, 0o700); err != nil {
		return nil, err
	}
	if err := o.completeAdvertiseAddress(); err != nil {
		return nil, err
	}
	files, err := o.ensurePKI()
	if err != nil {
		return nil, err
	}
	if errs := o.Validate(); len(errs) > 0 {
		return nil, fmt.Errorf("invalid options: %v", errs)
	}
	// Like kube-apiserver's, this setting is process-wide.
	validation.SetAllowPrivileged(o.AllowPrivileged)
	serviceNetwork, err := o.serviceNetwork()
	if err != nil {
		return nil, err
	}

	c := &Config{KubeconfigPath: o.KubeconfigPath(), EventTTL: o.Events.TTL, ServiceNetwork: serviceNetwork}
	if len(o.Etcd.StorageConfig.Transport.ServerList) == 0 {
		c.Etcd, err = embeddedetcd.Start(ctx, embeddedetcd.Config{DataDir: o.etcdDir(), UnsafeNoFsync: o.EmbeddedEtcdUnsafeNoFsync})
		if err != nil {
			return nil, fmt.Errorf("starting embedded etcd: %w", err)
		}
		o.Etcd.StorageConfig.Transport.ServerList = c.Etcd.ClientURLs()
	}
	if err := o.buildConfig(c, files); err != nil {
		if c.Etcd != nil {
			c.Etcd.Stop()
		}
		return nil, err
	}
	return c, nil
}

func (o *Options) buildConfig(c *Config, files pki.Files) error {
	generic := genericapiserver.NewRecommendedConfig(scheme.Codecs)
	if err := o.ServerRun.ApplyTo(&generic.Config); err != nil {
		return err
	}
	if err := o.SecureServing.ApplyTo(&generic.SecureServing, &generic.LoopbackClientConfig); err != nil {
		return err
	}
	if err := o.writeKubeconfig(generic.SecureServing, files); err != nil {
		return err
	}
	sa, err := o.ServiceAccounts.config(files)
	if err != nil {
		return err
	}
	c.serviceAccounts = sa
	// SecureServing.ApplyTo gave the loopback config its token, so the one loopback clientset that
	// authentication, the informers (which RBAC reads) and the in-process controllers share can be built
	// before any of them.
	client, err := kubernetes.NewForConfig(generic.LoopbackClientConfig)
	if err != nil {
		return err
	}
	c.client = client
	if err := o.applyAuthentication(&generic.Config, client, sa); err != nil {
		return err
	}
	dynamicClient, err := dynamic.NewForConfig(generic.LoopbackClientConfig)
	if err != nil {
		return err
	}
	generic.ClientConfig = generic.LoopbackClientConfig
	generic.SharedInformerFactory = informers.NewSharedInformerFactory(client, 10*time.Minute)
	if err := o.applyAuthorization(&generic.Config, generic.SharedInformerFactory); err != nil {
		return err
	}

	namer := openapinamer.NewDefinitionNamer(servedVersionsScheme())
	generic.OpenAPIConfig = genericapiserver.DefaultOpenAPIConfig(generatedopenapi.GetOpenAPIDefinitions, namer)
	generic.OpenAPIConfig.Info.Title = "Kubernetes"
	generic.OpenAPIV3Config = genericapiserver.DefaultOpenAPIV3Config(generatedopenapi.GetOpenAPIDefinitions, namer)
	generic.OpenAPIV3Config.Info.Title = "Kubernetes"
	generic.AggregatedDiscoveryGroupManager = discoveryendpoint.NewResourceManager("apis")

	if err := eventWatchCacheSizes(o.Etcd); err != nil {
		return err
	}
	storageFactory := newStorageFactory(o.Etcd.StorageConfig, o.Etcd.DefaultStorageMediaType, generic.EffectiveVersion)
	if err := o.Etcd.ApplyWithStorageFactoryTo(storageFactory, &generic.Config); err != nil {
		return err
	}
	generic.MergedResourceConfig = storageFactory.APIResourceConfigSource.(*serverstorage.ResourceConfig)

	extensions := *generic
	// The copy must not share the hook map, to which admission's ApplyTo adds.
	extensions.PostStartHooks = map[string]genericapiserver.PostStartHookConfigEntry{}
	if err := o.Admission.ApplyTo(&generic.Config, generic.SharedInformerFactory, client, dynamicClient, utilfeature.DefaultFeatureGate, generic.EffectiveVersion); err != nil {
		return err
	}
	apiExtensions, err := o.apiExtensionsConfig(&extensions, client, dynamicClient)
	if err != nil {
		return err
	}
	c.Generic = generic
	c.APIExtensions = apiExtensions
	return nil
}

// apiExtensionsConfig derives the CustomResourceDefinition server's configuration from kapi's: same
// serving, authentication, authorization and discovery, its own scheme for admission and storage.
func (o *Options) apiExtensionsConfig(generic *genericapiserver.RecommendedConfig, client kubernetes.Interface, dynamicClient dynamic.Interface) (*apiextensionsapiserver.Config, error) {
	generic.RESTOptionsGetter = nil
	if err := o.Admission.ApplyTo(&generic.Config, generic.SharedInformerFactory, client, dynamicClient, utilfeature.DefaultFeatureGate, generic.EffectiveVersion); err != nil {
		return nil, err
	}
	etcd := *o.Etcd
	etcd.StorageConfig.Codec = apiextensionsapiserver.Codecs.LegacyCodec(apiextensionsv1beta1.SchemeGroupVersion, apiextensionsv1.SchemeGroupVersion)
	// kube-apiserver stores CRDs as v1beta1, the more compact form; keep etcd contents interchangeable.
	etcd.StorageConfig.EncodeVersioner = runtime.NewMultiGroupVersioner(apiextensionsv1beta1.SchemeGroupVersion, schema.GroupKind{Group: apiextensionsv1beta1.GroupName})
	etcd.SkipHealthEndpoints = true
	if err := etcd.ApplyTo(&generic.Config); err != nil {
		return nil, err
	}
	generic.MergedResourceConfig = apiextensionsapiserver.DefaultAPIResourceConfigSource()
	// Both servers get the same admission and informer hooks; the core server, which runs them, owns them.
	generic.PostStartHooks = map[string]genericapiserver.PostStartHookConfigEntry{}
	namer := openapinamer.NewDefinitionNamer(apiextensionsapiserver.Scheme)
	generic.OpenAPIConfig = genericapiserver.DefaultOpenAPIConfig(apiextensionsopenapi.GetOpenAPIDefinitions, namer)
	generic.OpenAPIV3Config = genericapiserver.DefaultOpenAPIV3Config(apiextensionsopenapi.GetOpenAPIDefinitions, namer)
	return &apiextensionsapiserver.Config{
		GenericConfig: generic,
		ExtraConfig: apiextensionsapiserver.ExtraConfig{
			CRDRESTOptionsGetter: apiextensionsoptions.NewCRDRESTOptionsGetter(etcd, generic.ResourceTransformers, generic.StorageObjectCountTracker),
			MasterCount:          1,
		},
	}, nil
}

// ensurePKI generates kapi's certificates on first start, picks the serving certificate (--tls-cert-file,
// else apiserver.crt in --cert-dir, else kapi's own) and writes the admin kubeconfig.
func (o *Options) ensurePKI() (pki.Files, error) {
	_, serviceNet, err := net.ParseCIDR(o.Networking.ServiceClusterIPRange)
	if err != nil {
		return pki.Files{}, fmt.Errorf("--service-cluster-ip-range: %w", err)
	}
	firstServiceIP, err := utilnet.GetIndexedIP(serviceNet, 1)
	if err != nil {
		return pki.Files{}, err
	}
	ips := []net.IP{firstServiceIP}
	if ip := o.SecureServing.BindAddress; ip != nil && !ip.IsUnspecified() {
		ips = append(ips, ip)
	}
	if ip := o.ServerRun.AdvertiseAddress; ip != nil {
		ips = append(ips, ip)
	}
	files, err := pki.Ensure(o.pkiDir(), pki.WithIPs(ips...))
	if err != nil {
		return pki.Files{}, err
	}
	cert := &o.SecureServing.ServerCert
	// The generic serving options only read --cert-dir when asked to generate a pair there, so the
	// pair found there is named explicitly.
	switch {
	case cert.CertKey.CertFile != "":
	case cert.CertDirectory != "" && fileExists(cert.CertDirectory, cert.PairName+".crt"):
		cert.CertKey.CertFile = filepath.Join(cert.CertDirectory, cert.PairName+".crt")
		cert.CertKey.KeyFile = filepath.Join(cert.CertDirectory, cert.PairName+".key")
	default:
		cert.CertKey.CertFile = files.ServingCert
		cert.CertKey.KeyFile = files.ServingKey
	}
	return files, nil
}

// writeKubeconfig writes the admin kubeconfig for the address the server listens on.
func (o *Options) writeKubeconfig(serving *genericapiserver.SecureServingInfo, files pki.Files) error {
	host, port, err := serving.HostPort()
	if err != nil {
		return err
	}
	if ip := net.ParseIP(host); ip == nil || ip.IsUnspecified() {
		host = "127.0.0.1"
	}
	return pki.WriteKubeconfig(o.KubeconfigPath(), "https://"+net.JoinHostPort(host, strconv.Itoa(port)), files.CACert, files.AdminCert, files.AdminKey)
}

// servedVersionsScheme holds only the real versions of the served groups, and autoscaling/v1 for the
// Scale subresource, so that OpenAPI definition names never mention the internal version.
func servedVersionsScheme() *runtime.Scheme {
	s := runtime.NewScheme()
	utilruntime.Must(autoscalingv1.AddToScheme(s))
	for _, v := range servedVersions {
		utilruntime.Must(v.addToScheme(s))
	}
	return s
}

// Complete fills in the remaining defaults.
func (c *Config) Complete() CompletedConfig {
	return CompletedConfig{&completedConfig{
		Generic:         c.Generic.Complete(),
		APIExtensions:   c.APIExtensions.Complete(),
		Etcd:            c.Etcd,
		KubeconfigPath:  c.KubeconfigPath,
		EventTTL:        c.EventTTL,
		ServiceNetwork:  c.ServiceNetwork,
		serviceAccounts: c.serviceAccounts,
		client:          c.client,
	}}
}
