package server

import (
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apiserver/pkg/admission"
	"k8s.io/apiserver/pkg/admission/initializer"
	webhookinit "k8s.io/apiserver/pkg/admission/plugin/webhook/initializer"
	genericapiserver "k8s.io/apiserver/pkg/server"
	"k8s.io/apiserver/pkg/util/webhook"
)

// excludedAdmissionResources are the resources that admission webhooks and policies never see, as in
// kube-apiserver: reviews that are not stored, whose interception could lock users out.
var excludedAdmissionResources = []schema.GroupResource{
	{Group: "authentication.k8s.io", Resource: "selfsubjectreviews"},
	{Group: "authentication.k8s.io", Resource: "tokenreviews"},
	{Group: "authorization.k8s.io", Resource: "localsubjectaccessreviews"},
	{Group: "authorization.k8s.io", Resource: "selfsubjectaccessreviews"},
	{Group: "authorization.k8s.io", Resource: "selfsubjectrulesreviews"},
	{Group: "authorization.k8s.io", Resource: "subjectaccessreviews"},
}

// webhookClients is how kapi reaches webhooks: Services through their endpoints, and the server
// itself, when a webhook names it, through the loopback connection.
type webhookClients struct {
	serviceResolver webhook.ServiceResolver
	authWrapper     webhook.AuthenticationInfoResolverWrapper
}

func newWebhookClients(generic *genericapiserver.RecommendedConfig) (webhookClients, error) {
	resolver, err := newEndpointServiceResolver(generic.SharedInformerFactory)
	if err != nil {
		return webhookClients{}, err
	}
	return webhookClients{
		serviceResolver: resolver,
		authWrapper:     webhook.NewDefaultAuthenticationInfoResolverWrapper(nil, generic.EgressSelector, generic.LoopbackClientConfig, generic.TracerProvider),
	}, nil
}

// admissionInitializers give the webhook and policy plugins what the generic initializer does not:
// how to reach webhooks, and which resources to leave alone.
func (w webhookClients) admissionInitializers() []admission.PluginInitializer {
	return []admission.PluginInitializer{
		webhookinit.NewPluginInitializer(w.authWrapper, w.serviceResolver),
		excludedResourcesInitializer(excludedAdmissionResources),
	}
}

type excludedResourcesInitializer []schema.GroupResource

// Initialize tells a plugin that wants it which resources admission skips.
func (e excludedResourcesInitializer) Initialize(plugin admission.Interface) {
	if wants, ok := plugin.(initializer.WantsExcludedAdmissionResources); ok {
		wants.SetExcludedAdmissionResources(e)
	}
}
