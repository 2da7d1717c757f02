package options

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/spf13/pflag"
)

// KnownControllers are the names of the in-process controllers, kube-controller-manager's, those of
// them that only run when named, and the older names kube-controller-manager still accepts for them.
type KnownControllers struct {
	All               []string
	DisabledByDefault []string
	// Aliases maps each older name ("namespace") to its controller ("namespace-controller").
	Aliases map[string]string
}

// canonical returns the controller a name or alias stands for.
func (k KnownControllers) canonical(name string) string {
	if c, ok := k.Aliases[name]; ok {
		return c
	}
	return name
}

// ControllerOptions choose the in-process controllers, with kube-controller-manager's --controllers
// syntax: '*' is the default set, 'name' enables a controller and '-name' disables it.
type ControllerOptions struct {
	Controllers []string
	// TerminatedPodGCThreshold is how many terminated pods may exist before the pod garbage
	// collector deletes the oldest; zero or less keeps them all.
	TerminatedPodGCThreshold int
	// ClusterSigningDuration is the longest certificate the CSR signing controller issues.
	ClusterSigningDuration time.Duration
	NodeLifecycle          NodeLifecycleOptions
	known                  KnownControllers
}

// NodeLifecycleOptions are the node lifecycle controller's flags.
type NodeLifecycleOptions struct {
	// MonitorPeriod is how often node health is checked.
	MonitorPeriod time.Duration
	// StartupGracePeriod is how long a node that never reported may stay silent.
	StartupGracePeriod time.Duration
	// MonitorGracePeriod is how long a node that reported may stay silent.
	MonitorGracePeriod time.Duration
	// EvictionRate is how many nodes a second get NoExecute taints in a healthy zone.
	EvictionRate float32
	// SecondaryEvictionRate is that rate in a partially disrupted zone of a large cluster.
	SecondaryEvictionRate float32
	// LargeClusterSizeThreshold is the node count above which a cluster is large.
	LargeClusterSizeThreshold int32
	// UnhealthyZoneThreshold is the fraction of not-ready nodes (at least three) that disrupts a zone.
	UnhealthyZoneThreshold float32
}

// kube-controller-manager's defaults of --cluster-signing-duration and --terminated-pod-gc-threshold.
const (
	defaultClusterSigningDuration   = 365 * 24 * time.Hour
	defaultTerminatedPodGCThreshold = 12500
)

// kube-controller-manager's defaults of the node lifecycle flags; the monitor grace period is 50s
// since Kubernetes 1.32.
var defaultNodeLifecycle = NodeLifecycleOptions{
	MonitorPeriod:             5 * time.Second,
	StartupGracePeriod:        time.Minute,
	MonitorGracePeriod:        50 * time.Second,
	EvictionRate:              0.1,
	SecondaryEvictionRate:     0.01,
	LargeClusterSizeThreshold: 50,
	UnhealthyZoneThreshold:    0.55,
}

// NewControllerOptions returns the default set: every controller in known that is on by default.
func NewControllerOptions(known KnownControllers) ControllerOptions {
	return ControllerOptions{
		Controllers:              []string{"*"},
		TerminatedPodGCThreshold: defaultTerminatedPodGCThreshold,
		ClusterSigningDuration:   defaultClusterSigningDuration,
		NodeLifecycle:            defaultNodeLifecycle,
		known:                    known,
	}
}

// AddFlags adds --controllers and the flags of kube-controller-manager's controllers to fs.
func (o *ControllerOptions) AddFlags(fs *pflag.FlagSet) {
	fs.StringSliceVar(&o.Controllers, "controllers", o.Controllers, fmt.Sprintf("A list of controllers to enable. '*' enables all on-by-default controllers, 'foo' enables the controller named 'foo', '-foo' disables the controller named 'foo'.\nAll controllers: %s\nDisabled-by-default controllers: %s",
		strings.Join(o.known.All, ", "), strings.Join(o.known.DisabledByDefault, ", ")))
	fs.IntVar(&o.TerminatedPodGCThreshold, "terminated-pod-gc-threshold", o.TerminatedPodGCThreshold, "Number of terminated pods that can exist before the terminated pod garbage collector starts deleting terminated pods. If <= 0, the terminated pod garbage collector is disabled.")
	fs.DurationVar(&o.ClusterSigningDuration, "cluster-signing-duration", o.ClusterSigningDuration, "Max length of duration signed certificates will be given. Individual CSRs may request shorter certs by setting spec.expirationSeconds.")
	o.NodeLifecycle.addFlags(fs)
}

// addFlags adds kube-controller-manager's node lifecycle flags, with its help texts.
func (o *NodeLifecycleOptions) addFlags(fs *pflag.FlagSet) {
	fs.DurationVar(&o.MonitorPeriod, "node-monitor-period", o.MonitorPeriod, "The period for syncing NodeStatus in NodeController.")
	fs.DurationVar(&o.StartupGracePeriod, "node-startup-grace-period", o.StartupGracePeriod, "Amount of time which we allow starting Node to be unresponsive before marking it unhealthy.")
	fs.DurationVar(&o.MonitorGracePeriod, "node-monitor-grace-period", o.MonitorGracePeriod, "Amount of time which we allow running Node to be unresponsive before marking it unhealthy. Must be N times more than kubelet's nodeStatusUpdateFrequency, where N means number of retries allowed for kubelet to post node status.")
	fs.Float32Var(&o.EvictionRate, "node-eviction-rate", o.EvictionRate, "Number of nodes per second on which pods are deleted in case of node failure when a zone is healthy (see --unhealthy-zone-threshold for definition of healthy/unhealthy). Zone refers to entire cluster in non-multizone clusters.")
	fs.Float32Var(&o.SecondaryEvictionRate, "secondary-node-eviction-rate", o.SecondaryEvictionRate, "Number of nodes per second on which pods are deleted in case of node failure when a zone is unhealthy (see --unhealthy-zone-threshold for definition of healthy/unhealthy). Zone refers to entire cluster in non-multizone clusters. This value is implicitly overridden to 0 if the cluster size is smaller than --large-cluster-size-threshold.")
	fs.Int32Var(&o.LargeClusterSizeThreshold, "large-cluster-size-threshold", o.LargeClusterSizeThreshold, "Number of nodes from which node-lifecycle-controller treats the cluster as large for the eviction logic purposes. --secondary-node-eviction-rate is implicitly overridden to 0 for clusters this size or smaller.")
	fs.Float32Var(&o.UnhealthyZoneThreshold, "unhealthy-zone-threshold", o.UnhealthyZoneThreshold, "Fraction of Nodes in a zone which needs to be not Ready (minimum 3) for zone to be treated as unhealthy. ")
}

// Validate reports names that are not controllers, as kube-controller-manager does.
func (o *ControllerOptions) Validate() []error {
	var errs []error
	for _, name := range o.Controllers {
		if name == "*" {
			continue
		}
		name = strings.TrimPrefix(name, "-")
		if !slices.Contains(o.known.All, o.known.canonical(name)) {
			errs = append(errs, fmt.Errorf("--controllers: %q is not in the list of known controllers", name))
		}
	}
	return errs
}

// Enabled reports whether the controller called name runs: named (or by an alias) it runs, '-name'
// it does not, and otherwise '*' runs it unless it is off by default. The first of these that matches
// wins.
func (o *ControllerOptions) Enabled(name string) bool {
	star := false
	for _, c := range o.Controllers {
		switch {
		case c == "*":
			star = true
		case o.known.canonical(c) == name:
			return true
		case strings.HasPrefix(c, "-") && o.known.canonical(c[1:]) == name:
			return false
		}
	}
	return star && !slices.Contains(o.known.DisabledByDefault, name)
}
