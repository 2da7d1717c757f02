package storage

import (
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apiserver/pkg/registry/rest"

	"github.com/kapi-dev/kapi/pkg/registry/core/service"
	"github.com/kapi-dev/kapi/pkg/registry/proxyrest"
)

// NewProxyREST returns services/proxy over services, reaching their endpoints, which must be
// addresses of pods read from pods.
func NewProxyREST(services *REST, endpoints, pods rest.Getter, b proxyrest.Backends) *proxyrest.ProxyREST {
	l := service.Locator{Services: services, Endpoints: endpoints, Pods: pods, Transport: b.ProxyTransport, Filter: b.AddressFilter}
	return &proxyrest.ProxyREST{
		Parent:     services,
		NewOptions: func() runtime.Object { return &corev1.ServiceProxyOptions{} },
		Location:   l.ResourceLocation,
		Limits:     b.Limits,
	}
}
