// Package proxyrest holds what the connect subresources that reach past the API server share: the
// proxy subresources (nodes/proxy, pods/proxy, services/proxy), which forward any request to where
// a resource's location function points, and the upgrade-aware handler that pods/exec, attach and
// portforward stream through to the kubelet.
package proxyrest

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"time"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/runtime"
	utilnet "k8s.io/apimachinery/pkg/util/net"
	"k8s.io/apimachinery/pkg/util/proxy"
	"k8s.io/apiserver/pkg/registry/rest"

	"github.com/kapi-dev/kapi/pkg/kubeletclient"
	"github.com/kapi-dev/kapi/pkg/proxyaddress"
	"github.com/kapi-dev/kapi/pkg/proxytransport"
)

// ProxyMethods are the HTTP methods the proxy subresources pass on, as upstream's.
var ProxyMethods = []string{"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"}

// StreamMethods are the methods of exec, attach and portforward: GET for WebSocket clients, POST
// for SPDY ones.
var StreamMethods = []string{"GET", "POST"}

// LocationFunc returns where a request for the named object goes, and the transport to reach it.
// The name may carry a scheme and a port, as in https:name:port.
type LocationFunc func(ctx context.Context, name string) (*url.URL, http.RoundTripper, error)

// ProxyREST serves a proxy subresource.
type ProxyREST struct {
	// Parent is the storage of the resource the subresource belongs to.
	Parent rest.Storage
	// NewOptions returns the empty options (NodeProxyOptions, PodProxyOptions, ServiceProxyOptions).
	NewOptions func() runtime.Object
	// Location resolves the object to its backend.
	Location LocationFunc
	// Limits bound each proxied connection.
	Limits Limits
}

// Limits bound what one proxied connection may take.
type Limits struct {
	// HandshakeTimeout bounds the backend's answer to an upgrade handshake.
	HandshakeTimeout time.Duration
	// MaxBytesPerSec throttles each upgraded connection, both ways; 0 leaves it unthrottled
	// (--max-connection-bytes-per-sec).
	MaxBytesPerSec int64
}

var _ rest.Connecter = &ProxyREST{}

// New returns an empty object of the parent resource.
func (r *ProxyREST) New() runtime.Object { return r.Parent.New() }

// Destroy does nothing: the parent resource owns the storage.
func (r *ProxyREST) Destroy() {}

// ConnectMethods lists the methods passed on.
func (r *ProxyREST) ConnectMethods() []string { return ProxyMethods }

// NewConnectOptions returns the empty options, which receive the path below the object.
func (r *ProxyREST) NewConnectOptions() (runtime.Object, bool, string) {
	return r.NewOptions(), true, "path"
}

// Connect returns the handler that forwards the request, upgrades included, to the object's backend.
func (r *ProxyREST) Connect(ctx context.Context, name string, opts runtime.Object, responder rest.Responder) (http.Handler, error) {
	path, err := proxyPath(opts)
	if err != nil {
		return nil, err
	}
	location, transport, err := r.Location(ctx, name)
	if err != nil {
		return nil, err
	}
	loc := *location
	loc.Path = utilnet.JoinPreservingTrailingSlash(loc.Path, path)
	return NewHandler(&loc, transport, true, false, responder, r.Limits), nil
}

func proxyPath(opts runtime.Object) (string, error) {
	switch o := opts.(type) {
	case *corev1.NodeProxyOptions:
		return o.Path, nil
	case *corev1.PodProxyOptions:
		return o.Path, nil
	case *corev1.ServiceProxyOptions:
		return o.Path, nil
	}
	return "", fmt.Errorf("invalid options object: %#v", opts)
}

// NewHandler returns the upgrade-aware handler to location, as upstream's registry builds it:
// wrapTransport rewrites links and redirects in the backend's answer to go through the proxy path
// again (nothing is followed), upgradeRequired refuses plain requests. The upgrade handshake is
// bounded and the upgraded connection throttled by limits.
func NewHandler(location *url.URL, transport http.RoundTripper, wrapTransport, upgradeRequired bool, responder rest.Responder, limits Limits) http.Handler {
	h := proxy.NewUpgradeAwareHandler(location, transport, wrapTransport, upgradeRequired, proxy.NewErrorResponder(responder))
	h.MaxBytesPerSec = limits.MaxBytesPerSec
	return proxytransport.BoundHandshakes(h, limits.HandshakeTimeout)
}

// Backends are how the connect subresources reach beyond the API server.
type Backends struct {
	// Kubelets reach the nodes' kubelets: for nodes/proxy on the kubelet port and for pods/log,
	// exec, attach and portforward.
	Kubelets kubeletclient.ConnectionInfoGetter
	// ProxyTransport reaches pods, services and other node ports; it carries no credentials.
	ProxyTransport http.RoundTripper
	// AddressFilter decides which addresses the proxy subresources may reach.
	AddressFilter proxyaddress.Filter
	// Limits bound each connection to a backend.
	Limits Limits
}
