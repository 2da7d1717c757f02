package options

import (
	"fmt"
	"net"
	"net/netip"
	"strings"

	"github.com/spf13/pflag"
	utilnet "k8s.io/apimachinery/pkg/util/net"
	"k8s.io/klog/v2"
)

// Endpoint reconciler types, as kube-apiserver names them.
const (
	endpointReconcilerLease = "lease"
	endpointReconcilerNone  = "none"
)

// NetworkingOptions are the service networking flags.
type NetworkingOptions struct {
	// ServiceClusterIPRange is the CIDR services get their ClusterIPs from; its first address is the
	// kubernetes service's, so it is also in the serving certificate.
	ServiceClusterIPRange string
	// ServiceNodePortRange is the range NodePort and LoadBalancer services get node ports from.
	ServiceNodePortRange utilnet.PortRange
	// EndpointReconcilerType says how the kubernetes service's endpoints are kept: "lease" (each API
	// server holds a lease in etcd) or "none".
	EndpointReconcilerType string
	// KubernetesServiceNodePort, if not 0, makes the kubernetes service a NodePort service on this
	// node port.
	KubernetesServiceNodePort int
}

// NewNetworkingOptions returns kube-apiserver's networking defaults.
func NewNetworkingOptions() NetworkingOptions {
	return NetworkingOptions{
		ServiceClusterIPRange:  "10.0.0.0/24",
		ServiceNodePortRange:   utilnet.PortRange{Base: 30000, Size: 2768},
		EndpointReconcilerType: endpointReconcilerLease,
	}
}

// AddFlags adds the networking flags to fs.
func (o *NetworkingOptions) AddFlags(fs *pflag.FlagSet) {
	fs.StringVar(&o.ServiceClusterIPRange, "service-cluster-ip-range", o.ServiceClusterIPRange, "A CIDR notation IP range from which to assign service cluster IPs.")
	fs.Var(&o.ServiceNodePortRange, "service-node-port-range", "A port range to reserve for services with NodePort visibility.  This must not overlap with the ephemeral port range on nodes.  Example: '30000-32767'. Inclusive at both ends of the range.")
	fs.StringVar(&o.EndpointReconcilerType, "endpoint-reconciler-type", o.EndpointReconcilerType, "Use an endpoint reconciler ("+strings.Join([]string{endpointReconcilerLease, endpointReconcilerNone}, ", ")+")")
}

// AddMiscFlags adds the networking flags kube-apiserver lists among its miscellaneous ones to fs.
func (o *NetworkingOptions) AddMiscFlags(fs *pflag.FlagSet) {
	fs.IntVar(&o.KubernetesServiceNodePort, "kubernetes-service-node-port", o.KubernetesServiceNodePort, "If non-zero, the Kubernetes master service (which apiserver creates/maintains) will be of type NodePort, using this as the value of the port. If zero, the Kubernetes master service will be of type ClusterIP.")
}

// Validate reports invalid networking flags.
func (o *NetworkingOptions) Validate() []error {
	var errs []error
	if _, err := o.serviceCIDR(); err != nil {
		errs = append(errs, err)
	}
	if o.ServiceNodePortRange.Size <= 0 {
		errs = append(errs, fmt.Errorf("--service-node-port-range: %q is not a valid port range", o.ServiceNodePortRange.String()))
	}
	if o.KubernetesServiceNodePort < 0 || o.KubernetesServiceNodePort > 65535 {
		errs = append(errs, fmt.Errorf("--kubernetes-service-node-port %v must be between 0 and 65535, inclusive. If 0, the Kubernetes master service will be of type ClusterIP", o.KubernetesServiceNodePort))
	} else if o.KubernetesServiceNodePort > 0 && !o.ServiceNodePortRange.Contains(o.KubernetesServiceNodePort) {
		errs = append(errs, fmt.Errorf("kubernetes service node port range %v doesn't contain %v", o.ServiceNodePortRange.String(), o.KubernetesServiceNodePort))
	}
	if o.EndpointReconcilerType != endpointReconcilerLease && o.EndpointReconcilerType != endpointReconcilerNone {
		errs = append(errs, fmt.Errorf("--endpoint-reconciler-type: unsupported value %q, must be one of lease, none", o.EndpointReconcilerType))
	}
	return errs
}

// serviceCIDR parses --service-cluster-ip-range. kapi serves single-stack clusters only.
func (o *NetworkingOptions) serviceCIDR() (netip.Prefix, error) {
	if strings.Contains(o.ServiceClusterIPRange, ",") {
		return netip.Prefix{}, fmt.Errorf("--service-cluster-ip-range: dual-stack ranges are not supported, give one CIDR")
	}
	if _, _, err := net.ParseCIDR(o.ServiceClusterIPRange); err != nil {
		return netip.Prefix{}, fmt.Errorf("--service-cluster-ip-range: %w", err)
	}
	prefix, err := netip.ParsePrefix(o.ServiceClusterIPRange)
	if err != nil {
		return netip.Prefix{}, fmt.Errorf("--service-cluster-ip-range: %w", err)
	}
	prefix = prefix.Masked()
	if prefix.Addr().Is6() && prefix.Bits() < 64 {
		return netip.Prefix{}, fmt.Errorf("--service-cluster-ip-range: shortest allowed prefix length for service CIDR is 64, got %d", prefix.Bits())
	}
	if prefix.Addr().Is4() && prefix.Bits() > 30 {
		return netip.Prefix{}, fmt.Errorf("--service-cluster-ip-range: %s has no room for services", prefix)
	}
	return prefix, nil
}

// completeAdvertiseAddress picks the address published in the kubernetes service's endpoints when
// --advertise-address is not given: the bind address if it is usable from other hosts, else the
// address of the default route's interface, as kube-apiserver does. Where kube-apiserver then refuses
// to start, on a machine without a default route, kapi advertises its bind address and leaves the
// kubernetes endpoints alone, since endpoints may not point at loopback addresses.
func (o *completedOptions) completeAdvertiseAddress() {
	if o.ServerRun.AdvertiseAddress != nil {
		return
	}
	ip, err := utilnet.ResolveBindAddress(o.SecureServing.BindAddress)
	if err != nil {
		klog.InfoS("No address to advertise, so the kubernetes service gets no endpoints; set --advertise-address to change that", "err", err)
		o.ServerRun.AdvertiseAddress = o.SecureServing.BindAddress
		o.Networking.EndpointReconcilerType = endpointReconcilerNone
		return
	}
	o.ServerRun.AdvertiseAddress = ip
}
