package server

import (
	"fmt"
	"net/http"
	"strings"
	"sync/atomic"

	apiextensionsinformers "k8s.io/apiextensions-apiserver/pkg/client/informers/externalversions/apiextensions/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	openapinamer "k8s.io/apiserver/pkg/endpoints/openapi"
	genericapiserver "k8s.io/apiserver/pkg/server"
	"k8s.io/apiserver/pkg/server/healthz"
	genericoptions "k8s.io/apiserver/pkg/server/options"
	apiregistrationv1 "k8s.io/kube-aggregator/pkg/apis/apiregistration/v1"
	apiregistrationv1helper "k8s.io/kube-aggregator/pkg/apis/apiregistration/v1/helper"
	aggregatorapiserver "k8s.io/kube-aggregator/pkg/apiserver"
	aggregatorscheme "k8s.io/kube-aggregator/pkg/apiserver/scheme"
	aggregatorclient "k8s.io/kube-aggregator/pkg/client/clientset_generated/clientset"
	apiregistrationinformers "k8s.io/kube-aggregator/pkg/client/informers/externalversions/apiregistration/v1"
	"k8s.io/kube-aggregator/pkg/controllers/autoregister"
	aggregatoropenapi "k8s.io/kube-aggregator/pkg/generated/openapi"

	"github.com/kapi-dev/kapi/pkg/controller/crdregistration"
)

// aggregatorConfig derives kube-aggregator's configuration from kapi's, after authentication,
// authorization, flow control and audit are on it: the aggregator is the outermost server, whose
// filters every request passes, and it serves apiregistration.k8s.io, /apis, and the OpenAPI
// documents merged across kapi, the CustomResourceDefinition server and extension API servers.
func (c *Config) aggregatorConfig(generic genericapiserver.RecommendedConfig) *aggregatorapiserver.Config {
	// The servers it delegates to own their hooks; the aggregator adds its own.
	generic.PostStartHooks = map[string]genericapiserver.PostStartHookConfigEntry{}
	// The aggregator serves its own, merged OpenAPI handlers.
	generic.SkipOpenAPIInstallation = true
	generic.MergedResourceConfig = aggregatorapiserver.DefaultAPIResourceConfigSource()
	namer := openapinamer.NewDefinitionNamer(aggregatorscheme.Scheme)
	generic.OpenAPIConfig = genericapiserver.DefaultOpenAPIConfig(aggregatoropenapi.GetOpenAPIDefinitions, namer)
	generic.OpenAPIConfig.Info.Title = "Kubernetes"
	generic.OpenAPIV3Config = genericapiserver.DefaultOpenAPIV3Config(aggregatoropenapi.GetOpenAPIDefinitions, namer)
	generic.OpenAPIV3Config.Info.Title = "Kubernetes"
	generic.EquivalentResourceRegistry = equivalentResources(&generic.Config)
	o := c.Options.Aggregator
	return &aggregatorapiserver.Config{
		GenericConfig: &generic,
		ExtraConfig: aggregatorapiserver.ExtraConfig{
			ProxyClientCertFile: o.ProxyClientCertFile,
			ProxyClientKeyFile:  o.ProxyClientKeyFile,
			// kapi runs without kube-proxy, so extension API servers are reached on a ready endpoint of
			// their Service whatever --enable-aggregator-routing says, as webhooks are.
			ServiceResolver:           c.admission.serviceResolver,
			RejectForwardingRedirects: o.RejectForwardingRedirect,
		},
	}
}

// applyAggregatorStorage stores APIServices as kube-apiserver does, under
// /registry/apiregistration.k8s.io/apiservices, in JSON, encrypted as kapi's resources are.
func (c CompletedConfig) applyAggregatorStorage(etcd *genericoptions.EtcdOptions) error {
	aggregator := *etcd
	aggregator.StorageConfig.Codec = aggregatorscheme.Codecs.LegacyCodec(apiregistrationv1.SchemeGroupVersion)
	aggregator.StorageConfig.EncodeVersioner = runtime.NewMultiGroupVersioner(apiregistrationv1.SchemeGroupVersion, schema.GroupKind{Group: apiregistrationv1.GroupName})
	aggregator.SkipHealthEndpoints = true
	generic := c.Aggregator.GenericConfig.Config
	generic.ResourceTransformers = c.Generic.ResourceTransformers
	return aggregator.ApplyTo(generic)
}

// Built-in APIServices get kube-apiserver's priorities, which order /apis: groups by descending
// group priority, then by name; versions by descending version priority.
type apiServicePriority struct{ group, version int32 }

var apiServicePriorities = map[schema.GroupVersion]apiServicePriority{
	{Group: "", Version: "v1"}:                                   {18000, 1},
	{Group: "apps", Version: "v1"}:                               {17800, 15},
	{Group: "events.k8s.io", Version: "v1"}:                      {17750, 15},
	{Group: "authentication.k8s.io", Version: "v1"}:              {17700, 15},
	{Group: "authentication.k8s.io", Version: "v1beta1"}:         {17700, 9},
	{Group: "authentication.k8s.io", Version: "v1alpha1"}:        {17700, 1},
	{Group: "authorization.k8s.io", Version: "v1"}:               {17600, 15},
	{Group: "autoscaling", Version: "v2"}:                        {17500, 30},
	{Group: "autoscaling", Version: "v1"}:                        {17500, 15},
	{Group: "batch", Version: "v1"}:                              {17400, 15},
	{Group: "certificates.k8s.io", Version: "v1"}:                {17300, 15},
	{Group: "certificates.k8s.io", Version: "v1beta1"}:           {17300, 9},
	{Group: "certificates.k8s.io", Version: "v1alpha1"}:          {17300, 1},
	{Group: "networking.k8s.io", Version: "v1"}:                  {17200, 15},
	{Group: "networking.k8s.io", Version: "v1beta1"}:             {17200, 9},
	{Group: "policy", Version: "v1"}:                             {17100, 15},
	{Group: "rbac.authorization.k8s.io", Version: "v1"}:          {17000, 15},
	{Group: "storage.k8s.io", Version: "v1"}:                     {16800, 15},
	{Group: "storage.k8s.io", Version: "v1beta1"}:                {16800, 9},
	{Group: "storage.k8s.io", Version: "v1alpha1"}:               {16800, 1},
	{Group: "apiextensions.k8s.io", Version: "v1"}:               {16700, 15},
	{Group: "admissionregistration.k8s.io", Version: "v1"}:       {16700, 15},
	{Group: "admissionregistration.k8s.io", Version: "v1beta1"}:  {16700, 12},
	{Group: "admissionregistration.k8s.io", Version: "v1alpha1"}: {16700, 9},
	{Group: "scheduling.k8s.io", Version: "v1"}:                  {16600, 15},
	{Group: "scheduling.k8s.io", Version: "v1beta1"}:             {16600, 12},
	{Group: "scheduling.k8s.io", Version: "v1alpha1"}:            {16600, 1},
	{Group: "coordination.k8s.io", Version: "v1"}:                {16500, 15},
	{Group: "coordination.k8s.io", Version: "v1beta1"}:           {16500, 13},
	{Group: "coordination.k8s.io", Version: "v1alpha2"}:          {16500, 12},
	{Group: "node.k8s.io", Version: "v1"}:                        {16300, 15},
	{Group: "discovery.k8s.io", Version: "v1"}:                   {16200, 15},
	{Group: "flowcontrol.apiserver.k8s.io", Version: "v1"}:       {16100, 21},
	{Group: "internal.apiserver.k8s.io", Version: "v1alpha1"}:    {16000, 9},
	{Group: "resource.k8s.io", Version: "v1"}:                    {15900, 21},
	{Group: "resource.k8s.io", Version: "v1beta2"}:               {15900, 15},
	{Group: "resource.k8s.io", Version: "v1beta1"}:               {15900, 13},
	{Group: "resource.k8s.io", Version: "v1alpha3"}:              {15900, 12},
	{Group: "storagemigration.k8s.io", Version: "v1"}:            {15800, 15},
	{Group: "storagemigration.k8s.io", Version: "v1beta1"}:       {15800, 12},
	{Group: "storagemigration.k8s.io", Version: "v1alpha1"}:      {15800, 9},
}

// localAPIService is the APIService that tells the aggregator a group version is served by the
// servers it delegates to; ok is false for a group version without a priority, which is left out
// rather than being registered with a made-up one.
func localAPIService(gv schema.GroupVersion) (*apiregistrationv1.APIService, bool) {
	p, ok := apiServicePriorities[gv]
	if !ok {
		return nil, false
	}
	return delegatedAPIService(gv, p), true
}

// delegatedAPIService is the APIService of a group version the delegates serve, with priority p. The
// core group's is named "v1.", as validation wants: the version, a dot, the group.
func delegatedAPIService(gv schema.GroupVersion, p apiServicePriority) *apiregistrationv1.APIService {
	s := &apiregistrationv1.APIService{
		Spec: apiregistrationv1.APIServiceSpec{Group: gv.Group, Version: gv.Version, GroupPriorityMinimum: p.group, VersionPriority: p.version},
	}
	s.Name = gv.Version + "." + gv.Group
	return s
}

// builtInAPIServices are the local APIServices of the group versions the delegates list.
func builtInAPIServices(delegate genericapiserver.DelegationTarget) []*apiregistrationv1.APIService {
	var services []*apiregistrationv1.APIService
	for _, path := range delegate.ListedPaths() {
		var gv schema.GroupVersion
		switch parts := strings.Split(path, "/"); {
		case path == "/api/v1":
			gv = schema.GroupVersion{Version: "v1"}
		case len(parts) == 4 && parts[1] == "apis":
			gv = schema.GroupVersion{Group: parts[2], Version: parts[3]}
		default:
			continue
		}
		if s, ok := localAPIService(gv); ok {
			services = append(services, s)
		}
	}
	return services
}

// addAutoregistration registers the built-in APIServices at start and those of CRD group versions
// for as long as a CRD serves them, and holds /readyz until the built-in ones are available, as
// kube-apiserver does.
func addAutoregistration(aggregator *aggregatorapiserver.APIAggregator, delegate genericapiserver.DelegationTarget, crds apiextensionsinformers.CustomResourceDefinitionInformer) error {
	apiServices := aggregator.APIRegistrationInformers.Apiregistration().V1().APIServices()
	client, err := aggregatorclient.NewForConfig(aggregator.GenericAPIServer.LoopbackClientConfig)
	if err != nil {
		return err
	}
	registration := autoregister.NewAutoRegisterController(apiServices, client.ApiregistrationV1())
	builtIn := builtInAPIServices(delegate)
	for _, s := range builtIn {
		registration.AddAPIServiceToSyncOnStart(s)
	}
	crdRegistration, err := crdregistration.New(crds, registration, localCRDAPIService)
	if err != nil {
		return err
	}
	aggregator.GenericAPIServer.AddPostStartHookOrDie("kube-apiserver-autoregistration", func(ctx genericapiserver.PostStartHookContext) error {
		go crdRegistration.Run(ctx)
		go registration.Run(5, ctx.Done())
		return nil
	})
	return aggregator.GenericAPIServer.AddBootSequenceHealthChecks(availableCheck("autoregister-completion", builtIn, apiServices))
}

// localCRDAPIService is the APIService of a CRD group version, with the low priority kube-apiserver
// gives them.
func localCRDAPIService(gv schema.GroupVersion) *apiregistrationv1.APIService {
	return delegatedAPIService(gv, apiServicePriority{group: 1000, version: 100})
}

// availableCheck passes once every one of services exists and is Available, and from then on.
func availableCheck(name string, services []*apiregistrationv1.APIService, informer apiregistrationinformers.APIServiceInformer) healthz.HealthChecker {
	lister := informer.Lister()
	var ready atomic.Bool
	return healthz.NamedCheck(name, func(*http.Request) error {
		if ready.Load() {
			return nil
		}
		var missing []string
		for _, want := range services {
			got, err := lister.Get(want.Name)
			if err != nil || !apiregistrationv1helper.IsAPIServiceConditionTrue(got, apiregistrationv1.Available) {
				missing = append(missing, want.Name)
			}
		}
		if len(missing) > 0 {
			return fmt.Errorf("missing APIService: %v", missing)
		}
		ready.Store(true)
		return nil
	})
}
