package app

import (
	"fmt"
	"net"

	"github.com/spf13/pflag"
)

// NetworkingOptions are the service networking flags.
type NetworkingOptions struct {
	// ServiceClusterIPRange is the CIDR services get their ClusterIPs from; its first address is the
	// kubernetes service's, so it is also in the serving certificate.
	ServiceClusterIPRange string
}

// NewNetworkingOptions returns kube-apiserver's networking defaults.
func NewNetworkingOptions() NetworkingOptions {
	return NetworkingOptions{ServiceClusterIPRange: "10.0.0.0/24"}
}

// AddFlags adds the networking flags to fs.
func (o *NetworkingOptions) AddFlags(fs *pflag.FlagSet) {
	fs.StringVar(&o.ServiceClusterIPRange, "service-cluster-ip-range", o.ServiceClusterIPRange, "A CIDR notation IP range from which to assign service cluster IPs.")
}

// Validate reports invalid networking flags.
func (o *NetworkingOptions) Validate() []error {
	var errs []error
	if _, _, err := net.ParseCIDR(o.ServiceClusterIPRange); err != nil {
		errs = append(errs, fmt.Errorf("--service-cluster-ip-range: %w", err))
	}
	return errs
}
