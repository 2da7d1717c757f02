package storage

import (
	"context"
	"net/http"
	"net/url"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/runtime"

	"github.com/kapi-dev/kapi/pkg/registry/core/node"
	"github.com/kapi-dev/kapi/pkg/registry/proxyrest"
)

// NewProxyREST returns nodes/proxy over nodes.
func NewProxyREST(nodes *REST, b proxyrest.Backends) *proxyrest.ProxyREST {
	return &proxyrest.ProxyREST{
		Parent:     nodes,
		NewOptions: func() runtime.Object { return &corev1.NodeProxyOptions{} },
		Location: func(ctx context.Context, id string) (*url.URL, http.RoundTripper, error) {
			return node.ResourceLocation(ctx, b.Kubelets, b.ProxyTransport, b.AddressFilter, id)
		},
		Limits: b.Limits,
	}
}
