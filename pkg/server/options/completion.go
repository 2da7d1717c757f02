package options

import (
	"github.com/kapi-dev/kapi/pkg/proxyaddress"
	"net/netip"
	"path/filepath"

	utilnet "k8s.io/apimachinery/pkg/util/net"
	genericoptions "k8s.io/apiserver/pkg/server/options"

	"github.com/kapi-dev/kapi/pkg/pki"
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
