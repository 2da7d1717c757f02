package options

import (
	"github.com/spf13/pflag"

	"github.com/kapi-dev/kapi/pkg/admission/initializer"
)

// TolerationOptions are the seconds the DefaultTolerationSeconds admission plugin gives pods on a
// not-ready or unreachable node before they are evicted.
type TolerationOptions struct {
	NotReadySeconds    int64
	UnreachableSeconds int64
}

// NewTolerationOptions returns kube-apiserver's defaults: five minutes each.
func NewTolerationOptions() TolerationOptions {
	return TolerationOptions{NotReadySeconds: 300, UnreachableSeconds: 300}
}

// AddFlags adds --default-not-ready-toleration-seconds and --default-unreachable-toleration-seconds.
func (o *TolerationOptions) AddFlags(fs *pflag.FlagSet) {
	fs.Int64Var(&o.NotReadySeconds, "default-not-ready-toleration-seconds", o.NotReadySeconds, "Indicates the tolerationSeconds of the toleration for notReady:NoExecute that is added by default to every pod that does not already have such a toleration.")
	fs.Int64Var(&o.UnreachableSeconds, "default-unreachable-toleration-seconds", o.UnreachableSeconds, "Indicates the tolerationSeconds of the toleration for unreachable:NoExecute that is added by default to every pod that does not already have such a toleration.")
}

// Initializer hands the seconds to the admission plugin.
func (o TolerationOptions) Initializer() initializer.TolerationSeconds {
	return initializer.TolerationSeconds{NotReady: o.NotReadySeconds, Unreachable: o.UnreachableSeconds}
}
