// Package server assembles kapi from completed options: Config (built by NewConfig) → CompletedConfig
// → Server, which starts the embedded etcd, installs the API groups of one ordered list of providers
// behind the CustomResourceDefinition server, starts the in-process controllers of one list, and runs.
package server

import (
	"fmt"
	"net"
	"os"
	"strconv"

	apiextensionsapiserver "k8s.io/apiextensions-apiserver/pkg/apiserver"
	apiextensionsopenapi "k8s.io/apiextensions-apiserver/pkg/generated/openapi"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	discoveryendpoint "k8s.io/apiserver/pkg/endpoints/discovery/aggregated"
	openapinamer "k8s.io/apiserver/pkg/endpoints/openapi"
	genericapiserver "k8s.io/apiserver/pkg/server"
	serverstorage "k8s.io/apiserver/pkg/server/storage"
	utilfeature "k8s.io/apiserver/pkg/util/feature"
	"k8s.io/client-go/dynamic"
	"k8s.io/client-go/informers"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/metadata"
	"k8s.io/client-go/rest"
	aggregatorapiserver "k8s.io/kube-aggregator/pkg/apiserver"
	utilnet "k8s.io/utils/net"

	"github.com/kapi-dev/kapi/pkg/apis/core/validation"
	"github.com/kapi-dev/kapi/pkg/apis/scheme"
	"github.com/kapi-dev/kapi/pkg/controller/clusterauthenticationtrust"
	generatedopenapi "github.com/kapi-dev/kapi/pkg/generated/openapi"
	"github.com/kapi-dev/kapi/pkg/pki"
	quotainstall "github.com/kapi-dev/kapi/pkg/quota/install"
	"github.com/kapi-dev/kapi/pkg/server/options"
)

// Config is everything the servers need, built from completed options. Building it generates the PKI
// on first start and writes the admin kubeconfig; it starts nothing and opens no storage.
type Config struct {
	Generic       *genericapiserver.RecommendedConfig
	APIExtensions *apiextensionsapiserver.Config
	// Aggregator is kube-aggregator's configuration: the outermost server.
	Aggregator *aggregatorapiserver.Config
	// Options are the completed options the configuration was built from.
	Options options.CompletedOptions

	serviceAccounts *serviceAccountConfig
	// authenticationTrust is what kapi publishes for extension API servers to trust.
	authenticationTrust clusterauthenticationtrust.Trust
	// clients reach the server itself as a member of system:masters.
	clients loopbackClients
	// pki are kapi's certificate files, whose CA the CSR signer issues with.
	pki pki.Files
	// admission is what the admission plugins read, and how they and conversion reach webhooks.
	admission admissionDeps
	// connections are those the secure port accepts.
	connections *connections
}

// loopbackClients are the clients of the server itself that authentication, the informers (which RBAC
// reads), the hooks and the in-process controllers share.
type loopbackClients struct {
	kube kubernetes.Interface
	// endpoints is kube without warnings, for the writers of v1 Endpoints: their deprecation warning
	// is for users, and kapi's own writers keep them on purpose.
	endpoints kubernetes.Interface
	dynamic   dynamic.Interface
	metadata  metadata.Interface
}

type completedConfig struct {
	Generic         genericapiserver.CompletedConfig
	APIExtensions   apiextensionsapiserver.CompletedConfig
	Aggregator      aggregatorapiserver.CompletedConfig
	Options         options.CompletedOptions
	serviceAccounts *serviceAccountConfig
	// authenticationTrust is Config.authenticationTrust.
	authenticationTrust clusterauthenticationtrust.Trust
	clients             loopbackClients
	pki                 pki.Files
	connections         *connections
}

// CompletedConfig is a Config whose defaults are filled in; only Config.Complete makes one.
type CompletedConfig struct {
	*completedConfig
}

// NewConfig builds the servers' configuration from o, which must be valid. Everything that can fail
// without writing is checked before the PKI is generated.
func NewConfig(o options.CompletedOptions) (*Config, error) {
	resources, err := o.ResourceConfigs()
	if err != nil {
		return nil, err
	}
	// Like kube-apiserver's, this setting is process-wide.
	validation.SetAllowPrivileged(o.AllowPrivileged)
	if err := os.MkdirAll(o.DataDir, 0o700); err != nil {
		return nil, err
	}
	files, err := ensurePKI(o)
	if err != nil {
		return nil, err
	}
	sa, err := newServiceAccountConfig(o.ServiceAccounts, files)
	if err != nil {
		return nil, err
	}

	c := &Config{Options: o, serviceAccounts: sa, pki: files, connections: newConnections()}
	generic := genericapiserver.NewRecommendedConfig(scheme.Codecs)
	c.Generic = generic
	if err := o.ServerRun.ApplyTo(&generic.Config); err != nil {
		return nil, err
	}
	if err := applySecureServing(o.SecureServing, c.connections, &generic.SecureServing, &generic.LoopbackClientConfig); err != nil {
		return nil, err
	}
	// Tracing wraps the loopback configuration, so it comes before the loopback clients.
	if err := o.Traces.ApplyTo(nil, &generic.Config); err != nil {
		return nil, err
	}
	// Metrics options are global: they hide, drop and constrain metrics as they are registered.
	o.Metrics.Apply()
	// Loopback clients never leave the process's host, where gzip only burns CPU on both ends of every
	// informer's watch stream.
	generic.LoopbackClientConfig.DisableCompression = true
	if err := writeKubeconfig(o.KubeconfigPath(), generic.SecureServing, files); err != nil {
		return nil, err
	}
	// SecureServing.ApplyTo gave the loopback config its token, so the clients can be built before
	// anything that uses them.
	if c.clients, err = newLoopbackClients(generic); err != nil {
		return nil, err
	}
	if c.authenticationTrust, err = applyAuthentication(&generic.Config, o, c.clients.kube, sa); err != nil {
		return nil, err
	}
	generic.ClientConfig = generic.LoopbackClientConfig
	generic.SharedInformerFactory = informers.NewSharedInformerFactory(c.clients.kube, informerResync)
	if err := applyAuthorization(&generic.Config, o.Authorization, generic.SharedInformerFactory); err != nil {
		return nil, err
	}

	namer := openapinamer.NewDefinitionNamer(scheme.ServedVersions())
	generic.OpenAPIConfig = genericapiserver.DefaultOpenAPIConfig(generatedopenapi.GetOpenAPIDefinitions, namer)
	generic.OpenAPIConfig.Info.Title = "Kubernetes"
	generic.OpenAPIV3Config = genericapiserver.DefaultOpenAPIV3Config(generatedopenapi.GetOpenAPIDefinitions, namer)
	generic.OpenAPIV3Config.Info.Title = "Kubernetes"
	generic.AggregatedDiscoveryGroupManager = discoveryendpoint.NewResourceManager("apis")
	generic.MergedResourceConfig = resources.Kapi
	generic.EquivalentResourceRegistry = equivalentResources(&generic.Config)

	generic.BuildHandlerChainFunc = buildHandlerChain
	// Both servers get the same FlowControl, as in kube-apiserver: only the outermost filters requests,
	// but each server adds a limiter's post-start hooks, and the CustomResourceDefinition server would
	// otherwise add max-in-flight's, which kapi's /readyz then lists.
	if err := o.Features.ApplyTo(&generic.Config, c.clients.kube, generic.SharedInformerFactory); err != nil {
		return nil, err
	}
	if c.admission, err = newAdmissionDeps(generic, c.clients.kube); err != nil {
		return nil, err
	}

	extensions := *generic
	// The copy must not share the hook map, to which admission's ApplyTo adds.
	extensions.PostStartHooks = map[string]genericapiserver.PostStartHookConfigEntry{}
	if err := c.applyAdmission(&generic.Config); err != nil {
		return nil, err
	}
	// Only the outermost server, the aggregator, filters requests: those it delegates to kapi's
	// server and on to the CustomResourceDefinition server bypass their filters, so each request is
	// audited once.
	if err := o.Audit.ApplyTo(&generic.Config); err != nil {
		return nil, err
	}
	c.Aggregator = c.aggregatorConfig(*generic)
	// installOpenAPIV2 and installOpenAPIV3 serve the OpenAPI documents of kapi's server (not of the
	// copies above), built later than PrepareRun would build them.
	generic.SkipOpenAPIInstallation = true

	if c.APIExtensions, err = c.apiExtensionsConfig(&extensions, resources.APIExtensions); err != nil {
		return nil, err
	}
	return c, nil
}

func newLoopbackClients(generic *genericapiserver.RecommendedConfig) (loopbackClients, error) {
	var c loopbackClients
	var err error
	if c.kube, err = kubernetes.NewForConfig(generic.LoopbackClientConfig); err != nil {
		return c, err
	}
	quiet := rest.CopyConfig(generic.LoopbackClientConfig)
	quiet.WarningHandler = rest.NoWarnings{}
	if c.endpoints, err = kubernetes.NewForConfig(quiet); err != nil {
		return c, err
	}
	if c.dynamic, err = dynamic.NewForConfig(generic.LoopbackClientConfig); err != nil {
		return c, err
	}
	c.metadata, err = metadata.NewForConfig(generic.LoopbackClientConfig)
	return c, err
}

// applyAdmission builds the admission chain on the admission plugins' own informers; kapi's own
// initializers tell the webhook and policy plugins how to reach webhooks, and give the ResourceQuota
// plugin kapi's quota evaluators and DefaultTolerationSeconds its flags.
func (c *Config) applyAdmission(generic *genericapiserver.Config) error {
	initializers := append(c.admission.initializers(), quotainstall.NewAdmissionInitializer(), c.Options.Tolerations.Initializer())
	return c.Options.Admission.ApplyTo(generic, c.admission.informers, c.clients.kube, c.clients.dynamic, utilfeature.DefaultFeatureGate, c.Generic.EffectiveVersion, initializers...)
}

// apiExtensionsConfig derives the CustomResourceDefinition server's configuration from kapi's: same
// serving, authentication, authorization and discovery, its own scheme for admission and storage.
func (c *Config) apiExtensionsConfig(generic *genericapiserver.RecommendedConfig, resources *serverstorage.ResourceConfig) (*apiextensionsapiserver.Config, error) {
	generic.EquivalentResourceRegistry = equivalentResources(&generic.Config)
	if err := c.applyAdmission(&generic.Config); err != nil {
		return nil, err
	}
	generic.MergedResourceConfig = resources
	// Both servers get the same admission and informer hooks; the core server, which runs them, owns them.
	generic.PostStartHooks = map[string]genericapiserver.PostStartHookConfigEntry{}
	namer := openapinamer.NewDefinitionNamer(apiextensionsapiserver.Scheme)
	generic.OpenAPIConfig = genericapiserver.DefaultOpenAPIConfig(apiextensionsopenapi.GetOpenAPIDefinitions, namer)
	generic.OpenAPIV3Config = genericapiserver.DefaultOpenAPIV3Config(apiextensionsopenapi.GetOpenAPIDefinitions, namer)
	return &apiextensionsapiserver.Config{
		GenericConfig: generic,
		ExtraConfig: apiextensionsapiserver.ExtraConfig{
			MasterCount: 1,
			// Conversion webhooks are reached as admission webhooks are.
			ServiceResolver:     c.admission.serviceResolver,
			AuthResolverWrapper: c.admission.authWrapper,
		},
	}, nil
}

// equivalentResources tells which resources of c are the same objects: those stored under the same
// etcd keys. Storage is opened only once etcd runs (CompletedConfig.New), after Complete, so the
// registry asks c for it when it is first used rather than when it is built.
func equivalentResources(c *genericapiserver.Config) runtime.EquivalentResourceRegistry {
	return runtime.NewEquivalentResourceRegistryWithIdentity(func(gr schema.GroupResource) string {
		if c.RESTOptionsGetter == nil {
			return ""
		}
		if opts, err := c.RESTOptionsGetter.GetRESTOptions(gr, nil); err == nil {
			return opts.ResourcePrefix
		}
		return ""
	})
}

// ensurePKI generates kapi's certificates on first start, for the first service IP and the bind and
// advertise addresses.
func ensurePKI(o options.CompletedOptions) (pki.Files, error) {
	prefix := o.ServiceNetwork.ClusterIPRange
	_, serviceNet, err := net.ParseCIDR(prefix.String())
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
	opts := []pki.Option{pki.WithIPs(ips...)}
	if o.ServiceAccounts.SigningKeyFile != "" || o.ServiceAccounts.SigningEndpoint != "" {
		opts = append(opts, pki.WithoutServiceAccountKey())
	}
	return pki.Ensure(o.PKIDir(), opts...)
}

// writeKubeconfig writes the admin kubeconfig for the address the server listens on.
func writeKubeconfig(path string, serving *genericapiserver.SecureServingInfo, files pki.Files) error {
	host, port, err := serving.HostPort()
	if err != nil {
		return err
	}
	if ip := net.ParseIP(host); ip == nil || ip.IsUnspecified() {
		host = "127.0.0.1"
	}
	return pki.WriteKubeconfig(path, "https://"+net.JoinHostPort(host, strconv.Itoa(port)), files.CACert, files.AdminCert, files.AdminKey)
}

// Complete fills in the remaining defaults.
func (c *Config) Complete() CompletedConfig {
	return CompletedConfig{&completedConfig{
		Generic:             c.Generic.Complete(),
		APIExtensions:       c.APIExtensions.Complete(),
		Aggregator:          c.Aggregator.Complete(),
		Options:             c.Options,
		serviceAccounts:     c.serviceAccounts,
		authenticationTrust: c.authenticationTrust,
		clients:             c.clients,
		pki:                 c.pki,
		connections:         c.connections,
	}}
}
