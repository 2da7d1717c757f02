package server

import (
	"time"

	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apiserver/pkg/admission"
	"k8s.io/apiserver/pkg/admission/initializer"
	webhookinit "k8s.io/apiserver/pkg/admission/plugin/webhook/initializer"
	genericapiserver "k8s.io/apiserver/pkg/server"
	"k8s.io/apiserver/pkg/util/webhook"
	"k8s.io/client-go/informers"
	"k8s.io/client-go/kubernetes"
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

// admissionDeps are what the admission plugins read and how they reach webhooks: Services through
// their endpoints, and the server itself, when a webhook names it, through the loopback connection.
type admissionDeps struct {
	// informers are the admission plugins' own. A policy whose parameters are of a built-in kind
	// starts the factory's informers with the policy's lifetime, which the in-process controllers'
	// informers must not share.
	informers       informers.SharedInformerFactory
	serviceResolver webhook.ServiceResolver
	authWrapper     webhook.AuthenticationInfoResolverWrapper
}

// newAdmissionDeps builds the admission plugins' informers, which generic starts once it serves.
func newAdmissionDeps(generic *genericapiserver.RecommendedConfig, client kubernetes.Interface) (admissionDeps, error) {
	factory := informers.NewSharedInformerFactory(client, 10*time.Minute)
	resolver, err := newEndpointServiceResolver(factory)
	if err != nil {
		return admissionDeps{}, err
	}
	err = generic.AddPostStartHook("start-kapi-admission-informers", func(ctx genericapiserver.PostStartHookContext) error {
		factory.Start(ctx.Done())
		return nil
	})
	return admissionDeps{
		informers:       factory,
		serviceResolver: resolver,
		authWrapper:     webhook.NewDefaultAuthenticationInfoResolverWrapper(nil, generic.EgressSelector, generic.LoopbackClientConfig, generic.TracerProvider),
	}, err
}

// initializers give the webhook and policy plugins what the generic initializer does not: how to
// reach webhooks, and which resources to leave alone.
func (w admissionDeps) initializers() []admission.PluginInitializer {
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
