package options

import (
	"github.com/spf13/pflag"
	genericoptions "k8s.io/apiserver/pkg/server/options"
)

// AggregatorOptions are the flags of the aggregation layer: which front proxy kapi trusts to name
// users in request headers, the client certificate kapi proxies to extension API servers with, and
// how it reaches them. Without --requestheader-client-ca-file and --proxy-client-cert-file, kapi uses
// the front-proxy CA and client certificate of its PKI with kubeadm's header names.
type AggregatorOptions struct {
	RequestHeader *genericoptions.RequestHeaderAuthenticationOptions
	// ProxyClientCertFile and ProxyClientKeyFile identify kapi to extension API servers.
	ProxyClientCertFile string
	ProxyClientKeyFile  string
	// EnableAggregatorRouting sends proxied requests to an endpoint IP of the APIService's Service
	// rather than to its cluster IP.
	EnableAggregatorRouting bool
	// RejectForwardingRedirect refuses to forward a redirect an extension API server answers with.
	RejectForwardingRedirect bool
}

// NewAggregatorOptions returns kube-apiserver's defaults.
func NewAggregatorOptions() AggregatorOptions {
	return AggregatorOptions{RequestHeader: &genericoptions.RequestHeaderAuthenticationOptions{}, RejectForwardingRedirect: true}
}

// AddFlags adds the request-header flags to the authentication section and the proxy flags to fs.
func (o *AggregatorOptions) AddFlags(authentication, fs *pflag.FlagSet) {
	o.RequestHeader.AddFlags(authentication)
	fs.StringVar(&o.ProxyClientCertFile, "proxy-client-cert-file", o.ProxyClientCertFile, "Client certificate used to prove the identity of the aggregator or kube-apiserver when it must call out during a request. This includes proxying requests to a user api-server and calling out to webhook admission plugins. It is expected that this cert includes a signature from the CA in the --requestheader-client-ca-file flag. That CA is published in the 'extension-apiserver-authentication' configmap in the kube-system namespace. Components receiving calls from kube-aggregator should use that CA to perform their half of the mutual TLS verification.")
	fs.StringVar(&o.ProxyClientKeyFile, "proxy-client-key-file", o.ProxyClientKeyFile, "Private key for the client certificate used to prove the identity of the aggregator or kube-apiserver when it must call out during a request. This includes proxying requests to a user api-server and calling out to webhook admission plugins.")
	fs.BoolVar(&o.EnableAggregatorRouting, "enable-aggregator-routing", o.EnableAggregatorRouting, "Turns on aggregator routing requests to endpoints IP rather than cluster IP. kapi runs without kube-proxy and always routes to an endpoint IP (or an ExternalName service's name), so this flag changes nothing.")
	fs.BoolVar(&o.RejectForwardingRedirect, "aggregator-reject-forwarding-redirect", o.RejectForwardingRedirect, "Aggregator reject forwarding redirect response back to client.")
}
