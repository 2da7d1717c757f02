package server

import (
	"net/url"

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

// ResolveEndpoint returns the https URL of a ready endpoint of the Service's port.
func (r endpointServiceResolver) ResolveEndpoint(namespace, name string, port int32) (*url.URL, error) {
	return proxy.ResolveEndpoint(r.services, r.slices, namespace, name, port)
}
