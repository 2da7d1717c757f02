package options

import (
	"net/netip"
	"path/filepath"

	utilnet "k8s.io/apimachinery/pkg/util/net"
	genericfeatures "k8s.io/apiserver/pkg/features"
	genericoptions "k8s.io/apiserver/pkg/server/options"
	utilfeature "k8s.io/apiserver/pkg/util/feature"

	"github.com/kapi-dev/kapi/pkg/pki"
	"github.com/kapi-dev/kapi/pkg/proxyaddress"
)

// ServiceNetwork is what services are allocated from and where the kubernetes service points.
type ServiceNetwork struct {
	ClusterIPRange netip.Prefix
	NodePortRange  utilnet.PortRange
	// PublicIP is the address this server publishes in the kubernetes service's endpoints; invalid
	// when the endpoint reconciler is off.
	PublicIP netip.Addr
}

type completedOptions struct {
	Options
	// ServiceNetwork is --service-cluster-ip-range, --service-node-port-range and the advertise
	// address, parsed; zero where a flag does not parse, which Validate reports.
	ServiceNetwork ServiceNetwork
}

// CompletedOptions are Options whose defaults that depend on other flags are filled in; only
// Options.Complete makes them.
type CompletedOptions struct {
	*completedOptions
}

// Complete fills in what the flags leave open: the data directory, the advertise address, the serving
// certificate and the service network. It writes nothing and leaves o unchanged.
func (o *Options) Complete() (CompletedOptions, error) {
	c := &completedOptions{Options: *o}
	serverRun := *o.ServerRun
	c.ServerRun = &serverRun
	secureServing := *o.SecureServing.SecureServingOptions
	c.SecureServing = &genericoptions.SecureServingOptionsWithLoopback{SecureServingOptions: &secureServing}
	etcd := *o.Etcd
	c.Etcd = &etcd

	c.DataDir = o.dataDir()
	c.completeAdmissionControl()
	c.completeAdvertiseAddress()
	c.completeServingCertificate()
	if err := c.Events.applyWatchCacheSizes(c.Etcd); err != nil {
		return CompletedOptions{}, err
	}
	c.ServiceNetwork = c.serviceNetwork()
	if c.ProxyAddressFilter == nil {
		c.ProxyAddressFilter = proxyaddress.Default
	}
	c.completeAggregator()
	if len(c.ServiceAccounts.Issuers) == 0 {
		c.ServiceAccounts.Issuers = []string{defaultServiceAccountIssuer}
	}
	return CompletedOptions{c}, nil
}

// completeServingCertificate picks the serving certificate: --tls-cert-file, else apiserver.crt in
// --cert-dir, else the one kapi generates in its PKI directory.
func (c *completedOptions) completeServingCertificate() {
	cert := &c.SecureServing.ServerCert
	// The generic serving options only read --cert-dir when asked to generate a pair there, so the
	// pair found there is named explicitly.
	switch {
	case cert.CertKey.CertFile != "":
	case cert.CertDirectory != "" && fileExists(cert.CertDirectory, cert.PairName+".crt"):
		cert.CertKey.CertFile = filepath.Join(cert.CertDirectory, cert.PairName+".crt")
		cert.CertKey.KeyFile = filepath.Join(cert.CertDirectory, cert.PairName+".key")
	default:
		files := pki.FilesIn(CompletedOptions{c}.PKIDir())
		cert.CertKey.CertFile = files.ServingCert
		cert.CertKey.KeyFile = files.ServingKey
	}
}

// serviceNetwork parses the networking flags. Call it after completeAdvertiseAddress.
func (c *completedOptions) serviceNetwork() ServiceNetwork {
	n := ServiceNetwork{NodePortRange: c.Networking.ServiceNodePortRange}
	if cidr, err := c.Networking.serviceCIDR(); err == nil {
		n.ClusterIPRange = cidr
	}
	if c.Networking.EndpointReconcilerType == endpointReconcilerLease {
		if ip, ok := netip.AddrFromSlice(c.ServerRun.AdvertiseAddress); ok {
			n.PublicIP = ip.Unmap()
		}
	}
	return n
}

// completeAggregator trusts kapi's own front proxy, as a kubeadm cluster does, unless
// --requestheader-client-ca-file names another: the front-proxy CA of the PKI, its client
// certificate's name, and the standard headers. The proxy client certificate defaults to that one.
func (c *completedOptions) completeAggregator() {
	requestHeader := *c.Aggregator.RequestHeader
	c.Aggregator.RequestHeader = &requestHeader
	files := pki.FilesIn(CompletedOptions{c}.PKIDir())
	if requestHeader.ClientCAFile == "" {
		requestHeader.ClientCAFile = files.FrontProxyCACert
		if len(requestHeader.AllowedNames) == 0 {
			requestHeader.AllowedNames = []string{pki.FrontProxyClientName}
		}
		if len(requestHeader.UsernameHeaders) == 0 {
			requestHeader.UsernameHeaders = []string{"X-Remote-User"}
		}
		if len(requestHeader.UIDHeaders) == 0 && utilfeature.DefaultFeatureGate.Enabled(genericfeatures.RemoteRequestHeaderUID) {
			requestHeader.UIDHeaders = []string{"X-Remote-Uid"}
		}
		if len(requestHeader.GroupHeaders) == 0 {
			requestHeader.GroupHeaders = []string{"X-Remote-Group"}
		}
		if len(requestHeader.ExtraHeaderPrefixes) == 0 {
			requestHeader.ExtraHeaderPrefixes = []string{"X-Remote-Extra-"}
		}
	}
	if c.Aggregator.ProxyClientCertFile == "" && c.Aggregator.ProxyClientKeyFile == "" {
		c.Aggregator.ProxyClientCertFile = files.FrontProxyClientCert
		c.Aggregator.ProxyClientKeyFile = files.FrontProxyClientKey
	}
}
