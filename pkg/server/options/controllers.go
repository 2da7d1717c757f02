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
	known                  KnownControllers
}

// kube-controller-manager's defaults of --cluster-signing-duration and --terminated-pod-gc-threshold.
const (
	defaultClusterSigningDuration   = 365 * 24 * time.Hour
	defaultTerminatedPodGCThreshold = 12500
)

// NewControllerOptions returns the default set: every controller in known that is on by default.
func NewControllerOptions(known KnownControllers) ControllerOptions {
	return ControllerOptions{
		Controllers:              []string{"*"},
		TerminatedPodGCThreshold: defaultTerminatedPodGCThreshold,
		ClusterSigningDuration:   defaultClusterSigningDuration,
		known:                    known,
	}
}

// AddFlags adds --controllers and the flags of kube-controller-manager's controllers to fs.
func (o *ControllerOptions) AddFlags(fs *pflag.FlagSet) {
	fs.StringSliceVar(&o.Controllers, "controllers", o.Controllers, fmt.Sprintf("A list of controllers to enable. '*' enables all on-by-default controllers, 'foo' enables the controller named 'foo', '-foo' disables the controller named 'foo'.\nAll controllers: %s\nDisabled-by-default controllers: %s",
		strings.Join(o.known.All, ", "), strings.Join(o.known.DisabledByDefault, ", ")))
	fs.IntVar(&o.TerminatedPodGCThreshold, "terminated-pod-gc-threshold", o.TerminatedPodGCThreshold, "Number of terminated pods that can exist before the terminated pod garbage collector starts deleting terminated pods. If <= 0, the terminated pod garbage collector is disabled.")
	fs.DurationVar(&o.ClusterSigningDuration, "cluster-signing-duration", o.ClusterSigningDuration, "Max length of duration signed certificates will be given. Individual CSRs may request shorter certs by setting spec.expirationSeconds.")
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
