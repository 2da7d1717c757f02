package server

import (
	"net/url"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apiserver/pkg/util/proxy"
	"k8s.io/apiserver/pkg/util/webhook"
	"k8s.io/client-go/informers"
	listersv1 "k8s.io/client-go/listers/core/v1"
)

// endpointServiceResolver sends the calls of webhooks named by a Service (admission webhooks, CRD
// conversion webhooks) to one of the Service's ready endpoints, as kube-apiserver does with its
// endpoint routing: kapi runs without kube-proxy, so a cluster IP would reach nothing.
type endpointServiceResolver struct {
	services listersv1.ServiceLister
	slices   proxy.EndpointSliceGetter
}

var _ webhook.ServiceResolver = endpointServiceResolver{}

// newEndpointServiceResolver reads Services and EndpointSlices from factory, whose informers the
// server starts.
func newEndpointServiceResolver(factory informers.SharedInformerFactory) (webhook.ServiceResolver, error) {
	slices, err := proxy.NewEndpointSliceIndexerGetter(factory.Discovery().V1().EndpointSlices())
	if err != nil {
		return nil, err
	}
	return endpointServiceResolver{services: factory.Core().V1().Services().Lister(), slices: slices}, nil
}

// ResolveEndpoint returns the https URL of a ready endpoint of the Service's port, or for an
// ExternalName Service the name it stands for, which has no endpoints and which kube-apiserver's
// default cluster routing dials by name too.
func (r endpointServiceResolver) ResolveEndpoint(namespace, name string, port int32) (*url.URL, error) {
	if svc, err := r.services.Services(namespace).Get(name); err == nil && svc.Spec.Type == corev1.ServiceTypeExternalName {
		return proxy.ResolveCluster(r.services, namespace, name, port)
	}
	return proxy.ResolveEndpoint(r.services, r.slices, namespace, name, port)
}
