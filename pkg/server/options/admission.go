package options

import (
	"k8s.io/apiserver/pkg/admission"
	"k8s.io/apiserver/pkg/admission/plugin/namespace/lifecycle"
	"k8s.io/apiserver/pkg/admission/plugin/resourcequota"
	genericoptions "k8s.io/apiserver/pkg/server/options"

	"github.com/kapi-dev/kapi/pkg/admission/always"
	"github.com/kapi-dev/kapi/pkg/admission/catalog"
	"github.com/kapi-dev/kapi/pkg/admission/certificates/approval"
	"github.com/kapi-dev/kapi/pkg/admission/certificates/ctbattest"
	"github.com/kapi-dev/kapi/pkg/admission/certificates/signing"
	"github.com/kapi-dev/kapi/pkg/admission/certificates/subjectrestriction"
)

// newAdmissionOptions knows every kube-apiserver admission plugin name, in kube-apiserver's order;
// those kapi does not implement refuse to be enabled. The webhook and policy plugins of the generic
// library wait for admissionregistration.k8s.io informers, a group kapi does not serve yet, so they
// are among the unimplemented ones.
func newAdmissionOptions() *genericoptions.AdmissionOptions {
	o := genericoptions.NewAdmissionOptions()
	o.Plugins = admission.NewPlugins()
	lifecycle.Register(o.Plugins)
	always.Register(o.Plugins)
	approval.Register(o.Plugins)
	signing.Register(o.Plugins)
	ctbattest.Register(o.Plugins)
	subjectrestriction.Register(o.Plugins)
	resourcequota.Register(o.Plugins)
	catalog.RegisterUnimplemented(o.Plugins)
	o.RecommendedPluginOrder = catalog.AllOrderedPlugins
	o.DefaultOffPlugins = catalog.DefaultOffPlugins(lifecycle.PluginName, approval.PluginName, signing.PluginName, ctbattest.PluginName, subjectrestriction.PluginName, resourcequota.PluginName)
	return o
}
