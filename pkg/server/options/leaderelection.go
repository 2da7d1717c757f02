package options

import (
	"fmt"
	"time"

	"github.com/spf13/pflag"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	componentbaseconfig "k8s.io/component-base/config"
	componentbaseoptions "k8s.io/component-base/config/options"
)

// LeaderElectionOptions say whether the in-process controllers run only in the kapi that holds a
// lease, so that several kapi processes on one etcd run them once, with kube-controller-manager's
// flags and defaults; the lease is kapi's own.
type LeaderElectionOptions struct {
	componentbaseconfig.LeaderElectionConfiguration
}

// NewLeaderElectionOptions returns kube-controller-manager's defaults: on, a 15 s lease renewed
// within 10 s, tried every 2 s, in kube-system.
func NewLeaderElectionOptions() LeaderElectionOptions {
	return LeaderElectionOptions{componentbaseconfig.LeaderElectionConfiguration{
		LeaderElect:       true,
		LeaseDuration:     metav1.Duration{Duration: 15 * time.Second},
		RenewDeadline:     metav1.Duration{Duration: 10 * time.Second},
		RetryPeriod:       metav1.Duration{Duration: 2 * time.Second},
		ResourceLock:      "leases",
		ResourceName:      "kapi-controller-manager",
		ResourceNamespace: "kube-system",
	}}
}

// AddFlags adds the --leader-elect flags to fs.
func (o *LeaderElectionOptions) AddFlags(fs *pflag.FlagSet) {
	componentbaseoptions.BindLeaderElectionFlags(&o.LeaderElectionConfiguration, fs)
}

// Validate reports durations that cannot work and locks other than leases.
func (o *LeaderElectionOptions) Validate() []error {
	if !o.LeaderElect {
		return nil
	}
	var errs []error
	for _, d := range []struct {
		flag string
		d    time.Duration
	}{
		{"--leader-elect-lease-duration", o.LeaseDuration.Duration},
		{"--leader-elect-renew-deadline", o.RenewDeadline.Duration},
		{"--leader-elect-retry-period", o.RetryPeriod.Duration},
	} {
		if d.d <= 0 {
			errs = append(errs, fmt.Errorf("%s must be greater than zero, got %v", d.flag, d.d))
		}
	}
	if o.LeaseDuration.Duration <= o.RenewDeadline.Duration {
		errs = append(errs, fmt.Errorf("--leader-elect-lease-duration (%v) must be greater than --leader-elect-renew-deadline (%v)", o.LeaseDuration.Duration, o.RenewDeadline.Duration))
	}
	if o.ResourceLock != "leases" {
		errs = append(errs, fmt.Errorf("--leader-elect-resource-lock: unsupported value %q, must be leases", o.ResourceLock))
	}
	if o.ResourceName == "" || o.ResourceNamespace == "" {
		errs = append(errs, fmt.Errorf("--leader-elect-resource-name and --leader-elect-resource-namespace must not be empty"))
	}
	return errs
}
