package options

import (
	"fmt"
	"net/netip"
	"strconv"
	"time"

	"github.com/spf13/pflag"
	genericfeatures "k8s.io/apiserver/pkg/features"
	utilfeature "k8s.io/apiserver/pkg/util/feature"
)

// singleVersion says why kapi never proxies to a peer, in the help of the peer flags.
const singleVersion = " kapi is a single-version control plane: every kapi on one etcd serves the same resources, so it accepts this flag and never needs to proxy a request to a peer."

// PeerOptions are kube-apiserver's mixed-version proxy flags (--peer-*), which kapi accepts and
// checks: its servers all serve one version, so there is no request a peer must serve instead.
type PeerOptions struct {
	CAFile        string
	AdvertiseIP   string
	AdvertisePort string
}

// AddFlags adds the peer flags to fs.
func (o *PeerOptions) AddFlags(fs *pflag.FlagSet) {
	fs.StringVar(&o.CAFile, "peer-ca-file", o.CAFile, "If set and the UnknownVersionInteroperabilityProxy feature gate is enabled, this file will be used to verify serving certificates of peer kube-apiservers. This flag is only used in clusters configured with multiple kube-apiservers for high availability."+singleVersion)
	fs.StringVar(&o.AdvertiseIP, "peer-advertise-ip", o.AdvertiseIP, "If set and the UnknownVersionInteroperabilityProxy feature gate is enabled, this IP will be used by peer kube-apiservers to proxy requests to this kube-apiserver when the request cannot be handled by the peer due to version skew between the kube-apiservers. This flag is only used in clusters configured with multiple kube-apiservers for high availability."+singleVersion)
	fs.StringVar(&o.AdvertisePort, "peer-advertise-port", o.AdvertisePort, "If set and the UnknownVersionInteroperabilityProxy feature gate is enabled, this port will be used by peer kube-apiservers to proxy requests to this kube-apiserver when the request cannot be handled by the peer due to version skew between the kube-apiservers. This flag is only used in clusters configured with multiple kube-apiservers for high availability."+singleVersion)
}

// Validate reports a peer address that is not an IP address or port.
func (o *PeerOptions) Validate() []error {
	var errs []error
	if o.AdvertiseIP != "" {
		if _, err := netip.ParseAddr(o.AdvertiseIP); err != nil {
			errs = append(errs, fmt.Errorf("--peer-advertise-ip %q is not a valid IP address", o.AdvertiseIP))
		}
	}
	if o.AdvertisePort != "" {
		if port, err := strconv.Atoi(o.AdvertisePort); err != nil || port < 1 || port > 65535 {
			errs = append(errs, fmt.Errorf("--peer-advertise-port %q is not a valid port number", o.AdvertisePort))
		}
	}
	return errs
}

// CoordinatedLeadershipOptions are the timers of coordinated leader election, which only the
// CoordinatedLeaderElection feature gate turns on, as in kube-apiserver; kapi does not implement it
// and refuses to start with the gate on.
type CoordinatedLeadershipOptions struct {
	LeaseDuration time.Duration
	RenewDeadline time.Duration
	RetryPeriod   time.Duration
}

// NewCoordinatedLeadershipOptions returns kube-apiserver's timers.
func NewCoordinatedLeadershipOptions() CoordinatedLeadershipOptions {
	return CoordinatedLeadershipOptions{LeaseDuration: 15 * time.Second, RenewDeadline: 10 * time.Second, RetryPeriod: 2 * time.Second}
}

// AddFlags adds the coordinated leadership flags to fs.
func (o *CoordinatedLeadershipOptions) AddFlags(fs *pflag.FlagSet) {
	const unsupported = " Coordinated Leader Election needs the CoordinatedLeaderElection feature gate, which kapi does not support."
	fs.DurationVar(&o.LeaseDuration, "coordinated-leadership-lease-duration", o.LeaseDuration, "The duration of the lease used for Coordinated Leader Election."+unsupported)
	fs.DurationVar(&o.RenewDeadline, "coordinated-leadership-renew-deadline", o.RenewDeadline, "The deadline for renewing a coordinated leader election lease."+unsupported)
	fs.DurationVar(&o.RetryPeriod, "coordinated-leadership-retry-period", o.RetryPeriod, "The period for retrying to renew a coordinated leader election lease."+unsupported)
}

// Validate refuses the CoordinatedLeaderElection feature gate, which kapi does not implement.
func (o *CoordinatedLeadershipOptions) Validate() []error {
	if utilfeature.DefaultFeatureGate.Enabled(genericfeatures.CoordinatedLeaderElection) {
		return []error{fmt.Errorf("--feature-gates=%s=true: kapi does not implement Coordinated Leader Election", genericfeatures.CoordinatedLeaderElection)}
	}
	return nil
}
