package options

import (
	"fmt"
	"strings"

	"github.com/spf13/pflag"
	"k8s.io/apimachinery/pkg/util/sets"
)

// addAdmissionControlFlag adds kube-apiserver's deprecated --admission-control, the complete list of
// plugins to run, which Complete turns into the enable and disable lists.
func (o *Options) addAdmissionControlFlag(fs *pflag.FlagSet) {
	fs.StringSliceVar(&o.AdmissionControl, "admission-control", o.AdmissionControl, "Admission is divided into two phases. In the first phase, only mutating admission plugins run. In the second phase, only validating admission plugins run. The names in the below list may represent a validating plugin, a mutating plugin, or both. The order of plugins in which they are passed to this flag does not matter. Comma-delimited list of: "+strings.Join(o.Admission.Plugins.Registered(), ", ")+".")
	_ = fs.MarkDeprecated("admission-control", "Use --enable-admission-plugins or --disable-admission-plugins instead. Will be removed in a future version.")
	// kube-apiserver's --help lists the flag with its deprecation note; MarkDeprecated alone would hide it.
	fs.Lookup("admission-control").Hidden = false
}

// completeAdmissionControl enables exactly the --admission-control plugins and disables every other
// one. It leaves a list that Validate refuses as it is, for Validate to report.
func (c *completedOptions) completeAdmissionControl() {
	if c.AdmissionControl == nil || len(c.validateAdmissionControl()) > 0 {
		return
	}
	admission := *c.Admission
	admission.EnablePlugins = c.AdmissionControl
	admission.DisablePlugins = sets.List(sets.New(admission.RecommendedPluginOrder...).Delete(c.AdmissionControl...))
	c.Admission = &admission
	c.AdmissionControl = nil
}

// validateAdmissionControl reports an --admission-control given with the lists that replace it, or
// naming a plugin kapi does not know.
func (o *Options) validateAdmissionControl() []error {
	if o.AdmissionControl == nil {
		return nil
	}
	var errs []error
	if o.Admission.EnablePlugins != nil || o.Admission.DisablePlugins != nil {
		errs = append(errs, fmt.Errorf("admission-control and enable-admission-plugins/disable-admission-plugins flags are mutually exclusive"))
	}
	registered := sets.New(o.Admission.Plugins.Registered()...)
	for _, name := range o.AdmissionControl {
		if !registered.Has(name) {
			errs = append(errs, fmt.Errorf("admission-control plugin %q is unknown", name))
		}
	}
	return errs
}
